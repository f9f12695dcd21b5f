/**
 * Origins to probe a policy with: one allowed sample per origin entry (patterns and regexes get a sample
 * host), and for each sample the near misses an attacker or a typo produces. Every candidate is kept with
 * the trick that made it, so a finding can say how the server went wrong.
 */
import type { OriginMatcher } from "../core/config.js";

/** How a probe's origin was made from an allowed one. */
export type OriginTrick =
  | "allowed"
  | "scheme-downgrade"
  | "port"
  | "case"
  | "trailing-slash"
  | "www"
  | "suffix-append"
  | "prefix-attach"
  | "unescaped-dot"
  | "null"
  | "any-origin";

export interface ProbeOrigin {
  readonly origin: string;
  readonly trick: OriginTrick;
  /** The allowed origin it was derived from. */
  readonly from?: string;
}

/** What a server that allows this near miss appears to do, for the finding's wording. */
export const TRICK_DIAGNOSIS: Readonly<Record<OriginTrick, string>> = {
  allowed: "",
  "scheme-downgrade": "the server appears to ignore the scheme: a page on plain http can read the answer",
  port: "the server appears to ignore the port",
  case: "the server appears to compare origins case-insensitively",
  "trailing-slash": "the server appears to accept malformed origins",
  www: "the server appears to accept any subdomain",
  "suffix-append": "the server appears to match origins by prefix",
  "prefix-attach": "the server appears to match origins by suffix",
  "unescaped-dot": "the server appears to use a regex with an unescaped dot",
  null: "the server allows the null origin, shared by every sandboxed iframe and file: page",
  "any-origin": "the server appears to allow any origin",
};

const ORIGIN_SHAPE = /^([a-z][a-z0-9+.-]*):\/\/([^/:]+|\[[^\]]*\])(?::(\d+))?$/;

/** A string generated from a (corsgate-safe) regex source: literals kept, the first choice of every class and alternation, minimal repeats. */
export function sampleFromRegex(source: string): string | undefined {
  let out = "";
  let index = 0;
  const pattern = source.replace(/^\^/, "").replace(/\$$/, "");
  const stack: string[] = [];
  let skipping = 0;
  const emit = (text: string): void => {
    if (skipping === 0) out += text;
  };
  const quantifier = (): "zero" | "one" => {
    const next = pattern[index];
    if (next === "*" || next === "?") {
      index += 1;
      if (pattern[index] === "?") index += 1;
      return "zero";
    }
    if (next === "+") {
      index += 1;
      if (pattern[index] === "?") index += 1;
      return "one";
    }
    if (next === "{") {
      const close = pattern.indexOf("}", index);
      const minimum = Number(pattern.slice(index + 1, close).split(",")[0]);
      index = close + 1;
      return minimum === 0 ? "zero" : "one";
    }
    return "one";
  };
  while (index < pattern.length) {
    const character = pattern[index] as string;
    let atom: string;
    if (character === "\\") {
      const escaped = pattern[index + 1] ?? "";
      index += 2;
      atom = escaped === "d" ? "1" : escaped === "w" ? "a" : escaped === "s" || escaped === "b" ? "" : escaped;
    } else if (character === "[") {
      const close = pattern.indexOf("]", index + 2);
      if (close < 0 || pattern[index + 1] === "^") return undefined;
      let first = pattern[index + 1] as string;
      if (first === "\\") first = pattern[index + 2] as string;
      atom = first === "d" ? "1" : first;
      index = close + 1;
    } else if (character === "(") {
      index += pattern.startsWith("(?:", index) ? 3 : 1;
      stack.push(out);
      continue;
    } else if (character === ")") {
      index += 1;
      const before = stack.pop() ?? "";
      const group = out.slice(before.length);
      out = before;
      skipping = Math.max(0, skipping - 1);
      if (quantifier() === "one") out += group;
      continue;
    } else if (character === "|") {
      // Keep the first alternative: skip to the end of this group.
      let depth = 0;
      while (index < pattern.length) {
        const current = pattern[index] as string;
        if (current === "\\") index += 1;
        else if (current === "(") depth += 1;
        else if (current === ")") {
          if (depth === 0) break;
          depth -= 1;
        }
        index += 1;
      }
      continue;
    } else if (character === ".") {
      index += 1;
      atom = "a";
    } else {
      index += 1;
      atom = character;
    }
    if (quantifier() === "one") emit(atom);
  }
  return out;
}

/** One origin that the matcher allows, or undefined when none can be made up. */
export function sampleOrigin(matcher: OriginMatcher): string | undefined {
  if (typeof matcher === "string") {
    if (matcher === "*") return "https://corsgate-probe.example";
    return matcher.replace("://*.", "://probe.").replace(/:\*$/, ":3000");
  }
  if ("exact" in matcher) return matcher.exact === "*" ? "https://corsgate-probe.example" : matcher.exact;
  if ("prefix" in matcher) return ORIGIN_SHAPE.test(matcher.prefix) ? matcher.prefix : `${matcher.prefix}probe.example`;
  const source = typeof matcher.regex === "string" ? matcher.regex : matcher.regex.source;
  return sampleFromRegex(source);
}

/** The near misses of one allowed origin (only for http(s) origins with the shape a browser sends). */
export function nearMisses(origin: string): ProbeOrigin[] {
  const match = ORIGIN_SHAPE.exec(origin);
  if (match === null) return [];
  const [, scheme = "", host = "", port] = match;
  if (scheme !== "http" && scheme !== "https") return [];
  const portPart = port === undefined ? "" : `:${port}`;
  const make = (trick: OriginTrick, text: string): ProbeOrigin => ({ origin: text, trick, from: origin });
  const misses = [
    make("scheme-downgrade", `${scheme === "https" ? "http" : "https"}://${host}${portPart}`),
    make("port", `${scheme}://${host}:${port === "8443" ? "9443" : "8443"}`),
    make("case", `${scheme}://${host.toUpperCase()}${portPart}`),
    make("trailing-slash", `${origin}/`),
    make("www", `${scheme}://${host.startsWith("www.") ? host.slice(4) : `www.${host}`}${portPart}`),
    make("suffix-append", `${scheme}://${host}.evil.test${portPart}`),
    make("prefix-attach", `${scheme}://evil${host}${portPart}`),
    make("prefix-attach", `${scheme}://evil-${host}${portPart}`),
  ];
  for (const dot of new Set([host.indexOf("."), host.lastIndexOf(".")])) {
    if (dot > 0) misses.push(make("unescaped-dot", `${scheme}://${host.slice(0, dot)}x${host.slice(dot + 1)}${portPart}`));
  }
  return misses.filter((miss) => miss.origin !== origin);
}
