// A VirtualService with two routes, served by routePolicies behind the Node adapter: the route whose live policy differs is named.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { parse } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { withCors } from "../../src/adapters/node.js";
import { fromVirtualService, routePolicies } from "../../src/mesh/index.js";
import type { Route } from "../../src/mesh/index.js";
import { verifyPolicy } from "../../src/verify/index.js";

const file = join(import.meta.dirname, "..", "fixtures", "verify", "bookinfo-virtualservice.yaml");
const routes = fromVirtualService(parse(readFileSync(file, "utf8")));
const closers: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

async function serve(table: readonly Route[]): Promise<string> {
  const server = createServer(withCors(routePolicies(table), (_request, response) => void response.end("ok")));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("verify a VirtualService", () => {
  it("finds nothing when the server applies the same routes", async () => {
    const origin = await serve(routes);
    const result = await verifyPolicy(routes, { url: origin, rate: 1000, concurrency: 4 });
    expect(new Set(result.probes.map((probe) => probe.route))).toEqual(new Set(["bookinfo/details", "bookinfo/reviews"]));
    expect(result.findings).toEqual([]);
  });

  it("names the route whose policy was changed on the server", async () => {
    // The deployed reviews route forgot credentials: every finding is on reviews, none on details.
    const deployed = routes.map((route) =>
      route.name === "bookinfo/reviews" ? { ...route, policy: { allowOrigins: ["https://frontend.example.com", { regex: "https://[a-z]+\\.partner\\.example" }] } } : route,
    );
    const origin = await serve(deployed);
    const result = await verifyPolicy(routes, { url: origin, rate: 1000, concurrency: 4 });
    expect(result.findings.length).toBeGreaterThan(0);
    expect(new Set(result.findings.map((finding) => finding.route))).toEqual(new Set(["bookinfo/reviews"]));
    expect(result.findings.map((finding) => finding.message)).toContain(
      "GET /reviews from https://frontend.example.com with credentials: the browser refuses the answer (no Access-Control-Allow-Credentials: true (the request has credentials)) — the policy allows it (route bookinfo/reviews)",
    );
  });
});
