/**
 * The Gateway API conformance tests HTTPRouteCORS and HTTPRouteCORSAllowCredentialsBehavior
 * (kubernetes-sigs/gateway-api, conformance/tests/httproute-cors*.go), run in process: the same routes,
 * read with fromHTTPRoute, resolved with routePolicies and decided by evaluate. Every case is kept except
 * what only a network can show (the echo backend's body). Where the conformance test accepts several
 * values, so does this table; `ignoreWhitespace` compares lists without spaces, as the suite does.
 */
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/index.js";
import { fromHTTPRoute, routePolicies } from "../../src/mesh/index.js";

const route = (name: string, rules: { prefix: string; cors: Record<string, unknown> }[]) => ({
  apiVersion: "gateway.networking.k8s.io/v1",
  kind: "HTTPRoute",
  metadata: { name, namespace: "gateway-conformance-infra" },
  spec: {
    parentRefs: [{ name: "same-namespace" }],
    rules: rules.map((rule) => ({
      matches: [{ path: { type: "PathPrefix", value: rule.prefix } }],
      filters: [{ type: "CORS", cors: rule.cors }],
      backendRefs: [{ name: "infra-backend-v1", port: 8080 }],
    })),
  },
});

// The manifests of the two conformance tests, restated.
const manifests = [
  route("cors-multiple-origins-methods-headers", [
    {
      prefix: "/cors-1",
      cors: {
        allowOrigins: ["https://www.foo.com", "https://*.bar.com"],
        allowMethods: ["GET", "OPTIONS"],
        allowHeaders: ["x-header-1", "x-header-2"],
        exposeHeaders: ["x-header-3", "x-header-4"],
        allowCredentials: true,
        maxAge: 3600,
      },
    },
  ]),
  route("cors-wildcard-methods", [{ prefix: "/cors-2", cors: { allowOrigins: ["https://www.foo.com"], allowMethods: ["*"] } }]),
  route("cors-wildcard-origin", [{ prefix: "/cors-wildcard-origin", cors: { allowOrigins: ["*"], allowMethods: ["PUT"], allowCredentials: false } }]),
  route("cors-wildcard-methods-headers", [
    { prefix: "/cors-wildcard-methods-headers", cors: { allowOrigins: ["*"], allowMethods: ["*"], allowHeaders: ["*"], allowCredentials: true } },
    { prefix: "/cors-wildcard-methods-headers-unauth", cors: { allowOrigins: ["*"], allowMethods: ["*"], allowHeaders: ["*"], allowCredentials: false } },
  ]),
  route("cors-allow-credentials", [
    { prefix: "/cors-behavior-creds-false", cors: { allowOrigins: ["https://app.example"], allowCredentials: false } },
    { prefix: "/cors-behavior-creds-true", cors: { allowOrigins: ["https://app.example"], allowCredentials: true } },
  ]),
];

interface ConformanceCase {
  readonly name: string;
  readonly path: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  /** Acceptable statuses of a preflight answered by the gateway; absent for requests that reach the backend. */
  readonly statuses?: readonly number[];
  readonly valid?: Readonly<Record<string, readonly string[]>>;
  readonly absent?: readonly string[];
  readonly ignoreWhitespace?: boolean;
}

const preflight = (origin: string, method: string, requestHeaders?: string): Record<string, string> => ({
  origin,
  "access-control-request-method": method,
  ...(requestHeaders === undefined ? {} : { "access-control-request-headers": requestHeaders }),
});

const cors1Allowed = (origin: string): Readonly<Record<string, readonly string[]>> => ({
  "access-control-allow-origin": [origin],
  "access-control-allow-methods": ["GET, OPTIONS", "OPTIONS, GET"],
  "access-control-allow-headers": ["x-header-1, x-header-2", "x-header-2, x-header-1"],
  "access-control-expose-headers": ["x-header-3, x-header-4", "x-header-4, x-header-3"],
  "access-control-max-age": ["3600"],
  "access-control-allow-credentials": ["true"],
});

