// SPEC §5.1–§5.3 — decisions for preflights — on the built package.
import { describe, expect, it } from "vitest";
import { builds } from "./builds.js";
import { PREFLIGHT_VARY, decide, headerNames, preflight, varySet } from "./requests.js";

const APP = "https://app.example.com";
const EVIL = "https://evil.example";

const ACAO = "access-control-allow-origin";
const ACAC = "access-control-allow-credentials";
const ACAM = "access-control-allow-methods";
const ACAH = "access-control-allow-headers";
const ACEH = "access-control-expose-headers";
const ACMA = "access-control-max-age";
const ACAPN = "access-control-allow-private-network";

function withPrivateNetwork(request: ReturnType<typeof preflight>, value: string): ReturnType<typeof preflight> {
  return { method: request.method, headers: { ...request.headers, "access-control-request-private-network": value } };
}

describe.each(builds)("SPEC §5.1 preflight, origin, method and headers allowed ($name build)", ({ api }) => {
  it("allowed: true, action: respond, status: preflightStatus, vary: Origin, ACRM, ACRH — the full header set", () => {
    const config = { allowOrigins: [APP], allowMethods: ["PUT", "PATCH"], allowHeaders: ["x-a", "Content-Type"], exposeHeaders: ["X-Total"], maxAge: 600, allowCredentials: true };
    const decision = decide(api, config, preflight(APP, "PUT", "x-a"));
    expect(decision).toMatchObject({ kind: "preflight", allowed: true, action: "respond", status: 204, origin: APP });
    expect(decision.reason).toBeUndefined();
    expect(decision.headers).toEqual({
      [ACAO]: APP,
      [ACAC]: "true",
      [ACAM]: "PUT, PATCH",
      [ACAH]: "x-a, content-type",
      [ACMA]: "600",
      [ACEH]: "x-total",
    });
    expect(varySet(decision)).toEqual(PREFLIGHT_VARY);
  });

  it("status is preflightStatus: 200 when configured", () => {
    expect(decide(api, { allowOrigins: [APP], preflightStatus: 200 }, preflight(APP, "GET")).status).toBe(200);
  });

  describe("ACAO: * when the policy is \"*\" without credentials; otherwise the request origin", () => {
    it("\"*\" without credentials → *", () => {
      expect(decide(api, { allowOrigins: ["*"] }, preflight(APP, "GET")).headers[ACAO]).toBe("*");
    });

    it("an exact origin → the request origin", () => {
      expect(decide(api, { allowOrigins: [APP] }, preflight(APP, "GET")).headers[ACAO]).toBe(APP);
    });

    it("a pattern → the request origin", () => {
      expect(decide(api, { allowOrigins: ["https://*.example.com"] }, preflight(APP, "GET")).headers[ACAO]).toBe(APP);
    });

    it("\"*\" with credentials (the escape hatch) → the request origin, never *", () => {
      const decision = decide(api, { allowOrigins: ["*"], allowCredentials: true, dangerouslyAllowAnyOriginWithCredentials: true }, preflight(EVIL, "GET"));
      expect(decision.headers[ACAO]).toBe(EVIL);
      expect(decision.headers[ACAC]).toBe("true");
    });

    it("{ exact: \"*\" } without credentials: ACAO is * or the request origin (SPEC is ambiguous, see report)", () => {
      const decision = decide(api, { allowOrigins: [{ exact: "*" }] }, preflight(APP, "GET"));
      expect(decision.allowed).toBe(true);
      expect([APP, "*"]).toContain(decision.headers[ACAO]);
    });
  });

  describe("ACAC: true when allowCredentials; absent otherwise (never false)", () => {
    it("true with credentials", () => {
      expect(decide(api, { allowOrigins: [APP], allowCredentials: true }, preflight(APP, "GET")).headers[ACAC]).toBe("true");
    });

    it("absent with allowCredentials: false", () => {
      const decision = decide(api, { allowOrigins: [APP], allowCredentials: false }, preflight(APP, "GET"));
      expect(decision.headers).not.toHaveProperty(ACAC);
    });
  });

  describe("ACAM: the configured list joined with \", \"; with [\"*\"], the ACRM value echoed exactly as received", () => {
    it("the configured list, normalized, joined with \", \"", () => {
      expect(decide(api, { allowOrigins: [APP], allowMethods: ["put", "PATCH", "delete"] }, preflight(APP, "PUT")).headers[ACAM]).toBe("PUT, PATCH, DELETE");
    });

    it.each([["PATCH"], ["patch"], ["X-Custom-Method"], ["GET"], ["PuRgE"]])("[\"*\"] echoes %j exactly", (method) => {
      const decision = decide(api, { allowOrigins: [APP], allowMethods: ["*"] }, preflight(APP, method));
      expect(decision.allowed).toBe(true);
      expect(decision.headers[ACAM]).toBe(method);
    });

    it("absent when the list is empty", () => {
      const decision = decide(api, { allowOrigins: [APP] }, preflight(APP, "POST"));
      expect(decision.allowed).toBe(true);
      expect(decision.headers).not.toHaveProperty(ACAM);
    });

    it.each([["PUT\r\nX-Injected: 1"], ["GET POST"], ["P(T"], ["PÜT"]])("[\"*\"] never echoes an ACRM that is not a token: %j", (method) => {
      const decision = decide(api, { allowOrigins: [APP], allowMethods: ["*"] }, preflight(APP, method));
      expect(decision.headers[ACAM] ?? "").not.toContain(method);
      for (const value of Object.values(decision.headers)) expect(value).not.toMatch(/[\r\n\0]/);
    });
  });

  describe("ACAH: the configured list; with [\"*\"], the requested names lower-cased; absent when nothing to send", () => {
    it("the configured list joined with \", \"", () => {
      expect(decide(api, { allowOrigins: [APP], allowHeaders: ["X-A", "x-b"] }, preflight(APP, "GET", "x-b")).headers[ACAH]).toBe("x-a, x-b");
    });

    it("the configured list is sent even when nothing was requested", () => {
      expect(decide(api, { allowOrigins: [APP], allowHeaders: ["x-a"] }, preflight(APP, "GET")).headers[ACAH]).toBe("x-a");
    });

    it("[\"*\"] echoes the requested names lower-cased, joined with \", \"", () => {
      const decision = decide(api, { allowOrigins: [APP], allowHeaders: ["*"] }, preflight(APP, "GET", "X-Custom,Content-Type , Authorization"));
      expect(decision.allowed).toBe(true);
      expect(decision.headers[ACAH]).toBe("x-custom, content-type, authorization");
    });

    it.each([
      ["no ACRH", undefined],
      ["an empty ACRH", ""],
      ["an ACRH of empty elements", " , ,\t,"],
    ])("[\"*\"] with %s: absent", (_label, requested) => {
      const decision = decide(api, { allowOrigins: [APP], allowHeaders: ["*"] }, preflight(APP, "GET", requested));
      expect(decision.allowed).toBe(true);
      expect(decision.headers).not.toHaveProperty(ACAH);
    });

    it("an empty list and nothing requested: absent", () => {
      const decision = decide(api, { allowOrigins: [APP] }, preflight(APP, "GET"));
      expect(decision.headers).not.toHaveProperty(ACAH);
    });
  });

  describe("ACMA when maxAge is set", () => {
    it("maxAge 0 → \"0\" (0 is set, not absent)", () => {
      expect(decide(api, { allowOrigins: [APP], maxAge: 0 }, preflight(APP, "GET")).headers[ACMA]).toBe("0");
    });

    it("a value above the caps is sent as written", () => {
      expect(decide(api, { allowOrigins: [APP], maxAge: 100000 }, preflight(APP, "GET")).headers[ACMA]).toBe("100000");
    });

    it("no maxAge → no ACMA", () => {
      expect(decide(api, { allowOrigins: [APP] }, preflight(APP, "GET")).headers).not.toHaveProperty(ACMA);
    });
  });

  describe("ACEH when configured (on the preflight too)", () => {
    it("a list", () => {
      expect(decide(api, { allowOrigins: [APP], exposeHeaders: ["X-Total", "x-page"] }, preflight(APP, "GET")).headers[ACEH]).toBe("x-total, x-page");
    });

    it("[\"*\"] without credentials", () => {
      expect(decide(api, { allowOrigins: [APP], exposeHeaders: ["*"] }, preflight(APP, "GET")).headers[ACEH]).toBe("*");
    });
  });

  describe("ACAPN: true when allowPrivateNetwork and ACRPN is exactly true", () => {
    const config = { allowOrigins: [APP], allowPrivateNetwork: true };

    it("ACRPN true → ACAPN true", () => {
      const decision = decide(api, config, withPrivateNetwork(preflight(APP, "GET"), "true"));
      expect(decision.allowed).toBe(true);
      expect(decision.headers[ACAPN]).toBe("true");
    });

    it.each([["TRUE"], ["True"], [" true"], ["true "], ["1"], ["false"], [""]])("ACRPN %j is not exactly true → no ACAPN, and not refused", (value) => {
      const decision = decide(api, config, withPrivateNetwork(preflight(APP, "GET"), value));
      expect(decision.allowed).toBe(true);
      expect(decision.headers).not.toHaveProperty(ACAPN);
    });

    it("no ACRPN → no ACAPN", () => {
      expect(decide(api, config, preflight(APP, "GET")).headers).not.toHaveProperty(ACAPN);
    });

    it.each([["TRUE"], ["1"]])("without allowPrivateNetwork, ACRPN %j (not exactly true) is not refused", (value) => {
      const decision = decide(api, { allowOrigins: [APP] }, withPrivateNetwork(preflight(APP, "GET"), value));
      expect(decision.allowed).toBe(true);
      expect(decision.headers).not.toHaveProperty(ACAPN);
    });
  });

  describe("vary: Origin, ACRM, ACRH", () => {
    it.each([
      ["an exact policy", { allowOrigins: [APP] }],
      ["a \"*\" policy without credentials", { allowOrigins: ["*"] }],
      ["a pattern policy", { allowOrigins: ["https://*.example.com"] }],
    ])("%s", (_label, config) => {
      const decision = decide(api, config, preflight(APP, "GET"));
      expect(decision.allowed).toBe(true);
      expect(varySet(decision)).toEqual(PREFLIGHT_VARY);
    });
  });

  describe("which methods and headers are allowed", () => {
    it.each([["GET"], ["HEAD"], ["POST"]])("%s is allowed without being listed (browsers never need permission for these)", (method) => {
      const decision = decide(api, { allowOrigins: [APP], allowMethods: ["PUT"] }, preflight(APP, method));
      expect(decision.allowed).toBe(true);
      expect(decision.headers[ACAM]).toBe("PUT");
    });

    it("a listed method is allowed, byte-exact after normalization", () => {
      expect(decide(api, { allowOrigins: [APP], allowMethods: ["put"] }, preflight(APP, "PUT")).allowed).toBe(true);
      expect(decide(api, { allowOrigins: [APP], allowMethods: ["PATCH"] }, preflight(APP, "PATCH")).allowed).toBe(true);
    });

    it("PATCH ≠ patch: a method outside the six keeps its case", () => {
      expect(decide(api, { allowOrigins: [APP], allowMethods: ["PATCH"] }, preflight(APP, "patch")).reason?.code).toBe("method-not-allowed");
      expect(decide(api, { allowOrigins: [APP], allowMethods: ["patch"] }, preflight(APP, "PATCH")).reason?.code).toBe("method-not-allowed");
      expect(decide(api, { allowOrigins: [APP], allowMethods: ["patch"] }, preflight(APP, "patch")).allowed).toBe(true);
    });

    it("a requested header is allowed when its lower-cased name is listed", () => {
      const decision = decide(api, { allowOrigins: [APP], allowHeaders: ["X-Custom"] }, preflight(APP, "GET", "X-CUSTOM"));
      expect(decision.allowed).toBe(true);
      expect(decision.headers[ACAH]).toBe("x-custom");
    });

    it("a requested header is allowed when the list is [\"*\"]", () => {
      expect(decide(api, { allowOrigins: [APP], allowHeaders: ["*"] }, preflight(APP, "GET", "authorization")).allowed).toBe(true);
    });
  });
});

