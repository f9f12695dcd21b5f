// Config-time only: turns what a user wrote into the form a browser sends, for hints.

interface UrlLike {
  readonly hostname: string;
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
