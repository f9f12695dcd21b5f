/**
 * `npm run bench:cold-start`: how long it takes to get a policy ready to evaluate, three ways —
 * `createPolicy(config)` (validate and compile at run time), `loadPrecompiledPolicy(data)` (data written by
 * `precompilePolicy`) and `import()` of the module `corsgate compile` writes — for a small policy and a large one
 * (1,000 exact origins + 20 regexes).
 *
 * Measured on the built package (dist/, reached by the package's own name through its exports map), in plain
 * Node child processes (no TypeScript loader while measuring):
 * - warm: one process, the same step repeated (the JIT warmed up); median per step.
 * - cold: a fresh process per sample, the step run once. "ready" is the step alone (library and input already
 *   loaded); "from start" adds importing the library and the input module (the config, the data or the
 *   generated module), what a serverless cold start pays before it can answer.
 *
 * CORSGATE_COLD_SAMPLES=n changes the number of fresh processes per cell (default 15).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { OUT_DIR, ROOT } from "./build.js";
import { describeMachine } from "./machine.js";
import { median } from "./stats.js";
import type { CorsPolicyConfig } from "../src/index.js";

const METHODS = ["create", "load", "import"] as const;
type Method = (typeof METHODS)[number];
const LABELS: Record<Method, string> = { create: "createPolicy(config)", load: "loadPrecompiledPolicy(data)", import: "import(generated module)" };

const SIZES = {
  small: {
    allowOrigins: ["https://app.example.com", "https://*.example.org"],
    allowMethods: ["PUT", "DELETE"],
    allowHeaders: ["content-type", "x-api-key"],
    exposeHeaders: ["x-request-id"],
    maxAge: 600,
    allowCredentials: true,
  },
  large: {
    allowOrigins: [
      // 1,000 exact origins, the probe's in the middle.
      ...Array.from({ length: 1000 }, (_, index) => (index === 500 ? "https://app.example.com" : `https://app${index}.example.com`)),
      ...Array.from({ length: 20 }, (_, index) => ({ regex: `https://tenant${index}-[a-z0-9]+\\.example\\.net` })),
    ],
    allowMethods: ["PUT", "DELETE"],
    allowHeaders: ["content-type", "x-api-key"],
    exposeHeaders: ["x-request-id"],
    maxAge: 600,
    allowCredentials: true,
  },
} satisfies Record<string, CorsPolicyConfig>;
type Size = keyof typeof SIZES;

/** A request each policy allows; the child checks it, so a broken policy cannot pass as a fast one. */
const PROBE = { method: "GET", headers: { origin: "https://app.example.com" } };

const WARM_ITERATIONS: Record<Size, Record<Method, number>> = {
  small: { create: 3000, load: 3000, import: 400 },
  large: { create: 200, load: 300, import: 100 },
};
const COLD_SAMPLES = Number(process.env["CORSGATE_COLD_SAMPLES"] ?? 15);

// The child runs in plain Node from a directory inside the package, so "corsgate" and "corsgate/precompiled"
// resolve to dist/ through the exports map (package self-reference), as they would from node_modules.
const CHILD = String.raw`
const started = performance.now();
const [mode, method, size] = process.argv.slice(2);
const here = (name) => new URL(name, import.meta.url).href;
const probe = ${JSON.stringify(PROBE)};

function check(evaluate, policy) {
  if (!evaluate(probe, policy).allowed) throw new Error("the probe was refused: " + method + " " + size);
}

if (mode === "cold") {
  let policy, evaluate, library, input;
  if (method === "create") {
    const entry = await import("corsgate");
    library = performance.now();
    const config = (await import(here("config-" + size + ".mjs"))).default;
    input = performance.now();
    policy = entry.createPolicy(config);
    evaluate = entry.evaluate;
  } else if (method === "load") {
    const entry = await import("corsgate/precompiled");
    library = performance.now();
    const data = (await import(here("data-" + size + ".mjs"))).default;
    input = performance.now();
    policy = entry.loadPrecompiledPolicy(data);
    evaluate = entry.evaluate;
  } else {
    const entry = await import("corsgate/precompiled");
    library = input = performance.now();
    policy = (await import(here("policy-" + size + ".mjs"))).default;
    evaluate = entry.evaluate;
  }
  const ready = performance.now();
  check(evaluate, policy);
  const decided = performance.now();
  process.stdout.write(JSON.stringify({ ready: ready - input, fromStart: ready - started, firstDecision: decided - ready }));
} else {
  const iterations = Number(process.argv[5]);
  const full = await import("corsgate");
  const precompiled = await import("corsgate/precompiled");
  const times = [];
  let step;
  if (method === "create") {
    const config = (await import(here("config-" + size + ".mjs"))).default;
    const inputs = Array.from({ length: iterations }, () => structuredClone(config));
    step = (index) => full.createPolicy(inputs[index]);
  } else if (method === "load") {
    // The loader freezes its data in place: each step gets its own copy, made before timing.
    const data = (await import(here("data-" + size + ".mjs"))).default;
    const inputs = Array.from({ length: iterations }, () => structuredClone(data));
    step = (index) => precompiled.loadPrecompiledPolicy(inputs[index]);
  } else {
    // A module is evaluated once per URL: a query string makes each import a fresh module (read, parsed, run).
    step = async (index) => (await import(here("policy-" + size + ".mjs?" + index))).default;
  }
  for (let index = 0; index < iterations; index += 1) {
    const before = performance.now();
    const policy = await step(index);
    times.push(performance.now() - before);
    if (index === 0) check(method === "create" ? full.evaluate : precompiled.evaluate, policy);
  }
  // The first tenth warms the JIT up and is left out.
  process.stdout.write(JSON.stringify({ times: times.slice(Math.floor(iterations / 10)) }));
}
`;

