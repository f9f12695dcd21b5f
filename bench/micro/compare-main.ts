/**
 * One child process per (contender, policy) and round: checks that the contender answers every benchmarked
 * request as corsgate does, then times each request with mitata. Prints one JSON line.
 * Usage: node compare-main.mjs <contender> <policy> <minCpuTimeMs>
 */
import { measure } from "mitata";
import { CONTENDERS, type ContenderName } from "./contenders.js";
import { POLICIES, type PolicyName } from "../policies.js";
import { REQUEST_NAMES, benchRequest, type RequestName } from "../requests.js";

const [contenderArg, policyArg, minCpuArg] = process.argv.slice(2);
const contender = contenderArg as ContenderName;
const policyName = policyArg as PolicyName;
if (!(contender in CONTENDERS) || !(policyName in POLICIES)) {
  throw new Error(`usage: compare-main <contender> <policy> [minCpuTimeMs]; got ${contenderArg} / ${policyArg}`);
}
const minCpuTime = Number(minCpuArg ?? "300") * 1e6;

const WARM_UP_CALLS = 20_000;

// Every request is checked and warmed up before any is timed, so that no request is timed on code the JIT has
// seen only that request with (the first one timed would otherwise look faster than the rest).
const prepared: { request: RequestName; run: () => unknown }[] = [];
for (const requestName of REQUEST_NAMES) {
  const request = benchRequest(requestName);
  const contenderRun = CONTENDERS[contender](POLICIES[policyName], request);

  // Same answer first: a contender that does not allow (or refuse) the origin is not doing the same work.
  const observed = await contenderRun.observe();
  if (observed.allowOrigin !== request.allowOrigin) {
    throw new Error(`${contender} / ${policyName} / ${requestName}: ACAO ${observed.allowOrigin} where ${request.allowOrigin} was expected`);
  }
  if (request.preflight && observed.status === undefined) {
    throw new Error(`${contender} / ${policyName} / ${requestName}: the preflight was not answered`);
  }
  prepared.push({ request: requestName, run: contenderRun.run });
}
for (const { run } of prepared) {
  for (let i = 0; i < WARM_UP_CALLS; i++) {
    const result = run();
    if (result instanceof Promise) await result;
  }
}
const results: { request: RequestName; p50: number; avg: number; p99: number }[] = [];
for (const { request, run } of prepared) {
  const stats = await measure(run, { min_cpu_time: minCpuTime });
  results.push({ request, p50: stats.p50, avg: stats.avg, p99: stats.p99 });
}

process.stdout.write(`${JSON.stringify({ contender, policy: policyName, results })}\n`);
