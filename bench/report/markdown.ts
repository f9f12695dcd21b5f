/** The text of docs/benchmarks.md: method, machine, tables of figures and ratios, and the targets. */
import type { Machine } from "../machine.js";
import type { MicroResults } from "../micro/index.js";
import type { ServerResults } from "../servers/index.js";
import type { TargetCheck } from "./targets.js";

/** A slimmed earlier run kept in bench/baselines/, for the "what changed the numbers" note. */
export interface Baseline {
  readonly machine: Machine;
  readonly note: string;
  readonly compare: readonly { readonly policy: string; readonly request: string; readonly ns: number }[];
  readonly memory: readonly { readonly label: string; readonly allocatedBytes: number }[];
}

type Saved<T> = { readonly machine: Machine; readonly results: T } | undefined;

function ns(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return "–";
  return value < 100 ? value.toFixed(1) : Math.round(value).toLocaleString("en-US");
}

function ratio(numerator: number | undefined, denominator: number | undefined): string {
  if (numerator === undefined || denominator === undefined) return "–";
  return `${(numerator / denominator).toFixed(1)}×`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((row) => `| ${row.join(" | ")} |`)].join("\n");
}

function machineLine(machine: Machine): string {
  return `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}; load average ${machine.loadAtStart} at the start (${machine.date})`;
}

function microSection(saved: NonNullable<Saved<MicroResults>>): string {
  const micro = saved.results;
  const get = (contender: string, policy: string, request: string) =>
    micro.compare.find((each) => each.contender === contender && each.policy === policy && each.request === request)?.ns;
  const rows: string[][] = [];
  for (const policy of ["1 exact", "10 exact", "subdomain"]) {
    for (const request of ["allowed GET", "preflight", "refused origin", "refused preflight"]) {
      const ours = get("corsgate evaluate", policy, request)?.median;
      const cors = get("cors", policy, request)?.median;
      const fastify = get("@fastify/cors", policy, request)?.median;
      const hono = get("hono/cors", policy, request)?.median;
      rows.push([
        policy,
        request,
        ns(get("floor (constant headers)", policy, request)?.median),
        ns(ours),
        ns(get("corsgate + Node response", policy, request)?.median),
        ns(get("corsgate + fetch Headers", policy, request)?.median),
        ns(cors),
        ns(fastify),
        ns(hono),
        ratio(cors, ours),
        ratio(fastify, ours),
        ratio(hono, ours),
      ]);
    }
  }
  const spreads = micro.compare.map((each) => each.ns.spread);
  const worstSpread = Math.max(...spreads);
  const scaleRows = micro.scale
    .filter((each) => each.group !== "hostile length")
    .map((each) => [each.group, each.label, each.size.toLocaleString("en-US"), ns(each.ns.median)]);
  const hostileRows = micro.scale
    .filter((each) => each.group === "hostile length")
    .map((each) => [each.label, `${each.size.toLocaleString("en-US")} bytes`, ns(each.ns.median)]);
  const memoryRows = micro.memory.map((each) => [
    each.label,
    each.allocatedBytes.toFixed(1),
    each.retainedBytes.toFixed(3),
    `${(each.decisions / 1e6).toLocaleString("en-US")} M`,
  ]);
  return [
    "## One decision, in-process",
    "",
    "Measured with `npm run bench:micro` (or `npm run bench`), on the machine and at the start time below.",
    "",
    `Machine: ${machineLine(saved.machine)}.`,
    "",
    "Nanoseconds per decision (median of each round's median, " +
      `${micro.rounds} rounds, ≥ ${micro.minCpuTimeMs} ms of samples each; the rounds of a cell fell within ${(100 * worstSpread).toFixed(0)}% of each other at worst). ` +
      "`floor` writes the headers corsgate would send, as constants, on the response stand-in (what the servers' floor does). `corsgate evaluate` is the decision alone; `+ Node response` adds what the node/Express adapters do " +
      "(the request wrapper, the writeHead hook, writing headers and `Vary` on a response stand-in); " +
      "`+ fetch Headers` writes into a fresh `Headers` (and builds the preflight `Response`), as the fetch adapter does. " +
      "The peers are called the same way: `cors`'s middleware with a plain `req` and a response stand-in, " +
      "`@fastify/cors`'s own `onRequest` hook (taken from the plugin registered on a stand-in instance) with a request and reply stand-in, " +
      "and `hono/cors`'s middleware (async) with a minimal Context whose `c.res.headers` is a fresh `Headers` (a real Context builds a whole `Response`, so Hono's real cost is higher).",
    "",
    table(
      ["policy", "request", "floor", "corsgate evaluate", "+ Node response", "+ fetch Headers", "cors", "@fastify/cors", "hono/cors", "cors ÷ evaluate", "@fastify/cors ÷ evaluate", "hono/cors ÷ evaluate"],
      rows,
    ),
    "",
    "### Policy size, and a fresh Origin string per call",
    "",
    "Nanoseconds per `evaluate` call as the policy grows (the request's origin sits in the middle of the list). `cors` is shown for contrast: it compares the origin with each listed one in turn. " +
      "The other loops reuse one Origin string object, whose hash V8 computes once; a real request brings a new string each time, so the last group gives every call a fresh copy (the copy's own cost is shown alone).",
    "",
    table(["group", "what", "entries", "ns"], scaleRows),
    "",
    "### Hostile header lengths",
    "",
    "A preflight whose `Access-Control-Request-Headers` is one long name, and a GET whose `Origin` is one long host. corsgate reads at most 4,096 bytes of the first and 2,048 of the second; past that the value is refused unread.",
    "",
    table(["header", "length", "ns per evaluate"], hostileRows),
    "",
    "### Memory",
    "",
    "Bytes allocated per decision (heap before and after batches of 100,000 calls with a 64 MiB young generation; batches that saw a collection are discarded) and bytes retained per decision (heap growth between full collections over the whole run).",
    "",
    table(["path", "allocated B / decision", "retained B / decision", "decisions"], memoryRows),
    "",
  ].join("\n");
}

