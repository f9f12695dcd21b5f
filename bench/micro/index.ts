/**
 * The in-process benchmarks, each contender in its own child processes so no library's code shares JIT state
 * with another's. Rounds alternate the contenders' order; a figure is the median of the per-round medians.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { CONTENDER_NAMES, type ContenderName } from "./contenders.js";
import { POLICY_NAMES, type PolicyName } from "../policies.js";
import type { RequestName } from "../requests.js";
import { summarize, type Summary } from "../stats.js";
import { pinned } from "../pin.js";

const run = promisify(execFile);
const MICRO_CORE = "0";

async function node(args: readonly string[], nodeFlags: readonly string[] = []): Promise<string> {
  const [command, commandArgs] = pinned(MICRO_CORE, process.execPath, [...nodeFlags, ...args]);
  const { stdout } = await run(command, commandArgs, { maxBuffer: 1 << 24 });
  return stdout;
}

export interface CompareCell {
  readonly contender: ContenderName;
  readonly policy: PolicyName;
  readonly request: RequestName;
  /** Nanoseconds per decision (median of each round's p50). */
  readonly ns: Summary;
}

export interface ScaleCell {
  readonly group: string;
  readonly label: string;
  readonly size: number;
  readonly ns: Summary;
}

export interface MemoryCell {
  readonly label: string;
  readonly allocatedBytes: number;
  readonly retainedBytes: number;
  readonly decisions: number;
  readonly cleanBatches: number;
}

export interface MicroResults {
  readonly rounds: number;
  readonly minCpuTimeMs: number;
  readonly compare: readonly CompareCell[];
  readonly scale: readonly ScaleCell[];
  readonly memory: readonly MemoryCell[];
}

export interface MicroOptions {
  readonly entries: { readonly compare: string; readonly scale: string; readonly memory: string };
  readonly rounds: number;
  readonly minCpuTimeMs: number;
  readonly memoryMillions: number;
  readonly log: (line: string) => void;
}

export async function runMicroBenchmarks(options: MicroOptions): Promise<MicroResults> {
  const samples = new Map<string, { contender: ContenderName; policy: PolicyName; request: RequestName; values: number[] }>();
  for (let round = 0; round < options.rounds; round++) {
    const contenders = round % 2 === 0 ? CONTENDER_NAMES : [...CONTENDER_NAMES].reverse();
    for (const policy of POLICY_NAMES) {
      for (const contender of contenders) {
        const output = await node([options.entries.compare, contender, policy, String(options.minCpuTimeMs)]);
        const parsed = JSON.parse(output) as { results: { request: RequestName; p50: number }[] };
        for (const result of parsed.results) {
          const key = `${contender}|${policy}|${result.request}`;
          const entry = samples.get(key) ?? { contender, policy, request: result.request, values: [] };
          entry.values.push(result.p50);
          samples.set(key, entry);
        }
      }
    }
    options.log(`micro: round ${round + 1} of ${options.rounds} done`);
  }
  const compare: CompareCell[] = [...samples.values()].map(({ contender, policy, request, values }) => ({ contender, policy, request, ns: summarize(values) }));

  const scaleSamples = new Map<string, { group: string; label: string; size: number; values: number[] }>();
  for (let round = 0; round < options.rounds; round++) {
    const parsed = JSON.parse(await node([options.entries.scale, String(options.minCpuTimeMs)])) as {
      rows: { group: string; label: string; size: number; p50: number }[];
    };
    for (const row of parsed.rows) {
      const key = `${row.group}|${row.label}|${row.size}`;
      const entry = scaleSamples.get(key) ?? { group: row.group, label: row.label, size: row.size, values: [] };
      entry.values.push(row.p50);
      scaleSamples.set(key, entry);
    }
  }
  options.log("micro: scale done");
  const scale: ScaleCell[] = [...scaleSamples.values()].map(({ values, ...rest }) => ({ ...rest, ns: summarize(values) }));

  const memoryOutput = await node(
    [options.entries.memory, String(options.memoryMillions)],
    ["--expose-gc", "--min-semi-space-size=64", "--max-semi-space-size=64"],
  );
  const memory = (JSON.parse(memoryOutput) as { rows: MemoryCell[] }).rows;
  options.log("micro: memory done");
  return { rounds: options.rounds, minCpuTimeMs: options.minCpuTimeMs, compare, scale, memory };
}
