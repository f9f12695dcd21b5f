// The demo's own endpoints on the backend: the decision log and the policy. Only the frontend's proxy calls
// them (over loopback, with no Origin header), so they carry no CORS headers and refuse browsers outright,
// and requests for any host name but the loopback address (a DNS-rebinding page).
import type { IncomingMessage, ServerResponse } from "node:http";
import { isLoopbackHost, pathOf, queryOf, readBody, sendJson } from "../http-utils.js";
import type { DecisionLog } from "./decision-log.js";
import type { PolicyStore } from "./policy-store.js";
import { availableForms, policyFormat } from "./policy-yaml.js";
import type { PolicyForm } from "./policy-yaml.js";

/** Request ids the page generates: short and plain, so they are safe to log and compare. */
export const requestIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

const maxPolicyBytes = 64 * 1024;

async function putPolicy(request: IncomingMessage, response: ServerResponse, store: PolicyStore): Promise<void> {
  const body = await readBody(request, maxPolicyBytes);
  if (body === undefined) return sendJson(response, 413, { error: `the policy must be under ${maxPolicyBytes} bytes` });
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return sendJson(response, 400, { error: "expected JSON: { form, text }" });
  }
  const { form, text } = (parsed ?? {}) as { form?: unknown; text?: unknown };
  if (typeof form !== "string" || typeof text !== "string") return sendJson(response, 400, { error: "expected JSON: { form, text }" });
  const result = store.apply(text, form);
  if (!result.ok) return sendJson(response, 422, { issues: result.issues });
  return sendJson(response, 200, result.view);
}

/** Handles `/admin/...`: `GET decisions?request=<id>`, `GET policy?form=<form>`, `PUT policy` `{ form, text }`. */
export function createAdminApp(store: PolicyStore, log: DecisionLog) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (!isLoopbackHost(request.headers.host, request.socket.localPort)) {
      return sendJson(response, 421, { error: "the admin endpoints answer only to their loopback address" });
    }
    if (request.headers.origin !== undefined) {
      return sendJson(response, 403, { error: "the admin endpoints are for the demo frontend's proxy, not for browsers" });
    }
    const path = pathOf(request.url);
    const query = queryOf(request.url);
    const method = request.method ?? "";
    if (path === "/admin/decisions" && method === "GET") {
      const requestId = query.get("request");
      if (requestId !== null && !requestIdPattern.test(requestId)) return sendJson(response, 400, { error: "bad request id" });
      return sendJson(response, 200, { entries: log.list(requestId) });
    }
    if (path === "/admin/policy" && method === "GET") {
      const form = query.get("form") ?? undefined;
      if (form !== undefined && policyFormat(form) === undefined) return sendJson(response, 400, { error: `unknown form ${JSON.stringify(form)}` });
      return sendJson(response, 200, { ...store.view(form as PolicyForm | undefined), forms: availableForms() });
    }
    if (path === "/admin/policy" && method === "PUT") return putPolicy(request, response, store);
    return sendJson(response, 404, { error: "not found" });
  };
}
