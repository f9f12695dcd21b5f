import { createPolicy, evaluate, isCorsConfigError } from "../../src/index.js";
import type { ConfigIssue, CorsDecision, CorsPolicyConfig } from "../../src/index.js";

/** An issue's words (code, path, message, hint): these tests pin them; test/core/hints.test.ts applies each `fix`. */
function words(issue: ConfigIssue): ConfigIssue {
  const { fix: _fix, ...rest } = issue;
  return rest;
}

/** The issues `createPolicy` throws for `config` (an empty list when it accepts it), without their fixes. */
export function issuesOf(config: unknown): readonly ConfigIssue[] {
  try {
    createPolicy(config as CorsPolicyConfig);
    return [];
  } catch (error) {
    if (!isCorsConfigError(error)) throw error;
    return error.issues.map(words);
  }
}

/** The single issue `createPolicy` throws for `config`; fails when there is not exactly one. */
export function onlyIssue(config: unknown): ConfigIssue {
  const issues = issuesOf(config);
  if (issues.length !== 1) throw new Error(`expected one issue, got ${JSON.stringify(issues)}`);
  return issues[0] as ConfigIssue;
}

export function warningsOf(config: CorsPolicyConfig): readonly ConfigIssue[] {
  return createPolicy(config).warnings.map(words);
}

export const APP = "https://app.example.com";

export function get(config: CorsPolicyConfig, headers: Record<string, string | string[]>): CorsDecision {
  return evaluate({ method: "GET", headers }, createPolicy(config));
}

export function preflight(config: CorsPolicyConfig, headers: Record<string, string | string[]>): CorsDecision {
  return evaluate({ method: "OPTIONS", headers }, createPolicy(config));
}
