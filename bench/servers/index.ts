/**
 * Loopback server benchmarks. For each framework the four variants (none, floor, corsgate, peer) run at once,
 * each in its own process pinned to core 0; the load generator runs on core 1 and loads one server at a time.
 * After a warm-up, the variants are measured in alternating order (ABCD, DCBA, ABCD, …) so that drift on a
 * shared machine spreads over all of them, and each ratio is the median of per-round ratios.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { request as httpRequest } from "node:http";
import { createInterface } from "node:readline";
import { FRAMEWORKS, PEER_NAMES, VARIANTS, type Framework, type Variant } from "./apps.js";
import { CONNECTIONS, LOAD_CORE, LOAD_REQUESTS, TOOL, loadOnce, type LoadRequest } from "./load.js";
import { APP } from "../policies.js";
import { summarize, type Summary } from "../stats.js";
import { pinned, pinningNote } from "../pin.js";
import type { PipelineCell } from "./pipeline.js";

export const SERVER_CORE = "0";

export interface ServerCell {
  readonly framework: Framework;
  readonly request: LoadRequest;
  readonly variant: Variant;
  readonly label: string;
  /** Requests per second, over the rounds. */
  readonly rps: Summary;
  /** Per-round ratio to the same round's `none` run, summarized. */
  readonly vsNone: Summary;
  /** Per-round ratio to the same round's `floor` run, summarized. */
  readonly vsFloor: Summary;
  /** Server CPU time per request, microseconds (user + system of the server process / requests completed). */
  readonly cpuPerRequest: Summary;
  /** Per-round CPU-per-request of `none` ÷ this variant's: the throughput ratio a dedicated core would show. */
  readonly cpuVsNone: Summary;
  /** The same against `floor`. */
  readonly cpuVsFloor: Summary;
}

export interface ServerResults {
  readonly tool: string;
  readonly connections: number;
  readonly seconds: number;
  readonly rounds: number;
  readonly warmUpSeconds: number;
  readonly cells: readonly ServerCell[];
  /** The same pipelines driven in-process (pipeline.ts), when that part was run. */
  readonly pipeline?: readonly PipelineCell[];
}

interface Started {
  readonly port: number;
  readonly child: ChildProcess;
  /** The server's own CPU time so far, in microseconds. */
  cpu(): Promise<number>;
}

function startServerProcess(entry: string, framework: Framework, variant: Variant): Promise<Started> {
  const [command, args] = pinned(SERVER_CORE, process.execPath, [entry, framework, variant]);
  const child = spawn(command, args, { stdio: ["pipe", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`bench: the ${framework}/${variant} server exited (${code})`)));
    const lines = createInterface({ input: child.stdout! });
    const waiting: ((microseconds: number) => void)[] = [];
    const cpu = (): Promise<number> =>
      new Promise((answer) => {
        waiting.push(answer);
        child.stdin!.write("cpu\n");
      });
    lines.on("line", (line) => {
      const port = /^PORT (\d+)$/.exec(line);
      if (port !== null) resolve({ port: Number(port[1]), child, cpu });
      const used = /^CPU (\d+)$/.exec(line);
      if (used !== null) waiting.shift()?.(Number(used[1]));
    });
  });
}

function stopServerProcess(started: Started): Promise<void> {
  return new Promise((resolve) => {
    started.child.removeAllListeners("exit");
    started.child.once("exit", () => resolve());
    started.child.stdin!.end();
    setTimeout(() => started.child.kill("SIGKILL"), 3000).unref();
  });
}

function sendOnce(port: number, request: LoadRequest): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  const headers: Record<string, string> =
    request === "preflight"
      ? { origin: APP, "access-control-request-method": "PUT", "access-control-request-headers": "content-type" }
      : { origin: APP };
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: "127.0.0.1", port, path: "/", method: request === "preflight" ? "OPTIONS" : "GET", headers }, (response) => {
      response.resume();
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers }));
    });
    outgoing.on("error", reject);
    outgoing.end();
  });
}

