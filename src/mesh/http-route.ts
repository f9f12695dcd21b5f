/**
 * Gateway API HTTPRoutes → a corsgate route table. Gateway API does not take the first rule that
 * matches: it prefers an Exact path, then the longest PathPrefix, then a method match, then the most
 * header matches, then the most query matches, then the older route and the earlier rule. This file
 * sorts every match of every route by those keys, so that the table's first match is Gateway API's.
 * RegularExpression paths have implementation-specific precedence; corsgate puts them after Exact
 * paths and before prefixes. The order of the routes given stands in for their age.
 */
import type { CorsPolicyConfig } from "../core/config.js";
import type { ConfigIssue } from "../core/errors.js";
import { isCorsConfigError } from "../core/errors.js";
import { addCoreErrors } from "./core-errors.js";
import { fromGatewayApiCors } from "./gateway-api.js";
import type { MeshImportOptions } from "./istio.js";
import { IssueList, isRecord, joinPath, show } from "./issues.js";
import type { Route, RouteMatch, StringMatch } from "./routes.js";
import { translateRegex } from "./virtual-service.js";

interface Candidate {
  readonly route: Route;
  readonly rank: readonly number[];
}

/**
 * Reads one HTTPRoute, or several that serve the same host, into a route table for `routePolicies`.
 * A rule without a `CORS` filter (or whose filter allows no origin) gives routes without a policy.
 * Throws one `CorsConfigError` listing every problem, with paths into the manifests
 * (`spec.rules[0].filters[0].cors.allowOrigins[1]`; with several routes, `[2].spec.rules…`).
 */
export function fromHTTPRoute(httpRoute: unknown, options: MeshImportOptions = {}): Route[] {
  const issues = new IssueList();
  const manifests = Array.isArray(httpRoute) ? httpRoute : [httpRoute];
  const candidates: Candidate[] = [];
  manifests.forEach((manifest: unknown, routeIndex) => {
    const base = Array.isArray(httpRoute) ? joinPath(options.path ?? "", `[${routeIndex}]`) : (options.path ?? "");
    readRoute(manifest, base, routeIndex, issues, candidates);
  });
  // With other problems, the policies read without one are checked now, so that every problem is listed at once.
  if (issues.errors.length > 0) {
    const checked = new Set<CorsPolicyConfig>();
    for (const { route } of candidates) {
      const policy = route.policy as CorsPolicyConfig | undefined;
      if (policy === undefined || checked.has(policy)) continue;
      checked.add(policy);
      addCoreErrors(policy, route.policySource ?? "", issues);
    }
  }
  issues.finish(options.onWarning);
  return candidates
    .map((candidate, order) => ({ candidate, order }))
    .sort((left, right) => compareRanks(left.candidate.rank, right.candidate.rank) || left.order - right.order)
    .map(({ candidate }) => candidate.route);
}