function serverSection(saved: NonNullable<Saved<ServerResults>>): string {
  const servers = saved.results;
  const rows = servers.cells.map((cell) => [
    cell.label,
    cell.request,
    Math.round(cell.rps.median).toLocaleString("en-US"),
    cell.vsNone.median.toFixed(3),
    cell.variant === "none" ? "" : cell.vsFloor.median.toFixed(3),
    `${(100 * cell.rps.spread).toFixed(1)}%`,
    cell.cpuPerRequest.median.toFixed(1),
    cell.cpuVsNone.median.toFixed(3),
    cell.variant === "none" ? "" : cell.cpuVsFloor.median.toFixed(3),
    `${(100 * cell.cpuPerRequest.spread).toFixed(1)}%`,
  ]);
  return [
    "## Servers on loopback",
    "",
    "Measured with `npm run bench:servers` (or `npm run bench`), on the machine and at the start time below.",
    "",
    `Machine: ${machineLine(saved.machine)}.`,
    "",
    `Load: ${servers.tool}. Each server is its own process; all four variants of a framework run at once and are loaded one at a time: ` +
      `a ${servers.warmUpSeconds} s warm-up each, then ${servers.rounds} rounds of ${servers.seconds} s in alternating order (ABCD, DCBA, …). ` +
      "Ratios are the median of per-round ratios to the same round's no-CORS (or floor) run; spread is (max − min) / median of the requests/s over the rounds. " +
      "The floor writes the very headers corsgate writes, as constants, through the framework's own per-request mechanism (the listener for node:http and fetch, one middleware for Express, one `onRequest` hook for Fastify). " +
      "The fetch servers run a Hono application behind a plain node:http → `Request` → `Response` bridge; `hono/cors` is a middleware of that application, corsgate wraps its `fetch`. " +
      "For preflights the no-CORS server runs its handler for the OPTIONS request (200 \"ok\"), while the CORS variants answer " +
      "with an empty 204 before any handler, so their ratios to no CORS can exceed 1.0; compare preflights with the floor. " +
      "Every server is checked first: the CORS variants must allow the origin and answer the preflight with 204. " +
      "Two measures: requests per second (what the targets are written in), and the server's own CPU time per request " +
      "(user + system time of the server process over the run ÷ requests completed; its ratios, none ÷ variant, are the " +
      "requests/s ratios a dedicated core would show). On a busy machine other work steals the server's core at random " +
      "and requests/s wobble by tens of percent, while CPU time per request moves less: the targets are judged on it. " +
      "Where even that is too noisy to resolve a 2% target, the targets table adds estimates from robust in-process figures, " +
      "each set against the floor server's CPU time per request: for node:http and Express, the Node adapter's per-request " +
      "cost minus the floor's on the same response stand-in; for node:http and Fastify, the whole pipeline's cost " +
      "over the floor's pipeline (next table).",
    "",
    table(["server", "request", "requests/s", "÷ no CORS", "÷ floor", "spread", "µs CPU / request", "÷ no CORS (CPU)", "÷ floor (CPU)", "spread (CPU)"], rows),
    "",
    ...pipelineSection(servers),
  ].join("\n");
}

