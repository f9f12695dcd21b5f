// SPEC §1.1 — the configuration fields, their types, defaults, unknown fields and aliasing — on the built package.
import { describe, expect, it } from "vitest";
import { builds } from "./builds.js";
import { accepted, actual, codesOf, decide, headerNames, issuesOf, preflight } from "./requests.js";

const APP = "https://app.example.com";

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<string | symbol, unknown>)[key]);
  }
  return value;
}

describe.each(builds)("SPEC §1.1 configuration ($name build)", ({ api }) => {
  describe("defaults", () => {
    it("allowOrigins is required: absent → origins-missing", () => {
      expect(codesOf(api, {})).toEqual(["origins-missing"]);
    });

    it("allowMethods defaults to [] (a preflight for PUT is refused, GET needs no listing)", () => {
      expect(decide(api, { allowOrigins: [APP] }, preflight(APP, "PUT")).reason?.code).toBe("method-not-allowed");
      expect(decide(api, { allowOrigins: [APP] }, preflight(APP, "GET")).allowed).toBe(true);
    });

    it("allowHeaders defaults to [] (a requested header is refused)", () => {
      expect(decide(api, { allowOrigins: [APP] }, preflight(APP, "GET", "x-a")).reason?.code).toBe("headers-not-allowed");
    });

    it("exposeHeaders defaults to [], maxAge to none, allowCredentials to false: no ACEH, ACMA, ACAC", () => {
      const onPreflight = decide(api, { allowOrigins: [APP] }, preflight(APP, "GET"));
      const onActual = decide(api, { allowOrigins: [APP] }, actual(APP));
      for (const decision of [onPreflight, onActual]) {
        expect(decision.headers).not.toHaveProperty("access-control-expose-headers");
        expect(decision.headers).not.toHaveProperty("access-control-max-age");
        expect(decision.headers).not.toHaveProperty("access-control-allow-credentials");
      }
    });

    it("allowPrivateNetwork defaults to false (ACRPN true is refused)", () => {
      const decision = decide(api, { allowOrigins: [APP] }, { method: "OPTIONS", headers: { origin: APP, "access-control-request-method": "GET", "access-control-request-private-network": "true" } });
      expect(decision.reason?.code).toBe("private-network-not-allowed");
    });

    it("unmatchedPreflights defaults to reject (403), preflightStatus to 204", () => {
      expect(decide(api, { allowOrigins: [APP] }, preflight("https://evil.example", "GET")).status).toBe(403);
      expect(decide(api, { allowOrigins: [APP] }, preflight(APP, "GET")).status).toBe(204);
    });

    it("preflightStatus 200 is used for an answered preflight", () => {
      expect(decide(api, { allowOrigins: [APP], preflightStatus: 200 }, preflight(APP, "GET")).status).toBe(200);
    });
  });

  describe("maxAge: seconds or an Istio Duration string", () => {
    it.each([
      [600, "600"],
      [0, "0"],
      ["24h", "86400"],
      ["1h30m", "5400"],
      ["3600s", "3600"],
      ["90m", "5400"],
      ["0s", "0"],
    ] as const)("maxAge %j → ACMA %s", (maxAge, header) => {
      const decision = decide(api, { allowOrigins: [APP], maxAge }, preflight(APP, "GET"));
      expect(decision.headers["access-control-max-age"]).toBe(header);
    });
  });

  describe("origin matchers: every form of OriginMatcher is accepted", () => {
    it.each([
      [{ exact: APP }],
      [{ exact: APP, ignoreCase: true }],
      [{ prefix: "https://app.example.com:" }],
      [{ prefix: "https://app.example.com:", ignoreCase: true }],
      [{ regex: "https://app\\.example\\.com" }],
      [{ regex: /https:\/\/app\.example\.com/i }],
      ["*"],
      [APP],
      ["https://*.example.com"],
      ["http://localhost:*"],
      [{ exact: "*" }],
      ["chrome-extension://abcdefghijklmnop"],
      ["http://[::1]:3000"],
      ["http://127.0.0.1:8080"],
      ["https://app.example.com:1"],
      ["https://app.example.com:65535"],
    ])("%j", (matcher) => {
      expect(() => api.createPolicy({ allowOrigins: [matcher] })).not.toThrow();
    });
  });

  describe("unknown fields are errors: code unknown-field", () => {
    it.each([
      [{ allowOrigins: [APP], allowOrigin: [APP] }, "allowOrigin"],
      [{ allowOrigins: [APP], allowCredential: true }, "allowCredential"],
      [{ allowOrigins: [APP], maxage: 10 }, "maxage"],
      [{ allowOrigins: [{ exact: APP, ignorecase: true }] }, "ignorecase"],
      [{ allowOrigins: [{ regex: "https://a\\.example", flags: "i" }] }, "flags"],
    ])("%j", (config, field) => {
      const issues = issuesOf(api, config);
      expect(issues.map((issue) => issue.code)).toEqual(["unknown-field"]);
      expect(issues[0]?.path).toContain(field);
    });
  });

  describe("a field of the wrong type or an enum value outside its set is type-invalid", () => {
    it.each([
      ["allowCredentials: \"true\"", { allowOrigins: [APP], allowCredentials: "true" }],
      ["preflightStatus: 201", { allowOrigins: [APP], preflightStatus: 201 }],
      ["{ exact: 443 }", { allowOrigins: [{ exact: 443 }] }],
      ["a list element that is not a string (allowMethods)", { allowOrigins: [APP], allowMethods: ["PUT", 5] }],
      ["a list element that is not a string (allowHeaders)", { allowOrigins: [APP], allowHeaders: [null] }],
      ["a list element that is not a string (exposeHeaders)", { allowOrigins: [APP], exposeHeaders: [{}] }],
      ["unmatchedPreflights: \"ignore\"", { allowOrigins: [APP], unmatchedPreflights: "ignore" }],
      ["allowPrivateNetwork: 1", { allowOrigins: [APP], allowPrivateNetwork: 1 }],
      ["ignoreCase: \"yes\"", { allowOrigins: [{ exact: APP, ignoreCase: "yes" }] }],
      ["an origin that is a number", { allowOrigins: [42] }],
      ["{ regex: 5 }", { allowOrigins: [{ regex: 5 }] }],
      ["allowMethods not an array", { allowOrigins: [APP], allowMethods: "PUT" }],
      ["maxAge: true", { allowOrigins: [APP], maxAge: true }],
      ["dangerouslyAllowAnyOriginWithCredentials: \"yes\"", { allowOrigins: [APP], dangerouslyAllowAnyOriginWithCredentials: "yes" }],
    ])("%s", (_label, config) => {
      expect(codesOf(api, config)).toEqual(["type-invalid"]);
    });

    it.each([[null], [undefined], ["https://app.example.com"], [42], [[APP]]])("createPolicy(%j)", (config) => {
      expect(codesOf(api, config)).toContain("type-invalid");
    });

    it("a matcher object with none of exact / prefix / regex is refused", () => {
      expect(issuesOf(api, { allowOrigins: [{}] }).length).toBeGreaterThan(0);
    });
  });

  describe("the input is never aliased", () => {
    it("mutating the config object after createPolicy changes nothing", () => {
      const config = {
        allowOrigins: [APP] as unknown[],
        allowMethods: ["PUT"],
        allowHeaders: ["x-a"],
        exposeHeaders: ["x-total"],
        allowCredentials: false,
        maxAge: 60,
      };
      const policy = api.createPolicy(config);
      const requests = [preflight(APP, "PUT", "x-a"), preflight("https://evil.example", "DELETE", "x-b"), actual(APP), actual("https://evil.example")];
      const before = requests.map((request) => api.evaluate(request, policy));
      const configBefore = JSON.stringify(policy.config);
      config.allowOrigins.push("https://evil.example");
      config.allowOrigins[0] = "https://other.example";
      config.allowMethods.push("DELETE");
      config.allowHeaders.push("x-b");
      config.exposeHeaders.length = 0;
      config.allowCredentials = true;
      config.maxAge = 1;
      expect(requests.map((request) => api.evaluate(request, policy))).toEqual(before);
      expect(JSON.stringify(policy.config)).toBe(configBefore);
    });

    it("a matcher object mutated afterwards changes nothing", () => {
      const matcher = { exact: APP, ignoreCase: false };
      const policy = api.createPolicy({ allowOrigins: [matcher] });
      matcher.ignoreCase = true;
      matcher.exact = "https://evil.example";
      expect(api.evaluate(actual(APP), policy).allowed).toBe(true);
      expect(api.evaluate(actual("https://APP.example.com"), policy).allowed).toBe(false);
      expect(api.evaluate(actual("https://evil.example"), policy).allowed).toBe(false);
    });

    it("a deeply frozen config is accepted", () => {
      const config = deepFreeze({
        allowOrigins: [APP, { exact: "https://b.example", ignoreCase: true }, { prefix: "https://c.example:" }, { regex: /https:\/\/d\.example/i }, "https://*.example.org"],
        allowMethods: ["put", "PATCH"],
        allowHeaders: ["X-A"],
        exposeHeaders: ["X-Total"],
        maxAge: "1h",
        allowCredentials: true,
        allowPrivateNetwork: true,
        unmatchedPreflights: "forward",
        preflightStatus: 200,
      });
      const policy = accepted(api, config);
      const decision = api.evaluate(preflight("https://D.example", "PUT", "x-a"), policy);
      expect(decision.allowed).toBe(true);
      expect(headerNames(decision)).toEqual([
        "access-control-allow-credentials",
        "access-control-allow-headers",
        "access-control-allow-methods",
        "access-control-allow-origin",
        "access-control-expose-headers",
        "access-control-max-age",
      ]);
    });
  });
});
