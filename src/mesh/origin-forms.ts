/**
 * The shapes an allowed origin takes in each format, and the exact rewrites between them:
 * a Gateway API wildcard (`https://*.example.com`) is a regex in Istio, and a regex of that one
 * shape is a wildcard again on the way back, so that a round trip gives back what was written.
 */
import { escapeRegex } from "./re2.js";

/** One DNS label or more, as a character class with no nested quantifier (so corsgate accepts it as safe). */
const HOST_LABELS = "[a-z0-9-][a-z0-9.-]*";

/** The parts of an origin pattern written `scheme://*.suffix[:port]` or `scheme://*[:port]`. */
export interface WildcardOrigin {
  readonly scheme: string;
  /** `".example.com"`, or `""` for `scheme://*` (any host). */
  readonly suffix: string;
  /** `""` (none), digits, or `"*"` (any or none). */
  readonly port: string;
}

/** Reads `https://*.example.com`, `https://*`, `http://localhost:*` forms; undefined for anything else. */
export function parseWildcardOrigin(text: string): WildcardOrigin | undefined {
  const match = /^([a-z][a-z0-9+.-]*):\/\/(\*(\.[A-Za-z0-9.-]+)?|[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::(\d+|\*))?$/.exec(text);
  if (match === null) return undefined;
  const host = match[2] ?? "";
  const port = match[4] ?? "";
  if (host.startsWith("*")) return { scheme: match[1] ?? "", suffix: match[3] ?? "", port };
  if (port === "*") return { scheme: match[1] ?? "", suffix: host, port: "*" };
  return undefined;
}

/**
 * The regexes (RE2 and JavaScript alike) for a wildcard origin. A host wildcard becomes a class of DNS
 * characters; a `:*` port becomes two entries (no port, and `:digits`) because an optional group around a
 * quantifier is what corsgate refuses as unsafe.
 */
export function wildcardOriginToRegexes(origin: WildcardOrigin, hostIsWildcard: boolean): string[] {
  const host = hostIsWildcard ? `${HOST_LABELS}${escapeRegex(origin.suffix)}` : escapeRegex(origin.suffix);
  const base = `${escapeRegex(origin.scheme)}://${host}`;
  if (origin.port === "*") return [base, `${base}:[0-9]+`];
  return [origin.port === "" ? base : `${base}:${origin.port}`];
}

/**
 * Recognizes a regex that `wildcardOriginToRegexes` wrote for a host wildcard and gives back the
 * wildcard (`https://*.example.com`, `https://*:8443`); undefined for any other regex.
 */
export function regexToWildcardOrigin(pattern: string): string | undefined {
  const match = /^(https?):\/\/\[a-z0-9-\]\[a-z0-9\.-\]\*((?:\\\.[a-z0-9-]+)*)(?::(\d{1,5}))?$/.exec(pattern);
  if (match === null) return undefined;
  const suffix = (match[2] ?? "").replaceAll("\\.", ".");
  const port = match[3] === undefined ? "" : `:${match[3]}`;
  return `${match[1] ?? "https"}://*${suffix}${port}`;
}

/** The literal a regex matches when it is nothing but literal characters and escapes of them; else undefined. */
export function regexLiteral(pattern: string): string | undefined {
  let literal = "";
  for (let index = 0; index < pattern.length; index += 1) {
    const character = pattern[index] as string;
    if (character === "\\") {
      const next = pattern[index + 1];
      if (next === undefined || /[A-Za-z0-9]/.test(next)) return undefined;
      literal += next;
      index += 1;
    } else if ("^$.*+?()[]{}|".includes(character)) {
      return undefined;
    } else {
      literal += character;
    }
  }
  return literal;
}
