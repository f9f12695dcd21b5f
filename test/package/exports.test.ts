// The package as a consumer gets it: the `exports` map, both builds, and the frozen objects SPEC §1 describes.
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { builds, cjs, esm, importEntry, packageName, requireEntry, resolveRequire, subpaths } from "./builds.js";
import { actual, attempt, preflight } from "./requests.js";

const root = resolve(import.meta.dirname, "../..");

// SPEC §1: "createPolicy … evaluate … explain … mergeVary … class CorsConfigError extends Error".
const SPEC_RUNTIME_EXPORTS = ["CorsConfigError", "createPolicy", "evaluate", "explain", "mergeVary"];

describe("the exports map", () => {
  it("resolves `require(\"corsgate\")` to the CJS build and every subpath to its own file", () => {
    expect(resolveRequire(packageName)).toBe(resolve(root, "dist/index.cjs"));
    for (const subpath of subpaths) {
      expect(resolveRequire(`${packageName}/${subpath}`)).toBe(resolve(root, `dist/${subpath}.cjs`));
    }
  });

  it("exposes no private file: `corsgate/dist/index.js` is not exported", () => {
    expect(() => requireEntry(`${packageName}/dist/index.js`)).toThrow();
  });

  it.each(subpaths)("loads corsgate/%s with import and with require, with the same export names", async (subpath) => {
    const fromImport = await importEntry(`${packageName}/${subpath}`);
    const fromRequire = requireEntry(`${packageName}/${subpath}`);
    const names = Object.keys(fromImport).filter((name) => name !== "default").sort();
    expect(names.length).toBeGreaterThan(0);
    expect(Object.keys(fromRequire).filter((name) => name !== "default" && name !== "__esModule").sort()).toEqual(names);
    for (const name of names) expect(typeof fromRequire[name]).toBe(typeof fromImport[name]);
  });

  it("loads in plain Node (no Vite) as ESM and as CJS, and both give the same decision", () => {
    const script = (load: string) => `
      ${load}
      const policy = createPolicy({ allowOrigins: ["https://app.example.com"], allowMethods: ["PUT"], allowCredentials: true });
      const decision = evaluate({ method: "OPTIONS", headers: { origin: "https://app.example.com", "access-control-request-method": "PUT" } }, policy);
      console.log(JSON.stringify(decision));`;
    const fromEsm = execFileSync(process.execPath, ["--input-type=module", "-e", script(`import { createPolicy, evaluate } from "corsgate";`)], { cwd: root, encoding: "utf8" });
    const fromCjs = execFileSync(process.execPath, ["-e", script(`const { createPolicy, evaluate } = require("corsgate");`)], { cwd: root, encoding: "utf8" });
    const decision = JSON.parse(fromEsm) as { headers: Record<string, string> };
    expect(decision.headers["access-control-allow-origin"]).toBe("https://app.example.com");
    expect(JSON.parse(fromCjs)).toEqual(decision);
  });
});

describe.each(builds)("the export list of corsgate ($name build)", ({ api }) => {
  it("has every name SPEC §1 lists, each a function", () => {
    for (const name of SPEC_RUNTIME_EXPORTS) expect(typeof (api as unknown as Record<string, unknown>)[name], name).toBe("function");
  });

  it("has nothing beyond SPEC §1 except isCorsConfigError and precompilePolicy (the extras, noted in the report; the second writes modules for corsgate/precompiled)", () => {
    const extra = Object.keys(api).filter((name) => !SPEC_RUNTIME_EXPORTS.includes(name) && name !== "default" && name !== "__esModule");
    expect(extra.sort()).toEqual(["isCorsConfigError", "precompilePolicy"]);
  });

  it("CorsConfigError extends Error and carries `issues` (SPEC §1: class CorsConfigError extends Error { readonly issues })", () => {
    const outcome = attempt(api, { allowOrigins: [] });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error).toBeInstanceOf(api.CorsConfigError);
    expect(outcome.error).toBeInstanceOf(Error);
    expect(Array.isArray(outcome.issues)).toBe(true);
    expect(outcome.issues.length).toBeGreaterThan(0);
  });
});

