/**
 * Invariants 3, 4 and 5 (SPEC §6): ACAO only for an allowed origin, and then `*` or the request origin
 * byte for byte — or `*` on every response under an origin-independent policy (§5.5); never `*` with ACAC, ACAC only `true`; an echoed origin always comes with `Vary: Origin`.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/index.js";
import { NUM_RUNS, PROPERTY_TIMEOUT, acceptedPolicy, corsRequest, singleOrigin } from "./arbitraries.js";
import { answersWildcard, referenceAllows } from "./reference-matcher.js";

const ACAO = "access-control-allow-origin";
const ACAC = "access-control-allow-credentials";

describe("invariant 3: ACAO only for an allowed origin, and only * or the request origin", () => {
  it(
    "holds for hostile requests under random accepted policies",
    () => {
      fc.assert(
        fc.property(acceptedPolicy, corsRequest, ({ config, policy }, { request, map }) => {
          const decision = evaluate(request, policy);
          const acao = decision.headers[ACAO];
          const origin = singleOrigin(map);
          if (answersWildcard(config)) {
            // §5.5: origin-independent: `*` on every actual and non-CORS response whatever the Origin, never an echo.
            if (decision.kind !== "preflight") expect(acao).toBe("*");
            if (acao !== undefined) expect(acao).toBe("*");
            expect(decision.vary).toEqual(decision.kind === "preflight" ? expect.anything() : []);
            return;
          }
          if (acao === undefined) return;
          expect(decision.kind).not.toBe("non-cors");
          expect(referenceAllows(config, origin)).toBe(true);
          if (acao === "*") {
            expect(answersWildcard(config)).toBe(true);
          } else {
            expect(acao).toBe(origin);
            expect(answersWildcard(config)).toBe(false);
          }
          // A refusal because of the origin never carries CORS headers (SPEC §5.3, §5.4).
          expect(["origin-not-allowed", "origin-invalid"]).not.toContain(decision.reason?.code);
        }),
        { numRuns: NUM_RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    "decision.origin is the request's single Origin, whenever there is one",
    () => {
      fc.assert(
        fc.property(acceptedPolicy, corsRequest, ({ policy }, { request, map, viaGetter }) => {
          const decision = evaluate(request, policy);
          const raw = map.origin;
          // Through a getter an array reads as its joined values, which is still one string.
          const expected = viaGetter && Array.isArray(raw) ? (raw.length === 0 ? undefined : raw.join(", ")) : singleOrigin(map);
          if (expected === undefined || expected === "") expect(decision).not.toHaveProperty("origin");
          else expect(decision.origin).toBe(expected);
        }),
        { numRuns: NUM_RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe("invariant 4: ACAO * never with ACAC; ACAC only true", () => {
  it(
    "holds for hostile requests under random accepted policies",
    () => {
      fc.assert(
        fc.property(acceptedPolicy, corsRequest, ({ policy }, { request }) => {
          const { headers } = evaluate(request, policy);
          if (headers[ACAO] === "*") expect(headers).not.toHaveProperty(ACAC);
          if (headers[ACAC] !== undefined) expect(headers[ACAC]).toBe("true");
        }),
        { numRuns: NUM_RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe("invariant 5: an echoed origin comes with Vary: Origin", () => {
  it(
    "holds for hostile requests under random accepted policies",
    () => {
      fc.assert(
        fc.property(acceptedPolicy, corsRequest, ({ policy }, { request, map }) => {
          const decision = evaluate(request, policy);
          const acao = decision.headers[ACAO];
          // An Origin of "*" is invalid and never echoed: ACAO "*" is then the origin-independent answer.
          if (acao !== undefined && acao !== "*" && acao === singleOrigin(map)) {
            expect(decision.vary.map((token) => token.toLowerCase())).toContain("origin");
          }
          if (acao !== undefined && acao !== "*") expect(decision.vary.map((token) => token.toLowerCase())).toContain("origin");
        }),
        { numRuns: NUM_RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );
});
