// SPEC §5.4 (actual requests) and §5.5 (non-CORS requests), with "origin-dependent" Vary — on the built package.
import { describe, expect, it } from "vitest";
import { builds } from "./builds.js";
import { actual, decide, varySet } from "./requests.js";

const APP = "https://app.example.com";
const EVIL = "https://evil.example";
const ACAO = "access-control-allow-origin";
const ACAC = "access-control-allow-credentials";
const ACEH = "access-control-expose-headers";

// "Origin-dependent" means the policy's answer can differ between origins: everything except a policy whose
// only origin is "*" without credentials.
const originDependent: [string, Record<string, unknown>][] = [
  ["an exact origin", { allowOrigins: [APP] }],
  ["a pattern", { allowOrigins: ["https://*.example.com"] }],
  ["a regex", { allowOrigins: [{ regex: "https://app\\.example\\.com" }] }],
  ["a prefix", { allowOrigins: [{ prefix: "https://app." }] }],
  ["\"*\" with credentials (escape hatch)", { allowOrigins: ["*"], allowCredentials: true, dangerouslyAllowAnyOriginWithCredentials: true }],
  ["a regex matching everything", { allowOrigins: [{ regex: ".*" }] }],
];

describe.each(builds)("SPEC §5.4 actual request ($name build)", ({ api }) => {
  it("the handler always runs: action continue, no status, whether allowed or not", () => {
    for (const origin of [APP, EVIL, "null", `${APP}, ${EVIL}`]) {
      for (const method of ["GET", "POST", "DELETE", "OPTIONS"]) {
        const decision = decide(api, { allowOrigins: [APP] }, actual(origin, method));
        expect(decision.kind).toBe("actual");
        expect(decision.action).toBe("continue");
        expect(decision).not.toHaveProperty("status");
      }
    }
  });

  it("allowed: headers = ACAO, ACAC when configured, ACEH when configured — nothing else", () => {
    const config = { allowOrigins: [APP], allowMethods: ["PUT"], allowHeaders: ["x-a"], exposeHeaders: ["X-Total", "x-page"], maxAge: 600, allowCredentials: true, allowPrivateNetwork: true };
    const decision = decide(api, config, actual(APP, "PUT", { "access-control-request-private-network": "true", "access-control-request-headers": "x-a" }));
    expect(decision.allowed).toBe(true);
    expect(decision.reason).toBeUndefined();
    expect(decision.headers).toEqual({ [ACAO]: APP, [ACAC]: "true", [ACEH]: "x-total, x-page" });
    expect(varySet(decision)).toEqual(["origin"]);
  });

  it("allowed without credentials or exposed headers: only ACAO", () => {
    expect(decide(api, { allowOrigins: [APP] }, actual(APP)).headers).toEqual({ [ACAO]: APP });
  });

  it("ACEH [\"*\"] without credentials", () => {
    expect(decide(api, { allowOrigins: [APP], exposeHeaders: ["*"] }, actual(APP)).headers).toEqual({ [ACAO]: APP, [ACEH]: "*" });
  });

  it("\"*\" without credentials: ACAO *, vary none", () => {
    const decision = decide(api, { allowOrigins: ["*"], exposeHeaders: ["x-total"] }, actual(APP));
    expect(decision.headers).toEqual({ [ACAO]: "*", [ACEH]: "x-total" });
    expect(decision.vary).toEqual([]);
  });

  it.each(originDependent)("allowed under %s: vary Origin", (_label, config) => {
    const decision = decide(api, config, actual(APP));
    expect(decision.allowed).toBe(true);
    expect(decision.headers[ACAO]).toBe(APP);
    expect(varySet(decision)).toEqual(["origin"]);
  });

  it.each(originDependent)("not allowed under %s: no CORS headers, reason set, vary Origin", (_label, config) => {
    const decision = decide(api, config, actual("null"));
    expect(decision.allowed).toBe(false);
    expect(decision.headers).toEqual({});
    expect(decision.reason?.code).toBe("origin-not-allowed");
    expect(typeof decision.reason?.message).toBe("string");
    expect(varySet(decision)).toEqual(["origin"]);
  });

  it.each(originDependent)("invalid under %s: no CORS headers, reason origin-invalid, vary Origin", (_label, config) => {
    const decision = decide(api, config, actual(`${APP}, ${EVIL}`));
    expect(decision.reason?.code).toBe("origin-invalid");
    expect(decision.headers).toEqual({});
    expect(varySet(decision)).toEqual(["origin"]);
  });

  // SPEC §5.4 (2026-12-05): under "*" without credentials every actual request is allowed, whatever its Origin
  // value (null, invalid, several values): ACAO *, ACEH when configured, no vary; the invalid value is never written.
  it.each([
    ["null", "null"],
    ["invalid (a path)", `${APP}/x`],
    ["invalid (two values in one)", `${APP}, ${EVIL}`],
    ["invalid (CR LF)", `${APP}\r\nset-cookie: a=b`],
    ["several values", [APP, EVIL]],
  ] as [string, string | string[]][])("under \"*\" without credentials, an Origin that is %s: allowed, ACAO *, no vary, no reason", (_label, origin) => {
    const decision = decide(api, { allowOrigins: ["*"] }, actual(origin));
    expect(decision).toMatchObject({ kind: "actual", allowed: true, action: "continue" });
    expect(decision.reason).toBeUndefined();
    expect(decision.headers).toEqual({ [ACAO]: "*" });
    expect(decision.vary).toEqual([]);
    const withExpose = decide(api, { allowOrigins: ["*"], exposeHeaders: ["x-total"] }, actual(origin));
    expect(withExpose.allowed).toBe(true);
    expect(withExpose.headers).toEqual({ [ACAO]: "*", [ACEH]: "x-total" });
    expect(withExpose.vary).toEqual([]);
  });

  it("a refused actual request from an allowed origin does not exist: methods and headers are not checked on actual requests", () => {
    const decision = decide(api, { allowOrigins: [APP] }, actual(APP, "DELETE", { "x-custom": "1" }));
    expect(decision.allowed).toBe(true);
    expect(decision.reason).toBeUndefined();
  });
});

