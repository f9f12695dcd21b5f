/**
 * An independent reading of SPEC §3–§6, written without looking at how the core does it: which origins a
 * configuration allows, and the invariants every decision must satisfy. The fuzzer compares the core with it.
 */
import type { CorsDecision, CorsPolicy, CorsPolicyConfig, OriginMatcher } from "../src/index.js";
import type { FuzzHeaderValue, FuzzRequest } from "./fuzz-generate.js";

const ORIGIN_SHAPE = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?$/;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const KNOWN_HEADERS = new Set([
  "access-control-allow-origin",
  "access-control-allow-credentials",
  "access-control-allow-methods",
  "access-control-allow-headers",
  "access-control-expose-headers",
  "access-control-max-age",
  "access-control-allow-private-network",
]);

/** A header that must arrive once: its value, `undefined` when absent, or `"many"`. */
function single(value: FuzzHeaderValue | undefined): string | undefined | "many" {
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.length > 1 ? "many" : value[0];
  return value;
}

/** Whether `origin` is a well-shaped serialized origin (SPEC §3), `null` excluded. */
export function isValidOrigin(origin: string): boolean {
  if (origin.length > 2048 || origin.includes(",")) return false;
  const match = ORIGIN_SHAPE.exec(origin);
  if (match === null) return false;
  const port = match[1];
  return port === undefined || (Number(port) >= 1 && Number(port) <= 65535);
}

function matchesPatternString(pattern: string, origin: string): boolean {
  if (/[A-Z]/.test(origin)) return false;
  const [scheme = "", rest = ""] = pattern.split("://");
  const [originScheme = "", originRest = ""] = origin.split("://");
  if (scheme !== originScheme) return false;
  const anyPort = rest.endsWith(":*");
  const patternHostPort = anyPort ? rest.slice(0, -2) : rest;
  const originPortIndex = originRest.startsWith("[") ? originRest.indexOf("]:") + 1 : originRest.lastIndexOf(":");
  const originHost = originPortIndex > 0 ? originRest.slice(0, originPortIndex) : originRest;
  const originHostPort = anyPort ? originHost : originRest;
  if (!patternHostPort.startsWith("*.")) return originHostPort === patternHostPort;
  const suffix = patternHostPort.slice(1); // ".example.com[:port]"
  if (!originHostPort.endsWith(suffix)) return false;
  const labels = originHostPort.slice(0, -suffix.length);
  return labels !== "" && labels.split(".").every((label) => /^[a-z0-9-]+$/.test(label));
}

/** Whether one matcher of a policy matches a valid, non-null origin. */
export function matcherMatches(matcher: OriginMatcher, origin: string): boolean {
  if (typeof matcher === "string") {
    if (matcher === "*") return true;
    if (matcher.includes("*")) return matchesPatternString(matcher, origin);
    return matcher === origin;
  }
  if ("exact" in matcher) {
    if (matcher.exact === "*") return true;
    return matcher.ignoreCase === true ? matcher.exact.toLowerCase() === origin.toLowerCase() : matcher.exact === origin;
  }
  if ("prefix" in matcher) {
    return matcher.ignoreCase === true ? origin.toLowerCase().startsWith(matcher.prefix.toLowerCase()) : origin.startsWith(matcher.prefix);
  }
  const source = typeof matcher.regex === "string" ? matcher.regex : matcher.regex.source;
  const flags = typeof matcher.regex === "string" ? "" : matcher.regex.flags;
  return new RegExp(`^(?:${source})$`, flags).test(origin);
}

/** SPEC §6.7 and its converse: the origin verdict the configuration implies. */
export function originAllowed(config: CorsPolicyConfig, origin: string | undefined): boolean {
  if (origin === undefined || origin === "null" || !isValidOrigin(origin)) return false;
  return config.allowOrigins.some((matcher) => matcherMatches(matcher, origin));
}

/** SPEC §5: the policy's only origin is `"*"`, without credentials: the same answer for every request. */
export function isOriginIndependent(config: CorsPolicyConfig): boolean {
  const only = config.allowOrigins.length === 1 ? config.allowOrigins[0] : undefined;
  const any = only === "*" || (typeof only === "object" && "exact" in only && only.exact === "*");
  return any && config.allowCredentials !== true;
}

