/**
 * Runs one scenario in a tight loop for a few seconds, for `node --cpu-prof`. Profile before optimizing.
 * Usage: node --cpu-prof --cpu-prof-dir=.cache/bench/profiles .cache/bench/profile-main.mjs <scenario> [seconds]
 */
import { createPolicy, evaluate } from "../../src/index.js";
import type { CorsPolicy, CorsRequest } from "../../src/index.js";
import { POLICIES } from "../policies.js";
import { benchRequest } from "../requests.js";

const strict = createPolicy(POLICIES["1 exact"].corsgate);
const subdomain = createPolicy(POLICIES.subdomain.corsgate);
const preflight = benchRequest("preflight");

function withHeader(request: CorsRequest, name: string, value: string): CorsRequest {
  return { method: request.method, headers: { ...(request.headers as Record<string, string>), [name]: value } };
}

// Requests are built once: the loop should show evaluate, not the request's construction.
const SCENARIOS: Record<string, [CorsRequest, CorsPolicy]> = {
  "allowed-get": [benchRequest("allowed GET"), strict],
  preflight: [preflight, strict],
  "refused-origin": [benchRequest("refused origin"), strict],
  "refused-preflight": [benchRequest("refused preflight"), strict],
  "subdomain-get": [benchRequest("allowed GET"), subdomain],
  "subdomain-preflight": [preflight, subdomain],
  "hostile-acrh-1k": [withHeader(preflight, "access-control-request-headers", `x-${"a".repeat(1022)}`), strict],
  "hostile-origin-1k": [{ method: "GET", headers: { origin: `https://${"a".repeat(1012)}.com` } }, strict],
};

const [name = "allowed-get", secondsArg = "3"] = process.argv.slice(2);
const scenario = SCENARIOS[name];
if (scenario === undefined) throw new Error(`profile: unknown scenario ${name}; one of ${Object.keys(SCENARIOS).join(", ")}`);
const [request, policy] = scenario;
const deadline = Date.now() + Number(secondsArg) * 1000;
let calls = 0;
const started = process.hrtime.bigint();
while (Date.now() < deadline) {
  for (let i = 0; i < 10_000; i++) evaluate(request, policy);
  calls += 10_000;
}
const elapsed = Number(process.hrtime.bigint() - started);
process.stdout.write(`${name}: ${calls} calls, ${(elapsed / calls).toFixed(1)} ns per call\n`);