const cases: readonly ConformanceCase[] = [
  {
    name: "preflight from an exact matching origin is allowed",
    path: "/cors-1",
    method: "OPTIONS",
    headers: preflight("https://www.foo.com", "GET", "x-header-1, x-header-2"),
    statuses: [200, 204],
    valid: cors1Allowed("https://www.foo.com"),
    ignoreWhitespace: true,
  },
  {
    name: "preflight from a wildcard matching origin is allowed",
    path: "/cors-1",
    method: "OPTIONS",
    headers: preflight("https://www.bar.com", "GET", "x-header-1, x-header-2"),
    statuses: [200, 204],
    valid: cors1Allowed("https://www.bar.com"),
    ignoreWhitespace: true,
  },
  {
    name: "preflight from an origin with several labels left of the wildcard is allowed",
    path: "/cors-1",
    method: "OPTIONS",
    headers: preflight("https://xpto.www.bar.com", "GET", "x-header-1, x-header-2"),
    statuses: [200, 204],
    valid: cors1Allowed("https://xpto.www.bar.com"),
    ignoreWhitespace: true,
  },
  {
    name: "preflight from a non-matching origin is not allowed",
    path: "/cors-1",
    method: "OPTIONS",
    headers: preflight("https://foobar.com", "GET"),
    statuses: [200, 204, 403],
    absent: ["access-control-allow-origin"],
  },
  {
    name: "request from an exact matching origin is allowed",
    path: "/cors-1",
    method: "GET",
    headers: { origin: "https://www.foo.com", "access-control-request-method": "GET", "access-control-request-headers": "x-header-1, x-header-2" },
    valid: { "access-control-allow-origin": ["https://www.foo.com"] },
  },
  {
    name: "request from a wildcard matching origin is allowed",
    path: "/cors-1",
    method: "GET",
    headers: { origin: "https://www.bar.com", "access-control-request-method": "GET", "access-control-request-headers": "x-header-1, x-header-2" },
    valid: { "access-control-allow-origin": ["https://www.bar.com"] },
  },
  {
    name: "request from a non-matching origin is not allowed",
    path: "/cors-1",
    method: "GET",
    headers: { origin: "https://foobar.com", "access-control-request-method": "GET" },
    absent: ["access-control-allow-origin"],
  },
  {
    name: "preflight for POST is allowed by allowMethods: [*]",
    path: "/cors-2",
    method: "OPTIONS",
    headers: preflight("https://www.foo.com", "POST"),
    statuses: [200, 204],
    valid: { "access-control-allow-methods": ["POST", "*"], "access-control-allow-origin": ["https://www.foo.com"] },
    absent: ["access-control-allow-credentials"],
  },
  {
    name: "preflight gets no access-control-allow-credentials without allowCredentials: true",
    path: "/cors-2",
    method: "OPTIONS",
    headers: preflight("https://www.foo.com", "POST"),
    statuses: [200, 204],
    absent: ["access-control-allow-credentials"],
  },
  {
    name: "preflight from any origin to a * route answers * or the origin",
    path: "/cors-wildcard-origin",
    method: "OPTIONS",
    headers: preflight("https://foobar.com", "PUT"),
    statuses: [200, 204],
    valid: { "access-control-allow-origin": ["https://foobar.com", "*"], "access-control-allow-methods": ["PUT"] },
    absent: ["access-control-allow-credentials"],
  },
  {
    name: "preflight from an origin with a port to a * route answers * or the origin",
    path: "/cors-wildcard-origin",
    method: "OPTIONS",
    headers: preflight("https://foobar.com:12345", "PUT"),
    statuses: [200, 204],
    valid: { "access-control-allow-origin": ["https://foobar.com:12345", "*"], "access-control-allow-methods": ["PUT"] },
    absent: ["access-control-allow-credentials"],
  },
  {
    name: "request from an origin with a port to a * route gets * or the origin",
    path: "/cors-wildcard-origin",
    method: "PUT",
    headers: { origin: "https://foobar.com:12345" },
    valid: { "access-control-allow-origin": ["https://foobar.com:12345", "*"] },
  },
  {
    name: "request from any origin to a * route gets * or the origin, no credentials header",
    path: "/cors-wildcard-origin",
    method: "PUT",
    headers: { origin: "https://foobar.com" },
    valid: { "access-control-allow-origin": ["https://foobar.com", "*"] },
    absent: ["access-control-allow-credentials"],
  },
  {
    name: "preflight with credentials allowed echoes the origin, the method and the headers",
    path: "/cors-wildcard-methods-headers",
    method: "OPTIONS",
    headers: preflight("https://other.foo.com", "PUT", "x-header-1, x-header-2"),
    statuses: [200, 204],
    valid: {
      "access-control-allow-origin": ["https://other.foo.com"],
      "access-control-allow-methods": ["PUT"],
      "access-control-allow-headers": ["x-header-1, x-header-2", "x-header-2, x-header-1"],
      "access-control-allow-credentials": ["true"],
    },
    ignoreWhitespace: true,
  },
  {
    name: "preflight without credentials answers * or echoes, and no credentials header",
    path: "/cors-wildcard-methods-headers-unauth",
    method: "OPTIONS",
    headers: preflight("https://other.foo.com", "PUT", "x-header-1, x-header-2"),
    statuses: [200, 204],
    valid: {
      "access-control-allow-origin": ["https://other.foo.com", "*"],
      "access-control-allow-methods": ["PUT", "*"],
      "access-control-allow-headers": ["x-header-1, x-header-2", "x-header-2, x-header-1", "*"],
    },
    absent: ["access-control-allow-credentials"],
    ignoreWhitespace: true,
  },
  {
    name: "request gets access-control-allow-credentials: true with allowCredentials: true",
    path: "/cors-wildcard-methods-headers",
    method: "GET",
    headers: { origin: "https://other.foo.com" },
    valid: { "access-control-allow-origin": ["https://other.foo.com"], "access-control-allow-credentials": ["true"] },
  },
  {
    name: "request gets no access-control-allow-credentials without allowCredentials: true",
    path: "/cors-wildcard-methods-headers-unauth",
    method: "GET",
    headers: { origin: "https://other.foo.com" },
    valid: { "access-control-allow-origin": ["https://other.foo.com", "*"] },
    absent: ["access-control-allow-credentials"],
  },
  {
    name: "credentials behavior: allowCredentials false sends no credentials header",
    path: "/cors-behavior-creds-false",
    method: "GET",
    headers: { origin: "https://app.example", cookie: "sid=abc123", authorization: "Bearer test" },
    absent: ["access-control-allow-credentials"],
  },
  {
    name: "credentials behavior: an unmatched origin gets no credentials header",
    path: "/cors-behavior-creds-true",
    method: "GET",
    headers: { origin: "http://not-app.example", cookie: "sid=abc123", authorization: "Bearer test" },
    absent: ["access-control-allow-credentials"],
  },
  {
    name: "credentials behavior: the allowed origin gets credentials and its origin",
    path: "/cors-behavior-creds-true",
    method: "GET",
    headers: { origin: "https://app.example", cookie: "sid=abc123", authorization: "Bearer test" },
    valid: { "access-control-allow-credentials": ["true"], "access-control-allow-origin": ["https://app.example"] },
  },
];

