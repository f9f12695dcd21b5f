// SPEC §7: in enforce mode the adapter owns the CORS response headers. On every `continue` response, the
// `Access-Control-Allow-*`, `-Expose-Headers` and `-Max-Age` headers the handler set that the decision does not
// carry are removed (refusals, non-CORS requests and error responses included), but not when a resolver returned
// `undefined` (no CORS for that request) and not in shadow mode. Every adapter, on a real server.
import { describe, expect, it } from "vitest";
import type { CorsPolicyConfig } from "../../src/index.js";
import { adapterNames, requestPath, startAdapter } from "./helpers/servers.js";
import type { AnyRequestOptions, RunningServer } from "./helpers/servers.js";
import { corsHeaders, send, varyTokens } from "./helpers/http-client.js";
import { handlerCorsHeaders } from "./helpers/apps.js";

const APP = "https://app.example.com";
const OTHER = "https://other.example";

const config: CorsPolicyConfig = { allowOrigins: [APP], allowMethods: ["PUT"], exposeHeaders: ["x-request-id"] };

async function withServer(
  adapter: (typeof adapterNames)[number],
  policy: Parameters<typeof startAdapter>[1],
  options: AnyRequestOptions | undefined,
  run: (server: RunningServer) => Promise<void>,
): Promise<void> {
  const server = await startAdapter(adapter, policy, options);
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

describe.each(adapterNames)("%s adapter", (adapter) => {
  it("removes every CORS header the handler set from a refused actual request", async () => {
    await withServer(adapter, config, undefined, async (server) => {
      const response = await send(`${server.origin}/api/own-cors`, "GET", { origin: OTHER });
      expect(response.status).toBe(200);
      expect(corsHeaders(response)).toEqual({});
      expect(varyTokens(response)).toContain("origin");
    });
  });

  it("removes them from a non-CORS request too (a cached copy would otherwise grant them)", async () => {
    await withServer(adapter, config, undefined, async (server) => {
      const response = await send(`${server.origin}/api/own-cors`, "GET");
      expect(response.status).toBe(200);
      expect(corsHeaders(response)).toEqual({});
    });
  });

  it("keeps only the decision's CORS headers on an allowed actual request", async () => {
    await withServer(adapter, config, undefined, async (server) => {
      const response = await send(`${server.origin}/api/own-cors`, "GET", { origin: APP });
      expect(corsHeaders(response)).toEqual({
        "access-control-allow-origin": APP,
        "access-control-expose-headers": "x-request-id",
      });
    });
  });

  it("removes them from an error response", async () => {
    await withServer(adapter, config, undefined, async (server) => {
      const refused = await send(`${server.origin}/api/own-cors-error`, "GET", { origin: OTHER });
      expect(refused.status).toBe(500);
      expect(corsHeaders(refused)).toEqual({});
      const allowed = await send(`${server.origin}/api/own-cors-error`, "GET", { origin: APP });
      expect(allowed.status).toBe(500);
      expect(corsHeaders(allowed)).toEqual({
        "access-control-allow-origin": APP,
        "access-control-expose-headers": "x-request-id",
      });
    });
  });

  it("removes them under a `*` policy too, whose decisions may carry no header at all", async () => {
    await withServer(adapter, { allowOrigins: ["*"] }, undefined, async (server) => {
      for (const headers of [{}, { origin: OTHER }]) {
        const response = await send(`${server.origin}/api/own-cors`, "GET", headers);
        const { "access-control-allow-origin": allowOrigin, ...others } = corsHeaders(response);
        expect(others).toEqual({}); // the handler's credentials, methods, max-age… are gone
        // `*` when the decision carries it (a `*` policy answers `*`), never the handler's own copy beside it.
        expect([undefined, "*"]).toContain(allowOrigin);
      }
    });
  });

  it("stays out when the resolver returns undefined: the handler's CORS headers are its own", async () => {
    const resolver = (request: unknown) => (requestPath(request) === "/api/own-cors" ? undefined : config);
    await withServer(adapter, resolver, undefined, async (server) => {
      const response = await send(`${server.origin}/api/own-cors`, "GET", { origin: OTHER });
      expect(corsHeaders(response)).toEqual(handlerCorsHeaders);
    });
  });

  it("changes nothing in shadow mode", async () => {
    await withServer(adapter, config, { mode: "shadow" }, async (server) => {
      const response = await send(`${server.origin}/api/own-cors`, "GET", { origin: OTHER });
      expect(corsHeaders(response)).toEqual(handlerCorsHeaders);
      const nonCors = await send(`${server.origin}/api/own-cors`, "GET");
      expect(corsHeaders(nonCors)).toEqual(handlerCorsHeaders);
    });
  });
});
