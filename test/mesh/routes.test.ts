import { describe, expect, it } from "vitest";
import { createPolicy } from "../../src/index.js";
import type { ConfigIssue, CorsPolicy } from "../../src/index.js";
import { fromHTTPRoute, fromVirtualService, routePolicies } from "../../src/mesh/index.js";
import type { RouteResolver } from "../../src/mesh/index.js";
import { toGatewayApiRules, toIstioHttpRoutes } from "../../src/mesh/route-export.js";
import { issuesOf } from "./helpers.js";

/** The first allowed origin of the policy resolved for `url`, to tell policies apart. */
function origin(resolve: RouteResolver, url: string, extra: { method?: string; headers?: Record<string, string> } = {}): unknown {
  const policy: CorsPolicy | undefined = resolve({ url, ...extra });
  return policy?.config.allowOrigins[0];
}

describe("routePolicies", () => {
  const resolve = routePolicies([
    { match: { uri: { exact: "/health" } } },
    { match: { uri: { prefix: "/api/admin" }, headers: { "x-tenant": { exact: "acme" } } }, policy: { allowOrigins: ["https://acme.example"] } },
    { match: { uri: { prefix: "/api/" }, method: "DELETE" }, policy: { allowOrigins: ["https://delete.example"] } },
    { match: { uri: { prefix: "/api/" } }, policy: { allowOrigins: ["https://app.example"] } },
    { match: [{ uri: { pathPrefix: "/files" } }, { uri: { regex: "/v[0-9]+/files/.*" } }], policy: { allowOrigins: ["https://files.example"] } },
    { match: { uri: { exact: "/Search" }, ignoreUriCase: true, queryParams: { q: { regex: "[a-z]+" } } }, policy: { allowOrigins: ["https://search.example"] } },
  ]);

  it("takes the first route that matches", () => {
    expect(origin(resolve, "/api/items")).toBe("https://app.example");
    expect(origin(resolve, "/api/items", { method: "DELETE" })).toBe("https://delete.example");
    expect(origin(resolve, "/api/admin/users", { headers: { "x-tenant": "acme" } })).toBe("https://acme.example");
    expect(origin(resolve, "/api/admin/users", { headers: { "x-tenant": "other" } })).toBe("https://app.example");
  });

  it("returns undefined when no route matches, and for a matching route without a policy (which stops the search)", () => {
    expect(resolve({ url: "/elsewhere" })).toBeUndefined();
    expect(resolve({ url: "/health" })).toBeUndefined();
    expect(resolve.route({ url: "/health" })?.index).toBe(0);
    expect(resolve.route({ url: "/elsewhere" })).toBeUndefined();
  });

  it("reads absolute URLs (fetch), paths (Node) and Express's originalUrl alike, ignoring the query and fragment", () => {
    expect(origin(resolve, "https://api.example.com/api/items?x=1#top")).toBe("https://app.example");
    expect(origin(resolve, "http://api.example.com")).toBeUndefined();
    expect(resolve({ url: "/", originalUrl: "/api/items" })?.config.allowOrigins[0]).toBe("https://app.example");
    expect(resolve({})).toBeUndefined();
  });

  it("normalizes dot segments before matching, as the mesh does", () => {
    expect(origin(resolve, "/health/../api/items")).toBe("https://app.example");
    expect(origin(resolve, "/api/./items")).toBe("https://app.example");
  });

  it("matches Gateway API path prefixes by whole segments, and regexes against the whole path", () => {
    expect(origin(resolve, "/files")).toBe("https://files.example");
    expect(origin(resolve, "/files/a.txt")).toBe("https://files.example");
    expect(origin(resolve, "/filesystem")).toBeUndefined();
    expect(origin(resolve, "/v2/files/a")).toBe("https://files.example");
    expect(origin(resolve, "/x/v2/files/a")).toBeUndefined();
  });

  it("honours ignoreUriCase and query parameters", () => {
    expect(origin(resolve, "/search?q=cats")).toBe("https://search.example");
    expect(origin(resolve, "/SEARCH?page=2&q=cats")).toBe("https://search.example");
    expect(origin(resolve, "/search?q=CATS")).toBeUndefined();
    expect(origin(resolve, "/search")).toBeUndefined();
  });

  it("compiles each policy once: the same object for every request", () => {
    expect(resolve({ url: "/api/a" })).toBe(resolve({ url: "/api/b" }));
  });

  it("accepts compiled policies as they are", () => {
    const policy = createPolicy({ allowOrigins: ["https://a.example"] });
    expect(routePolicies([{ policy }])({ url: "/anything" })).toBe(policy);
  });

  it("lists the problems of every route at once", () => {
    const issues = issuesOf(() =>
      routePolicies([
        { match: { uri: { prefix: "/a" } }, policy: { allowOrigins: [] } },
        { match: { uri: { regex: "(/[a-z]+)+" } }, policy: { allowOrigins: ["https://ok.example"] } },
        { match: { uri: { prefix: "/c" }, port: 80 } as never, policy: { allowOrigins: ["https://ok.example"], allowMethods: ["TRACE"] } },
        { match: { uri: { exact: "/d", prefix: "/d" } as never } },
      ]),
    );
    expect(issues.map((issue) => [issue.code, issue.path])).toEqual([
      ["origins-missing", "routes[0].policy.allowOrigins"],
      ["regex-unsafe", "routes[1].match.uri.regex"],
      ["method-forbidden", "routes[2].policy.allowMethods[0]"],
      ["match-unsupported", "routes[2].match.port"],
      ["type-invalid", "routes[3].match.uri"],
    ]);
  });
});

