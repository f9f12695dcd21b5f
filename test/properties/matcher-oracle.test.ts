/**
 * Invariant 7 (SPEC §6): a policy that createPolicy accepts never allows an origin that none of its
 * matchers matches — checked against the independent reference matcher of reference-matcher.ts. The
 * converse (SPEC §4: a valid origin that a matcher matches is allowed) is checked for well-shaped origins.
 * An origin-independent `"*"` (without credentials) matches every Origin value for actual requests, and every
 * valid one and `null` for preflights (SPEC §4).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/index.js";
import { NUM_RUNS, PROPERTY_TIMEOUT, acceptedPolicy, corsRequest, originString, singleOrigin, wellShapedOrigin } from "./arbitraries.js";
import { answersWildcard, hasUnsettledPort, referenceAllows } from "./reference-matcher.js";

const ACAO = "access-control-allow-origin";

describe("invariant 7: never allows an origin no matcher matches", () => {
  it(
    "for hostile requests under random accepted policies",
    () => {
      fc.assert(
        fc.property(acceptedPolicy, corsRequest, ({ config, policy }, { request, map }) => {
          const decision = evaluate(request, policy);
          if (answersWildcard(config)) {
            if (decision.kind === "actual") expect(decision.allowed).toBe(true);
            return;
          }
          if (decision.allowed || decision.headers[ACAO] !== undefined) {
            expect(referenceAllows(config, singleOrigin(map))).toBe(true);
          }
        }),
        { numRuns: NUM_RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    "for an actual GET from any origin string, the decision equals the reference exactly",
    () => {
      fc.assert(
        fc.property(acceptedPolicy, originString, ({ config, policy }, origin) => {
          fc.pre(origin !== "" && !hasUnsettledPort(origin));
          const decision = evaluate({ method: "GET", headers: { origin } }, policy);
          expect(decision.allowed).toBe(answersWildcard(config) || referenceAllows(config, origin));
        }),
        { numRuns: NUM_RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    "for a preflight from a well-shaped origin, the origin check equals the reference",
    () => {
      fc.assert(
        fc.property(acceptedPolicy, wellShapedOrigin, ({ config, policy }, origin) => {
          const decision = evaluate({ method: "OPTIONS", headers: { origin, "access-control-request-method": "GET" } }, policy);
          const originAccepted = decision.headers[ACAO] !== undefined;
          expect(originAccepted).toBe(answersWildcard(config) || referenceAllows(config, origin));
          expect(decision.allowed).toBe(originAccepted);
        }),
        { numRuns: NUM_RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );
});
