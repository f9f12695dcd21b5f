/**
 * Honest conversions. Round trips through kgateway and agentgateway for the subset each holds; outside
 * it, a conversion either warns (`conversion-lossy`, naming the field) or is refused (`not-expressible`).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createPolicy, evaluate, isCorsConfigError } from "../../src/index.js";
import type { ConfigIssue, CorsPolicy, CorsPolicyConfig } from "../../src/index.js";
import {
  conversionWarnings,
  fromAgentgatewayCors,
  fromIstioCorsPolicy,
  fromKgatewayCors,
  toAgentgatewayCors,
  toGatewayApiCors,
  toIstioCorsPolicy,
  toKgatewayCors,
} from "../../src/mesh/index.js";
import { toGatewayApiRules } from "../../src/mesh/route-export.js";
import { accepted } from "./helpers.js";

const label = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);
const origin = fc.tuple(fc.constantFrom("https", "http"), label, fc.constantFrom("example.com", "example.org")).map(([scheme, name, suffix]) => `${scheme}://${name}.${suffix}`);
const wildcard = fc.constantFrom("https://*.example.com", "https://*.example.org:8443");
const subset = fc
  .record({
    allowOrigins: fc.oneof({ weight: 5, arbitrary: fc.uniqueArray(fc.oneof(origin, wildcard), { minLength: 1, maxLength: 3 }) }, { weight: 1, arbitrary: fc.constant(["*"]) }),
    allowMethods: fc.uniqueArray(fc.constantFrom("GET", "PUT", "DELETE", "PATCH"), { maxLength: 3 }),
    allowHeaders: fc.uniqueArray(fc.constantFrom("content-type", "x-request-id"), { maxLength: 2 }),
    allowCredentials: fc.boolean(),
    maxAge: fc.option(fc.integer({ min: 1, max: 90_000 }), { nil: undefined }),
    unmatchedPreflights: fc.constantFrom("reject" as const, "forward" as const),
  })
  .map((record): CorsPolicyConfig => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(record)) if (value !== undefined) out[key] = value;
    return out as unknown as CorsPolicyConfig;
  });

const probes = ["https://app.example.com", "https://deep.app.example.org:8443", "https://attacker.invalid", "http://app.example.com"].flatMap((value) => [
  { method: "GET", headers: { origin: value } },
  { method: "OPTIONS", headers: { origin: value, "access-control-request-method": "PUT", "access-control-request-headers": "content-type" } },
]);

function sameDecisions(left: CorsPolicy, right: CorsPolicy): void {
  for (const request of [...probes, ...left.config.allowOrigins.map((matcher) => ({ method: "OPTIONS", headers: { origin: String(matcher).replace("*.", "a."), "access-control-request-method": "DELETE" } }))]) {
    expect(evaluate(request, right), JSON.stringify(request)).toEqual(evaluate(request, left));
  }
}

type Format = { name: string; fixed: "reject" | "forward" | undefined; through(policy: CorsPolicy, warnings: ConfigIssue[]): CorsPolicy };
const FORMATS: Format[] = [
  { name: "istio", fixed: undefined, through: (policy, warnings) => createPolicy(fromIstioCorsPolicy(JSON.parse(JSON.stringify(toIstioCorsPolicy(policy, { onWarning: (w) => warnings.push(w) }))))) },
  { name: "kgateway", fixed: "forward", through: (policy, warnings) => createPolicy(fromKgatewayCors(JSON.parse(JSON.stringify(toKgatewayCors(policy, { onWarning: (w) => warnings.push(w) })))) as CorsPolicyConfig) },
  { name: "agentgateway", fixed: "reject", through: (policy, warnings) => createPolicy(fromAgentgatewayCors(JSON.parse(JSON.stringify(toAgentgatewayCors(policy, { onWarning: (w) => warnings.push(w) }))))) },
];

describe("round trips for the subset each format holds", () => {
  it.each(FORMATS)("through $name: same decisions, or a conversion-lossy warning naming unmatchedPreflights", (format) => {
    fc.assert(
      fc.property(subset, (candidate) => {
        const original = accepted(candidate);
        fc.pre(original !== undefined);
        if (original === undefined) return;
        const warnings: ConfigIssue[] = [];
        const back = format.through(original, warnings);
        if (format.fixed === undefined || format.fixed === original.config.unmatchedPreflights) {
          expect(warnings).toEqual([]);
          sameDecisions(original, back);
        } else {
          expect(warnings).toEqual([expect.objectContaining({ code: "conversion-lossy", path: "unmatchedPreflights" })]);
          // Everything but the one field the warning names decides the same.
          sameDecisions(createPolicy({ ...(original.config as CorsPolicyConfig), unmatchedPreflights: format.fixed }), back);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("kgateway → agentgateway → kgateway: the unmatched-preflight behaviour is the only difference, and both hops say so", () => {
    const original = createPolicy(fromKgatewayCors({ allowOrigins: ["https://app.example.com"], allowMethods: ["PUT"] }) as CorsPolicyConfig);
    const first: ConfigIssue[] = [];
    const agent = createPolicy(fromAgentgatewayCors(toAgentgatewayCors(original, { onWarning: (w) => first.push(w) })));
    const second: ConfigIssue[] = [];
    toKgatewayCors(agent, { onWarning: (w) => second.push(w) });
    expect([first, second].map((list) => list.map((warning) => warning.message.split(":")[0]))).toEqual([["forward"], ["reject"]]);
  });
});

describe("outside the subset: a warning or a refusal, with the field named", () => {
  it("Istio's default (forward) to Gateway API warns, naming the field and the difference", () => {
    const config = fromIstioCorsPolicy({ allowOrigins: [{ exact: "https://app.example.com" }] });
    const warnings: ConfigIssue[] = [];
    expect(toGatewayApiCors(config, { onWarning: (w) => warnings.push(w), path: "spec.http[0].corsPolicy" })).toEqual({ allowOrigins: ["https://app.example.com"] });
    expect(warnings).toEqual([
      expect.objectContaining({ code: "conversion-lossy", path: "spec.http[0].corsPolicy.unmatchedPreflights", message: expect.stringContaining("Gateway API has no such setting") }),
    ]);
    // The same policy with IGNORE converts silently: the warning is not noise.
    const quiet: ConfigIssue[] = [];
    toGatewayApiCors(fromIstioCorsPolicy({ allowOrigins: [{ exact: "https://app.example.com" }], unmatchedPreflights: "IGNORE" }), { onWarning: (w) => quiet.push(w) });
    expect(quiet).toEqual([]);
  });

  it("route tables pass each route policy's warnings on, with the route's path", () => {
    const warnings: ConfigIssue[] = [];
    toGatewayApiRules([{ match: { uri: { prefix: "/a" } }, policy: { allowOrigins: ["https://a.example"], unmatchedPreflights: "forward" }, policySource: "spec.http[3].corsPolicy" }], { onWarning: (w) => warnings.push(w) });
    expect(warnings.map((warning) => warning.path)).toEqual(["spec.http[3].corsPolicy.unmatchedPreflights"]);
  });

  it.each([
    [{ allowOrigins: [{ prefix: "https://a.example:" }] }, "allowOrigins[0].prefix"],
    [{ allowOrigins: [{ regex: "https://[a-z]+\\.example\\.net" }] }, "allowOrigins[0].regex"],
    [{ allowOrigins: [{ exact: "https://a.example", ignoreCase: true }] }, "allowOrigins[0].ignoreCase"],
    [{ allowOrigins: ["http://localhost:*"] }, "allowOrigins[0]"],
    [{ allowOrigins: ["https://a.example"], allowPrivateNetwork: true }, "allowPrivateNetwork"],
    [{ allowOrigins: ["https://a.example"], maxAge: 0 }, "maxAge"],
    [{ allowOrigins: ["https://a.example"], allowMethods: ["PROPFIND"] }, "allowMethods[0]"],
  ] as [CorsPolicyConfig, string][])("kgateway and agentgateway refuse %j at %s", (config, path) => {
    for (const convert of [toKgatewayCors, toAgentgatewayCors]) {
      let issues: readonly ConfigIssue[] = [];
      try {
        convert(config);
      } catch (error) {
        if (!isCorsConfigError(error)) throw error;
        issues = error.issues;
      }
      expect(issues).toEqual([expect.objectContaining({ code: "not-expressible", path })]);
    }
  });

  it("conversionWarnings: nothing for corsgate and Istio, which hold both behaviours", () => {
    for (const unmatched of ["reject", "forward"] as const) {
      const config = createPolicy({ allowOrigins: ["https://a.example"], unmatchedPreflights: unmatched }).config;
      expect(conversionWarnings(config, "corsgate")).toEqual([]);
      expect(conversionWarnings(config, "istio")).toEqual([]);
    }
  });

  it("kgateway's disable: {} reads as no policy; other fields next to it are reported as ignored", () => {
    const warnings: ConfigIssue[] = [];
    expect(fromKgatewayCors({ disable: {}, allowOrigins: ["https://a.example"] }, { path: "spec.cors", onWarning: (w) => warnings.push(w) })).toBeUndefined();
    expect(warnings).toEqual([expect.objectContaining({ code: "field-ignored", path: "spec.cors.allowOrigins" })]);
  });
});
