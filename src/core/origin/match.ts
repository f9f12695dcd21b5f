import type { OriginTable, PatternRule } from "./table.js";
import { MAX_ORIGIN_LENGTH, splitOrigin, type OriginParts } from "./shape.js";

/** How a request's Origin fares against a policy. */
export const enum OriginVerdict {
  /** Byte-equal to an exact origin of the policy (its decisions can be cached per origin). */
  AllowedExact,
  Allowed,
  NotAllowed,
  Invalid,
}

function portMatches(rules: readonly PatternRule[], port: string): boolean {
  for (const rule of rules) if (rule.port === "*" || rule.port === port) return true;
  return false;
}

/** Whether a host can stand in front of a `*.` suffix: lower-case labels, none empty. */
function isLowerCaseLabels(host: string, end: number): boolean {
  let previous = 46; // as if preceded by a dot, so a leading dot is an empty label
  for (let i = 0; i < end; i++) {
    const code = host.charCodeAt(i);
    if (code === 46 && previous === 46) return false;
    if (code >= 65 && code <= 90) return false;
    previous = code;
  }
  return previous !== 46;
}

function matchPatterns(patterns: OriginTable["patterns"], parts: OriginParts): boolean {
  const { scheme, host, port } = parts;
  if (scheme !== "http" && scheme !== "https") return false;
  const base = `${scheme}://`;
  const hostRules = patterns.get(base + host);
  if (hostRules !== undefined && portMatches(hostRules, port)) return true;
  if (host.charCodeAt(0) === 91) return false; // [IPv6] has no subdomains
  for (let dot = host.indexOf("."); dot > 0; dot = host.indexOf(".", dot + 1)) {
    const rules = patterns.get(`${base}*${host.slice(dot)}`);
    if (rules !== undefined && isLowerCaseLabels(host, dot) && portMatches(rules, port)) return true;
  }
  return false;
}

function hasUpperCase(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 65 && code <= 90) return true;
  }
  return false;
}

/**
 * Decides whether `origin` (a single non-empty string) is allowed. Exact origins cost one hash lookup; only
 * when that fails is the shape checked and are patterns, prefixes and regexes tried. An invalid or over-long
 * origin reaches no regex, and `null` matches nothing.
 */
export function matchOrigin(table: OriginTable, origin: string): OriginVerdict {
  if (origin.length > MAX_ORIGIN_LENGTH) return OriginVerdict.Invalid;
  if (table.exact.has(origin)) return OriginVerdict.AllowedExact;
  const parts = splitOrigin(origin);
  if (parts === undefined) return origin === "null" ? OriginVerdict.NotAllowed : OriginVerdict.Invalid;
  if (table.any) return OriginVerdict.Allowed;
  let lower: string | undefined;
  if (table.exactIgnoreCase.size > 0 && table.exactIgnoreCase.has((lower = origin.toLowerCase()))) return OriginVerdict.Allowed;
  if (table.patterns.size > 0 && !hasUpperCase(origin) && matchPatterns(table.patterns, parts)) return OriginVerdict.Allowed;
  for (const prefix of table.prefixes) {
    if ((prefix.ignoreCase ? (lower ??= origin.toLowerCase()) : origin).startsWith(prefix.value)) return OriginVerdict.Allowed;
  }
  for (const regex of table.regexes) if (regex.test(origin)) return OriginVerdict.Allowed;
  return OriginVerdict.NotAllowed;
}
