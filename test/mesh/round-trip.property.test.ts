/**
 * The round-trip property: for every policy both formats can hold, importing what was exported gives
 * back an equivalent policy — the same normalized configuration, and the same decision for every probe
 * request (allowed and refused origins, methods, headers, with and without preflight).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createPolicy, evaluate } from "../../src/index.js";
import type { CorsPolicy, CorsPolicyConfig, OriginMatcher } from "../../src/index.js";
import { fromGatewayApiCors, fromIstioCorsPolicy, toGatewayApiCors, toIstioCorsPolicy } from "../../src/mesh/index.js";
import { accepted } from "./helpers.js";

const label = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);
const port = fc.option(fc.integer({ min: 1024, max: 65535 }), { nil: undefined });
const host = fc.tuple(label, fc.constantFrom("example.com", "example.org", "test.net")).map(([left, right]) => `${left}.${right}`);
const origin = fc.tuple(fc.constantFrom("https", "http"), host, port).map(([scheme, name, number]) => `${scheme}://${name}${number === undefined ? "" : `:${number}`}`);
const wildcard = fc.tuple(fc.constantFrom("https", "http"), fc.constantFrom("example.com", "example.org", "api.test.net"), port).map(
  ([scheme, suffix, number]) => `${scheme}://*.${suffix}${number === undefined ? "" : `:${number}`}`,
);
const methods = fc.uniqueArray(fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"), { maxLength: 5 });
const headers = fc.uniqueArray(fc.constantFrom("content-type", "x-request-id", "authorization", "x-api-key", "if-match"), { maxLength: 4 });
const starOr = <T>(list: fc.Arbitrary<T[]>): fc.Arbitrary<readonly (T | "*")[]> => fc.oneof({ weight: 4, arbitrary: list }, { weight: 1, arbitrary: fc.constant(["*" as const]) });

/** Origin matchers Gateway API can hold. */
const gatewayOrigins = fc.oneof(
  { weight: 6, arbitrary: fc.uniqueArray(fc.oneof(origin, wildcard), { minLength: 1, maxLength: 4 }) },
  { weight: 1, arbitrary: fc.constant(["*"]) },
);

/** Origin matchers Istio can hold: everything corsgate has. */
const istioOrigins = fc.oneof(
  { weight: 6, arbitrary: fc.uniqueArray(
    fc.oneof(
      origin,
      wildcard,
      origin.map((value): OriginMatcher => ({ exact: value, ignoreCase: true })),
      origin.map((value): OriginMatcher => ({ prefix: `${value}:` })),
      host.map((name): OriginMatcher => ({ regex: `https://[a-z]+\\.${name.replaceAll(".", "\\.")}` })),
      host.map((name): OriginMatcher => ({ regex: new RegExp(`https://(app|www)\\.${name.replaceAll(".", "\\.")}`, "i") })),
    ),
    { minLength: 1, maxLength: 4, selector: (matcher) => JSON.stringify(matcher instanceof RegExp ? String(matcher) : matcher) },
  ) },
  { weight: 1, arbitrary: fc.constant<OriginMatcher[]>(["*"]) },
);

function config(origins: fc.Arbitrary<readonly OriginMatcher[]>, unmatched: fc.Arbitrary<"reject" | "forward" | undefined>, minimumMaxAge: number): fc.Arbitrary<CorsPolicyConfig> {
  return fc
    .record({
      allowOrigins: origins,
      allowMethods: starOr(methods),
      allowHeaders: starOr(headers),
      exposeHeaders: fc.oneof(headers, fc.constant(["*"])),
      maxAge: fc.option(fc.integer({ min: minimumMaxAge, max: 100_000 }), { nil: undefined }),
      allowCredentials: fc.boolean(),
      unmatchedPreflights: unmatched,
    })
    .map((record) => {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(record)) if (value !== undefined) out[key] = value;
      return out as unknown as CorsPolicyConfig;
    });
}