interface ColdSample {
  readonly ready: number;
  readonly fromStart: number;
  readonly firstDecision: number;
}

interface Cell {
  warm: number;
  cold: number;
  fromStart: number;
  firstDecision: number;
}

const directory = join(OUT_DIR, "cold-start");

function child(args: readonly string[]): unknown {
  return JSON.parse(execFileSync(process.execPath, [join(directory, "child.mjs"), ...args], { cwd: directory, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }));
}

/** Writes, per size: the config as a module, the generated module, and its data alone as a module. */
async function prepare(): Promise<Record<Size, number>> {
  for (const file of ["index.js", "precompiled.js"]) {
    if (!existsSync(join(ROOT, "dist", file))) throw new Error(`dist/${file} is missing: run npm run build first`);
  }
  // By the package's name (dist/), so that the generated data and the loader come from the same build.
  const packageName = "corsgate";
  const { createPolicy, precompilePolicy } = (await import(packageName)) as typeof import("../src/index.js");
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, "child.mjs"), CHILD);
  const moduleBytes = {} as Record<Size, number>;
  for (const size of Object.keys(SIZES) as Size[]) {
    const config = SIZES[size];
    const generated = precompilePolicy(createPolicy(config));
    const opening = 'import { loadPrecompiledPolicy } from "corsgate/precompiled";\n\nexport default loadPrecompiledPolicy(';
    if (!generated.includes(opening)) throw new Error("the generated module no longer has the shape this benchmark expects");
    writeFileSync(join(directory, `config-${size}.mjs`), `export default ${JSON.stringify(config)};\n`);
    writeFileSync(join(directory, `policy-${size}.mjs`), generated);
    writeFileSync(join(directory, `data-${size}.mjs`), generated.replace(opening, "export default ("));
    moduleBytes[size] = Buffer.byteLength(generated);
  }
  return moduleBytes;
}

const format = (milliseconds: number): string =>
  milliseconds >= 1 ? `${milliseconds.toFixed(2)} ms` : `${(milliseconds * 1000).toFixed(milliseconds >= 0.01 ? 1 : 2)} µs`;
const ratio = (value: number, reference: number): string => `${(value / reference).toFixed(2)}×`;

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_cell, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  const line = (row: readonly string[]): string => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join("  ");
  return [line(rows[0] ?? []), widths.map((width) => "-".repeat(width)).join("  "), ...rows.slice(1).map(line)].join("\n");
}

const machine = describeMachine();
process.stdout.write(`cold start of a policy — ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, load ${machine.loadAtStart.toFixed(2)}\n`);
const moduleBytes = await prepare();

const results = {} as Record<Size, Record<Method, Cell>>;
for (const size of Object.keys(SIZES) as Size[]) {
  const cells = {} as Record<Method, Cell>;
  for (const method of METHODS) {
    const { times } = child(["warm", method, size, String(WARM_ITERATIONS[size][method])]) as { times: number[] };
    cells[method] = { warm: median(times), cold: 0, fromStart: 0, firstDecision: 0 };
  }
  // Fresh processes, the three ways taking turns so that a busy moment of the machine falls on all of them.
  const samples: Record<Method, ColdSample[]> = { create: [], load: [], import: [] };
  for (let round = 0; round < COLD_SAMPLES; round += 1) {
    for (const method of METHODS) samples[method].push(child(["cold", method, size]) as ColdSample);
  }
  for (const method of METHODS) {
    const cell = cells[method];
    cell.cold = median(samples[method].map((sample) => sample.ready));
    cell.fromStart = median(samples[method].map((sample) => sample.fromStart));
    cell.firstDecision = median(samples[method].map((sample) => sample.firstDecision));
  }
  results[size] = cells;
}

const rows: string[][] = [["policy", "way to a ready policy", "warm", "×", "cold", "×", "cold from start", "×", "then 1st decision"]];
for (const size of Object.keys(SIZES) as Size[]) {
  const reference = results[size].create;
  const name = size === "small" ? "small (2 origins)" : "large (1,000 exact + 20 regex)";
  for (const method of METHODS) {
    const cell = results[size][method];
    rows.push([
      method === "create" ? name : "",
      LABELS[method],
      format(cell.warm),
      ratio(cell.warm, reference.warm),
      format(cell.cold),
      ratio(cell.cold, reference.cold),
      format(cell.fromStart),
      ratio(cell.fromStart, reference.fromStart),
      format(cell.firstDecision),
    ]);
  }
}
process.stdout.write(`\n${table(rows)}\n\n`);
process.stdout.write(
  `medians; warm: one process, the step repeated (${Object.entries(WARM_ITERATIONS)
    .map(([size, counts]) => `${size} ${counts.create}/${counts.load}/${counts.import}`)
    .join(", ")} times); cold: ${COLD_SAMPLES} fresh processes per row, the step once ("from start" includes importing the library and the input).\n` +
    `× is relative to createPolicy(config) for the same policy. Generated module: small ${moduleBytes.small} B, large ${moduleBytes.large} B. Load at the end: ${loadavg()[0]?.toFixed(2)}.\n`,
);
