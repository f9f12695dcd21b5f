/**
 * Soak: many requests from many distinct origins for many tenants, through each Node adapter in-process,
 * behind `tenantPolicies`. Prints the resident-memory curve and the heap (after a forced GC) before and after,
 * per adapter, as Markdown for docs/benchmarks.md. A benchmark, not a test: nothing here asserts a time.
 *
 *   npm run bench:soak -- --requests 200000 --origins 100000 --tenants 10000 [--max-entries 1000]
 *
 * node and Express run their adapter's listener / middleware on minimal request and response objects (the
 * ones bench:micro uses); Fastify runs a real Fastify instance through `inject()` (no socket).
 */
import { writeFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import Fastify from "fastify";
import type { CorsPolicyConfig } from "../src/index.js";
import { withCors } from "../src/adapters/node.js";
import { cors } from "../src/adapters/express.js";
import { corsPlugin } from "../src/adapters/fastify.js";
import { tenantPolicies } from "../src/tenants/index.js";
import { FakeNodeResponse } from "./micro/fakes.js";

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number, 1 or more`);
  return value;
}

const REQUESTS = option("requests", 3_000_000);
const ORIGINS = option("origins", 1_000_000);
const TENANTS = option("tenants", 10_000);
const MAX_ENTRIES = option("max-entries", 1_000);
const SAMPLES = 20;

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with node --expose-gc (npm run bench:soak does)");

/** Each tenant allows its own app and any subdomain of its own zone; half the origins sent are some tenant's. */
function configOf(tenant: number): CorsPolicyConfig {
  return { allowOrigins: [`https://app.t${tenant}.example`, `https://*.t${tenant}.example`], allowMethods: ["PUT"], allowCredentials: true };
}

function requestAt(index: number): { tenant: string; origin: string; preflight: boolean } {
  const tenant = (index * 7919) % TENANTS; // spread over every tenant, not in order
  const originIndex = (index * 104_729) % ORIGINS;
  const zone = originIndex % 2 === 0 ? tenant : (tenant + 1) % TENANTS; // half allowed, half another tenant's
  return { tenant: `t${tenant}`, origin: `https://o${originIndex}.t${zone}.example`, preflight: index % 3 === 0 };
}

function resolverFor<Request>(tenantOf: (request: Request) => string | undefined) {
  return tenantPolicies<Request>({
    key: tenantOf,
    load: (key) => configOf(Number(key.slice(1))), // a synchronous store: what is measured is corsgate, not a client
    maxEntries: MAX_ENTRIES,
    onError: (failure) => {
      throw new Error(`unexpected failure ${failure.code}`);
    },
  });
}

interface FakeRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
}

function nodeRequest(index: number): FakeRequest {
  const { tenant, origin, preflight } = requestAt(index);
  const headers: Record<string, string> = { host: `${tenant}.api.example.com`, origin, "x-tenant": tenant };
  if (preflight) headers["access-control-request-method"] = "PUT";
  return { method: preflight ? "OPTIONS" : "GET", url: "/items", headers };
}

type Runner = (index: number) => void | Promise<void>;

function nodeRunner(): Runner {
  const listener = withCors(
    resolverFor<IncomingMessage>((request) => request.headers["x-tenant"] as string | undefined),
    (_request, response) => response.end(),
  );
  return (index) => {
    const response = new FakeNodeResponse();
    const result = listener(nodeRequest(index) as unknown as IncomingMessage, response as unknown as ServerResponse);
    if (result instanceof Promise) return result;
  };
}

function expressRunner(): Runner {
  const middleware = cors(resolverFor<IncomingMessage>((request) => request.headers["x-tenant"] as string | undefined));
  return (index) =>
    new Promise<void>((resolve, reject) => {
      const response = new FakeNodeResponse();
      middleware(nodeRequest(index) as unknown as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
        if (error !== undefined) reject(error as Error);
        else {
          response.end();
          resolve();
        }
      });
      if (response.ended) resolve();
    });
}

/** `withCors: false` runs the same Fastify app without corsgate: what `inject()` itself keeps, for comparison. */
async function fastifyRunner(withCorsgate = true): Promise<{ run: Runner; close: () => Promise<void> }> {
  const app = Fastify({ logger: false });
  if (withCorsgate) {
    await app.register(corsPlugin, { policy: resolverFor((request: { headers: Record<string, unknown> }) => request.headers["x-tenant"] as string | undefined) });
  }
  app.get("/items", async () => "");
  await app.ready();
  return {
    run: async (index) => {
      const request = nodeRequest(index);
      await app.inject({ method: request.method as "GET", url: request.url, headers: request.headers });
    },
    close: () => app.close(),
  };
}

