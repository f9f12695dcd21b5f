// A route table from corsgate/mesh in place of a policy, on every adapter's real server: the matching route's
// policy decides, and a route without a policy (the resolver returns undefined) gets no CORS at all.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routePolicies } from "../../src/mesh/index.js";
import type { CorsDecision } from "../../src/index.js";
import { adapterNames, startAdapter, type RunningServer } from "./helpers/servers.js";
import { corsHeaders, send, varyTokens } from "./helpers/http-client.js";

const resolver = routePolicies([
  { match: { uri: { prefix: "/api/private" } } },
  { match: { uri: { prefix: "/api/" } }, policy: { allowOrigins: ["https://app.example.com"], allowMethods: ["PUT"] } },
]);

describe.each(adapterNames)("route table through %s", (name) => {
  let server: RunningServer;
  const decisions: CorsDecision[] = [];
  beforeAll(async () => {
    server = await startAdapter(name, resolver as never, { onDecision: (decision) => decisions.push(decision) });
  });
  afterAll(() => server.close());

  it("a route with a policy: allowed origin gets its headers and Vary", async () => {
    const response = await send(`${server.origin}/api/items`, "GET", { origin: "https://app.example.com" });
    expect(response.status).toBe(200);
    expect(corsHeaders(response)).toEqual({ "access-control-allow-origin": "https://app.example.com" });
    expect(varyTokens(response).map((token) => token.toLowerCase())).toContain("origin");
  });

  it("a route with a policy: its preflight is answered before the handler", async () => {
    const before = server.handled.length;
    const response = await send(`${server.origin}/api/items`, "OPTIONS", {
      origin: "https://app.example.com",
      "access-control-request-method": "PUT",
    });
    expect(response.status).toBe(204);
    expect(corsHeaders(response)["access-control-allow-methods"]).toBe("PUT");
    expect(server.handled.length).toBe(before);
  });

  it("a route without a policy: no CORS header, no Vary from corsgate, the handler runs, onDecision not called", async () => {
    const seen = decisions.length;
    const handled = server.handled.length;
    const response = await send(`${server.origin}/api/private`, "GET", { origin: "https://app.example.com" });
    expect(response.status).toBe(200);
    expect(corsHeaders(response)).toEqual({});
    expect(varyTokens(response).map((token) => token.toLowerCase())).not.toContain("origin");
    expect(server.handled.length).toBe(handled + 1);
    expect(decisions.length).toBe(seen);
  });

  it("a preflight to a route without a policy reaches the application", async () => {
    const handled = server.handled.length;
    const response = await send(`${server.origin}/api/private`, "OPTIONS", {
      origin: "https://app.example.com",
      "access-control-request-method": "PUT",
    });
    expect(corsHeaders(response)).toEqual({});
    expect(server.handled.length).toBe(handled + 1);
  });
});
