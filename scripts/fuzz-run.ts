/**
 * The fuzz loop shared by `npm run fuzz` (a million requests) and test/hardening/fuzz.test.ts (a short run in
 * `npm test`). Requests come in batches of `BATCH` against one generated policy; batch k uses seed `seed + k`,
 * so any failure replays alone with `npm run fuzz -- --seed <seed + k> --runs <index in batch + 1>`.
 */
import { createPolicy, evaluate, isCorsConfigError } from "../src/index.js";
import type { CorsPolicy, CorsPolicyConfig } from "../src/index.js";
import { Random } from "./fuzz-random.js";
import { generateConfig, generateRequest, type FuzzRequest } from "./fuzz-generate.js";
import { checkDecision } from "./fuzz-oracle.js";
import { createFastifyRunner, runFetchAdapter, runNodeAdapters } from "./fuzz-adapters.js";

export const BATCH = 50;

export interface FuzzOptions {
  readonly seed: number;
  readonly runs: number;
  /** Every how many requests one also goes through Fastify's `inject` (slower); 0 for never. */
  readonly fastifyEvery: number;
  readonly onProgress?: (done: number) => void;
}

export interface FuzzReport {
  readonly requests: number;
  readonly policies: number;
  readonly refusedConfigs: number;
  readonly allowed: number;
  readonly preflights: number;
  readonly fastifyRequests: number;
  readonly failure?: { readonly replay: string; readonly config: CorsPolicyConfig; readonly request: FuzzRequest; readonly problems: readonly string[] };
}

function snapshot(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (item instanceof RegExp ? `/${item.source}/${item.flags}` : item));
}

function check(config: CorsPolicyConfig, policy: CorsPolicy, request: FuzzRequest): string[] {
  const before = snapshot(request);
  const policyBefore = snapshot(policy.config);
  let decision;
  try {
    decision = evaluate(request, policy);
  } catch (error) {
    return [`evaluate threw ${String(error)}`];
  }
  const problems = checkDecision(config, policy, request, decision);
  if (snapshot(evaluate(request, policy)) !== snapshot(decision)) problems.push("evaluate is not deterministic");
  if (snapshot(request) !== before) problems.push("evaluate mutated the request");
  if (snapshot(policy.config) !== policyBefore) problems.push("evaluate mutated the policy");
  return problems;
}

/** Runs `runs` requests; stops at the first failure and returns it with the command that replays it. */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const fastify = options.fastifyEvery > 0 ? await createFastifyRunner() : undefined;
  let requests = 0;
  let policies = 0;
  let refusedConfigs = 0;
  let allowed = 0;
  let preflights = 0;
  let fastifyRequests = 0;
  const report = (failure?: FuzzReport["failure"]): FuzzReport => ({
    requests, policies, refusedConfigs, allowed, preflights, fastifyRequests, ...(failure === undefined ? {} : { failure }),
  });
  try {
    for (let batch = 0; requests < options.runs; batch++) {
      const batchSeed = (options.seed + batch) >>> 0;
      const random = new Random(batchSeed);
      const config = generateConfig(random);
      let policy: CorsPolicy;
      try {
        policy = createPolicy(config);
      } catch (error) {
        if (!isCorsConfigError(error)) throw error;
        refusedConfigs++;
        continue;
      }
      policies++;
      for (let index = 0; index < BATCH && requests < options.runs; index++) {
        const request = generateRequest(random, config);
        requests++;
        const problems = check(config, policy, request);
        const viaNode = runNodeAdapters(policy, request);
        problems.push(...viaNode.problems);
        const viaFetch = await runFetchAdapter(policy, request);
        problems.push(...viaFetch.problems);
        let adapterDecisions = [...viaNode.decisions, ...viaFetch.decisions];
        if (fastify !== undefined && requests % options.fastifyEvery === 0) {
          const viaFastify = await fastify.run(policy, request);
          if (viaFastify !== undefined) {
            fastifyRequests++;
            problems.push(...viaFastify.problems);
            adapterDecisions = [...adapterDecisions, ...viaFastify.decisions];
          }
        }
        for (const decision of adapterDecisions) {
          if (decision.allowed) allowed++;
          if (decision.kind === "preflight") preflights++;
          problems.push(...checkDecision(config, policy, request, decision).map((problem) => `adapter decision: ${problem}`));
        }
        if (problems.length > 0) {
          return report({ replay: `npm run fuzz -- --seed ${batchSeed} --runs ${index + 1}`, config, request, problems });
        }
        options.onProgress?.(requests);
      }
    }
    return report();
  } finally {
    await fastify?.close();
  }
}
