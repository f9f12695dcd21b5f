/** Invariant 1 (SPEC §6): `evaluate` never throws, for any method and any header values. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluate, explain } from "../../src/index.js";
import { NUM_RUNS, PROPERTY_TIMEOUT, acceptedPolicy, corsRequest } from "./arbitraries.js";

const KINDS = ["non-cors", "preflight", "actual"];

describe("invariant 1: evaluate never throws", () => {
  it(
    "returns a well-formed decision for hostile requests under random accepted policies",
    () => {
      fc.assert(
        fc.property(acceptedPolicy, corsRequest, ({ policy }, { request }) => {
          const decision = evaluate(request, policy);
          expect(KINDS).toContain(decision.kind);
          expect(typeof decision.allowed).toBe("boolean");
          expect(decision.status !== undefined).toBe(decision.action === "respond");
          expect(decision.action === "respond" || decision.action === "continue").toBe(true);
          expect(decision.reason !== undefined).toBe(decision.kind !== "non-cors" && !decision.allowed);
          if (decision.kind === "non-cors") expect(decision.allowed).toBe(false);
        }),
        { numRuns: NUM_RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    "survives header sources whose getter answers every name with hostile values",
    () => {
      fc.assert(
        fc.property(acceptedPolicy, fc.string({ unit: "binary", maxLength: 20 }), fc.array(fc.oneof(fc.string({ unit: "binary" }), fc.constant(null)), { minLength: 1, maxLength: 6 }), ({ policy }, method, answers) => {
          let call = 0;
          const headers = { get: (): string | null => answers[call++ % answers.length] ?? null };
          expect(() => evaluate({ method, headers }, policy)).not.toThrow();
        }),
        { numRuns: NUM_RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe("explain never throws either, and writes no control characters", () => {
  it(
    "explains every decision in one paragraph free of request control characters",
    () => {
      fc.assert(
        fc.property(acceptedPolicy, corsRequest, ({ policy }, { request }) => {
          const text = explain(evaluate(request, policy));
          expect(typeof text).toBe("string");
          expect(text.trim().length).toBeGreaterThan(0);
          // A log line: hostile request bytes must not forge new lines (C0 controls, CR, LF, NUL).
          expect(text).not.toMatch(/[\0-\x08\x0b-\x1f]/);
          expect(text.trim()).not.toMatch(/\n\s*\n/);
        }),
        { numRuns: NUM_RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );
});
