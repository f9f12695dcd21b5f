/**
 * A whole Istio VirtualService → a corsgate route table. Its `http[]` routes keep their order (Istio
 * takes the first that matches); each `match[]` entry becomes one `RouteMatch`; a route without
 * `corsPolicy` becomes a route without a policy, so requests it matches get no CORS headers.
 */
import type { CorsPolicyConfig } from "../core/config.js";
import type { ConfigIssue } from "../core/errors.js";
import { isCorsConfigError } from "../core/errors.js";
import { addCoreErrors } from "./core-errors.js";
import { fromIstioCorsPolicy } from "./istio.js";
import type { MeshImportOptions } from "./istio.js";
import { IssueList, isRecord, joinPath, show } from "./issues.js";
import { re2ToJavaScript } from "./re2.js";
import { compileRouteRegex } from "./route-regex.js";
import type { Route, RouteMatch, StringMatch } from "./routes.js";

/** Any value, even empty: the condition only holds when the header or parameter is present. */
const PRESENT: StringMatch = { regex: "[\\s\\S]*" };

/** Conditions on where traffic enters or comes from, which a server cannot see in process: ignored, with a warning. */
const IGNORED_CONDITIONS = ["port", "gateways", "sourceLabels", "sourceNamespace", "statPrefix"];
/** Conditions corsgate cannot evaluate the way Istio does: refused, so that no route silently widens. */
const UNSUPPORTED_CONDITIONS = ["authority", "scheme", "withoutHeaders"];

/**
 * Reads a VirtualService (the manifest, or just its `spec`) into a route table for `routePolicies`.
 * Throws one `CorsConfigError` listing every problem, with paths into the manifest
 * (`spec.http[1].corsPolicy.allowOrigins[0].regex`).
 */
export function fromVirtualService(virtualService: unknown, options: MeshImportOptions = {}): Route[] {
  const base = options.path ?? "";
  const issues = new IssueList();
  const routes: Route[] = [];
  const manifest = isRecord(virtualService) ? virtualService : {};
  const spec = isRecord(manifest["spec"]) ? manifest["spec"] : "http" in manifest ? manifest : undefined;
  const specPath = spec === manifest ? base : joinPath(base, "spec");
  const name = isRecord(manifest["metadata"]) && typeof manifest["metadata"]["name"] === "string" ? manifest["metadata"]["name"] : "VirtualService";
  if (spec === undefined) {
    issues.error("manifest-invalid", base, `expected a VirtualService with spec.http, not ${show(virtualService)}`);
  } else if (spec["http"] !== undefined && !Array.isArray(spec["http"])) {
    issues.error("type-invalid", joinPath(specPath, "http"), `expected a list of HTTP routes, not ${show(spec["http"])}`);
  } else {
    const http = (spec["http"] ?? []) as unknown[];
    http.forEach((entry, index) => {
      const routePath = joinPath(specPath, `http[${index}]`);
      if (!isRecord(entry)) {
        issues.error("type-invalid", routePath, `an HTTP route must be a mapping, not ${show(entry)}`);
        return;
      }
      const label = typeof entry["name"] === "string" ? `${name}/${entry["name"]}` : `${name} http[${index}]`;
      if (entry["delegate"] !== undefined) {
        issues.warn("field-ignored", joinPath(routePath, "delegate"), "corsgate does not follow delegation: the delegate's routes are not read", "import the delegate VirtualService too");
      }
      const match = readMatches(entry["match"], joinPath(routePath, "match"), issues);
      let policy;
      if (entry["corsPolicy"] !== undefined) {
        try {
          policy = fromIstioCorsPolicy(entry["corsPolicy"], {
            path: joinPath(routePath, "corsPolicy"),
            onWarning: (warning: ConfigIssue) => issues.warnings.push(warning),
          });
        } catch (error) {
          if (!isCorsConfigError(error)) throw error;
          issues.adopt(error.issues, "");
        }
      }
      routes.push({
        name: label,
        source: routePath,
        policySource: joinPath(routePath, "corsPolicy"),
        ...(match === undefined ? {} : { match }),
        ...(policy === undefined ? {} : { policy }),
      });
    });
  }
  // With other problems, the policies read without one are checked now, so that every problem is listed at once.
  if (issues.errors.length > 0) {
    for (const route of routes) if (route.policy !== undefined) addCoreErrors(route.policy as CorsPolicyConfig, route.policySource ?? "", issues);
  }
  issues.finish(options.onWarning);
  return routes;
}

