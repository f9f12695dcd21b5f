/**
 * Gateway API's `HTTPCORSFilter` (GEP-1767) ⇄ corsgate's `CorsPolicyConfig`. Gateway API origins are
 * strings with an optional leading `*` in the host, exactly corsgate's pattern strings, except
 * `scheme://*` (any host of that scheme), which corsgate holds as a regex. `maxAge` is in seconds.
 */
import type { CorsPolicyConfig, OriginMatcher } from "../core/config.js";
import type { CorsPolicy } from "../core/types.js";
import { addCoreErrors } from "./core-errors.js";
import { readBoolean, readRecord, readStringList, reportUnknownFields } from "./import-fields.js";
import type { MeshImportOptions } from "./istio.js";
import { IssueList, isRecord, joinPath, show } from "./issues.js";
import { parseWildcardOrigin, regexToWildcardOrigin, wildcardOriginToRegexes } from "./origin-forms.js";
import { normalizedConfigOf, regexParts } from "./policy-input.js";
import { conversionWarnings } from "./conversion-warnings.js";
import type { MeshExportOptions } from "./conversion-warnings.js";

/** The `cors` object of an HTTPRoute rule's `CORS` filter, as Gateway API defines it. */
export interface GatewayApiCorsFilter {
  allowOrigins?: string[];
  allowMethods?: string[];
  allowHeaders?: string[];
  exposeHeaders?: string[];
  allowCredentials?: boolean;
  /** Seconds, at least 1. Gateway API's default is 5, which is also what a browser assumes without the header. */
  maxAge?: number;
}

const GATEWAY_FIELDS = ["allowOrigins", "allowMethods", "allowHeaders", "exposeHeaders", "allowCredentials", "maxAge"] as const;
/** Gateway API's `HTTPMethodWithWildcard` enum. */
const GATEWAY_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "*"]);
const MAX_LIST_ITEMS = 64;
const MAX_INT32 = 2_147_483_647;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Reads a Gateway API CORS filter into a corsgate configuration. Accepts the `cors` object or the whole
 * filter (`{ type: CORS, cors: {…} }`). A `"*"` origin together with `allowCredentials: true`, which
 * Gateway API allows (the gateway then echoes any origin), sets `dangerouslyAllowAnyOriginWithCredentials`
 * so that corsgate accepts it, and `createPolicy` reports it as the warning `credentials-any-origin`.
 * A gateway answers every preflight itself, so `unmatchedPreflights` is `"reject"`.
 * Throws one `CorsConfigError` listing every field that cannot be read.
 */
export function fromGatewayApiCors(filter: unknown, options: MeshImportOptions = {}): CorsPolicyConfig {
  let base = options.path ?? "";
  const issues = new IssueList();
  let cors: unknown = filter;
  if (isRecord(filter) && "type" in filter) {
    if (filter["type"] !== "CORS") issues.error("type-invalid", joinPath(base, "type"), `expected a filter of type CORS, not ${show(filter["type"])}`);
    cors = filter["cors"];
    base = joinPath(base, "cors");
  }
  const source = readRecord(cors, base, issues, "the CORS filter");
  const config: Mutable<Partial<CorsPolicyConfig>> = {};
  if (source !== undefined) {
    reportUnknownFields(source, GATEWAY_FIELDS, base, issues, "Gateway API's HTTPCORSFilter");
    const at = (field: string): string => joinPath(base, field);
    const origins = source["allowOrigins"] === undefined ? [] : readStringList(source["allowOrigins"], at("allowOrigins"), issues);
    if (origins !== undefined) config.allowOrigins = origins.map(gatewayOriginToMatcher);
    for (const field of ["allowMethods", "allowHeaders", "exposeHeaders"] as const) {
      if (source[field] === undefined) continue;
      const list = readStringList(source[field], at(field), issues);
      if (list !== undefined) config[field] = list;
    }
    if (source["allowCredentials"] !== undefined) {
      const credentials = readBoolean(source["allowCredentials"], at("allowCredentials"), issues);
      if (credentials !== undefined) config.allowCredentials = credentials;
    }
    if (source["maxAge"] !== undefined) {
      const maxAge = source["maxAge"];
      if (typeof maxAge === "number" && Number.isSafeInteger(maxAge) && maxAge >= 0) config.maxAge = maxAge;
      else {
        issues.error(
          "type-invalid",
          at("maxAge"),
          `Gateway API's maxAge is a whole number of seconds, not ${show(maxAge)}`,
          typeof maxAge === "string" && /^\d+$/.test(maxAge) ? `write ${maxAge} without quotes` : undefined,
        );
      }
    }
    if (config.allowCredentials === true && origins?.includes("*") === true) {
      config.dangerouslyAllowAnyOriginWithCredentials = true;
    }
    config.unmatchedPreflights = "reject";
    if (issues.errors.length > 0) addCoreErrors(config, base, issues);
  }
  issues.finish(options.onWarning);
  return config as CorsPolicyConfig;
}