function pipelineSection(servers: ServerResults): string[] {
  if (servers.pipeline === undefined || servers.pipeline.length === 0) return [];
  const rounds = servers.pipeline[0]?.ns.samples.length ?? 0;
  const rows = servers.pipeline.map((cell) => [
    cell.label,
    cell.request,
    Math.round(cell.ns.median).toLocaleString("en-US"),
    cell.variant === "floor" ? "" : `${cell.overFloorNs.median >= 0 ? "+" : "−"}${Math.abs(Math.round(cell.overFloorNs.median)).toLocaleString("en-US")}`,
    cell.variant === "floor" ? "" : cell.vsFloor.median.toFixed(3),
    `${(100 * cell.ns.spread).toFixed(1)}%`,
  ]);
  return [
    "### The same pipelines, in-process",
    "",
    "The node:http and Fastify applications above, without the network: each variant in its own process on core 0 " +
      "gets real `IncomingMessage` and `ServerResponse` objects over a socket stand-in that discards what is written, through " +
      "the framework's own entry point (the listener; Fastify's `routing`), and is checked first as the servers are. " +
      `The variants take turns (ABCD, DCBA, …) for ${rounds} rounds of a batch of requests each; a figure is CPU nanoseconds ` +
      "per request, and `over floor` is the median of the per-round differences with the floor, which load on the machine " +
      "shifts far less than the figures themselves. The targets table sets that difference against the floor server's CPU " +
      "time per request (the in-process pipeline estimate). Express is left out: its own pipeline costs about 100 µs per " +
      "request here and its rounds differ by tens of microseconds, far more than the differences this is for.",
    "",
    table(["pipeline", "request", "ns CPU / request", "over floor (ns)", "÷ floor", "spread"], rows),
    "",
  ];
}

function changesSection(baseline: Baseline | undefined, micro: Saved<MicroResults>): string {
  const lines = [
    "## What changed the numbers",
    "",
    "Profiling first (`node --cpu-prof` on bench/micro/profile-main.ts, summarized by bench/profile-summary.ts) showed where",
    "`evaluate` spent its time: a refused origin rebuilt its reason every time (near-miss search with a regex, JSON quoting,",
    "string building: ~45% of the time and ~530 B per refusal); a subdomain-pattern origin was split, looked up label by label",
    "and given a new frozen decision every time (~420 B); a preflight upper-cased the method and parsed",
    "Access-Control-Request-Headers into fresh arrays (~280 B). The core now keeps, per policy, a bounded per-origin entry",
    "(the verdict and the decisions that depend on the origin alone; cleared when it holds 512 origins beyond the exact",
    "ones, and never for origins over 512 bytes, so a flood of distinct origins costs time, never memory), checks a listed",
    "method before normalizing it, and remembers Access-Control-Request-Headers values that passed (64 at most).",
    "",
    "In the adapters, profiling the Node path on a response stand-in showed `mergeVary` at half of the adapter's own cost",
    "for a response with no `Vary` yet: the joined text of the decision's (frozen, shared) token list is now computed once;",
    "the Node request is handed to the core as it is instead of being copied; Fastify's onSend no longer writes a",
    "preflight answer a second time; a Node preflight is answered with one `writeHead(status, block)` cached per decision",
    "instead of eight `setHeader` calls (0.78 → 0.95 of the floor by server CPU in an A/B run). The Fastify plugin then",
    "carried its decision from onRequest to onSend in a WeakMap entry per request: it now rides on a request decorator",
    "(one per registration, keyed by a Symbol, declared with null so every request object keeps one shape), and the",
    "synchronous onRequest path builds no closure. On the in-process pipeline (Fastify 4 and 5, the two plugins side by",
    "side with the floor, 20 rounds, 2026-11-22), the plugin's cost over the floor fell from 0.72–1.25 µs per request",
    "to 0.07–0.28 µs (GET and preflight): against about 42 µs of server CPU per request, from about 0.975 of the floor",
    "to about 0.995. What is left is the decision itself and the onSend hook, which has to stay: the handler's `Vary`",
    "and same-named headers are only known once it has run.",
    "",
  ];
  if (baseline === undefined || micro === undefined) return lines.join("\n");
  const rows = baseline.compare.map((before) => {
    const after = micro.results.compare.find(
      (each) => each.contender === "corsgate evaluate" && each.policy === before.policy && each.request === before.request,
    )?.ns.median;
    return [before.policy, before.request, ns(before.ns), ns(after), after === undefined ? "–" : `${(before.ns / after).toFixed(1)}×`];
  });
  const memoryRows = baseline.memory
    .filter((before) => before.label.startsWith("evaluate"))
    .map((before) => {
      const after = micro.results.memory.find((each) => each.label === before.label)?.allocatedBytes;
      return [before.label, before.allocatedBytes.toFixed(1), after === undefined ? "–" : after.toFixed(1)];
    });
  return [
    ...lines,
    `\`evaluate\`, nanoseconds per decision, before (${baseline.note}; ${machineLine(baseline.machine)}) and in this run:`,
    "",
    table(["policy", "request", "before", "now", "faster"], rows),
    "",
    table(["path", "allocated B before", "allocated B now"], memoryRows),
    "",
  ].join("\n");
}

