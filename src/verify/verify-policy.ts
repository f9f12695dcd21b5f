/** `verifyPolicy`: probe a live server with the requests a policy (or route table) decides, and report where it differs. */
import { createPolicy } from "../core/compile.js";
import type { CorsPolicyConfig } from "../core/config.js";
import { evaluate } from "../core/evaluate.js";
import type { CorsPolicy } from "../core/types.js";
import { isCorsPolicy } from "../mesh/policy-input.js";
import type { Route, RouteResolver } from "../mesh/routes.js";
import { routePolicies } from "../mesh/routes.js";
import type { Answer } from "./browser-check.js";
import type { Expectation, Finding } from "./findings.js";
import { compareAnswer } from "./findings.js";
import type { RunOptions } from "./options.js";
import { runProbes } from "./options.js";
import type { Probe } from "./probes.js";
import { probesForPolicy } from "./probes.js";
import { sampleFromRegex } from "./sample-origins.js";

/** Options of `verifyPolicy`. */
export interface VerifyOptions extends RunOptions {
  /**
   * Paths to probe. Default: the URL's own path for a single policy; for a route table, one path per
   * route that its match selects.
   */
  readonly paths?: readonly string[];
}

/** One probe, what the policy expects and what the server answered. */
export interface ProbeResult {
  readonly probe: Probe;
  readonly route?: string;
  readonly answer?: Answer;
  /** Why there is no answer (connection refused, timeout). */
  readonly error?: string;
  readonly findings: readonly Finding[];
}

/** The result of a run: every probe, and the findings (deduplicated). Empty `findings` means the server agrees with the policy. */
export interface VerifyResult {
  readonly url: string;
  readonly probes: readonly ProbeResult[];
  readonly findings: readonly Finding[];
  /** What could not be probed, and why (a route whose match selects no path the verifier can make up). */
  readonly notes: readonly string[];
}

/** What `verifyPolicy` checks a server against. */
export type VerifyTarget = CorsPolicy | CorsPolicyConfig | RouteResolver | readonly Route[];

interface Lookup {
  (request: { url: string; method: string; headers: Record<string, string> }): Expectation;
}

function isResolver(value: unknown): value is RouteResolver {
  return typeof value === "function" && typeof (value as RouteResolver).route === "function";
}

/** A path a route's first match selects, or undefined. */
function routePath(route: Route): string | undefined {
  const matches = route.match === undefined ? [] : Array.isArray(route.match) ? route.match : [route.match];
  const uri = (matches[0] as Route["match"] & { uri?: unknown } | undefined)?.uri as Record<string, unknown> | undefined;
  if (uri === undefined) return "/";
  for (const key of ["exact", "prefix", "pathPrefix"]) if (typeof uri[key] === "string") return uri[key] as string;
  const regex = uri["regex"];
  if (typeof regex === "string") return sampleFromRegex(regex);
  if (regex instanceof RegExp) return sampleFromRegex(regex.source);
  return undefined;
}

/**
 * Probes `options.url` with the requests `target` decides and returns every difference a browser would
 * notice, as data. Sends only GET and OPTIONS, at most `rate` per second (default 10) and `concurrency` at
 * a time (default 2). Rejects with `VerifyUnreachableError` when the server cannot be reached at all.
 *
 * ```ts
 * const result = await verifyPolicy({ allowOrigins: ["https://app.example.com"] }, { url: "https://api.example.com/details" });
 * for (const finding of result.findings) console.log(finding.message);
 * ```
 */
export async function verifyPolicy(target: VerifyTarget, options: VerifyOptions): Promise<VerifyResult> {
  const base = new URL(options.url);
  const notes: string[] = [];
  const planned: { probe: Probe }[] = [];
  let lookup: Lookup;
  if (isResolver(target) || Array.isArray(target)) {
    const table = Array.isArray(target) ? (target as readonly Route[]) : undefined;
    const resolver = isResolver(target) ? target : routePolicies(target as readonly Route[]);
    lookup = (request) => {
      const route = resolver.route(request);
      if (route === undefined) return { decision: undefined };
      const name = route.name ?? `routes[${route.index}]`;
      return { decision: route.policy === undefined ? undefined : evaluate(request, route.policy), route: name };
    };
    for (const route of resolver.routes) {
      if (route.policy === undefined) continue;
      const name = route.name ?? `routes[${route.index}]`;
      let paths: readonly string[];
      if (options.paths !== undefined) paths = options.paths;
      else {
        const written = table === undefined ? base.pathname : routePath(table[route.index] as Route);
        const candidates = written === undefined ? [] : [written, `${written.replace(/\/$/, "")}/corsgate-probe`];
        const path = candidates.find((candidate) => candidate.startsWith("/") && resolver.route({ url: candidate, method: "GET", headers: {} }) === route);
        if (path === undefined) {
          notes.push(`route ${name}: no path found that its match selects; give one with --path`);
          continue;
        }
        paths = [path];
      }
      for (const path of paths) {
        if (resolver.route({ url: path, method: "GET", headers: {} }) !== route) continue;
        for (const probe of probesForPolicy(route.policy, path)) planned.push({ probe });
      }
    }
  } else {
    const policy = isCorsPolicy(target) ? target : createPolicy(target as CorsPolicyConfig);
    lookup = (request) => ({ decision: evaluate(request, policy) });
    for (const path of options.paths ?? [base.pathname + base.search]) {
      for (const probe of probesForPolicy(policy, path)) planned.push({ probe });
    }
  }
  const probes = planned.map((entry) => entry.probe);
  const answers = await runProbes(base, probes, options);
  const seen = new Set<string>();
  const findings: Finding[] = [];
  const results = probes.map((probe, index): ProbeResult => {
    const answer = answers[index];
    const expectation = lookup({ url: probe.path, method: probe.method, headers: { ...probe.headers } });
    const routePart = expectation.route === undefined ? {} : { route: expectation.route };
    if (answer === undefined || answer instanceof Error) {
      const message = `${probe.method} ${probe.path}: no answer (${answer?.message ?? "not sent"})`;
      const finding: Finding = { code: "no-answer", severity: "error", message, probe, ...routePart };
      if (!seen.has(message)) {
        seen.add(message);
        findings.push(finding);
      }
      return { probe, ...routePart, error: answer?.message ?? "not sent", findings: [finding] };
    }
    const found = compareAnswer(probe, expectation, answer);
    for (const finding of found) {
      const key = `${finding.code}\u0000${finding.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push(finding);
    }
    return { probe, ...routePart, answer, findings: found };
  });
  return { url: base.href, probes: results, findings, notes };
}