describe("one package, two builds", () => {
  const requests = [
    preflight("https://app.example.com", "PUT", "x-a, X-B"),
    preflight("https://evil.example", "PUT"),
    preflight("https://app.example.com", "DELETE"),
    actual("https://app.example.com"),
    actual("https://evil.example"),
    actual(undefined),
    actual("null"),
    actual("https://a.example, https://b.example"),
  ];
  const config = { allowOrigins: ["https://app.example.com", "https://*.example.org"], allowMethods: ["put"], allowHeaders: ["x-a", "x-b"], exposeHeaders: ["x-total"], maxAge: "1h", allowCredentials: true };

  it("CJS and ESM give equal decisions", () => {
    const esmPolicy = esm.createPolicy(config);
    const cjsPolicy = cjs.createPolicy(config);
    for (const request of requests) expect(cjs.evaluate(request, cjsPolicy)).toEqual(esm.evaluate(request, esmPolicy));
    expect(cjsPolicy.config).toEqual(esmPolicy.config);
    expect(cjsPolicy.warnings).toEqual(esmPolicy.warnings);
  });

  it("a policy made by the CJS build is evaluated by the ESM build, and the other way round", () => {
    const esmPolicy = esm.createPolicy(config);
    const cjsPolicy = cjs.createPolicy(config);
    for (const request of requests) {
      const reference = esm.evaluate(request, esmPolicy);
      expect(esm.evaluate(request, cjsPolicy)).toEqual(reference);
      expect(cjs.evaluate(request, esmPolicy)).toEqual(reference);
    }
  });

  it("explain and mergeVary agree between the builds", () => {
    const policy = esm.createPolicy(config);
    for (const request of requests) {
      const decision = esm.evaluate(request, policy);
      expect(cjs.explain(decision)).toBe(esm.explain(decision));
    }
    expect(cjs.mergeVary("Accept-Encoding", ["Origin"])).toBe(esm.mergeVary("Accept-Encoding", ["Origin"]));
  });

  it("isCorsConfigError recognises an error thrown by the other build", () => {
    const fromCjs = attempt(cjs, { allowOrigins: [] });
    const fromEsm = attempt(esm, { allowOrigins: [] });
    expect(fromCjs.ok || fromEsm.ok).toBe(false);
    if (fromCjs.ok || fromEsm.ok) return;
    expect(esm.isCorsConfigError?.(fromCjs.error)).toBe(true);
    expect(cjs.isCorsConfigError?.(fromEsm.error)).toBe(true);
    expect(esm.isCorsConfigError?.(fromEsm.error)).toBe(true);
    expect(esm.isCorsConfigError?.(new Error("no"))).toBe(false);
    expect(esm.isCorsConfigError?.(null)).toBe(false);
    expect(cjs.isCorsConfigError?.({ issues: [] })).toBe(false);
  });

  it("a fetch adapter from the ESM build answers with a policy from the CJS build", async () => {
    const { withCors } = (await importEntry(`${packageName}/fetch`)) as { withCors: (policy: unknown, handler: (request: Request) => Response) => (request: Request) => Promise<Response> };
    const handler = withCors(cjs.createPolicy({ allowOrigins: ["https://app.example.com"], allowMethods: ["PUT"] }), () => new Response("handler"));
    const response = await handler(new Request("http://127.0.0.1/x", { method: "OPTIONS", headers: { origin: "https://app.example.com", "access-control-request-method": "PUT" } }));
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
    expect(response.headers.get("access-control-allow-methods")).toBe("PUT");
  });
});

describe.each(builds)("the compiled policy ($name build)", ({ api }) => {
  const config = {
    allowOrigins: ["https://app.example.com", { prefix: "https://app.example.com" }],
    allowMethods: ["put", "PATCH", "patch", "Put"],
    allowHeaders: ["X-A", "x-a", "Content-Type"],
    exposeHeaders: ["X-Total"],
    maxAge: "1h30m",
  };

  // SPEC §1: "CorsPolicy is frozen and exposes warnings: readonly ConfigIssue[] … and config (the normalized configuration)".
  it("CorsPolicy is frozen", () => {
    const policy = api.createPolicy(config);
    expect(Object.isFrozen(policy)).toBe(true);
    expect(() => {
      (policy as { config: unknown }).config = {};
    }).toThrow(TypeError);
  });

  it("`warnings` is a readonly (frozen) array of ConfigIssue", () => {
    const policy = api.createPolicy(config);
    expect(policy.warnings.map((warning) => warning.code)).toContain("prefix-unbounded");
    expect(Object.isFrozen(policy.warnings)).toBe(true);
    expect(() => (policy.warnings as ConfigIssueArray).push({ code: "x", path: "", message: "" })).toThrow(TypeError);
    for (const warning of policy.warnings) {
      expect(typeof warning.code).toBe("string");
      expect(typeof warning.path).toBe("string");
      expect(typeof warning.message).toBe("string");
    }
  });

  it("`config` is normalized and frozen, deeply", () => {
    const policy = api.createPolicy(config);
    const normalized = policy.config as Record<string, unknown>;
    expect(Object.isFrozen(normalized)).toBe(true);
    for (const key of ["allowOrigins", "allowMethods", "allowHeaders", "exposeHeaders"]) expect(Object.isFrozen(normalized[key]), key).toBe(true);
    expect(Object.isFrozen((normalized["allowOrigins"] as unknown[])[1])).toBe(true);
    // "method names get head post put delete options in any case become upper case …; every other method keeps its case"
    expect([...(normalized["allowMethods"] as string[])].sort()).toEqual(["PATCH", "PUT", "patch"]);
    // "Header names become lower case. Duplicates are removed."
    expect([...(normalized["allowHeaders"] as string[])].sort()).toEqual(["content-type", "x-a"]);
    expect(normalized["exposeHeaders"]).toEqual(["x-total"]);
    // "maxAge becomes whole seconds."
    expect(normalized["maxAge"]).toBe(5400);
  });

  it("`config` holds the defaults of SPEC §1.1", () => {
    const normalized = api.createPolicy({ allowOrigins: ["https://app.example.com"] }).config as Record<string, unknown>;
    expect(normalized["allowMethods"]).toEqual([]);
    expect(normalized["allowHeaders"]).toEqual([]);
    expect(normalized["exposeHeaders"]).toEqual([]);
    expect(normalized["maxAge"]).toBeUndefined();
    expect(normalized["allowCredentials"]).toBe(false);
    expect(normalized["allowPrivateNetwork"]).toBe(false);
    expect(normalized["unmatchedPreflights"]).toBe("reject");
    expect(normalized["preflightStatus"]).toBe(204);
    expect(normalized["dangerouslyAllowAnyOriginWithCredentials"]).toBe(false);
  });

  it("mutating policy.config (had it not been frozen) could not change a decision", () => {
    const policy = api.createPolicy(config);
    const request = preflight("https://app.example.com", "DELETE");
    const before = api.evaluate(request, policy);
    try {
      (policy.config["allowMethods"] as string[]).push("DELETE");
    } catch {
      // frozen, as it should be
    }
    expect(api.evaluate(request, policy)).toEqual(before);
    expect(before.allowed).toBe(false);
  });
});

type ConfigIssueArray = { code: string; path: string; message: string }[];
