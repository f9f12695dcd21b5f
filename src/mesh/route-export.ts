/**
 * A corsgate route table → the CORS parts of a VirtualService's `http[]` or an HTTPRoute's `rules[]`.
 * Matches are written so that they select the same requests: Gateway API's segment-wise `PathPrefix`
 * is an exact path plus a `prefix` ending in `/` in Istio; Istio's plain `prefix` is a regex in Gateway API.
 */
import type { CorsPolicyConfig } from "../core/config.js";
import { isCorsConfigError } from "../core/errors.js";
import type { CorsPolicy } from "../core/types.js";
import { toGatewayApiCors } from "./gateway-api.js";
import type { GatewayApiCorsFilter } from "./gateway-api.js";
import { fromHTTPRoute } from "./http-route.js";
import { toIstioCorsPolicy } from "./istio.js";
import type { IstioCorsPolicy, IstioStringMatch } from "./istio.js";
import { IssueList, joinPath, show } from "./issues.js";
import type { MeshExportOptions } from "./conversion-warnings.js";
import { escapeRegex, javaScriptToRe2 } from "./re2.js";
import type { Route, RouteMatch, StringMatch } from "./routes.js";

/** The CORS-relevant part of one VirtualService HTTP route. */
export interface IstioHttpRoute {
  match?: Record<string, unknown>[];
  corsPolicy?: IstioCorsPolicy;
}

/** The CORS-relevant part of one HTTPRoute rule. */
export interface GatewayApiRule {
  matches?: Record<string, unknown>[];
  filters?: { type: "CORS"; cors: GatewayApiCorsFilter }[];
}

const GATEWAY_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"]);

function matchesOf(route: Route): readonly RouteMatch[] {
  if (route.match === undefined) return [];
  return Array.isArray(route.match) ? (route.match as readonly RouteMatch[]) : [route.match as RouteMatch];
}

function exportPolicy<T>(policy: CorsPolicy | CorsPolicyConfig | undefined, path: string, issues: IssueList, convert: (policy: CorsPolicy | CorsPolicyConfig) => T): T | undefined {
  if (policy === undefined) return undefined;
  try {
    return convert(policy);
  } catch (error) {
    if (!isCorsConfigError(error)) throw error;
    issues.adopt(error.issues, path);
    return undefined;
  }
}

function regexToRe2(regex: string | RegExp, path: string, issues: IssueList, extraFlags = ""): string | undefined {
  const source = regex instanceof RegExp ? regex.source : regex;
  const flags = `${regex instanceof RegExp ? regex.flags : ""}${extraFlags}`;
  const translated = javaScriptToRe2(source, [...new Set(flags)].join(""));
  if (translated.ok) return translated.pattern;
  issues.error(translated.code, path, `${translated.message} (in /${source}/${flags})`);
  return undefined;
}

function istioStringMatch(match: StringMatch, path: string, issues: IssueList): IstioStringMatch | undefined {
  if ("exact" in match) return { exact: match.exact };
  if ("prefix" in match) return { prefix: match.prefix };
  const regex = regexToRe2(match.regex, joinPath(path, "regex"), issues);
  return regex === undefined ? undefined : { regex };
}

/**
 * Writes a route table as the `http` list of a VirtualService (matches and `corsPolicy`; add destinations).
 * `options.onWarning` receives each route policy's `conversion-lossy` warnings.
 */
export function toIstioHttpRoutes(routes: readonly Route[], options: Pick<MeshExportOptions, "onWarning"> = {}): IstioHttpRoute[] {
  const issues = new IssueList();
  const http = routes.map((route, index) => {
    const base = `routes[${index}]`;
    const out: IstioHttpRoute = {};
    const matches: Record<string, unknown>[] = [];
    matchesOf(route).forEach((match, matchIndex) => {
      const path = joinPath(base, `match[${matchIndex}]`);
      const common: Record<string, unknown> = {};
      if (match.ignoreUriCase === true) common["ignoreUriCase"] = true;
      if (match.method !== undefined) {
        const method = istioStringMatch(typeof match.method === "string" ? { exact: match.method } : match.method, joinPath(path, "method"), issues);
        if (method !== undefined) common["method"] = method;
      }
      for (const field of ["headers", "queryParams"] as const) {
        const conditions = match[field];
        if (conditions === undefined) continue;
        const written: Record<string, IstioStringMatch> = {};
        for (const [name, condition] of Object.entries(conditions)) {
          const converted = istioStringMatch(condition, joinPath(path, `${field}.${name}`), issues);
          if (converted !== undefined) written[name] = converted;
        }
        common[field] = written;
      }
      const uri = match.uri;
      if (uri === undefined) matches.push(common);
      else if ("pathPrefix" in uri) {
        // Gateway API's segment prefix: the path itself, or anything below it.
        const trimmed = uri.pathPrefix.replace(/\/+$/, "");
        if (trimmed === "") matches.push({ ...common, uri: { prefix: "/" } });
        else matches.push({ ...common, uri: { exact: trimmed } }, { ...common, uri: { prefix: `${trimmed}/` } });
      } else {
        const converted = istioStringMatch(uri, joinPath(path, "uri"), issues);
        if (converted !== undefined) matches.push({ ...common, uri: converted });
      }
    });
    if (matches.length > 0) out.match = matches;
    const policyPath = route.policySource ?? joinPath(base, "policy");
    const corsPolicy = exportPolicy(route.policy, policyPath, issues, (policy) => toIstioCorsPolicy(policy, { ...options, path: policyPath }));
    if (corsPolicy !== undefined) out.corsPolicy = corsPolicy;
    return out;
  });
  issues.finish(undefined);
  return http;
}

