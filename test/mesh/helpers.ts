// Shared by the mesh tests: what a call refused, and whether a config is accepted.
import { createPolicy, isCorsConfigError } from "../../src/index.js";
import type { ConfigIssue, CorsPolicy, CorsPolicyConfig } from "../../src/index.js";

/** The issues of the CorsConfigError `run` throws; none when it throws nothing. Other errors propagate. */
export function issuesIfAny(run: () => unknown): readonly ConfigIssue[] {
  try {
    run();
  } catch (error) {
    if (isCorsConfigError(error)) return error.issues;
    throw error;
  }
  return [];
}

/** The issues of the CorsConfigError `run` must throw: a run that throws nothing fails the test. */
export function issuesOf(run: () => unknown): readonly ConfigIssue[] {
  const issues = issuesIfAny(run);
  if (issues.length === 0) throw new Error("expected a CorsConfigError");
  return issues;
}

/** The compiled policy, or `undefined` when createPolicy refuses the config. */
export function accepted(candidate: CorsPolicyConfig): CorsPolicy | undefined {
  try {
    return createPolicy(candidate);
  } catch (error) {
    if (isCorsConfigError(error)) return undefined;
    throw error;
  }
}
