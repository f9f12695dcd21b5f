/**
 * The effective CORS policy of each HTTPRoute rule under policy attachment (kgateway / Gloo Gateway
 * TrafficPolicy, agentgateway policies). Expected decisions are written by hand from the projects' guides:
 * kgateway forwards a preflight from an origin it does not allow (its guide shows httpbin answering it),
 * agentgateway answers it itself; a rule's own CORS filter wins over a policy on the route, which wins over
 * one on the Gateway.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { evaluate, isCorsConfigError } from "../../src/index.js";
import type { ConfigIssue } from "../../src/index.js";
import { effectiveRoutePolicies, routePolicies } from "../../src/mesh/index.js";
import type { AttachedRoute } from "../../src/mesh/index.js";

const fixtures = join(import.meta.dirname, "..", "fixtures", "mesh");

function documents(name: string): unknown[] {
  return parseAllDocuments(readFileSync(join(fixtures, name), "utf8")).map((document) => document.toJS() as unknown);
}

function load(manifests: unknown[]): { routes: AttachedRoute[]; warnings: ConfigIssue[] } {
  const warnings: ConfigIssue[] = [];
  const routes = effectiveRoutePolicies(manifests, { onWarning: (warning) => warnings.push(warning) });
  return { routes, warnings };
}

function preflight(path: string, origin: string, method = "PUT", requested?: string): { method: string; url: string; headers: Record<string, string> } {
  return { method: "OPTIONS", url: path, headers: { origin, "access-control-request-method": method, ...(requested === undefined ? {} : { "access-control-request-headers": requested }) } };
}

function actual(path: string, origin: string): { method: string; url: string; headers: Record<string, string> } {
  return { method: "GET", url: path, headers: { origin } };
}

/** The decision for `request` under the table, or "no CORS" when no policy reaches its route. */
function decide(routes: AttachedRoute[], request: ReturnType<typeof actual>): ReturnType<typeof evaluate> | "no CORS" {
  const policy = routePolicies(routes)(request);
  return policy === undefined ? "no CORS" : evaluate(request, policy);
}

