/**
 * Beyond the seven invariants: on random requests and accepted policies, evaluate's whole decision equals
 * the reference model of SPEC §3 and §5 (reference-decision.ts), wherever the spec settles the input.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/index.js";
import type { CorsDecision } from "../../src/index.js";
import { NUM_RUNS, PROPERTY_TIMEOUT, acceptedPolicy, corsRequest } from "./arbitraries.js";
import { referenceDecision } from "./reference-decision.js";
import type { ModelDecision } from "./reference-decision.js";

function comparable(decision: CorsDecision): ModelDecision {
  return {
    kind: decision.kind,
    allowed: decision.allowed,
    action: decision.action,
    ...(decision.status === undefined ? {} : { status: decision.status }),
    headers: { ...decision.headers },
    vary: [...decision.vary].sort(),
    ...(decision.origin === undefined ? {} : { origin: decision.origin }),
    ...(decision.reason === undefined ? {} : { reason: decision.reason.code }),
  };
}

describe("evaluate agrees with the reference model of SPEC §3 and §5", () => {
  it(
    "on random requests under random accepted policies",
    () => {
      fc.assert(
        fc.property(acceptedPolicy, corsRequest, ({ config, policy }, { request, map, viaGetter }) => {
          const expected = referenceDecision(config, policy, request.method, map, viaGetter);
          fc.pre(expected !== undefined);
          expect(comparable(evaluate(request, policy))).toStrictEqual({ ...expected, vary: [...expected.vary].sort() });
        }),
        { numRuns: NUM_RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );
});
