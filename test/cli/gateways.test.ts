/**
 * The `corsgate` command on kgateway / Gloo Gateway / agentgateway files (fixtures written after the projects'
 * CORS guides), bundles mixing kinds, `kubectl get -o yaml` Lists, and the honest-conversion warnings.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { corsgate, fixture } from "./run-cli.js";

function temporaryFile(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "corsgate-gateways-")), name);
  writeFileSync(file, text);
  return file;
}

/** An Istio route without unmatchedPreflights: Istio forwards unmatched preflights to the service. */
const VIRTUAL_SERVICE = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: api}
spec:
  hosts: [api]
  http:
  - route: [{destination: {host: api}}]
    corsPolicy:
      allowOrigins: [{exact: https://app.example.com}]
      allowMethods: [PUT]
`;

describe("lint and check read policies with the resources they attach to", { timeout: 120_000 }, () => {
  it("lint names, per route, the resource its policy came from (text and --json)", async () => {
    const text = await corsgate(["lint", fixture("precedence-bundle.yaml")]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("Effective CORS policy per route:");
    expect(text.stdout).toMatch(/api filtered\s+HTTPRoute web\/api spec\.rules\[0\]\.filters\[0\]\.cors, the rule's own CORS filter/);
    expect(text.stdout).toMatch(/api plain\s+TrafficPolicy web\/route-cors spec\.cors, attached to the HTTPRoute/);
    expect(text.stdout).toMatch(/site rules\[0\]\s+TrafficPolicy web\/gateway-cors spec\.cors, attached to the Gateway/);
    const json = JSON.parse((await corsgate(["lint", fixture("kubectl-list.yaml"), "--json"])).stdout) as { routes: { route: string; policyFrom: { resource: string } }[]; warnings: { code: string }[] };
    expect(json.routes.map((route) => route.policyFrom.resource)).toEqual(["GlooTrafficPolicy shop/older-cors"]);
    expect(json.warnings.map((warning) => warning.code)).toEqual(["policy-conflict"]);
  });

  it("lint reports a policy's problems once, at its path in the policy, however many routes it reaches", async () => {
    const result = await corsgate(["lint", fixture("kgateway-trafficpolicy.yaml"), "--json"]);
    const json = JSON.parse(result.stdout) as { warnings: { code: string; path: string }[] };
    expect(json.warnings.map((warning) => [warning.code, warning.path])).toEqual([
      ["header-never-sent", "TrafficPolicy httpbin/httpbin-cors spec.cors.allowHeaders[0]"],
    ]);
  });

  it("a Gateway policy reaching several routes has its warnings reported once", async () => {
    const bundle = temporaryFile("bundle.yaml", `apiVersion: agentgateway.dev/v1alpha1
kind: AgentgatewayPolicy
metadata: {name: edge, namespace: web}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: edge}]
  traffic: {cors: {allowOrigins: ["https://app.example.com"], maxAge: 172800}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: one, namespace: web}
spec: {parentRefs: [{name: edge}], rules: [{matches: [{path: {value: /one}}]}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: two, namespace: web}
spec: {parentRefs: [{name: edge}], rules: [{matches: [{path: {value: /two}}]}]}
`);
    const json = JSON.parse((await corsgate(["lint", bundle, "--json"])).stdout) as { warnings: { code: string; path: string }[]; routes: unknown[] };
    expect(json.warnings).toEqual([expect.objectContaining({ code: "maxage-capped", path: "AgentgatewayPolicy web/edge spec.traffic.cors.maxAge" })]);
    expect(json.routes).toHaveLength(2);
  });

  it("check on the kgateway guide: example.com is allowed on the rule with the ExtensionRef, and the output says where the policy came from", async () => {
    const allowed = await corsgate(["check", fixture("kgateway-trafficpolicy.yaml"), "--origin", "https://example.com", "--method", "POST", "--header", "Authorization: x", "--path", "/anything/path1"]);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain("CORS: TrafficPolicy httpbin/httpbin-cors spec.cors, attached by the rule's ExtensionRef filter");
    const elsewhere = await corsgate(["check", fixture("kgateway-trafficpolicy.yaml"), "--origin", "https://example.com", "--method", "PUT", "--path", "/anything/path2"]);
    expect(elsewhere.code).toBe(1);
  });

  it("check on the agentgateway guide: https://example.ai is allowed, https://notallowed.com refused", async () => {
    expect((await corsgate(["check", fixture("agentgateway-policy.yaml"), "--origin", "https://example.ai", "--method", "POST", "--header", "Content-Type: application/json"])).code).toBe(0);
    expect((await corsgate(["check", fixture("agentgateway-policy.yaml"), "--origin", "https://notallowed.com"])).code).toBe(1);
  });
});

describe("convert: new targets and honest warnings", { timeout: 120_000 }, () => {
  it("a VirtualService that forwards unmatched preflights converts to Gateway API with a warning on stderr, in the YAML and in --json; --strict exits 1", async () => {
    const file = temporaryFile("vs.yaml", VIRTUAL_SERVICE);
    const text = await corsgate(["convert", file, "--to", "gateway-api"]);
    expect(text.code).toBe(0);
    expect(text.stderr).toContain("corsgate: warning: spec.http[0].corsPolicy.unmatchedPreflights: forward:");
    expect(text.stdout.split("\n")[0]).toMatch(/^# warning: spec\.http\[0\]\.corsPolicy\.unmatchedPreflights: forward: .*Gateway API has no such setting/);
    expect(parse(text.stdout)).toEqual({ rules: [{ filters: [{ type: "CORS", cors: { allowOrigins: ["https://app.example.com"], allowMethods: ["PUT"] } }] }] });
    const json = JSON.parse((await corsgate(["convert", file, "--to", "gateway-api", "--json"])).stdout) as { warnings: { code: string; path: string }[] };
    expect(json.warnings).toEqual([expect.objectContaining({ code: "conversion-lossy", path: "spec.http[0].corsPolicy.unmatchedPreflights" })]);
    expect((await corsgate(["convert", file, "--to", "gateway-api", "--strict"])).code).toBe(1);
    // Istio itself holds the behaviour: no warning.
    const istio = await corsgate(["convert", file, "--to", "istio", "--strict"]);
    expect([istio.code, istio.stderr]).toEqual([0, ""]);
  });

  it("a lone TrafficPolicy converts to an AgentgatewayPolicy (with the forward warning) and to kgateway unchanged", async () => {
    const agent = await corsgate(["convert", fixture("kgateway-trafficpolicy-only.yaml"), "--to", "agentgateway"]);
    expect(agent.code).toBe(0);
    expect(agent.stderr).toContain("spec.cors.unmatchedPreflights: forward:");
    expect(parse(agent.stdout)).toMatchObject({ apiVersion: "agentgateway.dev/v1alpha1", kind: "AgentgatewayPolicy", spec: { traffic: { cors: { allowOrigins: ["https://example.com"], allowMethods: ["GET", "POST"], maxAge: 86400 } } } });
    const same = await corsgate(["convert", fixture("kgateway-trafficpolicy-only.yaml"), "--to", "kgateway", "--strict"]);
    expect(same.code).toBe(0);
    expect(parse(same.stdout)).toMatchObject({ kind: "TrafficPolicy", spec: { cors: { allowOrigins: ["https://example.com"], allowMethods: ["GET", "POST"], maxAge: 86400 } } });
  });

  it("--to kgateway refuses a route table (exit 2) and says what to use", async () => {
    const result = await corsgate(["convert", fixture("precedence-bundle.yaml"), "--to", "kgateway"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("use --to gateway-api");
  });
});
