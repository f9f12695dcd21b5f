// The frontend origin: the page, its script and style, and the `/api` proxy to the backend.
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { isLoopbackHost, pathOf, sendJson } from "../http-utils.js";
import { sessionCookie, userHeader } from "../backend/details.js";
import { proxyToBackend } from "./proxy.js";

const publicDirectory = new URL("../public/", import.meta.url);

interface StaticFile {
  readonly type: string;
  readonly body: string;
}

function load(name: string, type: string): StaticFile {
  return { type, body: readFileSync(new URL(name, publicDirectory), "utf8") };
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}

/** Where the page's script finds the backend; the page itself has no build step, so the server fills it in. */
export interface FrontendSettings {
  readonly backendOrigin: string;
  readonly backendPort: number;
}

const contentSecurityPolicy = "default-src 'self'; connect-src *; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Builds (does not start) the frontend server; `settings()` is read per request, once the ports are known. */
export function createFrontend(settings: () => FrontendSettings): Server {
  const page = load("index.html", "text/html; charset=utf-8");
  const files = new Map<string, StaticFile>([
    ["/app.js", load("app.js", "text/javascript; charset=utf-8")],
    ["/style.css", load("style.css", "text/css; charset=utf-8")],
  ]);

  function servePage(response: ServerResponse): void {
    const { backendOrigin } = settings();
    const body = page.body
      .replaceAll("{{BACKEND_ORIGIN}}", escapeAttribute(backendOrigin))
      .replaceAll("{{USER_HEADER}}", escapeAttribute(userHeader));
    response.setHeader("content-type", page.type);
    response.setHeader("content-security-policy", contentSecurityPolicy);
    response.setHeader("cache-control", "no-store");
    // A cookie for 127.0.0.1 also goes to the backend (cookies ignore ports): the credentials switch decides
    // whether the browser sends it, and the backend reports whether it arrived.
    response.setHeader("set-cookie", `${sessionCookie}=${randomUUID()}; Path=/; HttpOnly; SameSite=Lax`);
    response.end(body);
  }

  return createServer((request: IncomingMessage, response: ServerResponse) => {
    if (!isLoopbackHost(request.headers.host, request.socket.localPort)) {
      return sendJson(response, 421, { error: "open the demo at the 127.0.0.1 address it printed" });
    }
    const path = pathOf(request.url);
    if (path.startsWith("/api/")) {
      // Writes only from the page itself: another site cannot change the demo's policy.
      const origin = request.headers.origin;
      const ownOrigin = `http://${request.headers.host ?? ""}`;
      if (request.method !== "GET" && origin !== undefined && origin !== ownOrigin) {
        return sendJson(response, 403, { error: "cross-origin writes to the demo are refused" });
      }
      return proxyToBackend(request, response, settings().backendPort);
    }
    if (request.method !== "GET" && request.method !== "HEAD") return sendJson(response, 405, { error: "GET only" });
    if (path === "/" || path === "/index.html") return servePage(response);
    const file = files.get(path);
    if (file === undefined) return sendJson(response, 404, { error: "not found" });
    response.setHeader("content-type", file.type);
    response.setHeader("cache-control", "no-store");
    response.end(file.body);
  });
}