describe("fixtures after the projects' guides", () => {
  it("kgateway: a TrafficPolicy attached by an ExtensionRef filter reaches only that rule, and forwards unmatched preflights", () => {
    const { routes, warnings } = load(documents("kgateway-trafficpolicy.yaml"));
    expect(warnings).toEqual([]);
    const allowed = decide(routes, preflight("/anything/path1", "https://example.com", "POST", "authorization"));
    expect(allowed).toMatchObject({ kind: "preflight", allowed: true, action: "respond" });
    expect(allowed !== "no CORS" && allowed.headers).toMatchObject({
      "access-control-allow-origin": "https://example.com",
      "access-control-allow-credentials": "true",
      "access-control-max-age": "86400",
    });
    // The guide's notallowed.com preflight reaches httpbin: Envoy's forward_not_matching_preflights default.
    expect(decide(routes, preflight("/anything/path1", "https://notallowed.com", "POST"))).toMatchObject({ allowed: false, action: "continue" });
    expect(decide(routes, actual("/anything/path1", "https://notallowed.com"))).toMatchObject({ allowed: false });
    expect(decide(routes, actual("/anything/path2", "https://example.com"))).toBe("no CORS");
    expect(routes.find((route) => route.policy !== undefined)?.policyFrom).toEqual({
      resource: "TrafficPolicy httpbin/httpbin-cors",
      kind: "TrafficPolicy",
      name: "httpbin-cors",
      namespace: "httpbin",
      attachment: "extension-ref",
      path: "spec.cors",
    });
  });

  it("agentgateway: a policy on the Gateway reaches the route; https://*.ai allows subdomains, not the apex; unmatched preflights are answered", () => {
    const { routes } = load(documents("agentgateway-policy.yaml"));
    expect(routes.map((route) => route.policyFrom?.attachment)).toEqual(["gateway"]);
    expect(decide(routes, preflight("/get", "https://example.ai", "POST"))).toMatchObject({ allowed: true, action: "respond" });
    expect(decide(routes, preflight("/get", "https://example.com", "POST"))).toMatchObject({ allowed: true });
    expect(decide(routes, actual("/get", "https://ai"))).toMatchObject({ allowed: false });
    const refused = decide(routes, preflight("/get", "https://notallowed.com", "POST"));
    expect(refused).toMatchObject({ allowed: false, action: "respond" });
    expect(refused !== "no CORS" && refused.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("a kubectl List: the older of two policies on the same HTTPRoute wins, and the other is reported", () => {
    const { routes, warnings } = load(documents("kubectl-list.yaml"));
    expect(routes[0]?.policyFrom?.resource).toBe("GlooTrafficPolicy shop/older-cors");
    expect(decide(routes, actual("/", "https://shop.example"))).toMatchObject({ allowed: true });
    expect(decide(routes, actual("/", "https://newer.example"))).toMatchObject({ allowed: false });
    expect(warnings).toEqual([expect.objectContaining({ code: "policy-conflict", path: "HTTPRoute shop/shop spec.rules[0]", message: expect.stringContaining("TrafficPolicy shop/newer-cors is ignored") })]);
  });

  it("EnterpriseAgentgatewayPolicy on one rule by sectionName; a policy without CORS in the same file is skipped", () => {
    const { routes, warnings } = load(documents("enterprise-agentgateway-policy.yaml"));
    expect(warnings).toEqual([]);
    expect(decide(routes, preflight("/mcp", "http://localhost:6274", "DELETE", "mcp-protocol-version"))).toMatchObject({ allowed: true });
    expect(decide(routes, actual("/healthz", "http://localhost:6274"))).toBe("no CORS");
    expect(routes.find((route) => route.name === "mcp mcp")?.policyFrom?.attachment).toBe("route-rule");
  });
});

describe("precedence: rule filter > route-attached policy > gateway-attached policy", () => {
  it("the precedence fixture", () => {
    const { routes, warnings } = load(documents("precedence-bundle.yaml"));
    expect(decide(routes, actual("/api/filtered", "https://filter.example"))).toMatchObject({ allowed: true });
    expect(decide(routes, actual("/api/filtered", "https://route.example"))).toMatchObject({ allowed: false });
    expect(decide(routes, preflight("/api/items", "https://route.example"))).toMatchObject({ allowed: true });
    expect(decide(routes, actual("/api/items", "https://gateway.example"))).toMatchObject({ allowed: false });
    expect(decide(routes, actual("/index.html", "https://gateway.example"))).toMatchObject({ allowed: true });
    expect(routes.map((route) => [route.name, route.policyFrom?.resource, route.policyFrom?.attachment])).toEqual([
      ["api filtered", "HTTPRoute web/api", "rule-filter"],
      ["api plain", "TrafficPolicy web/route-cors", "route"],
      ["site rules[0]", "TrafficPolicy web/gateway-cors", "gateway"],
    ]);
    expect(warnings).toEqual([expect.objectContaining({ code: "policy-conflict", path: "HTTPRoute web/api spec.rules[0].filters[0]" })]);
  });

  const gateway = { apiVersion: "gateway.networking.k8s.io/v1", kind: "Gateway", metadata: { name: "gw", namespace: "web", labels: { tier: "edge" } }, spec: { listeners: [{ name: "https", port: 443, protocol: "HTTPS" }] } };
  const route = {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: { name: "api", namespace: "web", labels: { team: "api" } },
    spec: {
      parentRefs: [{ name: "gw", sectionName: "https" }],
      rules: [{ name: "main", filters: [{ type: "ExtensionRef", extensionRef: { group: "gateway.kgateway.dev", kind: "TrafficPolicy", name: "by-extension-ref" } }] }],
    },
  };
  const policy = (name: string, targetRefs: unknown[] | undefined, kind = "TrafficPolicy"): unknown => ({
    apiVersion: kind === "TrafficPolicy" ? "gateway.kgateway.dev/v1alpha1" : "agentgateway.dev/v1alpha1",
    kind,
    metadata: { name, namespace: "web" },
    spec: {
      ...(targetRefs === undefined ? {} : { targetRefs }),
      ...(kind === "TrafficPolicy" ? { cors: { allowOrigins: [`https://${name}.example`] } } : { traffic: { cors: { allowOrigins: [`https://${name}.example`] } } }),
    },
  });
  const levels = [
    ["extension-ref", policy("by-extension-ref", undefined)],
    ["route-rule", policy("by-rule", [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: "api", sectionName: "main" }])],
    ["route", policy("by-route", [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: "api" }])],
    ["listener", policy("by-listener", [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "gw", sectionName: "https" }])],
    ["gateway", policy("by-gateway", [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "gw" }])],
  ] as const;

  it.each(levels.map((_level, index) => index))("with the %i most specific levels removed, the next one wins", (removed) => {
    const { routes } = load([gateway, route, ...levels.slice(removed).map(([, manifest]) => manifest)]);
    const [level, manifest] = levels[removed] ?? [];
    const name = (manifest as { metadata: { name: string } }).metadata.name;
    expect(routes[0]?.policyFrom).toMatchObject({ attachment: level, name });
    expect(decide(routes, actual("/", `https://${name}.example`))).toMatchObject({ allowed: true });
  });

  it("kgateway's disable: {} on the route turns off the Gateway's CORS policy", () => {
    const disabling = { apiVersion: "gateway.kgateway.dev/v1alpha1", kind: "TrafficPolicy", metadata: { name: "off", namespace: "web" }, spec: { targetRefs: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: "api" }], cors: { disable: {} } } };
    const { routes } = load([gateway, { ...route, spec: { ...route.spec, rules: [{ name: "main" }] } }, disabling, levels[4][1]]);
    expect(routes[0]?.policyFrom).toMatchObject({ name: "off", attachment: "route", disabled: true });
    expect(decide(routes, actual("/", "https://by-gateway.example"))).toBe("no CORS");
  });

  it("targetSelectors select HTTPRoutes and Gateways by their labels", () => {
    const byLabel = policy("by-label", undefined, "AgentgatewayPolicy") as { spec: Record<string, unknown> };
    byLabel.spec["targetSelectors"] = [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", matchLabels: { team: "api" } }];
    const other = policy("other-team", undefined, "AgentgatewayPolicy") as { spec: Record<string, unknown> };
    other.spec["targetSelectors"] = [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", matchLabels: { team: "web" } }];
    const { routes, warnings } = load([gateway, { ...route, spec: { ...route.spec, rules: [{ name: "main" }] } }, byLabel, other]);
    expect(routes[0]?.policyFrom).toMatchObject({ name: "by-label", attachment: "route" });
    expect(warnings).toEqual([expect.objectContaining({ code: "field-ignored", path: "AgentgatewayPolicy web/other-team spec" })]);
  });

  it("a listener policy reaches a route attached to every listener, with a warning that it holds on that listener only", () => {
    const { routes, warnings } = load([gateway, { ...route, spec: { parentRefs: [{ name: "gw" }], rules: [{ name: "main" }] } }, levels[3][1]]);
    expect(routes[0]?.policyFrom).toMatchObject({ attachment: "listener", name: "by-listener" });
    expect(warnings).toEqual([expect.objectContaining({ code: "field-ignored", message: expect.stringContaining("only to requests arriving on listener https") })]);
  });

  it("a policy in another namespace, or naming a route that is not there, applies nowhere and is reported", () => {
    const elsewhere = { ...(levels[2][1] as object), metadata: { name: "elsewhere", namespace: "other" } };
    const missing = policy("missing", [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: "nope" }]);
    const { routes, warnings } = load([gateway, { ...route, spec: { ...route.spec, rules: [{ name: "main" }] } }, elsewhere, missing]);
    expect(routes[0]?.policy).toBeUndefined();
    expect(warnings.map((warning) => warning.path)).toEqual(["TrafficPolicy other/elsewhere spec", "TrafficPolicy web/missing spec"]);
  });

  it("every problem of every policy and route at once, with paths into each resource", () => {
    const broken = { apiVersion: "gateway.kgateway.dev/v1alpha1", kind: "TrafficPolicy", metadata: { name: "broken", namespace: "web" }, spec: { targetRefs: [{ kind: "HTTPRoute", name: "api" }], cors: { allowOrigins: ["https://a.example"], allowCredentials: "true", maxAge: "600" } } };
    const badAgent = { apiVersion: "agentgateway.dev/v1alpha1", kind: "AgentgatewayPolicy", metadata: { name: "typo", namespace: "web" }, spec: { targetRefs: [{ kind: "Gateway", name: "gw" }], traffic: { cors: { allowOrigin: ["https://a.example"] } } } };
    const badRoute = { ...route, spec: { parentRefs: [{ name: "gw" }], rules: [{ matches: [{ path: { type: "Glob", value: "/x" } }] }] } };
    let issues: readonly ConfigIssue[] = [];
    try {
      effectiveRoutePolicies([gateway, badRoute, broken, badAgent]);
    } catch (error) {
      if (!isCorsConfigError(error)) throw error;
      issues = error.issues;
    }
    expect(issues.map((issue) => [issue.code, issue.path])).toEqual([
      ["type-invalid", "TrafficPolicy web/broken spec.cors.allowCredentials"],
      ["type-invalid", "TrafficPolicy web/broken spec.cors.maxAge"],
      ["unknown-field", "AgentgatewayPolicy web/typo spec.traffic.cors.allowOrigin"],
      ["origins-missing", "AgentgatewayPolicy web/typo spec.traffic.cors.allowOrigins"],
      ["type-invalid", "HTTPRoute web/api spec.rules[0].matches[0].path.type"],
    ]);
    expect(issues.find((issue) => issue.code === "unknown-field")?.hint).toBe("did you mean allowOrigins?");
  });
});
