/**
 * The servers' request pipelines in-process (pipeline-main.ts): for each framework and request, the four
 * variants run at once, each in its own process pinned to core 0, and are asked in turn for a batch of
 * requests (ABCD, DCBA, …). Each round gives every variant's CPU time per request; a variant's cost over the
 * floor is the median of its per-round differences with the floor's, which other work on the machine shifts
 * far less than it shifts either figure.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { PIPELINE_FRAMEWORKS, VARIANTS, type PipelineFramework, type Variant } from "./apps.js";
import { LOAD_REQUESTS, type LoadRequest } from "./load.js";
import { SERVER_CORE, variantLabel } from "./index.js";
import { summarize, type Summary } from "../stats.js";
import { pinned } from "../pin.js";

export interface PipelineCell {
  readonly framework: PipelineFramework;
  readonly request: LoadRequest;
  readonly variant: Variant;
  readonly label: string;
  /** CPU nanoseconds per request, over the rounds. */
  readonly ns: Summary;
  /** Per-round difference with the floor's figure, nanoseconds. */
  readonly overFloorNs: Summary;
  /** Per-round floor ÷ this variant. */
  readonly vsFloor: Summary;
}

export interface PipelineOptions {
  readonly entry: string;
  readonly rounds: number;
  /** Requests per batch. */
  readonly batch: number;
  readonly frameworks?: readonly PipelineFramework[];
  readonly log: (line: string) => void;
}

interface Child {
  readonly process: ChildProcess;
  batch(count: number): Promise<number>;
}

function startChild(entry: string, framework: PipelineFramework, variant: Variant, request: LoadRequest): Promise<Child> {
  const [command, args] = pinned(SERVER_CORE, process.execPath, [entry, framework, variant, request]);
  const child = spawn(command, args, { stdio: ["pipe", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`bench: the ${framework}/${variant} pipeline exited (${code})`)));
    const waiting: ((nanoseconds: number) => void)[] = [];
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (line === "READY") {
        resolve({
          process: child,
          batch: (count) =>
            new Promise((answer) => {
              waiting.push(answer);
              child.stdin!.write(`${count}\n`);
            }),
        });
      }
      const used = /^NS ([\d.]+)$/.exec(line);
      if (used !== null) waiting.shift()?.(Number(used[1]));
    });
  });
}

function stopChild(child: Child): Promise<void> {
  return new Promise((resolve) => {
    child.process.removeAllListeners("exit");
    child.process.once("exit", () => resolve());
    child.process.stdin!.end();
    setTimeout(() => child.process.kill("SIGKILL"), 3000).unref();
  });
}

export async function runPipelineBenchmarks(options: PipelineOptions): Promise<PipelineCell[]> {
  const cells: PipelineCell[] = [];
  for (const framework of options.frameworks ?? PIPELINE_FRAMEWORKS) {
    for (const request of LOAD_REQUESTS) {
      const children = new Map<Variant, Child>();
      try {
        for (const variant of VARIANTS) children.set(variant, await startChild(options.entry, framework, variant, request));
        // Untimed batches first: the first ones after start-up run slower (JIT, heap growth).
        for (let round = 0; round < 5; round++) for (const variant of VARIANTS) await children.get(variant)!.batch(options.batch);
        const samples = new Map<Variant, number[]>(VARIANTS.map((variant) => [variant, []]));
        for (let round = 0; round < options.rounds; round++) {
          const order = round % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
          for (const variant of order) samples.get(variant)!.push(await children.get(variant)!.batch(options.batch));
        }
        const floor = samples.get("floor")!;
        for (const variant of VARIANTS) {
          const own = samples.get(variant)!;
          const cell: PipelineCell = {
            framework,
            request,
            variant,
            label: variantLabel(framework, variant),
            ns: summarize(own),
            overFloorNs: summarize(own.map((used, round) => used - (floor[round] as number))),
            vsFloor: summarize(own.map((used, round) => (floor[round] as number) / used)),
          };
          cells.push(cell);
          options.log(
            `in-process ${cell.label.padEnd(33)} ${request.padEnd(12)} ${Math.round(cell.ns.median).toString().padStart(6)} ns/req` +
              ` ${cell.overFloorNs.median >= 0 ? "+" : ""}${Math.round(cell.overFloorNs.median)} ns over floor ×${cell.vsFloor.median.toFixed(3)} floor`,
          );
        }
      } finally {
        for (const child of children.values()) await stopChild(child);
      }
    }
  }
  return cells;
}
