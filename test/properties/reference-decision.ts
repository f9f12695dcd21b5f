/**
 * A reference model of the whole decision of SPEC §3 and §5, written from the text and independent of
 * src/ (it reuses only the reference matcher and the normalized lists of `policy.config`, whose
 * normalization config-errors.test.ts checks on its own). `undefined` means the spec does not settle
 * the input (see `unsettled`), and such inputs are left out of the comparison.
 */
import type { CorsPolicy, CorsPolicyConfig, DenyCode, RequestKind } from "../../src/index.js";
import type { HeaderMap } from "./arbitraries.js";
import { answersWildcard, hasUnsettledPort, parseRequestOrigin, referenceAllows } from "./reference-matcher.js";

export interface ModelDecision {
  kind: RequestKind;
  allowed: boolean;
  action: "respond" | "continue";
  status?: number;
  headers: Record<string, string>;
  vary: string[];
  origin?: string;
  reason?: DenyCode;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const FETCH_NORMALIZED = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"];
const PREFLIGHT_VARY = ["Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers"];

/** A header as read per SPEC §2, or "unsettled" for shapes the spec leaves open. */
type Read = { present: false } | { present: true; value: string; several: boolean } | "unsettled";

function readHeader(map: HeaderMap, name: string, viaGetter: boolean): Read {
  const raw = Object.prototype.hasOwnProperty.call(map, name) ? map[name] : undefined;
  if (raw === undefined) return { present: false };
  if (!Array.isArray(raw)) return { present: true, value: raw, several: false };
  // A getter hands over the joined values (as fetch Headers does): one string.
  if (viaGetter) return { present: true, value: raw.join(", "), several: false };
  if (raw.length === 0) return "unsettled";
  if (raw.length === 1) return { present: true, value: raw[0] as string, several: false };
  if (name === "origin") return { present: true, value: "", several: true };
  if (name === "access-control-request-headers") return { present: true, value: raw.join(", "), several: false };
  return "unsettled";
}

/** SPEC §5.6, outcome only: the lower-cased names, or "invalid". */
function parseRequestHeaders(value: string): string[] | "invalid" {
  if (Buffer.byteLength(value, "utf8") > 4096) return "invalid";
  const names: string[] = [];
  for (const element of value.split(",")) {
    const name = element.replace(/^[ \t]+|[ \t]+$/g, "");
    if (name === "") continue;
    if (!TOKEN.test(name)) return "invalid";
    names.push(name.toLowerCase());
    if (names.length > 64) return "invalid";
  }
  return names;
}

const isStar = (list: readonly string[]): boolean => list.length === 1 && list[0] === "*";

/** The decision SPEC §3 and §5 describe, or undefined for an input the spec does not settle. */
export function referenceDecision(config: CorsPolicyConfig, policy: CorsPolicy, method: string | undefined, map: HeaderMap, viaGetter: boolean): ModelDecision | undefined {
  const normalized = policy.config;
  const originRead = readHeader(map, "origin", viaGetter);
  const methodRead = readHeader(map, "access-control-request-method", viaGetter);
  const headersRead = readHeader(map, "access-control-request-headers", viaGetter);
  const privateRead = readHeader(map, "access-control-request-private-network", viaGetter);
  if (originRead === "unsettled" || methodRead === "unsettled" || headersRead === "unsettled" || privateRead === "unsettled") return undefined;

  const originDependent = !answersWildcard(config);
  const originVary = originDependent ? ["Origin"] : [];

  const expose = normalized.exposeHeaders.length > 0 ? { "access-control-expose-headers": normalized.exposeHeaders.join(", ") } : {};
  // §5.5: under an origin-independent policy the answer is the same for every request, CORS or not.
  const independentHeaders = originDependent ? {} : { "access-control-allow-origin": "*", ...expose };

  // §3.1: no Origin or an empty one.
  if (!originRead.present || (!originRead.several && originRead.value === "")) {
    return { kind: "non-cors", allowed: false, action: "continue", headers: independentHeaders, vary: originVary };
  }
  const origin = originRead.several ? undefined : originRead.value;
  if (origin !== undefined && hasUnsettledPort(origin)) return undefined;
  const withOrigin = origin === undefined ? {} : { origin };

  const requestMethod = methodRead.present ? methodRead.value : "";
  const isPreflight = method === "OPTIONS" && requestMethod !== "";
  // Whether ACRM is trimmed is not settled: leave surrounding whitespace out.
  if (isPreflight && requestMethod !== requestMethod.replace(/^[ \t]+|[ \t]+$/g, "")) return undefined;

  // `null` has the shape of a serialized origin (SPEC §3): valid, and allowed only by an origin-independent "*" (§4).
  const valid = origin !== undefined && (origin === "null" || parseRequestOrigin(origin) !== undefined);
  const originAllowed = valid && (!originDependent || referenceAllows(config, origin));
  const originRefusal: DenyCode = valid ? "origin-not-allowed" : "origin-invalid";

  const base: Record<string, string> = {};
  if (originAllowed) base["access-control-allow-origin"] = originDependent ? (origin as string) : "*";
  if (originAllowed && normalized.allowCredentials) base["access-control-allow-credentials"] = "true";

  if (!isPreflight) {
    // §5.4: every actual request under an origin-independent policy, whatever its Origin value.
    if (!originDependent) return { kind: "actual", allowed: true, action: "continue", headers: independentHeaders, vary: [], ...withOrigin };
    if (!originAllowed) return { kind: "actual", allowed: false, action: "continue", headers: {}, vary: originVary, reason: originRefusal, ...withOrigin };
    return { kind: "actual", allowed: true, action: "continue", headers: { ...base, ...expose }, vary: originVary, ...withOrigin };
  }

  if (!originAllowed) {
    return normalized.unmatchedPreflights === "forward"
      ? { kind: "preflight", allowed: false, action: "continue", headers: {}, vary: ["Origin"], reason: originRefusal, ...withOrigin }
      : { kind: "preflight", allowed: false, action: "respond", status: 403, headers: {}, vary: PREFLIGHT_VARY, reason: originRefusal, ...withOrigin };
  }

  const upper = requestMethod.toUpperCase();
  const normalizedMethod = FETCH_NORMALIZED.includes(upper) ? upper : requestMethod;
  const methodOk =
    TOKEN.test(requestMethod) &&
    (isStar(normalized.allowMethods) || ["GET", "HEAD", "POST"].includes(normalizedMethod) || normalized.allowMethods.includes(normalizedMethod));
  const names = headersRead.present ? parseRequestHeaders(headersRead.value) : [];
  const headersOk = names !== "invalid" && (isStar(normalized.allowHeaders) || names.every((name) => normalized.allowHeaders.includes(name)));
  const askedPrivate = privateRead.present && privateRead.value === "true";
  const privateOk = !askedPrivate || normalized.allowPrivateNetwork;

  const refusal: DenyCode | undefined = !methodOk
    ? "method-not-allowed"
    : names === "invalid"
      ? "request-headers-invalid"
      : !headersOk
        ? "headers-not-allowed"
        : !privateOk
          ? "private-network-not-allowed"
          : undefined;

  const listed = (list: readonly string[]): string | undefined => (list.length === 0 || isStar(list) ? undefined : list.join(", "));
  const headers: Record<string, string> = { ...base };
  const status = normalized.preflightStatus;
  if (refusal !== undefined) {
    const methods = listed(normalized.allowMethods);
    const allowHeaders = listed(normalized.allowHeaders);
    if (methods !== undefined) headers["access-control-allow-methods"] = methods;
    if (allowHeaders !== undefined) headers["access-control-allow-headers"] = allowHeaders;
    return { kind: "preflight", allowed: false, action: "respond", status, headers, vary: PREFLIGHT_VARY, reason: refusal, ...withOrigin };
  }
  const methods = isStar(normalized.allowMethods) ? requestMethod : listed(normalized.allowMethods);
  const allowHeaders = isStar(normalized.allowHeaders) ? (names as string[]).join(", ") : listed(normalized.allowHeaders);
  if (methods !== undefined) headers["access-control-allow-methods"] = methods;
  if (allowHeaders !== undefined && allowHeaders !== "") headers["access-control-allow-headers"] = allowHeaders;
  if (normalized.maxAge !== undefined) headers["access-control-max-age"] = String(normalized.maxAge);
  Object.assign(headers, expose);
  if (askedPrivate) headers["access-control-allow-private-network"] = "true";
  return { kind: "preflight", allowed: true, action: "respond", status, headers, vary: PREFLIGHT_VARY, ...withOrigin };
}
