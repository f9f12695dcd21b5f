/**
 * A small reference matcher written straight from SPEC §3–§4, independent of src/: the oracle for
 * invariant 7. It favours being obviously right over being fast (it may use regexes and split freely).
 */
import type { CorsPolicyConfig, OriginMatcher } from "../../src/index.js";

/** SPEC §3: `scheme://host[:port]`, host of letters, digits, `-`, `.` or a bracketed IPv6 address. */
const SHAPE = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::([0-9]+))?$/;

export interface ReferenceOrigin {
  scheme: string;
  host: string;
  port: string | undefined;
}

/** The parts of a valid, non-null request origin, or undefined when SPEC §3 calls it invalid (or it is `null`). */
export function parseRequestOrigin(origin: string): ReferenceOrigin | undefined {
  if (origin.length > 2048 || origin.includes(",")) return undefined;
  const match = SHAPE.exec(origin);
  if (match === null) return undefined;
  return { scheme: match[1] as string, host: match[2] as string, port: match[3] };
}

/**
 * A port the spec does not settle for request origins (0, above 65535, leading zeros): browsers never send
 * one, so exact-equality checks leave them out.
 */
export function hasUnsettledPort(origin: string): boolean {
  const port = SHAPE.exec(origin)?.[3];
  return port !== undefined && (port.startsWith("0") || Number(port) > 65535);
}

/** ASCII-only lower-casing: `toLowerCase` would also fold non-ASCII letters (KELVIN SIGN → "k"). */
function asciiLower(value: string): string {
  return value.replace(/[A-Z]/g, (letter) => String.fromCharCode(letter.charCodeAt(0) + 32));
}

function isAnyOrigin(matcher: OriginMatcher): boolean {
  return matcher === "*" || (typeof matcher === "object" && "exact" in matcher && matcher.exact === "*");
}

/** A Gateway API pattern: `scheme://*.suffix[:port]` or `scheme://host:*`. */
function matchesPattern(pattern: string, origin: ReferenceOrigin): boolean {
  const schemeEnd = pattern.indexOf("://");
  const scheme = pattern.slice(0, schemeEnd);
  let rest = pattern.slice(schemeEnd + 3);
  let port: string | undefined;
  const colon = rest.lastIndexOf(":");
  if (colon >= 0 && !rest.endsWith("]")) {
    port = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  if (origin.scheme !== scheme) return false;
  if (port !== "*" && origin.port !== port) return false;
  if (!rest.startsWith("*.")) return origin.host === rest;
  const suffix = rest.slice(1); // ".example.com"
  if (!origin.host.endsWith(suffix)) return false;
  const labels = origin.host.slice(0, origin.host.length - suffix.length).split(".");
  return labels.every((label) => /^[a-z0-9-]+$/.test(label));
}

/** Does this one matcher match the request origin (already known valid and not null)? */
export function matcherMatches(matcher: OriginMatcher, origin: string): boolean {
  const parts = parseRequestOrigin(origin);
  if (parts === undefined) return false;
  if (isAnyOrigin(matcher)) return true;
  if (typeof matcher === "string") {
    return matcher.includes("*") ? matchesPattern(matcher, parts) : matcher === origin;
  }
  if ("exact" in matcher) {
    return matcher.ignoreCase === true ? asciiLower(matcher.exact) === asciiLower(origin) : matcher.exact === origin;
  }
  if ("prefix" in matcher) {
    return matcher.ignoreCase === true ? asciiLower(origin).startsWith(asciiLower(matcher.prefix)) : origin.startsWith(matcher.prefix);
  }
  const source = typeof matcher.regex === "string" ? matcher.regex : matcher.regex.source;
  const flags = typeof matcher.regex === "string" ? "" : matcher.regex.flags;
  return new RegExp(`^(?:${source})$`, flags).test(origin);
}

/** Does any matcher of the policy match? `null` and invalid origins never match (SPEC §3, §4). */
export function referenceAllows(config: CorsPolicyConfig, origin: string | undefined): boolean {
  if (origin === undefined || origin === "null") return false;
  return config.allowOrigins.some((matcher) => matcherMatches(matcher, origin));
}

/** SPEC §5.1: the policy whose only origin is `"*"` (or `{ exact: "*" }`) without credentials answers `*`. */
export function answersWildcard(config: CorsPolicyConfig): boolean {
  return config.allowOrigins.length === 1 && isAnyOrigin(config.allowOrigins[0] as OriginMatcher) && config.allowCredentials !== true;
}