describe.each(builds)("SPEC §5.2 preflight, origin allowed, something else refused ($name build)", ({ api }) => {
  const config = {
    allowOrigins: [APP],
    allowMethods: ["PUT", "PATCH"],
    allowHeaders: ["x-a", "x-b"],
    exposeHeaders: ["x-total"],
    maxAge: 600,
    allowCredentials: true,
  };

  it("method refused: allowed false, reason names the method, respond with preflightStatus, ACAO, ACAC, configured ACAM / ACAH; no ACMA, no ACEH", () => {
    const decision = decide(api, config, preflight(APP, "DELETE"));
    expect(decision).toMatchObject({ kind: "preflight", allowed: false, action: "respond", status: 204 });
    expect(decision.reason?.code).toBe("method-not-allowed");
    expect(decision.reason?.message).toContain("DELETE");
    expect(decision.headers).toEqual({ [ACAO]: APP, [ACAC]: "true", [ACAM]: "PUT, PATCH", [ACAH]: "x-a, x-b" });
    expect(varySet(decision)).toEqual(PREFLIGHT_VARY);
  });

  it("status is preflightStatus (200) on a refusal too", () => {
    expect(decide(api, { ...config, preflightStatus: 200 }, preflight(APP, "DELETE")).status).toBe(200);
  });

  it("headers refused: reason names every refused header (and not the allowed one)", () => {
    const decision = decide(api, config, preflight(APP, "PUT", "x-a, X-C, x-d"));
    expect(decision.allowed).toBe(false);
    expect(decision.reason?.code).toBe("headers-not-allowed");
    expect(decision.reason?.message).toMatch(/x-c/i);
    expect(decision.reason?.message).toMatch(/x-d/i);
    expect(decision.headers).toEqual({ [ACAO]: APP, [ACAC]: "true", [ACAM]: "PUT, PATCH", [ACAH]: "x-a, x-b" });
    expect(decision.status).toBe(204);
    expect(varySet(decision)).toEqual(PREFLIGHT_VARY);
  });

  it("an ACRPN of exactly true without allowPrivateNetwork is refused: private-network-not-allowed", () => {
    const decision = decide(api, config, withPrivateNetwork(preflight(APP, "PUT", "x-a"), "true"));
    expect(decision.allowed).toBe(false);
    expect(decision.reason?.code).toBe("private-network-not-allowed");
    expect(decision.headers).toEqual({ [ACAO]: APP, [ACAC]: "true", [ACAM]: "PUT, PATCH", [ACAH]: "x-a, x-b" });
    expect(decision.status).toBe(204);
  });

  describe("when several are refused the method wins, then the headers, then the private network", () => {
    const refused = { ...config, allowPrivateNetwork: false };
    it.each([
      ["method + headers + private network", "DELETE", "x-z", true, "method-not-allowed"],
      ["method + headers", "DELETE", "x-z", false, "method-not-allowed"],
      ["method + private network", "DELETE", undefined, true, "method-not-allowed"],
      ["headers + private network", "PUT", "x-z", true, "headers-not-allowed"],
    ] as const)("%s → %s", (_label, method, requested, privateNetwork, code) => {
      const base = preflight(APP, method, requested);
      const decision = decide(api, refused, privateNetwork ? withPrivateNetwork(base, "true") : base);
      expect(decision.reason?.code).toBe(code);
    });
  });

  it("a [\"*\"] list sends nothing here, never an echo (ACAM)", () => {
    const decision = decide(api, { allowOrigins: [APP], allowMethods: ["*"], allowHeaders: ["x-a"] }, preflight(APP, "PUT", "x-z"));
    expect(decision.reason?.code).toBe("headers-not-allowed");
    expect(decision.headers).toEqual({ [ACAO]: APP, [ACAH]: "x-a" });
  });

  it("a [\"*\"] list sends nothing here, never an echo (ACAH)", () => {
    const decision = decide(api, { allowOrigins: [APP], allowMethods: ["PUT"], allowHeaders: ["*"] }, preflight(APP, "DELETE", "x-z"));
    expect(decision.reason?.code).toBe("method-not-allowed");
    expect(decision.headers).toEqual({ [ACAO]: APP, [ACAM]: "PUT" });
  });

  it("an empty configured list sends nothing", () => {
    const decision = decide(api, { allowOrigins: [APP] }, preflight(APP, "DELETE"));
    expect(decision.headers).toEqual({ [ACAO]: APP });
  });

  it("no ACAPN on a refusal, even with allowPrivateNetwork", () => {
    const decision = decide(api, { ...config, allowPrivateNetwork: true }, withPrivateNetwork(preflight(APP, "DELETE"), "true"));
    expect(decision.reason?.code).toBe("method-not-allowed");
    expect(decision.headers).not.toHaveProperty(ACAPN);
  });

  it("ACAO is * for a \"*\" policy without credentials on a refusal too", () => {
    const decision = decide(api, { allowOrigins: ["*"], allowMethods: ["PUT"] }, preflight(APP, "DELETE"));
    expect(decision.allowed).toBe(false);
    expect(decision.headers).toEqual({ [ACAO]: "*", [ACAM]: "PUT" });
  });
});

