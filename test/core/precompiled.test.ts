/**
 * corsgate/precompiled: a policy written out by `precompilePolicy` and read back by `loadPrecompiledPolicy`
 * decides every request exactly as the `createPolicy` original does — same kind, action, status, headers, vary
 * and deny code — with brief reason texts.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { createPolicy, evaluate as evaluateFull, explain, precompilePolicy } from "../../src/index.js";
import type { CorsDecision, CorsPolicy, CorsPolicyConfig } from "../../src/index.js";
import { evaluate, loadPrecompiledPolicy, PRECOMPILED_FORMAT } from "../../src/precompiled.js";
import type { PrecompiledPolicy } from "../../src/precompiled.js";
import { precompiledData } from "../../src/core/precompile.js";
import { cases } from "../fixtures/cases.js";
import { acceptedPolicy, corsRequest, NUM_RUNS, PROPERTY_TIMEOUT } from "../properties/arbitraries.js";

/** What goes through JSON, as in a generated file: no shared objects, no RegExp, no Set. */
function roundTrip(policy: CorsPolicy): CorsPolicy {
  return loadPrecompiledPolicy(JSON.parse(JSON.stringify(precompiledData(policy))) as PrecompiledPolicy);
}

/** A decision without its reason's wording (the code stays). */
function facts(decision: CorsDecision): unknown {
  const { reason, ...rest } = decision;
  return reason === undefined ? rest : { ...rest, reason: reason.code };
}

const GENERATED = join(import.meta.dirname, ".generated");
afterAll(() => rmSync(GENERATED, { recursive: true, force: true }));

describe("precompiled policies decide as createPolicy does", () => {
  describe("the shared table", () => {
    for (const testCase of cases) {
      it(testCase.desc, () => {
        const original = createPolicy(testCase.config);
        const loaded = roundTrip(original);
        const expected = evaluateFull(testCase.request, original);
        const decision = evaluate(testCase.request, loaded);
        expect(facts(decision)).toEqual(facts(expected));
        expect(decision.reason?.code).toBe(testCase.want.reason);
        expect(Object.isFrozen(decision)).toBe(true);
        expect(Object.isFrozen(decision.headers)).toBe(true);
      });
    }
  });

  it("for random accepted policies and hostile requests (property)", { timeout: PROPERTY_TIMEOUT }, () => {
    fc.assert(
      fc.property(acceptedPolicy, fc.array(corsRequest, { minLength: 1, maxLength: 4 }), ({ policy }, requests) => {
        const loaded = roundTrip(policy);
        for (const { request } of requests) {
          // Twice: the second answer may come from the per-origin caches, which must agree too.
          for (let round = 0; round < 2; round++) {
            expect(facts(evaluate(request, loaded))).toEqual(facts(evaluateFull(request, policy)));
          }
        }
      }),
      { numRuns: NUM_RUNS / 5 },
    );
  });

  it("keeps the normalized config (a RegExp matcher included) and the warnings, frozen", async () => {
    const original = createPolicy({
      allowOrigins: ["https://app.example.com", { regex: /https:\/\/[a-z]+\.example\.com/i }, { regex: "https://b\\.example" }],
      maxAge: "10m",
      allowMethods: ["PUT"],
    });
    mkdirSync(GENERATED, { recursive: true });
    const file = join(GENERATED, "config.ts");
    writeFileSync(file, precompilePolicy(original, { importFrom: join(import.meta.dirname, "../../src/precompiled.ts") }));
    const loaded = ((await import(file)) as { default: CorsPolicy }).default;
    expect(loaded.config).toEqual(original.config);
    expect((loaded.config.allowOrigins[1] as { regex: RegExp }).regex).toEqual(/https:\/\/[a-z]+\.example\.com/i);
    expect(loaded.warnings).toEqual(original.warnings);
    expect(Object.isFrozen(loaded)).toBe(true);
    expect(Object.isFrozen(loaded.config)).toBe(true);
    expect(Object.isFrozen(loaded.config.allowOrigins)).toBe(true);
    expect(Object.isFrozen(loaded.config.allowOrigins[2])).toBe(true);
    const request = { method: "GET", headers: { origin: "https://Shop.example.com" } };
    expect(facts(evaluate(request, loaded))).toEqual(facts(evaluateFull(request, original)));
    expect(evaluate(request, loaded).allowed).toBe(true);
  });

  it("keeps a policy's warnings", () => {
    const original = createPolicy({ allowOrigins: ["*"], allowHeaders: ["*"], maxAge: 100_000 });
    expect(original.warnings.length).toBeGreaterThan(0);
    expect(roundTrip(original).warnings).toEqual(original.warnings);
  });
});

