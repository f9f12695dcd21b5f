/** Invariant 6 (SPEC §6): `evaluate` is deterministic and mutates neither the request nor the policy. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createPolicy, evaluate } from "../../src/index.js";
import { NUM_RUNS, PROPERTY_TIMEOUT, acceptedPolicy, corsRequest } from "./arbitraries.js";
import type { HeaderMap } from "./arbitraries.js";

function snapshot(map: HeaderMap): [string, string | string[] | undefined][] {
  return Object.keys(map).map((key) => {
    const value = map[key];
    return [key, Array.isArray(value) ? [...value] : value];
  });
}

describe("invariant 6: deterministic, no mutation", () => {
  it(
    "the same request and policy give the same decision, and neither changes",
    () => {
      fc.assert(
        fc.property(acceptedPolicy, corsRequest, ({ policy }, { request, map }) => {
          const requestBefore = snapshot(map);
          const methodBefore = request.method;
          const policyBefore = JSON.stringify(policy);
          const warningsBefore = JSON.stringify(policy.warnings);

          const first = evaluate(request, policy);
          const second = evaluate(request, policy);

          expect(second).toStrictEqual(first);
          expect(snapshot(map)).toStrictEqual(requestBefore);
          expect(request.method).toBe(methodBefore);
          expect(JSON.stringify(policy)).toBe(policyBefore);
          expect(JSON.stringify(policy.warnings)).toBe(warningsBefore);
          expect(Object.isFrozen(policy)).toBe(true);
        }),
        { numRuns: NUM_RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    "two policies compiled from the same configuration decide alike",
    () => {
      fc.assert(
        fc.property(acceptedPolicy, corsRequest, ({ config, policy }, { request }) => {
          expect(evaluate(request, createPolicy(config))).toStrictEqual(evaluate(request, policy));
        }),
        { numRuns: NUM_RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    "a decision does not depend on earlier requests",
    () => {
      fc.assert(
        fc.property(acceptedPolicy, fc.array(corsRequest, { minLength: 1, maxLength: 5 }), corsRequest, ({ policy }, earlier, { request }) => {
          const fresh = evaluate(request, policy);
          for (const other of earlier) evaluate(other.request, policy);
          expect(evaluate(request, policy)).toStrictEqual(fresh);
        }),
        { numRuns: NUM_RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );
});
