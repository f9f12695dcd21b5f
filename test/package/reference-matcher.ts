/**
 * An independent reading of SPEC §3 (what a valid Origin looks like) and §4 (what each matcher matches), used by
 * the invariant-7 property: the package must never allow an origin that none of these says is matched. Written
 * from the SPEC text only; it is deliberately simple rather than fast.
 */
const SHAPE = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]+)?$/;

/** SPEC §3: a single string, at most 2048 bytes, shaped `scheme://host[:port]` (or `null`). */
export function isValidOrigin(origin: string): boolean {
  return origin.length > 0 && origin.length <= 2048 && !origin.includes(",") && (origin === "null" || SHAPE.test(origin));
}

function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}

function matchesPattern(pattern: string, origin: string): boolean {
  const parts = /^([a-z]+):\/\/(.*?)(?::(\*|[0-9]+))?$/.exec(pattern);
  const request = /^([^:]+):\/\/(.*?)(?::([0-9]+))?$/.exec(origin);
  if (!parts || !request) return false;
  const [, scheme, host = "", port] = parts;
  const [, requestScheme, requestHost = "", requestPort] = request;
  if (scheme !== requestScheme) return false;
  if (port !== "*" && port !== requestPort) return false;
  if (host.startsWith("*.")) {
    const suffix = host.slice(1);
    if (!requestHost.endsWith(suffix)) return false;
    const labels = requestHost.slice(0, -suffix.length).split(".");
    return labels.every((label) => /^[a-z0-9-]+$/.test(label));
  }
  return host === requestHost;
}

/** SPEC §4, one matcher. `null` is never matched. */
export function matches(matcher: unknown, origin: string): boolean {
  if (origin === "null" || !isValidOrigin(origin)) return false;
  if (typeof matcher === "string") {
    if (matcher === "*") return true;
    if (matcher.includes("*")) return matchesPattern(matcher, origin);
    return matcher === origin;
  }
  const object = matcher as { exact?: string; prefix?: string; ignoreCase?: boolean; regex?: string | RegExp };
  if (typeof object.exact === "string") {
    if (object.exact === "*") return true;
    return object.ignoreCase ? asciiLower(object.exact) === asciiLower(origin) : object.exact === origin;
  }
  if (typeof object.prefix === "string") {
    return object.ignoreCase ? asciiLower(origin).startsWith(asciiLower(object.prefix)) : origin.startsWith(object.prefix);
  }
  if (object.regex !== undefined) {
    const source = typeof object.regex === "string" ? object.regex : object.regex.source;
    const flags = typeof object.regex === "string" ? "" : object.regex.flags;
    return new RegExp(`^(?:${source})$`, flags).test(origin);
  }
  return false;
}

export function anyMatches(matchers: readonly unknown[], origin: string): boolean {
  return matchers.some((matcher) => matches(matcher, origin));
}
