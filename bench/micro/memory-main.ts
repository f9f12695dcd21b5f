/**
 * Memory per decision, two ways:
 * - allocation: bytes allocated per decision, read from the heap before and after a batch run with a young
 *   generation large enough that no collection happens inside the batch (a batch that saw a collection is
 *   discarded);
 * - retention: heap growth over a few million decisions, between two full collections.
 * Run with: node --expose-gc --min-semi-space-size=64 --max-semi-space-size=64 memory-main.mjs [millions]
 * Prints one JSON line.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createPolicy, evaluate } from "../../src/index.js";
import type { CorsPolicy, CorsRequest } from "../../src/index.js";
import { nodeCorsRequest } from "../../src/adapters/shared/node-request.js";
import { applyDecisionAtWriteHead } from "../../src/adapters/shared/node-response.js";
import { POLICIES } from "../policies.js";
import { benchRequest } from "../requests.js";
import { median } from "../stats.js";
import { FakeNodeResponse } from "./fakes.js";

const collect = (globalThis as { gc?: () => void }).gc;
if (collect === undefined) throw new Error("memory-main needs node --expose-gc");

const millions = Number(process.argv[2] ?? "3");
const BATCH = 100_000;

export interface MemoryRow {
  readonly label: string;
  /** Median bytes allocated per decision over the batches that saw no collection. */
  readonly allocatedBytes: number;
  readonly cleanBatches: number;
  /** Heap growth per decision over `decisions` decisions, between full collections. */
  readonly retainedBytes: number;
  readonly decisions: number;
}

function allocation(run: () => unknown): { perCall: number; clean: number } {
  const perCall: number[] = [];
  for (let batch = 0; batch < 15; batch++) {
    collect!();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < BATCH; i++) run();
    const after = process.memoryUsage().heapUsed;
    if (after >= before) perCall.push((after - before) / BATCH);
  }
  return { perCall: perCall.length === 0 ? Number.NaN : median(perCall), clean: perCall.length };
}

function retention(run: () => unknown, decisions: number): number {
  collect!();
  collect!();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < decisions; i++) run();
  collect!();
  collect!();
  return (process.memoryUsage().heapUsed - before) / decisions;
}

const rows: MemoryRow[] = [];
function measureBoth(label: string, run: () => unknown): void {
  for (let i = 0; i < 50_000; i++) run(); // optimized code first: the interpreter allocates where Turbofan does not
  const { perCall, clean } = allocation(run);
  const decisions = millions * 1_000_000;
  rows.push({ label, allocatedBytes: perCall, cleanBatches: clean, retainedBytes: retention(run, decisions), decisions });
}

const get = benchRequest("allowed GET");
const preflight = benchRequest("preflight");
const refused = benchRequest("refused origin");
const strict: CorsPolicy = createPolicy(POLICIES["1 exact"].corsgate);
const subdomain: CorsPolicy = createPolicy(POLICIES.subdomain.corsgate);

measureBoth("evaluate, allowed GET, 1 exact origin", () => evaluate(get, strict));
measureBoth("evaluate, allowed GET, subdomain pattern", () => evaluate(get, subdomain));
measureBoth("evaluate, preflight, 1 exact origin", () => evaluate(preflight, strict));
measureBoth("evaluate, refused origin, 1 exact origin", () => evaluate(refused, strict));

// The Node adapter's whole per-request path on a response stand-in (the stand-in itself allocates too:
// its own cost is measured alone and subtracted).
const incoming = { method: get.method, headers: get.headers } as unknown as IncomingMessage;
measureBoth("fake Node response alone", () => new FakeNodeResponse());
measureBoth("Node adapter path, allowed GET, 1 exact origin", () => {
  const response = new FakeNodeResponse();
  const decision = evaluate(nodeCorsRequest(incoming) as CorsRequest, strict);
  applyDecisionAtWriteHead(response as unknown as ServerResponse, decision);
  response.writeHead(200);
  return response;
});

process.stdout.write(`${JSON.stringify({ rows })}\n`);
