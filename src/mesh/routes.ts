/**
 * Per-route policies: an ordered table of `{ match, policy }`, first match wins, as a VirtualService's
 * `http[]` list is read. Everything is compiled once, when the table is built; a request then costs
 * a few string comparisons (and a regex where the table has one).
 */
import { createPolicy } from "../core/compile.js";
import type { CorsPolicyConfig } from "../core/config.js";
import { isCorsConfigError } from "../core/errors.js";
import type { CorsPolicy } from "../core/types.js";
import { IssueList, isRecord, joinPath, show } from "./issues.js";
import { isCorsPolicy } from "./policy-input.js";
import { compileRouteRegex } from "./route-regex.js";
import type { RequestTarget, RouteRequest } from "./request-target.js";
import { readHeader, readQueryParameter, readRequestTarget } from "./request-target.js";

export type { RouteRequest } from "./request-target.js";

/** Istio's StringMatch. `regex` is JavaScript syntax here (the importers translate RE2) and must match the whole value. */
export type StringMatch = { readonly exact: string } | { readonly prefix: string } | { readonly regex: string | RegExp };

/**
 * How a route matches the request path: a StringMatch (`prefix` is Istio's plain `startsWith`), or
 * `pathPrefix`, Gateway API's prefix of whole path segments (`/api` matches `/api` and `/api/x`, not `/apis`).
 */
export type UriMatch = StringMatch | { readonly pathPrefix: string };

/** One way a route matches; every condition given must hold. */
export interface RouteMatch {
  readonly uri?: UriMatch;
  /** Compare `exact` and `prefix` URIs case-insensitively (Istio's `ignoreUriCase`). */
  readonly ignoreUriCase?: boolean;
  /** The request method; a string is an exact match. */
  readonly method?: string | StringMatch;
  /** Request headers by (lower-case) name. */
  readonly headers?: Readonly<Record<string, StringMatch>>;
  /** Query parameters by name (the first value counts). */
  readonly queryParams?: Readonly<Record<string, StringMatch>>;
}

/** One route of a table. */
export interface Route {
  /** A label, for tools (the CLI prints it). */
  readonly name?: string;
  /** One match, or several of which any may hold. Absent or empty: every request. */
  readonly match?: RouteMatch | readonly RouteMatch[];
  /** The CORS policy of the route. Absent: the route has no CORS, and the search stops here. */
  readonly policy?: CorsPolicy | CorsPolicyConfig;
  /** Where the route came from (`spec.http[2]`), put in front of the paths of its match problems. */
  readonly source?: string;
  /** Where the policy came from (`spec.http[2].corsPolicy`), put in front of the paths of its problems. */
  readonly policySource?: string;
}

/** A route after compilation. */
export interface CompiledRoute {
  readonly index: number;
  readonly name?: string;
  readonly source: string;
  readonly policy: CorsPolicy | undefined;
  /** True when the route matches the request. */
  matches(request: RouteRequest): boolean;
}

/**
 * A resolver for the adapters: returns the policy of the first route that matches the request, or
 * `undefined` when no route matches or the matching route has no CORS policy — meaning "no CORS here":
 * the request goes on untouched and no CORS header is added.
 */
export interface RouteResolver {
  (request: RouteRequest): CorsPolicy | undefined;
  /** The compiled routes, in order. */
  readonly routes: readonly CompiledRoute[];
  /** The first matching route (with or without a policy), or undefined. */
  route(request: RouteRequest): CompiledRoute | undefined;
}

type Test = (value: string | undefined) => boolean;
type RequestTest = (request: RouteRequest, target: RequestTarget) => boolean;

/**
 * Compiles a route table into a resolver that every corsgate adapter accepts in place of a policy.
 * Each route's policy is created once, here. Throws one `CorsConfigError` listing the problems of every
 * route (paths such as `routes[2].policy.allowOrigins[0]`, or the route's `source`).
 *
 * ```ts
 * const resolve = routePolicies([
 *   { match: { uri: { prefix: "/api/" } }, policy: { allowOrigins: ["https://app.example.com"] } },
 *   { match: { uri: { prefix: "/public/" } }, policy: { allowOrigins: ["*"] } },
 * ]);
 * app.use(cors(resolve)); // requests elsewhere get no CORS headers
 * ```
 */
export function routePolicies(routes: readonly Route[]): RouteResolver {
  const issues = new IssueList();
  if (!Array.isArray(routes)) {
    issues.error("type-invalid", "routes", `expected a list of routes, not ${show(routes)}`);
    issues.finish(undefined);
  }
  const compiled: { route: CompiledRoute; test: RequestTest }[] = [];
  routes.forEach((route: Route, index) => {
    const base = typeof route?.source === "string" ? route.source : `routes[${index}]`;
    if (!isRecord(route)) {
      issues.error("type-invalid", base, `a route must be an object, not ${show(route)}`);
      return;
    }
    const policyPath = typeof route.policySource === "string" ? route.policySource : joinPath(base, "policy");
    const policy = compileRoutePolicy(route.policy, policyPath, issues);
    const matchList = route.match === undefined ? [] : Array.isArray(route.match) ? (route.match as readonly RouteMatch[]) : [route.match as RouteMatch];
    const tests = matchList.map((match, matchIndex) =>
      compileMatch(match, joinPath(base, Array.isArray(route.match) ? `match[${matchIndex}]` : "match"), issues),
    );
    const test: RequestTest = (request, target) => tests.length === 0 || tests.some((one) => one(request, target));
    const compiledRoute: CompiledRoute = Object.freeze({
      index,
      source: base,
      policy,
      matches: (request: RouteRequest) => test(request, readRequestTarget(request)),
      ...(typeof route.name === "string" ? { name: route.name } : {}),
    });
    compiled.push({ route: compiledRoute, test });
  });
  issues.finish(undefined);
  const route = (request: RouteRequest): CompiledRoute | undefined => {
    if (compiled.length === 0) return undefined;
    // The target is read once for all routes.
    const target = readRequestTarget(request);
    return compiled.find((candidate) => candidate.test(request, target))?.route;
  };
  const resolver = ((request: RouteRequest) => route(request)?.policy) as RouteResolver;
  Object.defineProperty(resolver, "routes", { value: Object.freeze(compiled.map((entry) => entry.route)), enumerable: true });
  Object.defineProperty(resolver, "route", { value: route, enumerable: true });
  return resolver;
}

