// `/api/...` on the frontend → `/admin/...` on the backend, over loopback. The page reaches the demo's own
// endpoints through its own origin, so they need no CORS and show up in no decision log.
import { request as httpRequest } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import { sendJson } from "../http-utils.js";

/** Forwards one request; only the method, path, query and content type go through (no Origin, no cookies). */
export function proxyToBackend(request: IncomingMessage, response: ServerResponse, backendPort: number): void {
  const path = `/admin/${(request.url ?? "").slice("/api/".length)}`;
  const headers: Record<string, string> = {};
  const contentType = request.headers["content-type"];
  if (contentType !== undefined) headers["content-type"] = contentType;
  const contentLength = request.headers["content-length"];
  if (contentLength !== undefined) headers["content-length"] = contentLength;
  const outgoing = httpRequest({ host: "127.0.0.1", port: backendPort, method: request.method ?? "GET", path, headers }, (answer) => {
    response.statusCode = answer.statusCode ?? 502;
    const type = answer.headers["content-type"];
    if (type !== undefined) response.setHeader("content-type", type);
    response.setHeader("cache-control", "no-store");
    answer.pipe(response);
  });
  outgoing.on("error", (error) => {
    if (!response.headersSent) sendJson(response, 502, { error: `the backend did not answer: ${error.message}` });
    else response.destroy();
  });
  request.pipe(outgoing);
}