/** Requests whose decisions must agree: the policy's own origins and near misses, each as a preflight and an actual request. */
function probes(policy: CorsPolicy): { method: string; headers: Record<string, string> }[] {
  const origins = new Set(["https://attacker.invalid", "http://example.com", "https://app.example.com", "https://a.b.example.org:8443", "https://APP.example.com"]);
  for (const matcher of policy.config.allowOrigins) {
    const text = typeof matcher === "string" ? matcher : "exact" in matcher ? matcher.exact : "prefix" in matcher ? `${matcher.prefix}8080` : "https://app.example.net";
    if (text === "*") continue;
    const concrete = text.replace("*.", "deep.sub.").replace(":*", ":3000");
    origins.add(concrete);
    origins.add(concrete.toUpperCase().replace("HTTPS://", "https://").replace("HTTP://", "http://"));
    origins.add(`${concrete}.evil.net`);
    origins.add(concrete.replace("https://", "http://"));
  }
  const requests: { method: string; headers: Record<string, string> }[] = [];
  for (const value of origins) {
    requests.push({ method: "GET", headers: { origin: value } });
    for (const [method, requested] of [["PUT", "content-type,x-request-id"], ["PATCH", ""], ["DELETE", "authorization"], ["POST", "x-api-key"]] as const) {
      requests.push({
        method: "OPTIONS",
        headers: { origin: value, "access-control-request-method": method, ...(requested === "" ? {} : { "access-control-request-headers": requested }) },
      });
    }
  }
  return requests;
}

/** Regexes compare by source and flags. */
function comparable(policy: CorsPolicy): unknown {
  return JSON.parse(JSON.stringify(policy.config, (_key, value: unknown) => (value instanceof RegExp ? { regex: value.source, flags: value.flags } : value)));
}

function expectEquivalent(original: CorsPolicy, back: CorsPolicy): void {
  expect(comparable(back)).toEqual(comparable(original));
  for (const request of probes(original)) {
    expect(evaluate(request, back), JSON.stringify(request)).toEqual(evaluate(request, original));
  }
}

describe("round trip: from(to(config)) is equivalent", () => {
  it("through Istio's corsPolicy (every corsgate matcher, Duration maxAge, unmatchedPreflights)", () => {
    fc.assert(
      fc.property(config(istioOrigins, fc.constantFrom("reject" as const, "forward" as const), 0), (candidate) => {
        const original = accepted(candidate);
        fc.pre(original !== undefined);
        if (original === undefined) return;
        const exported = toIstioCorsPolicy(original);
        // Through plain data, as a YAML file would carry it.
        const back = createPolicy(fromIstioCorsPolicy(JSON.parse(JSON.stringify(exported))));
        expectEquivalent(original, back);
      }),
      { numRuns: 400 },
    );
  });

  it("through Gateway API's HTTPCORSFilter (exact, wildcard and * origins, seconds)", () => {
    fc.assert(
      fc.property(config(gatewayOrigins, fc.constant(undefined), 1), (candidate) => {
        const original = accepted(candidate);
        fc.pre(original !== undefined);
        if (original === undefined) return;
        const exported = toGatewayApiCors(original);
        const back = createPolicy(fromGatewayApiCors(JSON.parse(JSON.stringify(exported))));
        expectEquivalent(original, back);
      }),
      { numRuns: 400 },
    );
  });

  it("an any-port origin (http://localhost:*) reaches Istio as two matchers that decide the same", () => {
    const original = createPolicy({ allowOrigins: ["http://localhost:*"], allowCredentials: true });
    const exported = toIstioCorsPolicy(original);
    expect(exported.allowOrigins).toEqual([{ regex: "http://localhost" }, { regex: "http://localhost:[0-9]+" }]);
    const back = createPolicy(fromIstioCorsPolicy(exported));
    for (const value of ["http://localhost", "http://localhost:3000", "http://localhost.evil.net", "https://localhost:3000", "http://localhost:"]) {
      const request = { method: "GET", headers: { origin: value } };
      expect(evaluate(request, back).allowed, value).toBe(evaluate(request, original).allowed);
    }
  });
});