describe("fromVirtualService", () => {
  const virtualService = {
    apiVersion: "networking.istio.io/v1",
    kind: "VirtualService",
    metadata: { name: "shop" },
    spec: {
      hosts: ["shop.example.com"],
      gateways: ["shop-gateway"],
      http: [
        { name: "static", match: [{ uri: { prefix: "/static/" } }], route: [{ destination: { host: "static" } }] },
        {
          name: "api",
          match: [{ uri: { regex: "(?i)/API/v[0-9]+/.*" } }, { uri: { exact: "/graphql" }, method: { exact: "POST" }, port: 443 }],
          corsPolicy: { allowOrigins: [{ exact: "https://shop.example.com" }], allowMethods: ["PUT"], maxAge: "1h" },
        },
        { corsPolicy: { allowOrigins: [{ exact: "*" }] } },
      ],
    },
  };

  it("keeps the http order, one route per entry, and routes without corsPolicy get none", () => {
    const warnings: ConfigIssue[] = [];
    const routes = fromVirtualService(virtualService, { onWarning: (issue) => warnings.push(issue) });
    expect(routes.map((route) => route.name)).toEqual(["shop/static", "shop/api", "shop http[2]"]);
    const resolve = routePolicies(routes);
    expect(resolve({ url: "/static/app.js" })).toBeUndefined();
    expect(resolve({ url: "/api/V2/items" })?.config.maxAge).toBe(3600);
    expect(resolve({ url: "/graphql", method: "POST" })?.config.allowOrigins).toEqual(["https://shop.example.com"]);
    // A preflight is an OPTIONS request: a method-matched Istio route does not catch it, here as in the mesh.
    expect(resolve({ url: "/graphql", method: "OPTIONS" })?.config.allowOrigins).toEqual(["*"]);
    expect(warnings).toEqual([expect.objectContaining({ code: "field-ignored", path: "spec.http[1].match[1].port" })]);
  });

  it("reads an empty header StringMatch as a presence check, as Istio does", () => {
    const resolve = routePolicies(fromVirtualService({ spec: { http: [{ match: [{ headers: { "X-Debug": {} } }], corsPolicy: { allowOrigins: [{ exact: "https://debug.example" }] } }] } }));
    expect(resolve({ url: "/", headers: { "x-debug": "" } })?.config.allowOrigins).toEqual(["https://debug.example"]);
    expect(resolve({ url: "/", headers: { "x-debug": "1" } })?.config.allowOrigins).toEqual(["https://debug.example"]);
    expect(resolve({ url: "/", headers: {} })).toBeUndefined();
  });

  it("reports problems with paths into the manifest", () => {
    const issues = issuesOf(() =>
      fromVirtualService({
        spec: {
          http: [
            { match: [{ uri: { regex: "/\\C" } }, { authority: { exact: "a" } }], corsPolicy: { allowOrigins: [{ regex: "a(?i)b" }] } },
            { corsPolicy: "none" },
          ],
        },
      }),
    );
    expect(issues.map((issue) => [issue.code, issue.path])).toEqual([
      ["regex-untranslatable", "spec.http[0].match[0].uri.regex"],
      ["match-unsupported", "spec.http[0].match[1].authority"],
      ["regex-untranslatable", "spec.http[0].corsPolicy.allowOrigins[0].regex"],
      ["type-invalid", "spec.http[1].corsPolicy"],
    ]);
  });

  it("puts manifest paths on the core's errors too", () => {
    const routes = fromVirtualService({ spec: { http: [{ corsPolicy: { allowOrigins: [{ exact: "https://App.example.com" }] } }] } });
    expect(issuesOf(() => routePolicies(routes))).toEqual([expect.objectContaining({ code: "origin-noncanonical", path: "spec.http[0].corsPolicy.allowOrigins[0]" })]);
  });
});

