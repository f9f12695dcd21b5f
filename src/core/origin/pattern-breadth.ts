/**
 * `origin-pattern-too-broad`: a Gateway API pattern whose suffix is where anyone can register a domain, so
 * `https://*.com` allows every site under `.com`. corsgate has no runtime dependencies, so there is no public
 * suffix list here; two small rules catch the common slips without one:
 *
 * 1. a suffix of a single label (`*.com`, `*.io`, `*.dev`, `*.internal`): every such label is a top-level
 *    domain, public or private, and a pattern over it allows every site under it. The one exception is
 *    `localhost`: RFC 6761 reserves `*.localhost` for loopback and browsers resolve it so, which makes
 *    `http://*.localhost:*` the usual way to allow local development servers.
 * 2. a suffix of two labels where the second is a two-letter country code and the first one of the generic
 *    second-level names registries use (`*.co.uk`, `*.com.au`, `*.ac.jp`): there too, anyone can register.
 *
 * A longer suffix (`*.example.co.uk`) or a shared hosting domain (`*.github.io`) is not flagged: telling those
 * apart needs the public suffix list.
 */

import type { ConfigIssue } from "../errors.js";

/** Second-level labels under which country registries sell domains (`co.uk`, `com.au`, `org.br`, `ac.jp`). */
const REGISTRY_SECOND_LEVEL = new Set(["co", "com", "net", "org", "gov", "edu", "ac"]);
const COUNTRY_CODE = /^[a-z]{2}$/;

/** Why a pattern suffix such as `.com` is too broad, or undefined when it is not. */
export type SuffixBreadth = "top-level" | "registry";

/** Classifies the suffix of a `*.` pattern, written without the leading dot (`com`, `co.uk`, `example.com`). */
export function suffixBreadth(suffix: string): SuffixBreadth | undefined {
  // An IPv6 address has no subdomains; such a pattern never matches and is not "broad".
  if (suffix.startsWith("[")) return undefined;
  const labels = suffix.toLowerCase().split(".");
  if (labels.length === 1) return labels[0] === "localhost" ? undefined : "top-level";
  if (labels.length === 2 && REGISTRY_SECOND_LEVEL.has(labels[0] as string) && COUNTRY_CODE.test(labels[1] as string)) return "registry";
  return undefined;
}

/** The `origin-pattern-too-broad` warning for `pattern` (as written), or undefined when its suffix is narrow enough. */
export function tooBroadPatternWarning(pattern: string, suffix: string, path: string, credentials: boolean): ConfigIssue | undefined {
  const breadth = suffixBreadth(suffix);
  if (breadth === undefined) return undefined;
  return {
    code: "origin-pattern-too-broad",
    path,
    message: `${JSON.stringify(pattern)} allows every site under .${suffix} (${breadth === "registry" ? "a country registry's second level" : "a whole top-level domain"}): ${
      credentials ? "with allowCredentials: true, every site there can read responses as the signed-in user" : "every site there can read the responses"
    }`,
    hint: `name your own domain, e.g. "${pattern.replace(`*.${suffix}`, `*.example.${suffix}`)}", or list the exact origins`,
  };
}
