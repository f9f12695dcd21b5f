/**
 * `npm run bench` (everything), `npm run bench:micro`, `npm run bench:servers`. Bundles the entry points,
 * runs the benchmarks, keeps the raw results in .cache/bench/results/ and rewrites docs/benchmarks.md and
 * docs/images/benchmarks.svg from the latest results of each kind.
 *
 * BENCH_QUICK=1 shortens everything (for checking the harness, not for figures); BENCH_FRAMEWORKS=node,fastify
 * runs only those servers.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { OUT_DIR, ROOT, buildEntries } from "./build.js";
import { describeMachine, type Machine } from "./machine.js";
import { runMicroBenchmarks, type MicroResults } from "./micro/index.js";
import { runServerBenchmarks, type ServerResults } from "./servers/index.js";
import { FRAMEWORKS, PIPELINE_FRAMEWORKS, type Framework } from "./servers/apps.js";
import { runPipelineBenchmarks } from "./servers/pipeline.js";
import { writeReport } from "./report/index.js";
import type { Baseline } from "./report/markdown.js";

const what = process.argv[2] ?? "all";
if (!["all", "micro", "servers", "report"].includes(what)) throw new Error("usage: tsx bench/run.ts [all|micro|servers|report]");
const quick = process.env["BENCH_QUICK"] === "1";
const RESULTS = join(OUT_DIR, "results");
mkdirSync(RESULTS, { recursive: true });

interface Saved<T> {
  readonly machine: Machine;
  readonly results: T;
}

function save<T>(name: string, saved: Saved<T>): void {
  writeFileSync(join(RESULTS, `${name}.json`), `${JSON.stringify(saved, null, 2)}\n`);
}

function load<T>(name: string): Saved<T> | undefined {
  const path = join(RESULTS, `${name}.json`);
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as Saved<T>) : undefined;
}

const log = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

const started = Date.now();
const entries = what === "report" ? undefined : await buildEntries();

if (entries !== undefined && (what === "all" || what === "micro")) {
  const machine = describeMachine();
  const results = await runMicroBenchmarks({
    entries: { compare: entries["compare-main"], scale: entries["scale-main"], memory: entries["memory-main"] },
    rounds: quick ? 1 : 3,
    minCpuTimeMs: quick ? 50 : 150,
    memoryMillions: quick ? 0.5 : 3,
    log,
  });
  save<MicroResults>("micro", { machine, results });
}

if (entries !== undefined && (what === "all" || what === "servers")) {
  const machine = describeMachine();
  const wanted = (framework: string): boolean => (process.env["BENCH_FRAMEWORKS"] ?? framework).split(",").includes(framework);
  const loopback = await runServerBenchmarks({
    entry: entries["server-main"],
    // Many short rounds rather than a few long ones: neighbouring runs of a pair see the same machine, and the
    // median of many per-round ratios shrugs off the rounds another process disturbed. wrk takes whole seconds.
    seconds: 1,
    rounds: quick ? 2 : 8,
    warmUpSeconds: 1,
    frameworks: FRAMEWORKS.filter((framework) => wanted(framework as Framework)),
    log,
  });
  const pipeline = await runPipelineBenchmarks({
    entry: entries["pipeline-main"],
    rounds: quick ? 4 : 20,
    batch: quick ? 1000 : 5000,
    frameworks: PIPELINE_FRAMEWORKS.filter(wanted),
    log,
  });
  save<ServerResults>("servers", { machine, results: { ...loopback, pipeline } });
}

const written = writeReport({
  micro: load<MicroResults>("micro"),
  servers: load<ServerResults>("servers"),
  markdownPath: join(ROOT, "docs", "benchmarks.md"),
  svgPath: join(ROOT, "docs", "images", "benchmarks.svg"),
  baseline: JSON.parse(readFileSync(join(ROOT, "bench", "baselines", "before-decision-cache.json"), "utf8")) as Baseline,
});
process.stdout.write(`${written.summary}\nwrote docs/benchmarks.md and docs/images/benchmarks.svg in ${Math.round((Date.now() - started) / 1000)} s\n`);
