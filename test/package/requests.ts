/**
 * Small builders for requests and config outcomes, so each test reads as the SPEC sentence it pins.
 */
import type { ConfigIssue, CoreApi, CorsDecision, CorsPolicy } from "./api.js";

export type Headers = Record<string, string | readonly string[] | undefined>;

export function preflight(origin: string | readonly string[] | undefined, method: string, requestHeaders?: string | readonly string[]): { method: string; headers: Headers } {
  const headers: Headers = { "access-control-request-method": method };
  if (origin !== undefined) headers["origin"] = origin;
  if (requestHeaders !== undefined) headers["access-control-request-headers"] = requestHeaders;
  return { method: "OPTIONS", headers };
}

export function actual(origin: string | readonly string[] | undefined, method = "GET", extra: Headers = {}): { method: string; headers: Headers } {
  const headers: Headers = { ...extra };
  if (origin !== undefined) headers["origin"] = origin;
  return { method, headers };
}

/** Creates the policy and evaluates one request with it. */
export function decide(api: CoreApi, config: unknown, request: { method: string; headers: Headers }): CorsDecision {
  return api.evaluate(request, api.createPolicy(config));
}

/** Header names of a decision, sorted, for "exactly these headers" assertions. */
export function headerNames(decision: CorsDecision): string[] {
  return Object.keys(decision.headers).sort();
}

/** Vary tokens, lower-cased and sorted: Vary tokens are case-insensitive (RFC 9110), their set is what counts. */
export function varySet(decision: CorsDecision): string[] {
  return decision.vary.map((token) => token.toLowerCase()).sort();
}

export const PREFLIGHT_VARY = ["access-control-request-headers", "access-control-request-method", "origin"];

export type Outcome = { ok: true; policy: CorsPolicy } | { ok: false; error: unknown; issues: readonly ConfigIssue[] };

export function attempt(api: CoreApi, config: unknown): Outcome {
  try {
    return { ok: true, policy: api.createPolicy(config) };
  } catch (error) {
    const issues = (error as { issues?: readonly ConfigIssue[] } | null)?.issues ?? [];
    return { ok: false, error, issues };
  }
}

/** The issues `createPolicy` throws for this config; fails the test if it does not throw a CorsConfigError. */
export function issuesOf(api: CoreApi, config: unknown): readonly ConfigIssue[] {
  const outcome = attempt(api, config);
  if (outcome.ok) throw new Error(`createPolicy accepted ${describe(config)}; warnings: ${JSON.stringify(outcome.policy.warnings)}`);
  if (!(outcome.error instanceof api.CorsConfigError)) throw new Error(`createPolicy threw something other than CorsConfigError: ${String(outcome.error)}`);
  return outcome.issues;
}

export function codesOf(api: CoreApi, config: unknown): string[] {
  return issuesOf(api, config).map((issue) => issue.code);
}

/** The policy for a config that must be accepted; fails with the issues if it is not. */
export function accepted(api: CoreApi, config: unknown): CorsPolicy {
  const outcome = attempt(api, config);
  if (!outcome.ok) throw new Error(`createPolicy refused ${describe(config)}: ${JSON.stringify(outcome.issues)}`);
  return outcome.policy;
}

export function warningCodes(api: CoreApi, config: unknown): string[] {
  return accepted(api, config).warnings.map((warning) => warning.code);
}

function describe(config: unknown): string {
  try {
    return JSON.stringify(config, (_key, value: unknown) => (value instanceof RegExp ? String(value) : value));
  } catch {
    return String(config);
  }
}

/** A host of `length` characters made of 60-character DNS labels (each label well under 63). */
export function longHost(length: number): string {
  let host = "";
  while (host.length < length) {
    const room = length - host.length;
    const label = "a".repeat(Math.min(60, room));
    host += label;
    if (host.length < length) host += host.length + 1 < length ? "." : "b";
  }
  return host;
}