describe("fromHTTPRoute", () => {
  const cors = (origin: string) => [{ type: "CORS", cors: { allowOrigins: [origin] } }];
  const httpRoute = {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: { name: "shop" },
    spec: {
      rules: [
        { filters: cors("https://catch-all.example") },
        { matches: [{ path: { type: "PathPrefix", value: "/api" } }], filters: cors("https://api.example") },
        { matches: [{ path: { type: "PathPrefix", value: "/api/v2/" } }], filters: cors("https://v2.example") },
        { matches: [{ path: { type: "Exact", value: "/api/v2/login" } }] },
        { matches: [{ path: { type: "PathPrefix", value: "/api" }, method: "PUT" }], filters: cors("https://put.example") },
        { matches: [{ path: { type: "PathPrefix", value: "/api" }, headers: [{ name: "X-Beta", value: "1" }] }], filters: cors("https://beta.example") },
        { matches: [{ path: { type: "RegularExpression", value: "/img/[a-z]+\\.png" } }], filters: cors("https://img.example") },
      ],
    },
  };
  const resolve = routePolicies(fromHTTPRoute(httpRoute));

  it("applies Gateway API precedence: exact path, longest prefix, method, headers; not rule order", () => {
    expect(origin(resolve, "/api/v2/login")).toBeUndefined();
    expect(origin(resolve, "/api/v2/items")).toBe("https://v2.example");
    expect(origin(resolve, "/api/v2")).toBe("https://v2.example");
    expect(origin(resolve, "/api/items", { method: "PUT", headers: { "x-beta": "1" } })).toBe("https://put.example");
    expect(origin(resolve, "/api/items", { headers: { "x-beta": "1" } })).toBe("https://beta.example");
    expect(origin(resolve, "/api/items")).toBe("https://api.example");
    expect(origin(resolve, "/apis")).toBe("https://catch-all.example");
    expect(origin(resolve, "/img/logo.png")).toBe("https://img.example");
  });

  it("reads several routes at once and points problems into each", () => {
    const issues = issuesOf(() =>
      fromHTTPRoute([
        httpRoute,
        { spec: { rules: [{ matches: [{ path: { type: "Glob", value: "/x" } }], filters: [{ type: "CORS", cors: { allowOrigins: ["*"], maxAge: -5 } }] }] } },
      ]),
    );
    expect(issues.map((issue) => [issue.code, issue.path])).toEqual([
      ["type-invalid", "[1].spec.rules[0].filters[0].cors.maxAge"],
      ["type-invalid", "[1].spec.rules[0].matches[0].path.type"],
    ]);
  });

  it("a CORS filter that allows no origin gives a route without CORS, with a warning", () => {
    const warnings: string[] = [];
    const routes = fromHTTPRoute({ spec: { rules: [{ filters: [{ type: "CORS", cors: { allowCredentials: true } }] }] } }, { onWarning: (issue) => warnings.push(issue.path) });
    expect(routes[0]?.policy).toBeUndefined();
    expect(warnings).toEqual(["spec.rules[0].filters[0].cors.allowOrigins"]);
  });
});

describe("route table export", () => {
  const routes = [
    { match: { uri: { pathPrefix: "/api/" }, headers: { "x-tenant": { prefix: "acme" } } }, policy: { allowOrigins: ["https://a.example"] } },
    { match: { uri: { prefix: "/static" }, method: "GET" } },
    { match: { uri: { regex: /\/v[0-9]\/.*/i } }, policy: { allowOrigins: ["https://b.example"] } },
  ];

  it("writes Istio http routes whose matches select the same requests", () => {
    const http = toIstioHttpRoutes(routes);
    expect(http).toEqual([
      {
        match: [
          { headers: { "x-tenant": { prefix: "acme" } }, uri: { exact: "/api" } },
          { headers: { "x-tenant": { prefix: "acme" } }, uri: { prefix: "/api/" } },
        ],
        corsPolicy: { allowOrigins: [{ exact: "https://a.example" }], unmatchedPreflights: "IGNORE" },
      },
      { match: [{ method: { exact: "GET" }, uri: { prefix: "/static" } }] },
      { match: [{ uri: { regex: "(?i)/v[0-9]/.*" } }], corsPolicy: { allowOrigins: [{ exact: "https://b.example" }], unmatchedPreflights: "IGNORE" } },
    ]);
    const back = routePolicies(fromVirtualService({ spec: { http } }));
    const table = routePolicies(routes);
    for (const [url, headers] of [["/api", { "x-tenant": "acme-1" }], ["/api/x", { "x-tenant": "acme" }], ["/apix", { "x-tenant": "acme" }], ["/V1/x", {}], ["/static/a", {}]] as const) {
      expect(back({ url, method: "GET", headers })?.config.allowOrigins, url).toEqual(table({ url, method: "GET", headers })?.config.allowOrigins);
    }
  });

  it("writes Gateway API rules, and notes where precedence reorders the table", () => {
    const { rules, notes } = toGatewayApiRules(routes);
    expect(rules[0]?.matches).toEqual([{ path: { type: "PathPrefix", value: "/api/" }, headers: [{ name: "x-tenant", type: "RegularExpression", value: "acme.*" }] }]);
    expect(rules[1]?.matches).toEqual([{ path: { type: "RegularExpression", value: "/static.*" }, method: "GET" }]);
    expect(rules[2]?.matches).toEqual([{ path: { type: "RegularExpression", value: "(?i)/v[0-9]/.*" } }]);
    // Regex paths come before prefixes in corsgate's reading of Gateway API precedence: rules[0] moves last.
    expect(notes).toEqual([expect.stringContaining("tries rules[2] (from routes[2]) before rules[0] (from routes[0])")]);
  });
});
