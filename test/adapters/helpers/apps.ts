import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * The same small application behind every adapter and runtime, so one test runs against all of them:
 * - `/api/...`: 200 JSON `{ handler, method, cookie }`, with `Vary: Accept-Encoding`, `X-Request-Id: 42`,
 *   `X-Secret: s`, `X-Handler: yes`;
 * - `/api/conflict`: the same, after setting its own `Access-Control-Allow-Origin` and `-Expose-Headers`;
 * - `/api/own-cors`: the same, after setting every CORS response header itself (`handlerCorsHeaders`);
 * - `/api/own-cors-error`: sets `handlerCorsHeaders`, then fails like `/api/error`;
 * - `/api/writehead` (Node-based adapters): headers passed to `writeHead` itself, Vary included;
 * - `/api/error`: the handler throws, so the framework's own error response (500) goes out;
 * - `/missing`: no route, so the framework's own 404 goes out.
 * No Node runtime import here: the fetch application is bundled for Bun, Deno and workerd.
 */
export interface HandledLog {
  push(entry: { method: string; url: string }): unknown;
}

export const apiHeaders: Readonly<Record<string, string>> = {
  vary: "Accept-Encoding",
  "x-request-id": "42",
  "x-secret": "s",
  "x-handler": "yes",
  "content-type": "application/json",
};

/** Every CORS response header, as a handler that does CORS itself (or a stale copy of one) would set them. */
export const handlerCorsHeaders: Readonly<Record<string, string>> = {
  "access-control-allow-origin": "*",
  "access-control-allow-credentials": "true",
  "access-control-allow-methods": "GET, PUT, DELETE",
  "access-control-allow-headers": "x-handler-header",
  "access-control-allow-private-network": "true",
  "access-control-expose-headers": "x-secret",
  "access-control-max-age": "86400",
};

export function apiBody(method: string, cookie: string | undefined | null): string {
  return JSON.stringify({ handler: true, method, cookie: cookie ?? null });
}

export function pathOf(url: string): string {
  const query = url.indexOf("?");
  return query === -1 ? url : url.slice(0, query);
}

/** The application as a plain Node listener (used by the node and Express adapters). */
export function nodeApp(handled: HandledLog, frameworkErrors: boolean) {
  return (request: IncomingMessage, response: ServerResponse, next?: (error?: unknown) => void): void => {
    const path = pathOf(request.url ?? "");
    if (!path.startsWith("/api/")) {
      if (next !== undefined) return next(); // the framework's own 404
      response.statusCode = 404;
      response.end("not found");
      return;
    }
    if (path === "/api/error" || path === "/api/own-cors-error") {
      if (path === "/api/own-cors-error") for (const [name, value] of Object.entries(handlerCorsHeaders)) response.setHeader(name, value);
      if (frameworkErrors) throw new Error("boom");
      response.statusCode = 500;
      response.end("error");
      return;
    }
    handled.push({ method: request.method ?? "", url: request.url ?? "" });
    if (path === "/api/conflict") {
      response.setHeader("access-control-allow-origin", "https://handler.example");
      response.setHeader("access-control-expose-headers", "x-handler-own");
    }
    if (path === "/api/own-cors") for (const [name, value] of Object.entries(handlerCorsHeaders)) response.setHeader(name, value);
    const body = apiBody(request.method ?? "", request.headers.cookie);
    if (path === "/api/writehead") {
      response.writeHead(200, { ...apiHeaders, vary: "Accept-Language", "access-control-allow-origin": "https://handler.example" });
      response.end(body);
      return;
    }
    for (const [name, value] of Object.entries(apiHeaders)) response.setHeader(name, value);
    response.end(body);
  };
}

/** The application as a fetch handler. */
export function fetchApp(handled: HandledLog) {
  return (request: Request): Response => {
    const url = new URL(request.url);
    if (!url.pathname.startsWith("/api/")) return new Response("not found", { status: 404 });
    if (url.pathname === "/api/error") return new Response("error", { status: 500 });
    if (url.pathname === "/api/own-cors-error") return new Response("error", { status: 500, headers: handlerCorsHeaders });
    handled.push({ method: request.method, url: url.pathname + url.search });
    const headers = new Headers(apiHeaders);
    if (url.pathname === "/api/conflict") {
      headers.set("access-control-allow-origin", "https://handler.example");
      headers.set("access-control-expose-headers", "x-handler-own");
    }
    if (url.pathname === "/api/own-cors") for (const [name, value] of Object.entries(handlerCorsHeaders)) headers.set(name, value);
    return new Response(apiBody(request.method, request.headers.get("cookie")), { headers });
  };
}

