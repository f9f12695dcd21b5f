import type { OriginTable } from "./table.js";

/** Scanning every exact origin for a port difference is only done for small policies. */
const PORT_SCAN_LIMIT = 64;
const NEAR_MISS_MAX_LENGTH = 300;

/**
 * For a refused origin, an allowed exact origin it differs from only by scheme, port, letter case, a trailing
 * slash or `www.` — found by looking up a few variants, not by scanning the policy. Returns e.g.
 * `the port differs: the policy allows https://app.example.com`.
 */
export function findNearMiss(table: OriginTable, origin: string): string | undefined {
  const exact = table.exact;
  // No configured origin is longer than a host name allows (253) plus scheme and port: longer ones cannot be near.
  if (exact.size === 0 || origin.length > NEAR_MISS_MAX_LENGTH) return undefined;
  const allows = (what: string, candidate: string) => `${what}: the policy allows ${candidate}`;
  if (origin.endsWith("/") && exact.has(origin.slice(0, -1))) return allows("remove the trailing slash", origin.slice(0, -1));
  const lower = origin.toLowerCase();
  if (lower !== origin && exact.has(lower)) return allows("the letter case differs (browsers send lower case)", lower);
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/:]+|\[[^\]]*\])(?::(\d+))?\/?$/.exec(lower);
  if (match === null) return undefined;
  const [, scheme = "", host = "", port] = match;
  const portPart = port === undefined ? "" : `:${port}`;
  const otherScheme = scheme === "https" ? "http" : scheme === "http" ? "https" : undefined;
  if (otherScheme !== undefined) {
    const candidate = `${otherScheme}://${host}${portPart}`;
    if (exact.has(candidate)) return allows("the scheme differs", candidate);
  }
  const otherHost = host.startsWith("www.") ? host.slice(4) : `www.${host}`;
  const wwwCandidate = `${scheme}://${otherHost}${portPart}`;
  if (exact.has(wwwCandidate)) return allows(host.startsWith("www.") ? "the www. differs (the policy has no www.)" : "the www. differs (the policy has www.)", wwwCandidate);
  const withoutPort = `${scheme}://${host}`;
  if (port !== undefined && exact.has(withoutPort)) return allows("the port differs", withoutPort);
  if (exact.size <= PORT_SCAN_LIMIT) {
    for (const candidate of exact) {
      if (candidate.startsWith(`${withoutPort}:`) && candidate !== origin) return allows("the port differs", candidate);
    }
  }
  return undefined;
}