function gatewayValueMatch(match: StringMatch, ignoreCase: boolean, path: string, issues: IssueList): { type: string; value: string } | undefined {
  if ("exact" in match && !ignoreCase) return { type: "Exact", value: match.exact };
  if ("exact" in match) return { type: "RegularExpression", value: `(?i)${escapeRegex(match.exact)}` };
  if ("prefix" in match) return { type: "RegularExpression", value: `${ignoreCase ? "(?i)" : ""}${escapeRegex(match.prefix)}.*` };
  const regex = regexToRe2(match.regex, joinPath(path, "regex"), issues, ignoreCase ? "i" : "");
  return regex === undefined ? undefined : { type: "RegularExpression", value: regex };
}

/**
 * Writes a route table as the `rules` of an HTTPRoute (matches and a CORS filter; add backendRefs).
 * Gateway API picks a rule by precedence (exact path, longest prefix, …), not by position: `notes`
 * says where that reorders the table, so that a person can check the overlap. `options.onWarning`
 * receives each route policy's `conversion-lossy` warnings (an Istio route that forwards unmatched preflights).
 */
export function toGatewayApiRules(routes: readonly Route[], options: Pick<MeshExportOptions, "onWarning"> = {}): { rules: GatewayApiRule[]; notes: string[] } {
  const issues = new IssueList();
  const rules = routes.map((route, index) => {
    const base = `routes[${index}]`;
    const rule: GatewayApiRule = {};
    const matches: Record<string, unknown>[] = [];
    matchesOf(route).forEach((match, matchIndex) => {
      const path = joinPath(base, `match[${matchIndex}]`);
      const out: Record<string, unknown> = {};
      const uri = match.uri;
      if (uri !== undefined) {
        if ("pathPrefix" in uri && match.ignoreUriCase !== true) out["path"] = { type: "PathPrefix", value: uri.pathPrefix };
        else if ("pathPrefix" in uri) {
          const trimmed = escapeRegex(uri.pathPrefix.replace(/\/+$/, ""));
          out["path"] = { type: "RegularExpression", value: `(?i)${trimmed}(/.*)?` };
        } else if ("prefix" in uri && uri.prefix === "/" && match.ignoreUriCase !== true) out["path"] = { type: "PathPrefix", value: "/" };
        else {
          const value = gatewayValueMatch(uri, match.ignoreUriCase === true, joinPath(path, "uri"), issues);
          if (value !== undefined) out["path"] = value;
        }
      }
      if (match.method !== undefined) {
        if (typeof match.method === "string" || "exact" in match.method) {
          const method = typeof match.method === "string" ? match.method : match.method.exact;
          if (GATEWAY_METHODS.has(method)) out["method"] = method;
          else issues.error("not-expressible", joinPath(path, "method"), `Gateway API matches only the methods ${[...GATEWAY_METHODS].join(", ")}, not ${show(method)}`);
        } else {
          issues.error("not-expressible", joinPath(path, "method"), "Gateway API matches a method exactly, not by prefix or regex");
        }
      }
      for (const field of ["headers", "queryParams"] as const) {
        const conditions = match[field];
        if (conditions === undefined) continue;
        const list: Record<string, string>[] = [];
        for (const [name, condition] of Object.entries(conditions)) {
          const value = gatewayValueMatch(condition, false, joinPath(path, `${field}.${name}`), issues);
          if (value !== undefined) list.push({ name, ...value });
        }
        out[field] = list;
      }
      matches.push(out);
    });
    if (matches.length > 0) rule.matches = matches;
    const policyPath = route.policySource ?? joinPath(base, "policy");
    const cors = exportPolicy(route.policy, policyPath, issues, (policy) => toGatewayApiCors(policy, { ...options, path: policyPath }));
    if (cors !== undefined) rule.filters = [{ type: "CORS", cors }];
    return rule;
  });
  issues.finish(undefined);
  const notes: string[] = [];
  const order = fromHTTPRoute({ spec: { rules } }).map((route) => Number(/rules\[(\d+)\]/.exec(route.source ?? "")?.[1] ?? "0"));
  for (let index = 1; index < order.length; index += 1) {
    const previous = order[index - 1] as number;
    const current = order[index] as number;
    if (current < previous) {
      notes.push(`Gateway API tries rules[${previous}] (from routes[${previous}]) before rules[${current}] (from routes[${current}]) by precedence; check that they do not overlap`);
    }
  }
  return { rules, notes };
}
