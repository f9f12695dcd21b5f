// The backend origin: the details application behind corsgate's Node adapter, plus the demo's admin endpoints.
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { withCors } from "../../src/adapters/node.js";
import { pathOf, queryOf, sendJson } from "../http-utils.js";
import { createAdminApp, requestIdPattern } from "./admin.js";
import { DecisionLog, corsRequestHeaders } from "./decision-log.js";
import type { DecisionLogEntry } from "./decision-log.js";
import { createDetailsApp } from "./details.js";
import { PolicyStore } from "./policy-store.js";

export interface Backend {
  readonly server: Server;
  readonly store: PolicyStore;
  readonly log: DecisionLog;
}

function requestIdOf(request: IncomingMessage): string | null {
  const id = queryOf(request.url).get("demo-request");
  return id !== null && requestIdPattern.test(id) ? id : null;
}

/** Builds (does not start) the backend server. */
export function createBackend(store = new PolicyStore(), log = new DecisionLog()): Backend {
  const entries = new WeakMap<IncomingMessage, DecisionLogEntry>();
  const details = createDetailsApp();
  const admin = createAdminApp(store, log);

  const corsDetails = withCors(
    // A resolver, so a policy applied in the editor takes effect on the next request, without a restart.
    () => store.current,
    (request: IncomingMessage, response: ServerResponse) =>
      details(request, response, (status, body) => {
        const entry = entries.get(request);
        if (entry !== undefined) entry.responseStatus = status;
        if (body === null) {
          response.statusCode = status;
          response.end();
        } else sendJson(response, status, body);
      }),
    {
      onDecision(decision, request) {
        const entry = log.add({
          requestId: requestIdOf(request),
          method: request.method ?? "",
          path: pathOf(request.url),
          requestHeaders: corsRequestHeaders(request.headers),
          decision,
        });
        // A preflight answered by corsgate never reaches the application: its status is the decision's.
        entry.responseStatus = decision.status ?? null;
        entries.set(request, entry);
      },
    },
  );

  const server = createServer((request, response) => {
    const handled = pathOf(request.url).startsWith("/admin/") ? admin(request, response) : corsDetails(request, response);
    Promise.resolve(handled).catch((error: unknown) => {
      console.error("demo backend:", error);
      if (!response.headersSent) sendJson(response, 500, { error: "internal error" });
      else response.destroy();
    });
  });
  return { server, store, log };
}
