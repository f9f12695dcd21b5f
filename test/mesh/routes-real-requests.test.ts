/**
 * A route table resolves real request objects: a Node IncomingMessage on a server on 127.0.0.1 (whose
 * `url` is a path) and a fetch Request (whose `url` is absolute), with their real header objects.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluate } from "../../src/index.js";
import { routePolicies } from "../../src/mesh/index.js";

const resolve = routePolicies([
  { match: { uri: { pathPrefix: "/api" }, headers: { "x-tenant": { exact: "acme" } } }, policy: { allowOrigins: ["https://acme.example"] } },
  { match: { uri: { pathPrefix: "/api" } }, policy: { allowOrigins: ["https://app.example"] } },
]);

describe("routePolicies with real requests", () => {
  const server = createServer((request, response) => {
    const policy = resolve(request);
    const decision = policy === undefined ? undefined : evaluate(request, policy);
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify({ origins: policy?.config.allowOrigins ?? null, acao: decision?.headers["access-control-allow-origin"] ?? null }));
  });
  let base = "";
  beforeAll(async () => {
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((done) => server.close(() => done()));
  });

  it("Node IncomingMessage: path, query and headers", async () => {
    const get = async (path: string, headers: Record<string, string> = {}): Promise<unknown> => (await fetch(`${base}${path}`, { headers })).json();
    expect(await get("/api/items?page=2", { origin: "https://app.example" })).toEqual({ origins: ["https://app.example"], acao: "https://app.example" });
    expect(await get("/api/items", { origin: "https://acme.example", "x-tenant": "acme" })).toEqual({ origins: ["https://acme.example"], acao: "https://acme.example" });
    expect(await get("/apiary", { origin: "https://app.example" })).toEqual({ origins: null, acao: null });
  });

  it("fetch Request: absolute URL and a Headers object", () => {
    const request = new Request("https://api.example.com/api/items?x=1", { headers: { origin: "https://acme.example", "X-Tenant": "acme" } });
    const policy = resolve(request);
    expect(policy?.config.allowOrigins).toEqual(["https://acme.example"]);
    expect(resolve(new Request("https://api.example.com/"))).toBeUndefined();
  });
});