function readMatches(value: unknown, path: string, issues: IssueList): RouteMatch[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    issues.error("type-invalid", path, `expected a list of HTTPMatchRequest, not ${show(value)}`);
    return undefined;
  }
  return value.map((entry: unknown, index) => readMatch(entry, `${path}[${index}]`, issues));
}

function readMatch(entry: unknown, path: string, issues: IssueList): RouteMatch {
  if (!isRecord(entry)) {
    issues.error("type-invalid", path, `an HTTPMatchRequest must be a mapping, not ${show(entry)}`);
    return {};
  }
  const match: { -readonly [K in keyof RouteMatch]: RouteMatch[K] } = {};
  for (const [key, value] of Object.entries(entry)) {
    const at = joinPath(path, key);
    if (key === "name") continue;
    if (key === "uri") {
      const uri = readIstioStringMatch(value, at, issues, "request path");
      if (uri !== undefined) match.uri = uri;
    } else if (key === "ignoreUriCase") {
      if (typeof value === "boolean") match.ignoreUriCase = value;
      else issues.error("type-invalid", at, `expected true or false, not ${show(value)}`);
    } else if (key === "method") {
      const method = readIstioStringMatch(value, at, issues, "method");
      if (method !== undefined) match.method = method;
    } else if (key === "headers" || key === "queryParams") {
      if (!isRecord(value)) {
        issues.error("type-invalid", at, `expected a mapping of names to StringMatch, not ${show(value)}`);
        continue;
      }
      const conditions: Record<string, StringMatch> = {};
      for (const [name, condition] of Object.entries(value)) {
        // Istio: an empty StringMatch on a header or query parameter only asks that it be present.
        const read = isRecord(condition) && Object.keys(condition).length === 0 ? PRESENT : readIstioStringMatch(condition, joinPath(at, name), issues, key === "headers" ? "header value" : "query parameter");
        if (read !== undefined) conditions[key === "headers" ? name.toLowerCase() : name] = read;
      }
      match[key] = conditions;
    } else if (IGNORED_CONDITIONS.includes(key)) {
      issues.warn("field-ignored", at, `${key} describes where traffic enters the mesh, which a server cannot see: the condition is ignored`);
    } else if (UNSUPPORTED_CONDITIONS.includes(key)) {
      issues.error("match-unsupported", at, `corsgate cannot match on ${key} in process`, "route on the path, method, headers or query parameters");
    } else {
      issues.error("unknown-field", at, `Istio's HTTPMatchRequest has no field ${show(key)}`);
    }
  }
  return match;
}

/** An Istio StringMatch with its RE2 regex translated to JavaScript. */
export function readIstioStringMatch(value: unknown, path: string, issues: IssueList, subject: string): StringMatch | undefined {
  if (!isRecord(value)) {
    issues.error("type-invalid", path, `expected a StringMatch ({exact}, {prefix} or {regex}), not ${show(value)}`);
    return undefined;
  }
  const kinds = Object.keys(value);
  const kind = kinds[0];
  if (kinds.length !== 1 || (kind !== "exact" && kind !== "prefix" && kind !== "regex")) {
    issues.error("type-invalid", path, `a StringMatch holds exactly one of exact, prefix or regex, not ${kinds.length === 0 ? "none" : kinds.join(", ")}`);
    return undefined;
  }
  const text = value[kind];
  if (typeof text !== "string") {
    issues.error("type-invalid", joinPath(path, kind), `expected a string, not ${show(text)}`);
    return undefined;
  }
  if (kind === "exact") return { exact: text };
  if (kind === "prefix") return { prefix: text };
  return translateRegex(text, joinPath(path, "regex"), issues, subject);
}

/**
 * An RE2 pattern as a corsgate `{ regex }`: a string, or a RegExp when it needs the `i` flag. The translation
 * goes through the regex gate here, so that an unsafe pattern is reported with the manifest's other problems.
 * `subject` names the value the regex runs on, for the messages ("request path", "header value").
 */
export function translateRegex(pattern: string, path: string, issues: IssueList, subject: string): StringMatch | undefined {
  const translated = re2ToJavaScript(pattern);
  if (!translated.ok) {
    issues.error(translated.code, path, `${translated.message} (in ${show(pattern)})`);
    return undefined;
  }
  const regex = translated.flags === "" ? translated.source : new RegExp(translated.source, translated.flags);
  return compileRouteRegex(regex, path, issues, subject) === undefined ? undefined : { regex };
}
