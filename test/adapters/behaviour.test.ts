// What users rely on, for every adapter on a real server: preflights answered before routing, the decision on
// the final response (also over the handler's own headers, on 404s and on error responses), Vary merged,
// duplicated Origin refused, shadow mode, onDecision, resolvers.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createPolicy } from "../../src/index.js";
import type { CorsDecision, CorsPolicyConfig } from "../../src/index.js";
import { adapterNames, requestPath, startAdapter } from "./helpers/servers.js";
import type { RunningServer } from "./helpers/servers.js";
import { corsHeaders, header, headerValues, send, varyTokens } from "./helpers/http-client.js";

const APP = "https://app.example.com";
const OTHER = "https://other.example";

const config: CorsPolicyConfig = {
  allowOrigins: [APP],
  allowMethods: ["PUT"],
  allowHeaders: ["x-custom"],
  exposeHeaders: ["x-request-id"],
  allowCredentials: true,
  maxAge: 600,
};
const preflightHeaders = { origin: APP, "access-control-request-method": "PUT", "access-control-request-headers": "x-custom" };

describe.each(adapterNames)("%s adapter", (adapter) => {
  describe("with a policy config", () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await startAdapter(adapter, config);
    });
    afterAll(() => server.close());
    afterEach(() => {
      server.handled.length = 0;
    });

    it("answers an allowed preflight itself: status, headers, Vary, Content-Length 0, no body, no handler", async () => {
      const response = await send(`${server.origin}/api/items`, "OPTIONS", preflightHeaders);
      expect(response.status).toBe(204);
      expect(corsHeaders(response)).toEqual({
        "access-control-allow-origin": APP,
        "access-control-allow-credentials": "true",
        "access-control-allow-methods": "PUT",
        "access-control-allow-headers": "x-custom",
        "access-control-max-age": "600",
        "access-control-expose-headers": "x-request-id",
      });
      expect(varyTokens(response)).toEqual(["access-control-request-headers", "access-control-request-method", "origin"]);
      expect(header(response, "content-length")).toBe("0");
      expect(response.body).toBe("");
      expect(server.handled).toEqual([]);
    });

    it("answers a preflight for a path that has no route", async () => {
      const response = await send(`${server.origin}/missing`, "OPTIONS", preflightHeaders);
      expect(response.status).toBe(204);
      expect(header(response, "access-control-allow-origin")).toBe(APP);
    });

    it("refuses a preflight from an origin the policy does not allow with 403 and no CORS header", async () => {
      const response = await send(`${server.origin}/api/items`, "OPTIONS", { ...preflightHeaders, origin: OTHER });
      expect(response.status).toBe(403);
      expect(corsHeaders(response)).toEqual({});
      expect(response.body).toBe("");
      expect(server.handled).toEqual([]);
    });

    it("lets an OPTIONS request that is not a preflight reach the application", async () => {
      const response = await send(`${server.origin}/api/items`, "OPTIONS", { origin: APP });
      expect(response.status).toBe(200);
      expect(server.handled).toEqual([{ method: "OPTIONS", url: "/api/items" }]);
      expect(header(response, "access-control-allow-origin")).toBe(APP);
    });

    it("adds the decision to an allowed actual request and merges Vary with the handler's", async () => {
      const response = await send(`${server.origin}/api/items`, "GET", { origin: APP });
      expect(response.status).toBe(200);
      expect(corsHeaders(response)).toEqual({
        "access-control-allow-origin": APP,
        "access-control-allow-credentials": "true",
        "access-control-expose-headers": "x-request-id",
      });
      expect(headerValues(response, "vary")).toEqual(["Accept-Encoding, Origin"]);
    });

    it("runs the handler for a refused origin, without CORS headers but with Vary: Origin", async () => {
      const response = await send(`${server.origin}/api/items`, "POST", { origin: OTHER });
      expect(response.status).toBe(200);
      expect(server.handled).toEqual([{ method: "POST", url: "/api/items" }]);
      expect(corsHeaders(response)).toEqual({});
      expect(varyTokens(response)).toEqual(["accept-encoding", "origin"]);
    });

    it("adds Vary: Origin to a non-CORS request", async () => {
      const response = await send(`${server.origin}/api/items`, "GET");
      expect(corsHeaders(response)).toEqual({});
      expect(varyTokens(response)).toEqual(["accept-encoding", "origin"]);
    });

    it("replaces the handler's own CORS headers instead of sending two", async () => {
      const response = await send(`${server.origin}/api/conflict`, "GET", { origin: APP });
      expect(headerValues(response, "access-control-allow-origin")).toEqual([APP]);
      expect(headerValues(response, "access-control-expose-headers")).toEqual(["x-request-id"]);
    });

    it("puts the decision on the framework's 404 response", async () => {
      const response = await send(`${server.origin}/missing`, "GET", { origin: APP });
      expect(response.status).toBe(404);
      expect(header(response, "access-control-allow-origin")).toBe(APP);
      expect(varyTokens(response)).toContain("origin");
    });

    it("puts the decision on an error response", async () => {
      const response = await send(`${server.origin}/api/error`, "GET", { origin: APP });
      expect(response.status).toBe(500);
      expect(header(response, "access-control-allow-origin")).toBe(APP);
      expect(varyTokens(response)).toContain("origin");
    });

    it("treats a duplicated Origin as invalid, even when both copies are allowed", async () => {
      const actual = await send(`${server.origin}/api/items`, "GET", { origin: [APP, APP] });
      expect(actual.status).toBe(200);
      expect(corsHeaders(actual)).toEqual({});
      const preflight = await send(`${server.origin}/api/items`, "OPTIONS", { ...preflightHeaders, origin: [APP, APP] });
      expect(preflight.status).toBe(403);
      expect(corsHeaders(preflight)).toEqual({});
    });
  });

  it("decides and reports in shadow mode but changes nothing", async () => {
    const decisions: CorsDecision[] = [];
    const server = await startAdapter(adapter, config, { mode: "shadow", onDecision: (decision) => decisions.push(decision) });
    try {
      const preflight = await send(`${server.origin}/api/items`, "OPTIONS", preflightHeaders);
      expect(preflight.status).toBe(200); // the application answered it
      expect(server.handled).toEqual([{ method: "OPTIONS", url: "/api/items" }]);
      expect(corsHeaders(preflight)).toEqual({});
      const actual = await send(`${server.origin}/api/items`, "GET", { origin: APP });
      expect(corsHeaders(actual)).toEqual({});
      expect(headerValues(actual, "vary")).toEqual(["Accept-Encoding"]);
      expect(decisions.map((d) => [d.kind, d.allowed, d.action])).toEqual([
        ["preflight", true, "respond"],
        ["actual", true, "continue"],
      ]);
    } finally {
      await server.close();
    }
  });

  it("calls onDecision with the decision and the framework's request", async () => {
    const calls: { decision: CorsDecision; path: string }[] = [];
    const server = await startAdapter(adapter, createPolicy(config), {
      onDecision: (decision, request) => calls.push({ decision, path: requestPath(request) }),
    });
    try {
      await send(`${server.origin}/api/items?x=1`, "POST", { origin: OTHER });
      expect(calls).toHaveLength(1);
      expect(calls[0]?.path).toBe("/api/items");
      expect(calls[0]?.decision.reason?.code).toBe("origin-not-allowed");
      expect(calls[0]?.decision.origin).toBe(OTHER);
    } finally {
      await server.close();
    }
  });

  it("takes a resolver that picks a policy per request, asynchronously", async () => {
    const tenantA = { allowOrigins: ["https://a.example"] };
    const tenantB = createPolicy({ allowOrigins: ["https://b.example"] });
    const server = await startAdapter(adapter, async (request: unknown) => (requestPath(request).startsWith("/api/a/") ? tenantA : tenantB));
    try {
      const a = await send(`${server.origin}/api/a/items`, "GET", { origin: "https://a.example" });
      expect(header(a, "access-control-allow-origin")).toBe("https://a.example");
      const bOnA = await send(`${server.origin}/api/a/items`, "GET", { origin: "https://b.example" });
      expect(header(bOnA, "access-control-allow-origin")).toBeUndefined();
      const b = await send(`${server.origin}/api/b/items`, "GET", { origin: "https://b.example" });
      expect(header(b, "access-control-allow-origin")).toBe("https://b.example");
    } finally {
      await server.close();
    }
  });

  if (adapter !== "node") {
    it("hands an error thrown by the resolver to the framework's error handling", async () => {
      const server = await startAdapter(adapter, () => {
        throw new Error("tenant lookup failed");
      });
      try {
        const response = await send(`${server.origin}/api/items`, "GET", { origin: APP });
        expect(response.status).toBe(500);
        expect(server.handled).toEqual([]);
      } finally {
        await server.close();
      }
    });
  }
});

describe.each(["node", "express4", "express5"] as const)("%s adapter, headers passed to writeHead itself", (adapter) => {
  it("still ends with the decision's headers and the union of Vary tokens", async () => {
    const server = await startAdapter(adapter, config);
    try {
      const response = await send(`${server.origin}/api/writehead`, "GET", { origin: APP });
      expect(headerValues(response, "access-control-allow-origin")).toEqual([APP]);
      expect(headerValues(response, "vary")).toEqual(["Accept-Language, Origin"]);
      expect(header(response, "x-request-id")).toBe("42");
    } finally {
      await server.close();
    }
  });
});