function compareRanks(left: readonly number[], right: readonly number[]): number {
  for (let index = 0; index < left.length; index += 1) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

function readRoute(manifest: unknown, base: string, routeIndex: number, issues: IssueList, candidates: Candidate[]): void {
  const record = isRecord(manifest) ? manifest : undefined;
  const spec = record === undefined ? undefined : isRecord(record["spec"]) ? record["spec"] : "rules" in record ? record : undefined;
  if (record === undefined || spec === undefined) {
    issues.error("manifest-invalid", base, `expected an HTTPRoute with spec.rules, not ${show(manifest)}`);
    return;
  }
  const specPath = spec === record ? base : joinPath(base, "spec");
  const name = isRecord(record["metadata"]) && typeof record["metadata"]["name"] === "string" ? record["metadata"]["name"] : "HTTPRoute";
  const rules = spec["rules"] ?? [{}];
  if (!Array.isArray(rules)) {
    issues.error("type-invalid", joinPath(specPath, "rules"), `expected a list of rules, not ${show(rules)}`);
    return;
  }
  rules.forEach((rule: unknown, ruleIndex) => {
    const rulePath = joinPath(specPath, `rules[${ruleIndex}]`);
    if (!isRecord(rule)) {
      issues.error("type-invalid", rulePath, `a rule must be a mapping, not ${show(rule)}`);
      return;
    }
    const { policy, policySource } = readCorsFilter(rule["filters"], joinPath(rulePath, "filters"), issues);
    const matches = rule["matches"] === undefined ? [{}] : rule["matches"];
    if (!Array.isArray(matches)) {
      issues.error("type-invalid", joinPath(rulePath, "matches"), `expected a list of matches, not ${show(matches)}`);
      return;
    }
    const ruleName = typeof rule["name"] === "string" ? rule["name"] : `rules[${ruleIndex}]`;
    matches.forEach((entry: unknown, matchIndex) => {
      const matchPath = joinPath(rulePath, `matches[${matchIndex}]`);
      const read = readMatch(entry, matchPath, issues);
      if (read === undefined) return;
      candidates.push({
        route: {
          name: `${name} ${ruleName}${matches.length > 1 ? ` matches[${matchIndex}]` : ""}`,
          match: read.match,
          source: matchPath,
          ...(policySource === undefined ? {} : { policySource }),
          ...(policy === undefined ? {} : { policy }),
        },
        rank: [...read.rank, routeIndex, ruleIndex, matchIndex],
      });
    });
  });
}

function readCorsFilter(
  filters: unknown,
  path: string,
  issues: IssueList,
): { policy?: CorsPolicyConfig; policySource?: string } {
  if (filters === undefined) return {};
  if (!Array.isArray(filters)) {
    issues.error("type-invalid", path, `expected a list of filters, not ${show(filters)}`);
    return {};
  }
  const corsIndexes = filters.flatMap((filter: unknown, index) => (isRecord(filter) && filter["type"] === "CORS" ? [index] : []));
  if (corsIndexes.length === 0) return {};
  if (corsIndexes.length > 1) issues.error("manifest-invalid", path, "a rule holds at most one CORS filter", "merge the CORS filters into one");
  const index = corsIndexes[0] as number;
  const policySource = joinPath(path, `[${index}].cors`);
  try {
    const policy = fromGatewayApiCors(filters[index], {
      path: joinPath(path, `[${index}]`),
      onWarning: (warning: ConfigIssue) => issues.warnings.push(warning),
    });
    if (policy.allowOrigins.length === 0) {
      issues.warn("field-ignored", joinPath(policySource, "allowOrigins"), "the CORS filter allows no origin: requests on this rule get no CORS headers");
      return {};
    }
    return { policy, policySource };
  } catch (error) {
    if (!isCorsConfigError(error)) throw error;
    issues.adopt(error.issues, "");
    return {};
  }
}

/** One HTTPRouteMatch, and its precedence rank (smaller wins). */
function readMatch(entry: unknown, path: string, issues: IssueList): { match: RouteMatch; rank: number[] } | undefined {
  if (!isRecord(entry)) {
    issues.error("type-invalid", path, `a match must be a mapping, not ${show(entry)}`);
    return undefined;
  }
  const match: { -readonly [K in keyof RouteMatch]: RouteMatch[K] } = {};
  // Rank keys: path kind (0 exact, 1 regex, 2 prefix), minus prefix length, method (0 with), minus counts.
  let pathKind = 2;
  let prefixLength = 1;
  for (const [key, value] of Object.entries(entry)) {
    const at = joinPath(path, key);
    if (key === "path") {
      const read = readPathMatch(value, at, issues);
      if (read === undefined) continue;
      match.uri = read.uri;
      pathKind = read.kind;
      prefixLength = read.length;
    } else if (key === "method") {
      if (typeof value === "string") match.method = value;
      else issues.error("type-invalid", at, `expected a method name, not ${show(value)}`);
    } else if (key === "headers" || key === "queryParams") {
      const conditions = readNamedMatches(value, at, issues, key === "headers");
      if (conditions !== undefined) match[key] = conditions;
    } else {
      issues.error("unknown-field", at, `Gateway API's HTTPRouteMatch has no field ${show(key)}`);
    }
  }
  if (match.uri === undefined) match.uri = { pathPrefix: "/" };
  const rank = [
    pathKind,
    pathKind === 2 ? -prefixLength : 0,
    match.method === undefined ? 1 : 0,
    -Object.keys(match.headers ?? {}).length,
    -Object.keys(match.queryParams ?? {}).length,
  ];
  return { match, rank };
}

function readPathMatch(value: unknown, path: string, issues: IssueList): { uri: RouteMatch["uri"] & object; kind: number; length: number } | undefined {
  if (!isRecord(value)) {
    issues.error("type-invalid", path, `expected a path match, not ${show(value)}`);
    return undefined;
  }
  const type = value["type"] ?? "PathPrefix";
  const written = value["value"] ?? "/";
  if (typeof written !== "string") {
    issues.error("type-invalid", joinPath(path, "value"), `expected a path, not ${show(written)}`);
    return undefined;
  }
  if (type === "Exact") return { uri: { exact: written }, kind: 0, length: written.length };
  if (type === "PathPrefix") return { uri: { pathPrefix: written }, kind: 2, length: written.replace(/\/+$/, "").length };
  if (type === "RegularExpression") {
    const regex = translateRegex(written, joinPath(path, "value"), issues, "request path");
    return regex === undefined ? undefined : { uri: regex, kind: 1, length: written.length };
  }
  issues.error("type-invalid", joinPath(path, "type"), `expected Exact, PathPrefix or RegularExpression, not ${show(type)}`);
  return undefined;
}

function readNamedMatches(value: unknown, path: string, issues: IssueList, lowerCase: boolean): Record<string, StringMatch> | undefined {
  if (!Array.isArray(value)) {
    issues.error("type-invalid", path, `expected a list of {name, value} matches, not ${show(value)}`);
    return undefined;
  }
  const conditions: Record<string, StringMatch> = {};
  value.forEach((entry: unknown, index) => {
    const at = `${path}[${index}]`;
    if (!isRecord(entry) || typeof entry["name"] !== "string" || typeof entry["value"] !== "string") {
      issues.error("type-invalid", at, "expected {name, value} with string name and value");
      return;
    }
    const type = entry["type"] ?? "Exact";
    const name = lowerCase ? entry["name"].toLowerCase() : entry["name"];
    if (type === "Exact") conditions[name] = { exact: entry["value"] };
    else if (type === "RegularExpression") {
      const regex = translateRegex(entry["value"], joinPath(at, "value"), issues, lowerCase ? "header value" : "query parameter");
      if (regex !== undefined) conditions[name] = regex;
    } else issues.error("type-invalid", joinPath(at, "type"), `expected Exact or RegularExpression, not ${show(type)}`);
  });
  return conditions;
}