export function renderMarkdown(
  micro: Saved<MicroResults>,
  servers: Saved<ServerResults>,
  checks: readonly TargetCheck[],
  baseline?: Baseline,
  soak?: string,
): string {
  const met = checks.filter((check) => check.met).length;
  return [
    "# Benchmarks",
    "",
    "<!-- Written by `npm run bench` (bench/report/); edit the generator, not this file. -->",
    "",
    "![corsgate benchmarks](images/benchmarks.svg)",
    "",
    "How much a CORS layer costs, measured side by side with the libraries users would pick instead:",
    "[`cors`](https://www.npmjs.com/package/cors) (Express and node:http), [`@fastify/cors`](https://www.npmjs.com/package/@fastify/cors)",
    "and [`hono/cors`](https://hono.dev/docs/middleware/builtin/cors), all configured with the same policy: the case table's",
    "strict policy (two methods, two request headers, one exposed header, a max age) with 1 exact origin, 10 exact origins, or",
    "a subdomain pattern (`https://*.example.com` for corsgate, an anchored regex for the others).",
    "The requests are taken from the shared case table (test/fixtures/cases.ts) by title.",
    "",
    "Run it: `npm run bench` (everything, about 10 minutes), `npm run bench:micro`, `npm run bench:servers`.",
    "The benchmark code is bundled with esbuild first (as tsup bundles the package), peers load from node_modules.",
    "Everything runs pinned with `taskset` (and at `nice -15` when run as root): in-process benchmarks and servers on core 0,",
    "the load generator on core 1.",
    "To profile: `npm run bench:micro` (or any bench run) also builds .cache/bench/profile-main.mjs; then",
    "`node --cpu-prof --cpu-prof-dir=.cache/bench/profiles .cache/bench/profile-main.mjs preflight 3` and",
    "`npx tsx bench/profile-summary.ts .cache/bench/profiles/<file>.cpuprofile` (scenarios are listed in bench/micro/profile-main.ts).",
    "",
    "How far to trust it: the figures come from one run on the machine named in each section. On a shared machine (load",
    "average near or above the core count, as here) absolute figures inflate and wobble. The in-process ratios hold up",
    "because their margins are wide (tens of times) and each figure is a median of medians; the server ratios, which",
    "differ by a few percent, do not: read the server section's spread columns before reading its ratios.",
    "",
    `## Targets (${met} of ${checks.length} met in this run)`,
    "",
    table(
      ["what", "target", "measured", ""],
      checks.map((check) => [check.what, check.target, check.measured, check.met ? "met" : "**missed**"]),
    ),
    "",
    micro === undefined ? "## One decision, in-process\n\nNot run yet (`npm run bench:micro`).\n" : microSection(micro),
    servers === undefined ? "## Servers on loopback\n\nNot run yet (`npm run bench:servers`).\n" : serverSection(servers),
    changesSection(baseline, micro),
    ...(soak === undefined ? [] : ["", soak.trimEnd(), ""]),
  ].join("\n");
}