describe("Gateway API HTTPRouteCORS conformance, in process", () => {
  const warnings: string[] = [];
  const resolve = routePolicies(fromHTTPRoute(manifests, { onWarning: (issue) => warnings.push(issue.code) }));

  it("reads every conformance route, and opts the * + credentials route into the escape hatch", () => {
    expect(resolve.routes).toHaveLength(7);
    const any = resolve({ url: "/cors-wildcard-methods-headers" });
    expect(any?.config.dangerouslyAllowAnyOriginWithCredentials).toBe(true);
    expect(any?.warnings.map((warning) => warning.code)).toContain("credentials-any-origin");
  });

  it.each(cases)("$name", (testCase) => {
    const policy = resolve({ url: testCase.path, method: testCase.method, headers: testCase.headers });
    if (policy === undefined) throw new Error(`no policy for ${testCase.path}`);
    const decision = evaluate({ method: testCase.method, headers: testCase.headers }, policy);
    if (testCase.statuses === undefined) {
      expect(decision.action).toBe("continue");
    } else {
      expect(decision.action).toBe("respond");
      expect(testCase.statuses).toContain(decision.status);
    }
    const normalize = (value: string): string => (testCase.ignoreWhitespace === true ? value.replace(/\s+/g, "") : value);
    for (const [name, accepted] of Object.entries(testCase.valid ?? {})) {
      const actual = decision.headers[name];
      expect(actual, name).toBeDefined();
      expect(accepted.map(normalize), name).toContain(normalize(actual ?? ""));
    }
    for (const name of testCase.absent ?? []) expect(decision.headers[name.toLowerCase()], name).toBeUndefined();
  });
});
