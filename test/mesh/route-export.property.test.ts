/**
 * Route tables exported to a VirtualService's http list, or to HTTPRoute rules, select the same policy
 * for every path, method and header once read back — for Gateway API whenever its precedence keeps the
 * table's order (otherwise the exporter says so in a note).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromHTTPRoute, fromVirtualService, routePolicies } from "../../src/mesh/index.js";
import type { Route, RouteMatch } from "../../src/mesh/index.js";
import { toGatewayApiRules, toIstioHttpRoutes } from "../../src/mesh/route-export.js";

const segment = fc.constantFrom("api", "apis", "v1", "v2", "files", "a");
const path = fc.array(segment, { minLength: 0, maxLength: 3 }).chain((segments) =>
  fc.constantFrom("", "/").map((end) => `/${segments.join("/")}${segments.length > 0 ? end : ""}`),
);
const uri = fc.oneof(
  path.map((value) => ({ exact: value })),
  path.map((value) => ({ prefix: value })),
  path.map((value) => ({ pathPrefix: value })),
  fc.constant({ regex: "/v[0-9]/.*" }),
);
const match: fc.Arbitrary<RouteMatch> = fc
  .record({ uri, method: fc.option(fc.constantFrom("GET", "PUT"), { nil: undefined }), tenant: fc.option(fc.constantFrom("acme", "beta"), { nil: undefined }) })
  .map(({ uri: value, method, tenant }) => ({
    uri: value,
    ...(method === undefined ? {} : { method }),
    ...(tenant === undefined ? {} : { headers: { "x-tenant": { exact: tenant } } }),
  }));
const table: fc.Arbitrary<Route[]> = fc.array(fc.tuple(fc.array(match, { minLength: 1, maxLength: 2 }), fc.boolean()), { minLength: 1, maxLength: 5 }).map((entries) =>
  entries.map(([matches, hasPolicy], index) => ({ match: matches, ...(hasPolicy ? { policy: { allowOrigins: [`https://route${index}.example`] } } : {}) })),
);
const request = fc.record({ url: path, method: fc.constantFrom("GET", "PUT", "OPTIONS"), tenant: fc.constantFrom("acme", "beta", undefined) });

function chosen(resolve: ReturnType<typeof routePolicies>, probe: { url: string; method: string; tenant: string | undefined }): unknown {
  return resolve({ url: probe.url, method: probe.method, headers: probe.tenant === undefined ? {} : { "x-tenant": probe.tenant } })?.config.allowOrigins[0] ?? null;
}

describe("route table export selects the same policies", () => {
  it("through a VirtualService", () => {
    fc.assert(
      fc.property(table, fc.array(request, { minLength: 10, maxLength: 10 }), (routes, probes) => {
        const original = routePolicies(routes);
        const back = routePolicies(fromVirtualService({ spec: { http: JSON.parse(JSON.stringify(toIstioHttpRoutes(routes))) } }));
        for (const probe of probes) expect(chosen(back, probe), JSON.stringify(probe)).toEqual(chosen(original, probe));
      }),
      { numRuns: 300 },
    );
  });

  it("through HTTPRoute rules, when precedence keeps the order", () => {
    let compared = 0;
    fc.assert(
      fc.property(table, fc.array(request, { minLength: 10, maxLength: 10 }), (routes, probes) => {
        const { rules, notes } = toGatewayApiRules(routes);
        if (notes.length > 0) return;
        compared += 1;
        const original = routePolicies(routes);
        const back = routePolicies(fromHTTPRoute({ spec: { rules: JSON.parse(JSON.stringify(rules)) } }));
        for (const probe of probes) expect(chosen(back, probe), JSON.stringify(probe)).toEqual(chosen(original, probe));
      }),
      { numRuns: 300 },
    );
    expect(compared).toBeGreaterThan(30);
  });
});
