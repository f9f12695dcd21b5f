/**
 * What a route match looks at in a request, read the same way from a fetch `Request` (absolute URL),
 * a Node `IncomingMessage` (`/path?query`) and Express (`originalUrl`, since routers rewrite `url`).
 */
import type { HeaderSource } from "../core/types.js";

/** The parts of a request a route table reads. Every field is optional; a missing URL is the path `/`. */
export interface RouteRequest {
  readonly url?: string | undefined;
  /** Express keeps the URL as received here while mounted routers rewrite `url`. */
  readonly originalUrl?: string | undefined;
  readonly method?: string | undefined;
  readonly headers?: HeaderSource | undefined;
}

/** The path and query of a request target. */
export interface RequestTarget {
  readonly path: string;
  readonly query: string;
}

/** Splits a request target (`/a/b?x=1`, `https://host/a?x=1`, `*`) into its path and query. */
export function readRequestTarget(request: RouteRequest): RequestTarget {
  const written = typeof request.originalUrl === "string" ? request.originalUrl : typeof request.url === "string" ? request.url : "/";
  let rest = written;
  const hash = rest.indexOf("#");
  if (hash >= 0) rest = rest.slice(0, hash);
  if (!rest.startsWith("/") && rest !== "*") {
    // Absolute form: skip scheme and authority.
    const scheme = rest.indexOf("://");
    if (scheme >= 0) {
      const pathStart = rest.slice(scheme + 3).search(/[/?]/);
      rest = pathStart < 0 ? "/" : rest.slice(scheme + 3 + pathStart);
      if (rest.startsWith("?")) rest = `/${rest}`;
    }
  }
  const question = rest.indexOf("?");
  const path = question < 0 ? rest : rest.slice(0, question);
  const query = question < 0 ? "" : rest.slice(question + 1);
  return { path: removeDotSegments(path === "" ? "/" : path), query };
}

/**
 * RFC 3986 dot-segment removal, as Istio's and Envoy's default path normalization does before matching,
 * so that `/public/../admin` is matched as `/admin`.
 */
export function removeDotSegments(path: string): string {
  if (!path.includes(".")) return path;
  const segments = path.split("/");
  const out: string[] = [];
  for (let index = 0; index < segments.length; index += 1) {
    const segment = segments[index] as string;
    const last = index === segments.length - 1;
    if (segment === ".") {
      if (last) out.push("");
    } else if (segment === "..") {
      if (out.length > 1) out.pop();
      if (last) out.push("");
    } else {
      out.push(segment);
    }
  }
  const joined = out.join("/");
  return joined.startsWith("/") ? joined : `/${joined}`;
}

/** One header of the request as a single string (repeated values joined with ", "), or undefined. */
export function readHeader(headers: HeaderSource | undefined, name: string): string | undefined {
  if (headers === undefined) return undefined;
  const getter = (headers as { get?: unknown }).get;
  const value: unknown = typeof getter === "function" ? (getter as (name: string) => unknown).call(headers, name) : (headers as Record<string, unknown>)[name];
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.every((element) => typeof element === "string")) return value.join(", ");
  return undefined;
}

/** The first value of a query parameter (decoded), or undefined. */
export function readQueryParameter(query: string, name: string): string | undefined {
  if (query === "") return undefined;
  for (const pair of query.split("&")) {
    const equals = pair.indexOf("=");
    const key = equals < 0 ? pair : pair.slice(0, equals);
    if (decode(key) === name) return decode(equals < 0 ? "" : pair.slice(equals + 1));
  }
  return undefined;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll("+", " "));
  } catch {
    return text;
  }
}