const megabytes = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);

async function soak(name: string, run: Runner): Promise<string[]> {
  // Warm-up: every tenant once, so "before" is measured with the caches as full as they get.
  for (let index = 0; index < Math.min(REQUESTS, TENANTS * 2); index++) await run(index);
  gc!();
  const heapBefore = process.memoryUsage().heapUsed;
  const rss: number[] = [];
  const started = process.hrtime.bigint();
  const step = Math.max(1, Math.floor(REQUESTS / SAMPLES));
  for (let index = 0; index < REQUESTS; index++) {
    const pending = run(index);
    if (pending !== undefined) await pending;
    if ((index + 1) % step === 0) rss.push(process.memoryUsage().rss);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  gc!();
  const heapAfter = process.memoryUsage().heapUsed;
  return [
    `| ${name} | ${REQUESTS.toLocaleString("en")} | ${seconds.toFixed(1)} s | ${megabytes(heapBefore)} | ${megabytes(heapAfter)} | ${megabytes(Math.min(...rss))}–${megabytes(Math.max(...rss))} | ${rss.map(megabytes).join(" ")} |`,
  ];
}

/** The section of docs/benchmarks.md (kept in bench/baselines/soak.md, which the bench report includes). */
function section(runLine: string, rows: readonly string[]): string {
  return [
    "## Soak: tenants and origins through every Node adapter",
    "",
    "Written by `npm run bench:soak` (bench/soak.ts); the counts are options, and the figures below are for the counts",
    "named here, not for the issue's target of several million requests and a million origins (too long for this machine",
    "on the day; run `npm run bench:soak -- --requests 3000000 --origins 1000000 --tenants 10000` for that).",
    "Each adapter runs behind `tenantPolicies` with a synchronous in-memory store: each tenant allows its own app and",
    "any subdomain of its own zone, half of the origins sent belong to the tenant and half to another, a third of the",
    "requests are preflights. With more tenants than `maxEntries`, most requests find their tenant evicted and load and",
    "compile it again: this is the churn case, there to show that memory stays bounded, and its time per request is",
    "that of a reload (size `maxEntries` to the tenants that are active at once). node and Express run the adapter on",
    "minimal request and response objects; Fastify runs a real instance through `inject()`. Heap is `heapUsed` after a",
    "forced full GC (`--expose-gc`), after a warm-up that touches every tenant twice, and after the run; RSS is sampled",
    "20 times over the run. Fastify's `inject()` keeps memory per request by itself: the last row runs the same Fastify",
    "app and requests without corsgate, and its heap grows as much; the node and Express rows show corsgate's own bound.",
    "",
    runLine,
    "",
    "| adapter | requests | time | heap before (MB, after GC) | heap after (MB, after GC) | RSS range (MB) | RSS every 1/20 of the run (MB) |",
    "|---|---|---|---|---|---|---|",
    ...rows,
    "",
  ].join("\n");
}

async function main(): Promise<void> {
  const runLine = `Run: ${REQUESTS.toLocaleString("en")} requests per adapter, ${ORIGINS.toLocaleString("en")} distinct origins, ${TENANTS.toLocaleString("en")} tenants, maxEntries ${MAX_ENTRIES}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`;
  console.log(runLine);
  const rows: string[] = [];
  const note = (lines: string[]): void => {
    for (const line of lines) console.log(line);
    rows.push(...lines);
  };
  note(await soak("corsgate/node", nodeRunner()));
  note(await soak("corsgate/express", expressRunner()));
  const fastify = await fastifyRunner();
  note(await soak("corsgate/fastify (inject)", fastify.run));
  await fastify.close();
  const bare = await fastifyRunner(false);
  note(await soak("Fastify (inject) without corsgate, for comparison", bare.run));
  await bare.close();
  const file = join(import.meta.dirname, "baselines", "soak.md");
  writeFileSync(file, section(runLine, rows));
  console.log(`wrote ${file} (npm run bench rewrites docs/benchmarks.md with it)`);
}

await main();