/** Before timing anything: every CORS variant must allow the origin, and answer the preflight itself. */
async function verify(framework: Framework, variant: Variant, port: number): Promise<void> {
  for (const request of LOAD_REQUESTS) {
    const response = await sendOnce(port, request);
    const allowOrigin = response.headers["access-control-allow-origin"];
    const where = `${framework}/${variant}/${request}`;
    if (variant === "none") {
      if (response.status !== 200 || allowOrigin !== undefined) throw new Error(`bench: ${where} should be a plain 200 without CORS headers`);
      continue;
    }
    if (allowOrigin !== APP) throw new Error(`bench: ${where} sent ACAO ${String(allowOrigin)}`);
    const wantStatus = request === "preflight" ? 204 : 200;
    if (response.status !== wantStatus) throw new Error(`bench: ${where} answered ${response.status}, not ${wantStatus}`);
  }
}

export function variantLabel(framework: Framework, variant: Variant): string {
  const server = { node: "node:http", express: "Express", fastify: "Fastify", fetch: "fetch (Hono app)" }[framework];
  const layer = { none: "no CORS", floor: "floor (constant headers)", corsgate: "corsgate", peer: PEER_NAMES[framework] }[variant];
  return `${server} + ${layer}`;
}

export interface ServerBenchOptions {
  readonly entry: string;
  readonly seconds: number;
  readonly rounds: number;
  readonly warmUpSeconds: number;
  readonly frameworks?: readonly Framework[];
  readonly log: (line: string) => void;
}

export async function runServerBenchmarks(options: ServerBenchOptions): Promise<ServerResults> {
  const cells: ServerCell[] = [];
  for (const framework of options.frameworks ?? FRAMEWORKS) {
    const started = new Map<Variant, Started>();
    try {
      for (const variant of VARIANTS) started.set(variant, await startServerProcess(options.entry, framework, variant));
      for (const variant of VARIANTS) await verify(framework, variant, started.get(variant)!.port);
      for (const request of LOAD_REQUESTS) {
        for (const variant of VARIANTS) await loadOnce(started.get(variant)!.port, request, options.warmUpSeconds);
        const rates = new Map<Variant, number[]>(VARIANTS.map((variant) => [variant, []]));
        const cpus = new Map<Variant, number[]>(VARIANTS.map((variant) => [variant, []]));
        for (let round = 0; round < options.rounds; round++) {
          const order = round % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
          for (const variant of order) {
            const server = started.get(variant)!;
            const before = await server.cpu();
            const result = await loadOnce(server.port, request, options.seconds);
            const after = await server.cpu();
            rates.get(variant)!.push(result.rps);
            cpus.get(variant)!.push((after - before) / result.requests);
          }
        }
        const none = rates.get("none")!;
        const floor = rates.get("floor")!;
        const noneCpu = cpus.get("none")!;
        const floorCpu = cpus.get("floor")!;
        for (const variant of VARIANTS) {
          const own = rates.get(variant)!;
          const ownCpu = cpus.get(variant)!;
          const cell: ServerCell = {
            framework,
            request,
            variant,
            label: variantLabel(framework, variant),
            rps: summarize(own),
            vsNone: summarize(own.map((rate, round) => rate / (none[round] as number))),
            vsFloor: summarize(own.map((rate, round) => rate / (floor[round] as number))),
            cpuPerRequest: summarize(ownCpu),
            cpuVsNone: summarize(ownCpu.map((used, round) => (noneCpu[round] as number) / used)),
            cpuVsFloor: summarize(ownCpu.map((used, round) => (floorCpu[round] as number) / used)),
          };
          cells.push(cell);
          options.log(
            `${cell.label.padEnd(44)} ${request.padEnd(12)} ${Math.round(cell.rps.median).toString().padStart(7)} req/s ×${cell.vsNone.median.toFixed(3)} none ×${cell.vsFloor.median.toFixed(3)} floor` +
              ` | ${cell.cpuPerRequest.median.toFixed(1).padStart(6)} µs CPU/req ×${cell.cpuVsNone.median.toFixed(3)} none ×${cell.cpuVsFloor.median.toFixed(3)} floor`,
          );
        }
      }
    } finally {
      for (const each of started.values()) await stopServerProcess(each);
    }
  }
  return {
    tool: `${TOOL} (1 thread, ${CONNECTIONS} connections, core ${LOAD_CORE}); servers on core ${SERVER_CORE}; ${pinningNote()}`,
    connections: CONNECTIONS,
    seconds: options.seconds,
    rounds: options.rounds,
    warmUpSeconds: options.warmUpSeconds,
    cells,
  };
}