describe("brief deny reasons", () => {
  const policy = roundTrip(createPolicy({ allowOrigins: ["https://app.example.com"], allowMethods: ["PUT"], allowHeaders: ["x-api-key"] }));
  const preflight = (headers: Record<string, string | string[]>) => evaluate({ method: "OPTIONS", headers: { origin: "https://app.example.com", ...headers } }, policy);

  it("name the origin, method or headers refused; the refused preflight's headers say what is allowed", () => {
    const origin = evaluate({ method: "GET", headers: { origin: "https://evil.example" } }, policy);
    expect(origin.reason).toEqual({ code: "origin-not-allowed", message: 'The origin "https://evil.example" is not allowed.' });
    const method = preflight({ "access-control-request-method": "PATCH" });
    expect(method.reason).toEqual({ code: "method-not-allowed", message: 'The method "PATCH" is not allowed.' });
    expect(method.headers["access-control-allow-methods"]).toBe("PUT");
    const notAToken = preflight({ "access-control-request-method": "P T" });
    expect(notAToken.reason).toEqual({ code: "method-not-allowed", message: "The method requested is not allowed." });
    const headers = preflight({ "access-control-request-method": "PUT", "access-control-request-headers": "x-api-key, x-other, x-more" });
    expect(headers.reason).toEqual({ code: "headers-not-allowed", message: "Request headers not allowed: x-other, x-more." });
    expect(headers.headers["access-control-allow-headers"]).toBe("x-api-key");
    const invalid = evaluate({ method: "GET", headers: { origin: "https://app.example.com/" } }, policy);
    expect(invalid.reason?.code).toBe("origin-invalid");
    const twice = evaluate({ method: "GET", headers: { origin: ["https://a.example", "https://b.example"] } }, policy);
    expect(twice.reason?.message).toContain("more than once");
    const network = preflight({ "access-control-request-method": "PUT", "access-control-request-private-network": "true" });
    expect(network.reason?.code).toBe("private-network-not-allowed");
    const badList = preflight({ "access-control-request-method": "PUT", "access-control-request-headers": "x a" });
    expect(badList.reason?.code).toBe("request-headers-invalid");
  });

  it("say which Origin was not one serialized origin, cut long header names and keep the parser's words", () => {
    expect(evaluate({ method: "GET", headers: { origin: "https://app.example.com/" } }, policy).reason).toEqual({
      code: "origin-invalid",
      message: 'The Origin "https://app.example.com/" is not a serialized origin.',
    });
    expect(evaluate({ method: "GET", headers: { origin: ["https://a.example", "https://b.example"] } }, policy).reason?.message).toBe(
      "The Origin header came more than once, or not as text.",
    );
    const long = `x-${"a".repeat(120)}`;
    expect(preflight({ "access-control-request-method": "PUT", "access-control-request-headers": long }).reason?.message).toBe(
      `Request headers not allowed: ${long.slice(0, 100)}….`,
    );
    const hundred = `x-${"b".repeat(98)}`;
    expect(preflight({ "access-control-request-method": "PUT", "access-control-request-headers": hundred }).reason?.message).toBe(
      `Request headers not allowed: ${hundred}.`,
    );
    expect(preflight({ "access-control-request-method": "PUT", "access-control-request-headers": "x a" }).reason?.message).toBe(
      "The preflight was refused: the Access-Control-Request-Headers value holds something that is not a header name.",
    );
  });

  it("work with explain()", () => {
    const decision = evaluate({ method: "GET", headers: { origin: "https://evil.example" } }, policy);
    expect(explain(decision)).toContain('The origin "https://evil.example" is not allowed.');
  });

  it("never carry control, line-separator or bidi characters from the request (property)", () => {
    const unsafe = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), fc.string({ unit: "binary", maxLength: 300 }), (origin, method) => {
        for (const decision of [
          evaluate({ method: "GET", headers: { origin } }, policy),
          evaluate({ method: "OPTIONS", headers: { origin: "https://app.example.com", "access-control-request-method": method } }, policy),
        ]) {
          if (decision.reason !== undefined) expect(decision.reason.message).not.toMatch(unsafe);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it("cut long values short", () => {
    const long = `https://${"a".repeat(1_500)}.example`;
    const decision = evaluate({ method: "GET", headers: { origin: long } }, policy);
    expect(decision.reason?.message.length).toBeLessThan(200);
  });
});

describe("loadPrecompiledPolicy refuses what corsgate compile did not write", () => {
  const data = precompiledData(createPolicy({ allowOrigins: ["https://app.example.com"] }));
  for (const [what, value] of [
    ["undefined", undefined],
    ["null", null],
    ["a string", "corsgate/precompiled@1"],
    ["a raw policy config", { allowOrigins: ["*"] }],
    ["another format version", { ...data, format: "corsgate/precompiled@0" }],
    // @1 wrote prebuilt decisions that no longer match (non-CORS answers under "*"): refused, not misread.
    ["a file of the @1 layout", { ...data, format: "corsgate/precompiled@1" }],
  ] as const) {
    it(what, () => {
      expect(() => loadPrecompiledPolicy(value as unknown as PrecompiledPolicy)).toThrow(
        new TypeError(`corsgate/precompiled: not the output of this version's corsgate compile (${PRECOMPILED_FORMAT}); run it again`),
      );
    });
  }
});

describe("corsgate/precompiled's evaluate", () => {
  it("throws a TypeError naming createPolicy and loadPrecompiledPolicy for a config or generated data passed as they are", () => {
    const request = { method: "GET", headers: { origin: "https://app.example.com" } };
    const config = { allowOrigins: ["https://app.example.com"] };
    expect(() => evaluate(request, config as unknown as CorsPolicy)).toThrow(/was given a policy config.*createPolicy\(config\).*loadPrecompiledPolicy/);
    const data = precompiledData(createPolicy(config));
    expect(() => evaluate(request, data as unknown as CorsPolicy)).toThrow(/takes a policy made by createPolicy\(config\).*loadPrecompiledPolicy\(generated\)\), not an object/);
  });

  it("carries warnings and notices as createPolicy made them, frozen", () => {
    const original = createPolicy({ allowOrigins: [{ prefix: "https://app" }], maxAge: "24h" });
    const loaded = roundTrip(original);
    expect(original.notices.map((notice) => notice.code)).toEqual(["maxage-capped-in-some-browsers"]);
    expect(loaded.notices).toEqual(original.notices);
    expect(loaded.warnings).toEqual(original.warnings);
    expect(Object.isFrozen(loaded.notices)).toBe(true);
    expect(Object.isFrozen(loaded.notices[0])).toBe(true);
  });
});

describe("precompilePolicy writes a module", () => {
  const original = createPolicy({ allowOrigins: ["https://app.example.com", "https://*.example.org"], allowMethods: ["PUT"], allowCredentials: true });
  const request = { method: "OPTIONS", headers: { origin: "https://a.example.org", "access-control-request-method": "PUT" } };

  it("ESM (also valid TypeScript) whose default export is the policy", async () => {
    mkdirSync(GENERATED, { recursive: true });
    const file = join(GENERATED, "policy.ts");
    writeFileSync(file, precompilePolicy(original, { importFrom: join(import.meta.dirname, "../../src/precompiled.ts") }));
    const loaded = ((await import(file)) as { default: CorsPolicy }).default;
    expect(facts(evaluate(request, loaded))).toEqual(facts(evaluateFull(request, original)));
    expect(evaluate(request, loaded).headers["access-control-allow-credentials"]).toBe("true");
  });

  it("starts with a do-not-edit header and imports corsgate/precompiled by default", () => {
    const source = precompilePolicy(original);
    expect(source.split("\n")[0]).toMatch(/^\/\/ Generated by corsgate/);
    expect(source).toContain('import { loadPrecompiledPolicy } from "corsgate/precompiled";');
    expect(precompilePolicy(original, { format: "cjs" })).toContain('const { loadPrecompiledPolicy } = require("corsgate/precompiled");');
  });

  it("refuses what is not a policy, and unknown formats", () => {
    expect(() => precompilePolicy({ config: original.config, warnings: [] } as unknown as CorsPolicy)).toThrow(TypeError);
    expect(() => precompilePolicy(original, { format: "umd" as "esm" })).toThrow('format must be "esm" or "cjs", not "umd"');
  });

  it("of a policy the main evaluate and the adapters accept as it is", () => {
    const loaded = roundTrip(original);
    expect(facts(evaluateFull(request, loaded))).toEqual(facts(evaluateFull(request, original)));
  });
});

describe("the precompiled format", () => {
  it("names the layout it writes: a change of fields must come with a new PRECOMPILED_FORMAT", () => {
    const data = precompiledData(createPolicy({ allowOrigins: ["*"], exposeHeaders: ["x-id"], maxAge: 60 }));
    // When this list changes, change PRECOMPILED_FORMAT too (a file of the old layout must be refused, not misread).
    // @2: only the essentials are written (the loader derives decisions as createPolicy does), and notices.
    expect(PRECOMPILED_FORMAT).toBe("corsgate/precompiled@2");
    expect(Object.keys(data)).toEqual(["format", "config", "warnings", "notices", "compiled"]);
    expect(Object.keys(data.compiled).sort()).toEqual([
      "allowHeadersList", "allowMethodsList", "anyHeader", "anyMethod", "credentials", "exposeHeadersValue",
      "forwardUnmatchedPreflights", "maxAgeValue", "origins", "preflightStatus", "privateNetwork", "wildcardAllowOrigin",
    ]);
    expect(Object.keys(data.compiled.origins).sort()).toEqual(["any", "exact", "exactIgnoreCase", "patterns", "prefixes", "regexes"]);
  });
});