/** Every way `decision` breaks SPEC §3–§6 for `request` under `config`; empty when it is right. */
export function checkDecision(config: CorsPolicyConfig, policy: CorsPolicy, request: FuzzRequest, decision: CorsDecision): string[] {
  const problems: string[] = [];
  const fail = (what: string) => problems.push(what);
  const rawOrigin = single(request.headers["origin"]);
  const origin = rawOrigin === "many" ? undefined : rawOrigin;
  const requestMethod = single(request.headers["access-control-request-method"]);
  const isCors = rawOrigin !== undefined && rawOrigin !== "";
  const kind = !isCors ? "non-cors" : request.method === "OPTIONS" && requestMethod !== undefined && requestMethod !== "" ? "preflight" : "actual";
  const independent = isOriginIndependent(config);
  // §4, §5.4: under an origin-independent policy an actual request is allowed whatever its Origin value, and a
  // preflight whenever its Origin is valid or `null`.
  const allowedOrigin = independent
    ? kind === "actual" || (origin !== undefined && (origin === "null" || isValidOrigin(origin)))
    : originAllowed(config, origin);
  const headers = decision.headers;
  const acao = headers["access-control-allow-origin"];
  const normalized = policy.config;

  if (decision.kind !== kind) fail(`kind is ${decision.kind}, expected ${kind}`);
  if ((decision.status !== undefined) !== (decision.action === "respond")) fail("status present iff respond is broken");
  if ((decision.reason !== undefined) !== (decision.kind !== "non-cors" && !decision.allowed)) fail("reason present iff denied is broken");
  if (decision.kind !== "preflight" && decision.action !== "continue") fail("only a preflight may be answered at once");
  if (decision.kind === "non-cors") {
    // §5.5: none, except ACAO `*` (and the configured ACEH) under an origin-independent policy.
    const expected: Record<string, string> = {};
    if (independent) {
      expected["access-control-allow-origin"] = "*";
      if (policy.config.exposeHeaders.length > 0) expected["access-control-expose-headers"] = policy.config.exposeHeaders.join(", ");
    }
    if (decision.allowed || JSON.stringify(headers) !== JSON.stringify(expected)) fail(`a non-CORS request got headers ${JSON.stringify(headers)}`);
    if (independent === decision.vary.includes("Origin")) fail(`a non-CORS request got Vary ${JSON.stringify(decision.vary)}`);
  }
  if (isCors && typeof origin === "string" && decision.origin !== origin) fail("decision.origin is not the request's Origin");
  // §6.2: only known header names, valid field values, echoed values validated.
  for (const [name, value] of Object.entries(headers)) {
    if (!KNOWN_HEADERS.has(name)) fail(`unknown header ${name}`);
    if (/[\r\n\0]/.test(value) || /[^\t\x20-\xff]/.test(value)) fail(`header ${name} is not a valid field value: ${JSON.stringify(value)}`);
  }
  // §6.3 and §6.7: ACAO only for an origin some matcher matches; `*` or the request origin byte for byte.
  if (acao !== undefined) {
    if (!allowedOrigin && !(independent && kind === "non-cors")) fail(`ACAO ${JSON.stringify(acao)} for an origin no matcher allows: ${JSON.stringify(rawOrigin)}`);
    if (acao !== "*" && acao !== origin) fail("ACAO is neither * nor the request origin");
    // §6.5
    // An Origin of "*" (invalid) is never echoed; ACAO "*" under an origin-independent policy is not its echo.
    if (acao === origin && acao !== "*" && !decision.vary.includes("Origin")) fail("ACAO echoes the origin but Vary lacks Origin");
  }
  if (decision.allowed && !allowedOrigin) fail("allowed an origin no matcher matches");
  // The converse: an origin a matcher allows is never refused for its origin.
  if (isCors && allowedOrigin && (decision.reason?.code === "origin-not-allowed" || decision.reason?.code === "origin-invalid")) {
    fail(`refused an allowed origin ${JSON.stringify(origin)} (${decision.reason.code})`);
  }
  if (kind === "actual" && allowedOrigin && !decision.allowed) fail("an actual request from an allowed origin was refused");
  if (isCors && !independent && !allowedOrigin && rawOrigin !== "many" && origin !== undefined && origin !== "null" && decision.reason !== undefined) {
    const expected = isValidOrigin(origin) ? "origin-not-allowed" : "origin-invalid";
    if (decision.reason.code !== expected) fail(`reason ${decision.reason.code}, expected ${expected}`);
  }
  // §6.4
  const acac = headers["access-control-allow-credentials"];
  if (acac !== undefined && (acac !== "true" || acao === "*")) fail(`ACAC ${acac} with ACAO ${acao}`);
  if (acac !== undefined && !normalized.allowCredentials) fail("ACAC without allowCredentials");
  const acam = headers["access-control-allow-methods"];
  if (acam !== undefined) {
    const expected = normalized.allowMethods.join(", ");
    if (acam !== expected && !(normalized.allowMethods[0] === "*" && TOKEN.test(acam) && acam === requestMethod)) fail(`ACAM ${JSON.stringify(acam)}`);
  }
  const acah = headers["access-control-allow-headers"];
  if (acah !== undefined && !acah.split(", ").every((name) => TOKEN.test(name) && name === name.toLowerCase())) fail(`ACAH ${JSON.stringify(acah)}`);
  const acma = headers["access-control-max-age"];
  if (acma !== undefined && (acma !== String(normalized.maxAge) || decision.allowed !== true)) fail(`ACMA ${acma}`);
  if (decision.kind === "preflight" && decision.action === "respond" && decision.status !== (allowedOrigin ? normalized.preflightStatus : 403)) {
    fail(`preflight status ${decision.status}`);
  }
  return problems;
}
