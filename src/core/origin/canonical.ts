// Config-time only: turns what a user wrote into the form a browser sends, for hints.

interface UrlLike {
  readonly hostname: string;
  readonly origin: string;
}
type UrlConstructor = new (input: string) => UrlLike;

/** The host as a browser serializes it: ASCII lower case, IDNA (punycode) for non-ASCII. */
export function canonicalHost(host: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(host)) return host.toLowerCase();
  const Url = (globalThis as { URL?: UrlConstructor }).URL;
  if (Url === undefined) return host.toLowerCase();
  try {
    return new Url(`http://${host}`).hostname;
  } catch {
    return host.toLowerCase();
  }
}

/** The default port of a scheme whose origins browsers serialize without it. */
export function defaultPort(scheme: string): string | undefined {
  if (scheme === "https" || scheme === "wss") return "443";
  if (scheme === "http" || scheme === "ws") return "80";
  return undefined;
}

/** Whether a host is loopback, where plain http is acceptable even with credentials. */
export function isLoopbackHost(host: string): boolean {
  return (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    host === "[::1]" ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}

/**
 * The host of `scheme://host` as the WHATWG URL parser (so every browser) serializes it: IPv4 in any numeric form
 * (`127.1`, `0x7f000001`, `2130706433`, `0177.0.0.1`) becomes dotted decimal, IPv6 is compressed and lower-cased
 * (`[0:0:0:0:0:0:0:1]` → `[::1]`), percent-encoding is decoded, letters are lower-cased, non-ASCII becomes
 * punycode. `null` when the parser rejects the host (no page can have that origin); `undefined` where the runtime
 * has no `URL` (every runtime corsgate supports has one). Config time only: `evaluate` never parses URLs.
 */
export function parsedHost(scheme: string, host: string): string | null | undefined {
  const Url = (globalThis as { URL?: UrlConstructor }).URL;
  if (Url === undefined) return undefined;
  try {
    return new Url(`${scheme}://${host}`).hostname;
  } catch {
    return null;
  }
}
