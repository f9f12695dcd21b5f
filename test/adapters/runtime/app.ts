// The fetch-handler application that Bun, Deno and workerd serve in runtimes.test.ts (bundled with esbuild,
// so it may import only web-standard APIs). Case paths get their policy from the shared table.
import { withCors } from "../../../src/adapters/fetch.js";
import type { CorsPolicyConfig } from "../../../src/index.js";
import { cases } from "../../fixtures/cases.js";
import { fetchApp } from "../helpers/apps.js";

/** The policy for paths outside the case table. */
export const defaultPolicy: CorsPolicyConfig = { allowOrigins: ["https://app.example.com"], exposeHeaders: ["x-request-id"] };

const application = fetchApp({ push: () => 0 });

/**
 * The handler every runtime serves. `upgrade` turns a WebSocket handshake into the runtime's own
 * `101 Switching Protocols` response, where the runtime has one.
 */
export function runtimeHandler(upgrade?: (request: Request) => Response) {
  return withCors(
    (request: Request) => {
      const match = /^\/api\/case\/(\d+)$/.exec(new URL(request.url).pathname);
      return match === null ? defaultPolicy : (cases[Number(match[1])] as (typeof cases)[number]).config;
    },
    async (request: Request, ...rest: unknown[]): Promise<Response> => {
      const url = new URL(request.url);
      if (url.pathname === "/api/env") {
        const [env, context] = rest as [{ TENANT?: string } | undefined, { waitUntil?: unknown } | undefined];
        return Response.json({ tenant: env?.TENANT ?? null, waitUntil: typeof context?.waitUntil });
      }
      // A response made by fetch(): its headers are immutable, so the adapter must rebuild it.
      if (url.pathname === "/api/proxied") return fetch(url.searchParams.get("to") as string);
      if (url.pathname === "/api/ws" && upgrade !== undefined) return upgrade(request);
      return application(request);
    },
  );
}
