/**
 * The probe matrix: from a policy (or a route table), the requests that tell whether a server applies it.
 * Only GET and OPTIONS are ever sent: probing must not change anything on the server.
 */
import type { NormalizedCorsPolicyConfig } from "../core/config.js";
import { evaluate } from "../core/evaluate.js";
import type { CorsPolicy } from "../core/types.js";
import type { ProbeOrigin } from "./sample-origins.js";
import { nearMisses, sampleOrigin } from "./sample-origins.js";

/** One request the verifier sends. */
export interface Probe {
  /** `non-cors`: no Origin at all. */
  readonly kind: "preflight" | "actual" | "non-cors";
  readonly path: string;
  /** The method sent: OPTIONS for a preflight, GET otherwise. */
  readonly method: "OPTIONS" | "GET";
  /** The CORS request headers sent (lower-case names). */
  readonly headers: Readonly<Record<string, string>>;
  readonly origin?: ProbeOrigin;
  /** For a preflight: the ACRM and the ACRH names. */
  readonly requestMethod?: string;
  readonly requestHeaders?: readonly string[];
  readonly privateNetwork?: boolean;
}

const SAFELISTED = new Set(["GET", "HEAD", "POST"]);
/** Near misses are probed for this many allowed origins per policy; the rest get only their own probes. */
const NEAR_MISS_ORIGINS = 4;
const ALLOWED_SAMPLES = 16;
const METHOD_PROBES = 6;

function allows(policy: CorsPolicy, origin: string): boolean {
  return evaluate({ method: "GET", headers: { origin } }, policy).allowed;
}

function preflight(path: string, origin: ProbeOrigin, method: string, headerNames: readonly string[], privateNetwork = false): Probe {
  const headers: Record<string, string> = { origin: origin.origin, "access-control-request-method": method };
  if (headerNames.length > 0) headers["access-control-request-headers"] = headerNames.join(",");
  if (privateNetwork) headers["access-control-request-private-network"] = "true";
  return { kind: "preflight", path, method: "OPTIONS", headers, origin, requestMethod: method, requestHeaders: headerNames, ...(privateNetwork ? { privateNetwork } : {}) };
}

function actual(path: string, origin: ProbeOrigin): Probe {
  return { kind: "actual", path, method: "GET", headers: { origin: origin.origin }, origin };
}

/** Allowed sample origins, one per origin entry that yields one the policy really allows. */
export function allowedOrigins(policy: CorsPolicy): ProbeOrigin[] {
  const seen = new Set<string>();
  const found: ProbeOrigin[] = [];
  for (const matcher of policy.config.allowOrigins) {
    const sample = sampleOrigin(matcher);
    if (sample === undefined || seen.has(sample) || !allows(policy, sample)) continue;
    seen.add(sample);
    found.push({ origin: sample, trick: "allowed" });
    if (found.length === ALLOWED_SAMPLES) break;
  }
  return found;
}

/** The preflights that exercise a policy's method and header lists, from one allowed origin. */
function listPreflights(path: string, origin: ProbeOrigin, config: NormalizedCorsPolicyConfig): Probe[] {
  const probes: Probe[] = [];
  const anyMethod = config.allowMethods.includes("*");
  const methods = anyMethod ? ["PUT", "PATCH"] : config.allowMethods.filter((method) => !SAFELISTED.has(method)).slice(0, METHOD_PROBES);
  for (const method of methods) probes.push(preflight(path, origin, method, []));
  const anyHeader = config.allowHeaders.includes("*");
  const headers = anyHeader ? ["x-corsgate-probe"] : [...config.allowHeaders].sort();
  if (headers.length > 0) probes.push(preflight(path, origin, "GET", headers));
  if (!anyMethod) {
    const refused = ["PUT", "DELETE", "PATCH"].find((method) => !config.allowMethods.includes(method));
    if (refused !== undefined) probes.push(preflight(path, origin, refused, []));
  }
  if (!anyHeader) probes.push(preflight(path, origin, "GET", ["x-corsgate-refused"]));
  probes.push(preflight(path, origin, "GET", [], true));
  return probes;
}

/** The first preflight an origin is probed with: the policy's first non-safelisted method, or GET with its headers. */
function primaryPreflight(path: string, origin: ProbeOrigin, config: NormalizedCorsPolicyConfig): Probe {
  const method = config.allowMethods.includes("*") ? "PUT" : (config.allowMethods.find((name) => !SAFELISTED.has(name)) ?? "PUT");
  return preflight(path, origin, method, []);
}

/** Every probe for one policy on one path. */
export function probesForPolicy(policy: CorsPolicy, path: string): Probe[] {
  const config = policy.config;
  const probes: Probe[] = [{ kind: "non-cors", path, method: "GET", headers: {} }];
  const allowed = allowedOrigins(policy);
  const seen = new Set(allowed.map((entry) => entry.origin));
  allowed.forEach((origin, index) => {
    probes.push(actual(path, origin));
    if (index === 0) probes.push(...listPreflights(path, origin, config));
    else probes.push(primaryPreflight(path, origin, config));
  });
  const others: ProbeOrigin[] = [{ origin: "null", trick: "null" }, { origin: "https://corsgate-probe.invalid", trick: "any-origin" }];
  for (const origin of allowed.slice(0, NEAR_MISS_ORIGINS)) others.push(...nearMisses(origin.origin));
  for (const origin of others) {
    if (seen.has(origin.origin)) continue;
    seen.add(origin.origin);
    probes.push(actual(path, origin));
    probes.push(primaryPreflight(path, origin, config));
  }
  return probes;
}