/** `scheme://*` (any host) has no corsgate pattern string: it becomes the regex that reads back as it. */
function gatewayOriginToMatcher(origin: string): OriginMatcher {
  const wildcard = parseWildcardOrigin(origin);
  if (wildcard !== undefined && wildcard.suffix === "" && origin.includes("://*") && wildcard.port !== "*") {
    const [regex] = wildcardOriginToRegexes(wildcard, true);
    return { regex: regex ?? origin };
  }
  return origin;
}

/**
 * Writes a corsgate policy (or a config, validated first with `createPolicy`) as a Gateway API CORS
 * filter's `cors` object. Throws `CorsConfigError` (code `not-expressible`) naming every part Gateway API
 * cannot hold: prefix and regex origins (other than the wildcard shapes), `ignoreCase`, a `:*` port, a
 * scheme other than http / https, a method outside Gateway API's list, `maxAge: 0`, more than 64 entries,
 * `allowPrivateNetwork`. Not written, because a browser cannot tell the difference: `preflightStatus`
 * (the gateway picks 200 or 204) and `unmatchedPreflights` (a gateway answers every preflight itself):
 * `unmatchedPreflights: "forward"` is reported to `options.onWarning` (code `conversion-lossy`).
 */
export function toGatewayApiCors(policy: CorsPolicy | CorsPolicyConfig, options: MeshExportOptions = {}): GatewayApiCorsFilter {
  const config = normalizedConfigOf(policy);
  const issues = new IssueList();
  const origins: string[] = [];
  const notExpressible = (path: string, message: string, hint?: string): void => issues.error("not-expressible", path, message, hint);
  config.allowOrigins.forEach((matcher, index) => {
    const path = `allowOrigins[${index}]`;
    let origin: string | undefined;
    if (typeof matcher === "string") origin = matcher;
    else if ("exact" in matcher) {
      if (matcher.ignoreCase === true) {
        notExpressible(`${path}.ignoreCase`, "Gateway API compares origins exactly", `list ${matcher.exact.toLowerCase()} as it is sent`);
        return;
      }
      origin = matcher.exact;
    } else if ("prefix" in matcher) {
      notExpressible(`${path}.prefix`, `Gateway API has no prefix origins (${show(matcher.prefix)})`, "list the origins, or use a https://*.example.com pattern");
      return;
    } else {
      const { source, flags } = regexParts(matcher);
      origin = flags === "" ? regexToWildcardOrigin(source) : undefined;
      if (origin === undefined) {
        notExpressible(`${path}.regex`, `Gateway API has no regex origins (/${source}/${flags})`, "list the origins, or use a https://*.example.com pattern");
        return;
      }
    }
    if (origin !== "*") {
      const scheme = origin.slice(0, origin.indexOf("://"));
      if (scheme !== "http" && scheme !== "https") {
        notExpressible(path, `Gateway API origins are http or https, not ${show(origin)}`);
        return;
      }
      if (origin.endsWith(":*")) {
        notExpressible(path, `Gateway API has no any-port origins (${show(origin)})`, "list each port, such as http://localhost:3000");
        return;
      }
    }
    origins.push(origin);
  });
  if (origins.length > MAX_LIST_ITEMS) notExpressible("allowOrigins", `Gateway API allows at most ${MAX_LIST_ITEMS} origins, not ${origins.length}`);
  config.allowMethods.forEach((method, index) => {
    if (!GATEWAY_METHODS.has(method)) {
      notExpressible(`allowMethods[${index}]`, `Gateway API's methods are ${[...GATEWAY_METHODS].join(", ")}, not ${show(method)}`);
    }
  });
  for (const field of ["allowHeaders", "exposeHeaders"] as const) {
    if (config[field].length > MAX_LIST_ITEMS) notExpressible(field, `Gateway API allows at most ${MAX_LIST_ITEMS} entries, not ${config[field].length}`);
  }
  if (config.maxAge === 0) notExpressible("maxAge", "Gateway API's maxAge is at least 1", "use maxAge: 1, or leave it out (browsers then cache for 5 s)");
  if (config.maxAge !== undefined && config.maxAge > MAX_INT32) notExpressible("maxAge", `Gateway API's maxAge is at most ${MAX_INT32}`, "86400");
  if (config.allowPrivateNetwork) {
    notExpressible("allowPrivateNetwork", "Gateway API's CORS filter has no Private Network Access setting", "remove allowPrivateNetwork, or keep this policy in corsgate");
  }
  issues.finish(undefined);
  for (const warning of conversionWarnings(config, "gateway-api", options.path)) options.onWarning?.(warning);
  const result: GatewayApiCorsFilter = { allowOrigins: origins };
  if (config.allowMethods.length > 0) result.allowMethods = [...config.allowMethods];
  if (config.allowHeaders.length > 0) result.allowHeaders = [...config.allowHeaders];
  if (config.exposeHeaders.length > 0) result.exposeHeaders = [...config.exposeHeaders];
  if (config.allowCredentials) result.allowCredentials = true;
  if (config.maxAge !== undefined) result.maxAge = config.maxAge;
  return result;
}


