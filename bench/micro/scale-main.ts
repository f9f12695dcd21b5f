/**
 * How the cost of one decision grows with the policy (1 → 10,000 exact origins, 1 → 1,000 subdomain
 * patterns) and with hostile header lengths (up to 1 MiB). Prints one JSON line.
 * Usage: node scale-main.mjs <minCpuTimeMs>
 */
import { measure } from "mitata";
import corsMiddleware from "cors";
import { createPolicy, evaluate } from "../../src/index.js";
import type { CorsPolicyConfig, CorsRequest } from "../../src/index.js";
import { APP } from "../policies.js";
import { benchRequest } from "../requests.js";
import { FakeNodeResponse } from "./fakes.js";

const minCpuTime = Number(process.argv[2] ?? "300") * 1e6;
const WARM_UP_CALLS = 20_000;

export interface ScaleRow {
  readonly group: string;
  readonly label: string;
  readonly size: number;
  readonly p50: number;
}
const rows: ScaleRow[] = [];

// Every case is checked and warmed up before any is timed: otherwise the first case timed would run on code the
// JIT had seen only one policy with, and look faster than the rest for that reason alone.
const tasks: { group: string; label: string; size: number; run: () => unknown }[] = [];
async function time(group: string, label: string, size: number, run: () => unknown, check: () => void): Promise<void> {
  check();
  tasks.push({ group, label, size, run });
}

const rest = { allowMethods: ["PUT", "DELETE"], allowHeaders: ["content-type", "x-api-key"], exposeHeaders: ["x-request-id"], maxAge: 600 };
const get = benchRequest("allowed GET");
const preflight = benchRequest("preflight");
const refused = benchRequest("refused origin");

function expectOrigin(config: CorsPolicyConfig, request: CorsRequest, want: string | undefined): () => void {
  return () => {
    const got = evaluate(request, createPolicy(config)).headers["access-control-allow-origin"];
    if (got !== want) throw new Error(`scale: ACAO ${got} where ${want} was expected`);
  };
}

// --- Exact origins: APP sits in the middle of the list; a Set lookup should not care.
for (const size of [1, 10, 100, 1_000, 10_000]) {
  const others = Array.from({ length: size - 1 }, (_, i) => `https://tenant${i}.example.net`);
  const origins = [...others.slice(0, Math.floor(others.length / 2)), APP, ...others.slice(Math.floor(others.length / 2))];
  const config: CorsPolicyConfig = { allowOrigins: origins, ...rest };
  const policy = createPolicy(config);
  await time("exact origins", "corsgate allowed GET", size, () => evaluate(get, policy), expectOrigin(config, get, APP));
  await time("exact origins", "corsgate preflight", size, () => evaluate(preflight, policy), expectOrigin(config, preflight, APP));
  await time("exact origins", "corsgate refused origin", size, () => evaluate(refused, policy), expectOrigin(config, refused, undefined));
  if (size === 1 || size === 10_000) {
    // For contrast: cors compares the origin with each listed one in turn.
    const middleware = corsMiddleware({ origin: origins, methods: rest.allowMethods, allowedHeaders: rest.allowHeaders, exposedHeaders: rest.exposeHeaders, maxAge: 600 });
    const incoming = { method: get.method, headers: get.headers };
    const noop = (): void => {};
    const run = (): FakeNodeResponse => {
      const response = new FakeNodeResponse();
      (middleware as unknown as (req: unknown, res: FakeNodeResponse, next: () => void) => void)(incoming, response, noop);
      return response;
    };
    await time("exact origins", "cors allowed GET", size, run, () => {
      if (run().getHeader("access-control-allow-origin") !== APP) throw new Error("scale: cors did not allow APP");
    });
  }
}

// --- Subdomain patterns: the request's domain is one of many `https://*.<domain>` patterns.
for (const size of [1, 10, 100, 1_000]) {
  const patterns = Array.from({ length: size - 1 }, (_, i) => `https://*.tenant${i}.example.org`);
  const origins = [...patterns.slice(0, Math.floor(patterns.length / 2)), "https://*.example.com", ...patterns.slice(Math.floor(patterns.length / 2))];
  const config: CorsPolicyConfig = { allowOrigins: origins, ...rest };
  const policy = createPolicy(config);
  await time("subdomain patterns", "corsgate allowed GET", size, () => evaluate(get, policy), expectOrigin(config, get, APP));
  await time("subdomain patterns", "corsgate preflight", size, () => evaluate(preflight, policy), expectOrigin(config, preflight, APP));
  await time("subdomain patterns", "corsgate refused origin", size, () => evaluate(refused, policy), expectOrigin(config, refused, undefined));
}

// --- A real request brings a new Origin string each time, whose hash V8 has not computed yet (the loops above
// reuse one string object). Each call here gets a fresh flat copy; the copy's own cost is measured alone.
{
  const policy = createPolicy({ allowOrigins: [APP], ...rest });
  const bytes = Buffer.from(APP);
  const fresh = (): string => bytes.toString("latin1");
  const freshGet = (): CorsRequest => ({ method: "GET", headers: { origin: fresh() } });
  await time("fresh origin string", "copying the string alone", 1, freshGet, () => {});
  await time("fresh origin string", "corsgate allowed GET", 1, () => evaluate(freshGet(), policy), expectOrigin({ allowOrigins: [APP], ...rest }, freshGet(), APP));
  const middleware = corsMiddleware({ origin: [APP], methods: rest.allowMethods, allowedHeaders: rest.allowHeaders, exposedHeaders: rest.exposeHeaders, maxAge: 600 });
  const noop = (): void => {};
  await time("fresh origin string", "cors allowed GET", 1, () => {
    const response = new FakeNodeResponse();
    (middleware as unknown as (req: unknown, res: FakeNodeResponse, next: () => void) => void)(freshGet(), response, noop);
    return response;
  }, () => {});
}

// --- Hostile lengths: past the caps (4096 bytes of ACRH, 2048 of Origin) the time must stay flat.
const strict = createPolicy({ allowOrigins: [APP], ...rest });
for (const size of [1_024, 4_096, 65_536, 1_048_576]) {
  const acrh = `x-${"a".repeat(size - 2)}`;
  const hostileAcrh: CorsRequest = { method: "OPTIONS", headers: { ...preflight.headers, "access-control-request-headers": acrh } };
  await time("hostile length", "ACRH", size, () => evaluate(hostileAcrh, strict), () => {
    const decision = evaluate(hostileAcrh, strict);
    if (decision.allowed || decision.kind !== "preflight") throw new Error("scale: a hostile ACRH was allowed");
  });
  const origin = `https://${"a".repeat(size - 12)}.com`;
  const hostileOrigin: CorsRequest = { method: "GET", headers: { origin } };
  await time("hostile length", "Origin", size, () => evaluate(hostileOrigin, strict), () => {
    const decision = evaluate(hostileOrigin, strict);
    if (decision.allowed || decision.headers["access-control-allow-origin"] !== undefined) throw new Error("scale: a hostile Origin was allowed");
  });
}

for (const task of tasks) for (let i = 0; i < WARM_UP_CALLS; i++) task.run();
for (const task of tasks) {
  const stats = await measure(task.run, { min_cpu_time: minCpuTime });
  rows.push({ group: task.group, label: task.label, size: task.size, p50: stats.p50 });
}
process.stdout.write(`${JSON.stringify({ rows })}\n`);
