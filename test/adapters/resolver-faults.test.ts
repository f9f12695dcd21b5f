import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { isCorsConfigError } from "../../src/index.js";
import type { CorsPolicyConfig } from "../../src/index.js";
import { withCors as withNodeCors } from "../../src/adapters/node.js";
import { withCors as withFetchCors } from "../../src/adapters/fetch.js";
import { tenantPolicies } from "../../src/tenants/index.js";
import type { TenantPolicyFailure } from "../../src/tenants/index.js";
import { adapterNames, startAdapter } from "./helpers/servers.js";
import { corsHeaders, send } from "./helpers/http-client.js";

/**
 * What each adapter does when its resolver fails (docs/adapters.md, "When the resolver fails"):
 * - a resolver that throws or rejects, or gives something `createPolicy` refuses: the error goes to the
 *   framework's error handling (Express `next(error)`, Fastify's error handler, the fetch handler's promise
 *   rejects, the node listener throws or its promise rejects); no CORS header goes out;
 * - `tenantPolicies` never fails that way: a load that throws, rejects, hangs past `timeout` or returns
 *   something invalid fails closed (no CORS header, the application still answers), reported to `onError`.
 */
const preflightHeaders = { origin: "https://app.example.com", "access-control-request-method": "PUT" };

type Fault = readonly [name: string, resolver: () => unknown];
const faults: readonly Fault[] = [
  [
    "throws",
    () => {
      throw new Error("resolver broke");
    },
  ],
  ["rejects", () => Promise.reject(new Error("resolver broke"))],
  ["returns a number", () => 42],
  ["resolves to an invalid config", () => Promise.resolve({ allowOrigins: [] })],
];

describe.each(["express4", "express5", "fastify4", "fastify5"] as const)("%s: a failing resolver", (adapter) => {
  it.each(faults)("that %s reaches the framework's error handling (500), with no CORS header", async (_name, resolver) => {
    const server = await startAdapter(adapter, resolver as never);
    try {
      for (const [method, headers] of [["OPTIONS", preflightHeaders], ["GET", { origin: "https://app.example.com" }]] as const) {
        const response = await send(`${server.origin}/api/items`, method, headers);
        expect(response.status).toBe(500);
        expect(corsHeaders(response)).toEqual({});
      }
      expect(server.handled).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe("node: a failing resolver", () => {
  it.each(faults)("that %s: the listener throws or its promise rejects, for the caller to handle", async (_name, resolver) => {
    const caught: unknown[] = [];
    const listener = withNodeCors(resolver as never, (_request, response) => response.end("handled"));
    // node:http has no error handling of its own: this server is the application's, catching what the listener throws.
    const server = createServer((request: IncomingMessage, response: ServerResponse) => {
      const fail = (error: unknown): void => {
        caught.push(error);
        response.statusCode = 500;
        response.end();
      };
      try {
        const result = listener(request, response);
        if (result instanceof Promise) result.catch(fail);
      } catch (error) {
        fail(error);
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const response = await send(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, "OPTIONS", preflightHeaders);
      expect(response.status).toBe(500);
      expect(corsHeaders(response)).toEqual({});
      expect(caught).toHaveLength(1);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("fetch: a failing resolver", () => {
  it.each(faults)("that %s rejects the handler's promise, for the runtime's error handling", async (_name, resolver) => {
    let handled = 0;
    const handler = withFetchCors(resolver as never, () => (handled++, new Response("ok")));
    await expect(handler(new Request("https://api.example.com/", { method: "OPTIONS", headers: preflightHeaders }))).rejects.toBeInstanceOf(Error);
    expect(handled).toBe(0);
  });
});

describe("a config the resolver keeps returning that createPolicy refuses", () => {
  it("is validated once, then refused at once (not validated again per request)", async () => {
    let reads = 0;
    const invalid = {
      get allowOrigins() {
        reads++;
        return [];
      },
    } as unknown as CorsPolicyConfig;
    const handler = withFetchCors(() => invalid, () => new Response("ok"));
    const errors: unknown[] = [];
    for (let index = 0; index < 5; index++) {
      await handler(new Request("https://api.example.com/", { headers: { origin: "https://app.example.com" } })).catch((error: unknown) => errors.push(error));
    }
    expect(errors).toHaveLength(5);
    expect(errors.every((error) => isCorsConfigError(error))).toBe(true);
    const readsForOne = reads;
    expect(readsForOne).toBeGreaterThan(0);
    await handler(new Request("https://api.example.com/")).catch(() => {});
    expect(reads).toBe(readsForOne);
  });
});

describe.each(adapterNames)("%s: tenantPolicies with a failing load fails closed", (adapter) => {
  it("a load that throws, rejects, hangs past timeout or returns junk: no CORS header, the application answers, onError once each", async () => {
    const loads: Record<string, () => unknown> = {
      throws: () => {
        throw new Error("store down");
      },
      rejects: () => Promise.reject(new Error("store down")),
      hangs: () => new Promise(() => {}),
      junk: () => "allowOrigins: *",
    };
    const failures: TenantPolicyFailure[] = [];
    const resolver = tenantPolicies<unknown>({
      key: (request) => {
        const headers = (request as { headers: unknown }).headers;
        const value = headers instanceof Headers ? headers.get("x-tenant") : (headers as Record<string, unknown>)["x-tenant"];
        return typeof value === "string" ? value : undefined;
      },
      load: (key) => (loads[key] ?? (() => undefined))() as never,
      timeout: 50,
      onError: (failure) => failures.push(failure),
    });
    const server = await startAdapter(adapter, resolver as never);
    try {
      for (const tenant of Object.keys(loads)) {
        const preflight = await send(`${server.origin}/api/items`, "OPTIONS", { ...preflightHeaders, "x-tenant": tenant });
        expect(preflight.status).toBe(403);
        expect(corsHeaders(preflight)).toEqual({});
        const actual = await send(`${server.origin}/api/items`, "GET", { origin: "https://app.example.com", "x-tenant": tenant });
        expect(actual.status).toBe(200);
        expect(corsHeaders(actual)).toEqual({});
      }
      expect(failures.map((failure) => [failure.key, failure.code, failure.serving])).toEqual([
        ["throws", "load-failed", "deny-all"],
        ["rejects", "load-failed", "deny-all"],
        ["hangs", "load-timeout", "deny-all"],
        ["junk", "load-result-invalid", "deny-all"],
      ]);
    } finally {
      await server.close();
    }
  });
});