describe.each(builds)("SPEC §5.3 preflight, origin not allowed or invalid ($name build)", ({ api }) => {
  const config = { allowOrigins: [APP], allowMethods: ["PUT"], allowHeaders: ["x-a"], exposeHeaders: ["x-total"], maxAge: 600, allowCredentials: true, preflightStatus: 200 };

  it.each([
    ["not allowed", EVIL, "origin-not-allowed"],
    ["null", "null", "origin-not-allowed"],
    ["invalid (two origins)", `${APP}, ${EVIL}`, "origin-invalid"],
    ["invalid (a path)", `${APP}/`, "origin-invalid"],
  ])("reject (default): %s → 403, no CORS header at all, vary Origin + ACRM + ACRH", (_label, origin, code) => {
    const decision = decide(api, config, preflight(origin, "PUT", "x-a"));
    expect(decision).toMatchObject({ kind: "preflight", allowed: false, action: "respond", status: 403 });
    expect(decision.reason?.code).toBe(code);
    expect(decision.headers).toEqual({});
    expect(varySet(decision)).toEqual(PREFLIGHT_VARY);
  });

  it("reject written out explicitly behaves the same", () => {
    const decision = decide(api, { ...config, unmatchedPreflights: "reject" }, preflight(EVIL, "PUT"));
    expect(decision.status).toBe(403);
    expect(decision.action).toBe("respond");
  });

  it.each([
    ["not allowed", EVIL, "origin-not-allowed"],
    ["invalid", `${APP}, ${EVIL}`, "origin-invalid"],
  ])("forward: %s → continue, no status, no CORS header, vary Origin only", (_label, origin, code) => {
    const decision = decide(api, { ...config, unmatchedPreflights: "forward" }, preflight(origin, "PUT", "x-a"));
    expect(decision).toMatchObject({ kind: "preflight", allowed: false, action: "continue" });
    expect(decision).not.toHaveProperty("status");
    expect(decision.reason?.code).toBe(code);
    expect(decision.headers).toEqual({});
    expect(varySet(decision)).toEqual(["origin"]);
  });

  // SPEC §4/§5.3 (2026-12-05): under "*" without credentials a preflight from null is allowed (answer *), one
  // from an invalid Origin is still refused with no CORS header at all.
  it.each([[`${APP}/x`], [`${APP}, ${EVIL}`], [[APP, EVIL]]] as [string | string[]][])("an invalid Origin %j refused under a \"*\" policy gets no header either", (origin) => {
    const decision = decide(api, { allowOrigins: ["*"], allowMethods: ["*"] }, preflight(origin, "PUT"));
    expect(decision.allowed).toBe(false);
    expect(decision.reason?.code).toBe("origin-invalid");
    expect(decision.status).toBe(403);
    expect(decision.headers).toEqual({});
  });

  it("a preflight from null under a \"*\" policy without credentials is allowed, answered *", () => {
    const decision = decide(api, { allowOrigins: ["*"], allowMethods: ["*"] }, preflight("null", "PUT"));
    expect(decision).toMatchObject({ kind: "preflight", allowed: true, action: "respond", status: 204 });
    expect(decision.reason).toBeUndefined();
    expect(decision.headers[ACAO]).toBe("*");
  });

  it("status is present iff action is respond", () => {
    for (const unmatchedPreflights of ["reject", "forward"]) {
      for (const origin of [APP, EVIL]) {
        const decision = decide(api, { ...config, unmatchedPreflights }, preflight(origin, "PUT"));
        expect("status" in decision && decision.status !== undefined).toBe(decision.action === "respond");
      }
    }
  });

  it("headerNames helper sanity: a refused preflight has none", () => {
    expect(headerNames(decide(api, config, preflight(EVIL, "PUT")))).toEqual([]);
  });
});
