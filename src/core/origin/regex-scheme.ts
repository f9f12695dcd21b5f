/**
 * `credentials-insecure-regex`: whether a regex origin might allow a plain `http://` origin other than loopback.
 * Deciding what a regex can match is hard in general, and probing it with sample origins proves nothing, so
 * the rule is syntactic and one-sided: it answers "cannot" only when the source itself shows it, and "might"
 * for everything else (a warning too many, never a plain-http origin let through unnoticed).
 *
 * The source is cut at its top-level `|` (it runs as `^(?:source)$`), and every alternative must show one of:
 * - a literal scheme other than `http` followed by a literal `:` that no quantifier makes optional (`https://…`,
 *   `https:\/\/…`, `chrome-extension://…`): what it matches starts with that scheme, so not with `http:`;
 * - a plain-http loopback origin: `http://`, `https?://`, `http(s)?://` or `http(?:s)?://` (slashes escaped or
 *   not), then `localhost`, `127\.0\.0\.1` or `\[::1\]`, then the end (`$` allowed) or a literal `:`. A regex only
 *   ever runs on a well-shaped origin, where a `:` after the host starts the port, so the host is exactly that;
 * - one group, `(…)` or `(?:…)`, around the whole alternative, whose own alternatives pass.
 * A leading `^` is ignored. Anything else (`http://…`, `https?://…`, `.*`, `[a-z]+://…`, `(?:https)://…`)
 * might match plain http.
 */

const HTTP = String.raw`(?:http|https\?|http\(s\)\?|http\(\?:s\)\?):`;
const LOOPBACK = new RegExp(String.raw`^${HTTP}(?:\/|\\\/){2}(?:localhost|127\\\.0\\\.0\\\.1|\\\[::1\\\])(?:\$?$|:(?![?*+{]))`);
const LITERAL_SCHEME = /^([A-Za-z][A-Za-z0-9-]*):(?![?*+{])/;

/**
 * Cuts `source` at its top-level `|` (outside groups, classes and escapes). `close` is the index of the `)`
 * that closes a `(` at index 0, or -1.
 */
function parse(source: string): { alternatives: string[]; close: number } {
  const alternatives: string[] = [];
  let depth = 0;
  let start = 0;
  let close = -1;
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === "\\") i++;
    else if (char === "[") {
      // In JavaScript a `]` right after `[` or `[^` closes the class.
      if (source[++i] === "^") i++;
      while (i < source.length && source[i] !== "]") i += source[i] === "\\" ? 2 : 1;
    } else if (char === "(") depth++;
    else if (char === ")" && --depth === 0 && close < 0 && source[0] === "(") close = i;
    else if (char === "|" && depth === 0) {
      alternatives.push(source.slice(start, i));
      start = i + 1;
    }
  }
  alternatives.push(source.slice(start));
  return { alternatives, close };
}

function cannotMatchInsecureHttp(alternative: string, depth: number): boolean {
  const body = alternative.startsWith("^") ? alternative.slice(1) : alternative;
  const scheme = LITERAL_SCHEME.exec(body);
  if ((scheme !== null && (scheme[1] as string).toLowerCase() !== "http") || LOOPBACK.test(body)) return true;
  const { close } = parse(body);
  if (close < 0 || depth > 3 || !/^\$?$/.test(body.slice(close + 1))) return false;
  const inner = body.slice(1, close);
  // A lookaround or a named group: not looked into.
  if (inner.startsWith("?") && !inner.startsWith("?:")) return false;
  return parse(inner.startsWith("?:") ? inner.slice(2) : inner).alternatives.every((nested) => cannotMatchInsecureHttp(nested, depth + 1));
}

/**
 * False only when the regex source shows that it cannot match a plain-http origin other than loopback (see the
 * rule above); true when it might.
 */
export function regexMayMatchInsecureHttp(source: string): boolean {
  return !parse(source).alternatives.every((alternative) => cannotMatchInsecureHttp(alternative, 0));
}

/** For a regex of one alternative that starts with an http scheme, the same regex starting with `https:`. */
export function httpsRegexHint(source: string): string | undefined {
  const https = source.replace(new RegExp(`^(\\^?)${HTTP}`), "$1https:");
  return https === source || parse(source).alternatives.length > 1 ? undefined : https;
}