describe.each(builds)("SPEC §5.5 non-CORS request ($name build)", ({ api }) => {
  it.each(originDependent)("under %s: allowed false, continue, no headers, vary Origin, no reason", (_label, config) => {
    for (const request of [actual(undefined), actual(""), actual(undefined, "OPTIONS", { "access-control-request-method": "PUT" })]) {
      const decision = decide(api, config, request);
      expect(decision).toMatchObject({ kind: "non-cors", allowed: false, action: "continue" });
      expect(decision).not.toHaveProperty("status");
      expect(decision.headers).toEqual({});
      expect(decision.reason).toBeUndefined();
      expect(varySet(decision)).toEqual(["origin"]);
    }
  });

  // SPEC §5.5 exception (2026-12-05): an origin-independent policy sends its answer on every response.
  it("under \"*\" without credentials: ACAO * (and ACEH when configured), still non-cors, allowed false, vary none", () => {
    for (const request of [actual(undefined), actual(""), actual(undefined, "OPTIONS", { "access-control-request-method": "PUT" })]) {
      const decision = decide(api, { allowOrigins: ["*"] }, request);
      expect(decision).toMatchObject({ kind: "non-cors", allowed: false, action: "continue" });
      expect(decision).not.toHaveProperty("status");
      expect(decision.headers).toEqual({ [ACAO]: "*" });
      expect(decision.vary).toEqual([]);
      expect(decision.reason).toBeUndefined();
      const withExpose = decide(api, { allowOrigins: ["*"], exposeHeaders: ["x-total"] }, request);
      expect(withExpose).toMatchObject({ kind: "non-cors", allowed: false });
      expect(withExpose.headers).toEqual({ [ACAO]: "*", [ACEH]: "x-total" });
      expect(withExpose.vary).toEqual([]);
      expect(withExpose.reason).toBeUndefined();
    }
  });
});
