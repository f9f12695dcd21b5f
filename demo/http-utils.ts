// Small helpers both demo servers share: JSON answers, bounded bodies, and the Host check.
import type { IncomingMessage, ServerResponse } from "node:http";

/** Sends `value` as JSON with `status`. Demo answers are never cached: every Send must reach the server. */
export function sendJson(response: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value, null, 2);
  response.statusCode = status;
  response.setHeader("content-type", "application/json; charset=utf-8");
  response.setHeader("cache-control", "no-store");
  response.end(body);
}

/** The request body as text, refused (`undefined`) above `limit` bytes. */
export async function readBody(request: IncomingMessage, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The path of a request URL, without its query. */
export function pathOf(url: string | undefined): string {
  const value = url ?? "/";
  const query = value.indexOf("?");
  return query === -1 ? value : value.slice(0, query);
}

/** The query parameters of a request URL. */
export function queryOf(url: string | undefined): URLSearchParams {
  const value = url ?? "";
  const query = value.indexOf("?");
  return new URLSearchParams(query === -1 ? "" : value.slice(query + 1));
}

/**
 * True when the Host header names this loopback server. Refusing other names stops a DNS-rebinding page
 * (evil.example resolving to 127.0.0.1) from driving the demo's admin endpoints.
 */
export function isLoopbackHost(host: string | undefined, port: number | undefined): boolean {
  if (port === undefined) return false;
  return host === `127.0.0.1:${port}` || host === `localhost:${port}` || host === `[::1]:${port}`;
}