function compileRoutePolicy(policy: unknown, path: string, issues: IssueList): CorsPolicy | undefined {
  if (policy === undefined || policy === null) return undefined;
  if (isCorsPolicy(policy)) return policy;
  try {
    return createPolicy(policy as CorsPolicyConfig);
  } catch (error) {
    if (isCorsConfigError(error)) {
      issues.adopt(error.issues, path);
      return undefined;
    }
    throw error;
  }
}

function compileMatch(input: unknown, path: string, issues: IssueList): RequestTest {
  if (!isRecord(input)) {
    issues.error("type-invalid", path, `a match must be an object, not ${show(input)}`);
    return () => false;
  }
  const match = input as RouteMatch;
  const known = ["uri", "ignoreUriCase", "method", "headers", "queryParams"];
  for (const key of Object.keys(match)) {
    if (!known.includes(key)) issues.error("match-unsupported", joinPath(path, key), `corsgate cannot match on ${show(key)} in process`, `known conditions: ${known.join(", ")}`);
  }
  const tests: RequestTest[] = [];
  if (match.uri !== undefined) {
    const uri = compileUri(match.uri, match.ignoreUriCase === true, joinPath(path, "uri"), issues);
    tests.push((_request, target) => uri(target.path));
  }
  if (match.method !== undefined) {
    const method = compileStringMatch(typeof match.method === "string" ? { exact: match.method } : match.method, false, joinPath(path, "method"), issues, "method");
    tests.push((request) => method(request.method));
  }
  for (const [field, read] of [
    ["headers", (request: RouteRequest, _target: RequestTarget, name: string) => readHeader(request.headers, name)],
    ["queryParams", (_request: RouteRequest, target: RequestTarget, name: string) => readQueryParameter(target.query, name)],
  ] as const) {
    const conditions = match[field];
    if (conditions === undefined) continue;
    if (!isRecord(conditions)) {
      issues.error("type-invalid", joinPath(path, field), `expected a mapping of names to StringMatch, not ${show(conditions)}`);
      continue;
    }
    for (const [name, condition] of Object.entries(conditions)) {
      const key = field === "headers" ? name.toLowerCase() : name;
      const test = compileStringMatch(condition, false, joinPath(path, `${field}.${name}`), issues, field === "headers" ? "header value" : "query parameter");
      tests.push((request, target) => test(read(request, target, key)));
    }
  }
  return (request, target) => tests.every((test) => test(request, target));
}

function compileUri(uri: unknown, ignoreCase: boolean, path: string, issues: IssueList): Test {
  if (isRecord(uri) && "pathPrefix" in uri) {
    const written = (uri as { pathPrefix: unknown }).pathPrefix;
    if (typeof written !== "string" || !written.startsWith("/")) {
      issues.error("type-invalid", joinPath(path, "pathPrefix"), `a path prefix is a string starting with /, not ${show(written)}`);
      return () => false;
    }
    // Gateway API: whole segments, and a trailing slash is ignored.
    const prefix = written.replace(/\/+$/, "");
    if (prefix === "") return (value) => value !== undefined;
    const fold = (text: string): string => (ignoreCase ? text.toLowerCase() : text);
    const wanted = fold(prefix);
    return (value) => {
      if (value === undefined) return false;
      const folded = fold(value);
      return folded === wanted || (folded.startsWith(wanted) && folded[wanted.length] === "/");
    };
  }
  return compileStringMatch(uri, ignoreCase, path, issues, "request path");
}

/** `subject` names what the value is, for the messages of a refused regex ("request path", "header value"). */
function compileStringMatch(match: unknown, ignoreCase: boolean, path: string, issues: IssueList, subject: string): Test {
  if (!isRecord(match)) {
    issues.error("type-invalid", path, `expected a StringMatch ({exact}, {prefix} or {regex}), not ${show(match)}`);
    return () => false;
  }
  const kinds = Object.keys(match);
  const kind = kinds[0];
  if (kinds.length !== 1 || (kind !== "exact" && kind !== "prefix" && kind !== "regex")) {
    issues.error("type-invalid", path, `a StringMatch holds exactly one of exact, prefix or regex, not ${kinds.length === 0 ? "none" : kinds.join(", ")}`);
    return () => false;
  }
  const written: unknown = (match as Record<string, unknown>)[kind];
  const at = joinPath(path, kind);
  if (kind === "regex") {
    const regex = compileRouteRegex(written, at, issues, subject);
    if (regex === undefined) return () => false;
    return (value) => value !== undefined && regex.test(value);
  }
  if (typeof written !== "string") {
    issues.error("type-invalid", at, `expected a string, not ${show(written)}`);
    return () => false;
  }
  const wanted = ignoreCase ? written.toLowerCase() : written;
  if (kind === "exact") return (value) => value !== undefined && (ignoreCase ? value.toLowerCase() : value) === wanted;
  return (value) => value !== undefined && (ignoreCase ? value.toLowerCase() : value).startsWith(wanted);
}
