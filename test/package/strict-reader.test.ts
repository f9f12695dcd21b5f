// Edge cases a strict reader of SPEC §1–§5 tries, grouped by the sentence they test. Each quotes that sentence.
import { describe, expect, it } from "vitest";
import { builds } from "./builds.js";
import { accepted, actual, attempt, codesOf, decide, issuesOf, preflight, warningCodes } from "./requests.js";

const APP = "https://app.example.com";

describe.each(builds)("strict reading of SPEC §1.1 ($name build)", ({ api }) => {
  // "The input is never aliased": each field is read once, so a getter that changes its answer cannot make
  // validation see one policy and compilation another.
  it("a getter that answers differently on each read cannot slip credentials past validation", () => {
    let reads = 0;
    const config = {
      allowOrigins: ["*"],
      get allowCredentials() {
        reads += 1;
        return reads > 1;
      },
    };
    const outcome = attempt(api, config);
    if (!outcome.ok) {
      expect(outcome.issues.map((issue) => issue.code)).toContain("credentials-any-origin");
      return;
    }
    const decision = api.evaluate(actual(APP), outcome.policy);
    const credentials = outcome.policy.config["allowCredentials"] === true;
    expect(decision.headers["access-control-allow-credentials"] !== undefined).toBe(credentials);
    if (decision.headers["access-control-allow-origin"] === "*") expect(decision.headers).not.toHaveProperty("access-control-allow-credentials");
  });

  it("a getter that answers differently on each read cannot widen the origins past validation", () => {
    let reads = 0;
    const config = {
      get allowOrigins() {
        reads += 1;
        return reads === 1 ? [APP] : ["*"];
      },
      allowCredentials: true,
    };
    const outcome = attempt(api, config);
    if (!outcome.ok) return;
    const allowedOrigins = outcome.policy.config["allowOrigins"] as unknown[];
    const decision = api.evaluate(actual("https://evil.example"), outcome.policy);
    expect(decision.allowed).toBe(allowedOrigins.includes("*"));
    expect(allowedOrigins).not.toContain("*");
  });

  it.each([
    ["allowOrigins: \"*\" (not a list)", { allowOrigins: "*" }],
    ["allowOrigins: [undefined]", { allowOrigins: [undefined] }],
    ["allowMethods: null", { allowOrigins: [APP], allowMethods: null }],
    ["maxAge: null", { allowOrigins: [APP], maxAge: null }],
    ["allowOrigins: { 0: \"https://app.example.com\", length: 1 } (array-like)", { allowOrigins: { 0: APP, length: 1 } }],
  ])("type-invalid: %s", (_label, config) => {
    expect(codesOf(api, config)).toEqual(["type-invalid"]);
  });

  it("a hole in a list is \"a list element that is not a string\": type-invalid", () => {
    expect(codesOf(api, { allowOrigins: [, APP] })).toEqual(["type-invalid"]);
    expect(codesOf(api, { allowOrigins: [APP], allowMethods: ["PUT", , "PATCH"] })).toEqual(["type-invalid"]);
  });

  // "An explicit `dangerouslyAllowAnyOriginWithCredentials: true` field turns this error into a warning": a value
  // inherited from a polluted Object.prototype is not an explicit field, and must not widen any policy either.
  describe("fields inherited from a polluted Object.prototype are not fields of the config", () => {
    function polluted<T>(key: string, value: unknown, body: () => T): T {
      Object.defineProperty(Object.prototype, key, { value, configurable: true, writable: true, enumerable: false });
      try {
        return body();
      } finally {
        delete (Object.prototype as Record<string, unknown>)[key];
      }
    }

    it("dangerouslyAllowAnyOriginWithCredentials", () => {
      const codes = polluted("dangerouslyAllowAnyOriginWithCredentials", true, () => codesOf(api, { allowOrigins: ["*"], allowCredentials: true }));
      expect(codes).toEqual(["credentials-any-origin"]);
    });

    it("allowCredentials", () => {
      const decision = polluted("allowCredentials", true, () => decide(api, { allowOrigins: [APP] }, actual(APP)));
      expect(decision.headers).not.toHaveProperty("access-control-allow-credentials");
    });

    it("ignoreCase", () => {
      const decision = polluted("ignoreCase", true, () => decide(api, { allowOrigins: [{ exact: APP }] }, actual("https://APP.example.com")));
      expect(decision.allowed).toBe(false);
    });
  });

  it("a mutated decision cannot change the next decision (decisions are not shared mutable state)", () => {
    const policy = api.createPolicy({ allowOrigins: [APP], allowMethods: ["PUT"], exposeHeaders: ["x-total"] });
    for (const request of [preflight(APP, "PUT"), actual(APP), actual(undefined), actual("https://evil.example")]) {
      const first = api.evaluate(request, policy);
      const snapshot = JSON.parse(JSON.stringify(first)) as unknown;
      try {
        (first.headers as Record<string, string>)["access-control-allow-origin"] = "*";
        (first.headers as Record<string, string>)["access-control-allow-credentials"] = "true";
        (first.vary as string[]).length = 0;
        (first.vary as string[]).push("X-Poison");
      } catch {
        // frozen: fine
      }
      expect(api.evaluate(request, policy)).toEqual(snapshot);
    }
  });
});

describe.each(builds)("strict reading of SPEC §1.2 ($name build)", ({ api }) => {
  describe("origin-invalid / origin-noncanonical", () => {
    it.each([["http://[::1"], ["http://[zz]"], ["http://[::1]x"], ["https://app.example.com:"]])("origin-invalid: %j", (origin) => {
      expect(codesOf(api, { allowOrigins: [origin] })).toEqual(["origin-invalid"]);
    });

    it.each([
      ["https://app.example.com:443/", APP],
      ["HTTP://LOCALHOST:80/", "http://localhost"],
      ["https://APP.example.com:443", APP],
    ])("several faults at once, %j: one origin-noncanonical whose hint is the fully canonical %s", (origin, canonical) => {
      const issues = issuesOf(api, { allowOrigins: [origin] });
      expect(issues.map((issue) => issue.code)).toEqual(["origin-noncanonical"]);
      expect(issues[0]?.hint).toContain(`did you mean ${canonical}?`);
    });
  });

  describe("origin-invalid for wildcards outside the forms SPEC §1.1 names (`https://*.example.com`, `:*`)", () => {
    it.each([["https://app.*.com"], ["https://*example.com"], ["https://a*.example.com"], ["*.example.com"], ["http://*:3000"], ["https://*"], ["https://**.example.com"]])("%j", (origin) => {
      expect(codesOf(api, { allowOrigins: [origin] })).toEqual(["origin-invalid"]);
    });
  });

  it("Issue 2: \"The error's message lists every issue on its own line\"", () => {
    const outcome = attempt(api, { allowOrigins: ["null", "https://a.example/x"], allowMethods: ["TRACE"], maxAge: -1 });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    const lines = (outcome.error as Error).message.split("\n");
    const lineOf = outcome.issues.map((issue) => lines.findIndex((line) => line.includes(issue.path) && line.includes(issue.message)));
    expect(lineOf.every((index) => index >= 0)).toBe(true);
    expect(new Set(lineOf).size).toBe(outcome.issues.length);
  });

  describe("credentials-any-origin: a matcher that admits every origin, however written", () => {
    it.each([
      ["prefix \"HTTPS://\" with ignoreCase", { prefix: "HTTPS://", ignoreCase: true }],
      ["prefix \"H\" with ignoreCase", { prefix: "H", ignoreCase: true }],
      ["regex /HTTPS?:\\/\\/.*/i", { regex: /HTTPS?:\/\/.*/i }],
      ["regex [^,]*", { regex: "[^,]*" }],
      ["regex (?:http|https)://.*", { regex: "(?:http|https)://.*" }],
      ["prefix \"https:/\"", { prefix: "https:/" }],
      ["prefix \"http:\"", { prefix: "http:" }],
      ["prefix \"htt\"", { prefix: "htt" }],
    ])("%s", (_label, matcher) => {
      expect(codesOf(api, { allowOrigins: [matcher], allowCredentials: true })).toContain("credentials-any-origin");
    });

    // "issues lists every problem": a regex that is unsafe and also admits every origin has both problems.
    it("an unsafe regex that matches all three probes reports regex-unsafe and credentials-any-origin", () => {
      expect(codesOf(api, { allowOrigins: [{ regex: "(?:https?://)?.*" }], allowCredentials: true }).sort()).toEqual(["credentials-any-origin", "regex-unsafe"]);
    });
  });

  it("five problems at once, five issues: wildcard-mixed, credentials-any-origin, credentials-expose-wildcard, method-forbidden, maxage-invalid", () => {
    const issues = issuesOf(api, { allowOrigins: ["*", APP], allowCredentials: true, exposeHeaders: ["*"], allowMethods: ["CONNECT"], maxAge: "500ms" });
    expect(issues.map((issue) => issue.code).sort()).toEqual(["credentials-any-origin", "credentials-expose-wildcard", "maxage-invalid", "method-forbidden", "wildcard-mixed"]);
    expect(issues.find((issue) => issue.code === "method-forbidden")?.path).toBe("allowMethods[0]");
    expect(issues.find((issue) => issue.code === "maxage-invalid")?.path).toBe("maxAge");
  });

  it.each([[{ exact: "*" }], [{ prefix: "" }], [{ regex: ".*" }]])("the escape hatch with %j: the origin is echoed with ACAC true and Vary: Origin", (matcher) => {
    const decision = decide(api, { allowOrigins: [matcher], allowCredentials: true, dangerouslyAllowAnyOriginWithCredentials: true }, actual("https://x.example"));
    expect(decision.headers).toEqual({ "access-control-allow-origin": "https://x.example", "access-control-allow-credentials": "true" });
    expect(decision.vary.map((token) => token.toLowerCase())).toEqual(["origin"]);
  });

  describe("regex-empty, regex-flags", () => {
    it("an empty RegExp object (source \"(?:)\") is empty: regex-invalid", () => {
      expect(codesOf(api, { allowOrigins: [{ regex: new RegExp("") }] })).toEqual(["regex-invalid"]);
    });

    it("the v flag is a flag other than i / u: regex-flags", () => {
      expect(codesOf(api, { allowOrigins: [{ regex: new RegExp("https://a\\.example", "v") }] })).toEqual(["regex-flags"]);
    });
  });

  describe("regex-unsafe, by the letter of the rule", () => {
    it.each([
      ["? applied to a group with an alternation: (a|b)?", "https://(a|b)?x\\.example"],
      ["{2} applied to a group with +: (a+){2}", "https://(a+){2}\\.example"],
      ["a non-capturing group: (?:a+)+", "https://(?:a+)+\\.example"],
      ["a fixed count inside: ([0-9]{1,3}\\.){3}", "https://([0-9]{1,3}\\.){3}[0-9]{1,3}"],
      ["an exact count inside: (a{2})+", "https://(a{2})+\\.example"],
      ["a group nested in the quantified group: ((a+))*", "https://((a+))*\\.example"],
    ])("%s", (_label, source) => {
      expect(codesOf(api, { allowOrigins: [{ regex: source }] })).toEqual(["regex-unsafe"]);
    });

    it.each([
      ["escaped parentheses are not a group: a\\(b+\\)+", "https://a\\(b+\\)+\\.example"],
      ["parentheses in a class are not a group: [(]a+[)]+", "https://[(]a+[)]+\\.example"],
      ["an optional group without quantifier or alternation inside", "https://(?:www\\.)?example\\.com"],
      ["a named group without a backreference", "https://(?<sub>www\\.)?example\\.com"],
      ["an escaped backslash before a digit is not a backreference", "https://a\\\\1\\.example"],
      ["?= inside a class is not a lookahead", "https://[?=]a\\.example"],
      ["a quantified group of groups without quantifiers", "https://((a))+\\.example"],
      ["an alternation in a group that is not quantified", "https://(app|www)\\.example\\.com"],
    ])("not unsafe: %s", (_label, source) => {
      const outcome = attempt(api, { allowOrigins: [{ regex: source }] });
      expect(outcome.ok ? [] : outcome.issues.map((issue) => issue.code)).not.toContain("regex-unsafe");
    });
  });

  describe("method-invalid / header-invalid: surrounding spaces are not part of a token", () => {
    it("\" PUT\" is method-invalid", () => {
      expect(codesOf(api, { allowOrigins: [APP], allowMethods: [" PUT"] })).toEqual(["method-invalid"]);
    });

    it("\"X-A \" is header-invalid", () => {
      expect(codesOf(api, { allowOrigins: [APP], allowHeaders: ["X-A "] })).toEqual(["header-invalid"]);
    });
  });

  describe("header-never-sent: forbidden request headers, including the proxy- and sec- prefixes", () => {
    it.each([["sec-fetch-mode"], ["proxy-authorization"], ["Sec-CH-UA"], ["access-control-request-method"]])("%j", (header) => {
      expect(warningCodes(api, { allowOrigins: [APP], allowHeaders: [header] })).toEqual(["header-never-sent"]);
    });
  });

  describe("regex-unescaped-dot only where a host separator is meant", () => {
    it("the . of .* is not a host separator", () => {
      expect(warningCodes(api, { allowOrigins: [{ regex: "https://.*\\.example\\.com" }] })).toEqual([]);
    });
  });

  describe("maxAge: \"maxage-invalid: negative, fractional, not finite, or an unparsable duration … Values above the browser caps are kept as written\"", () => {
    it("a whole, finite, non-negative maxAge beyond 2^53 is none of those, so it is kept (SPEC letter; see report)", () => {
      const maxAge = 2 ** 53 + 2;
      const outcome = attempt(api, { allowOrigins: [APP], maxAge });
      expect(outcome.ok ? [] : outcome.issues.map((issue) => issue.code)).toEqual([]);
      if (!outcome.ok) return;
      expect(api.evaluate(preflight(APP, "GET"), outcome.policy).headers["access-control-max-age"]).toBe("9007199254740994");
    });

    it("whatever is decided for huge values, a hint never proposes the refused value itself", () => {
      for (const maxAge of [1e21, 2 ** 53 + 2]) {
        const outcome = attempt(api, { allowOrigins: [APP], maxAge });
        if (outcome.ok) {
          expect(api.evaluate(preflight(APP, "GET"), outcome.policy).headers["access-control-max-age"]).toMatch(/^[0-9]+$/);
          continue;
        }
        for (const issue of outcome.issues) expect(issue.hint ?? "").not.toContain(String(maxAge));
      }
    });
  });
});

describe.each(builds)("strict reading of SPEC §2–§5 ($name build)", ({ api }) => {
  it("a one-element array counts as its element: ACRM [\"PUT\"], ACRPN [\"true\"], Origin [\"\"]", () => {
    const policy = api.createPolicy({ allowOrigins: [APP], allowMethods: ["PUT"], allowPrivateNetwork: true });
    const byArray = api.evaluate({ method: "OPTIONS", headers: { origin: [APP], "access-control-request-method": ["PUT"], "access-control-request-private-network": ["true"] } }, policy);
    expect(byArray).toMatchObject({ kind: "preflight", allowed: true });
    expect(byArray.headers["access-control-allow-methods"]).toBe("PUT");
    expect(byArray.headers["access-control-allow-private-network"]).toBe("true");
    expect(api.evaluate({ method: "GET", headers: { origin: [""] } }, policy).kind).toBe("non-cors");
  });

  it("a fetch Headers object with a repeated Origin (joined \"a, b\") is invalid", () => {
    const headers = new Headers();
    headers.append("origin", APP);
    headers.append("origin", "https://evil.example");
    const decision = api.evaluate({ method: "GET", headers }, api.createPolicy({ allowOrigins: [APP] }));
    expect(decision.reason?.code).toBe("origin-invalid");
    expect(decision.headers).toEqual({});
  });

  it("ignoreCase on one exact origin does not make the others case-insensitive", () => {
    const policy = api.createPolicy({ allowOrigins: ["https://b.example", { exact: APP, ignoreCase: true }] });
    expect(api.evaluate(actual("https://B.EXAMPLE"), policy).allowed).toBe(false);
    expect(api.evaluate(actual("https://APP.example.com"), policy).allowed).toBe(true);
    expect(api.evaluate(actual("https://b.example"), policy).allowed).toBe(true);
  });

  it("\":* as the port of a pattern means any port, or none\" — on any pattern, not only localhost", () => {
    for (const [pattern, origin, allowed] of [
      ["https://*.example.com:*", "https://a.example.com:8443", true],
      ["https://*.example.com:*", "https://a.example.com", true],
      ["https://*.example.com:*", "https://example.com:8443", false],
      ["https://app.example.com:*", "https://app.example.com:8443", true],
      ["https://app.example.com:*", APP, true],
      ["https://app.example.com:*", "http://app.example.com:8443", false],
    ] as const) {
      expect({ pattern, origin, allowed: decide(api, { allowOrigins: [pattern] }, actual(origin)).allowed }).toEqual({ pattern, origin, allowed });
    }
  });

  // SPEC §6.6 "evaluate is deterministic": the answer for a request never depends on what was asked before (a
  // cache filled or flushed by a flood of distinct origins or header lists must not change any decision).
  it("decisions do not depend on the requests evaluated before (a flood of distinct origins and header lists)", () => {
    const policy = api.createPolicy({ allowOrigins: [APP, "https://*.example.org", { regex: "https://[a-z]+\\.example\\.net" }], allowMethods: ["PUT"], allowHeaders: ["x-a", "x-b"] });
    const probes = [
      actual(APP),
      actual("https://x.example.org"),
      actual("https://abc.example.net"),
      actual("https://evil.example"),
      preflight(APP, "PUT", "x-a"),
      preflight(APP, "PUT", "x-a, x-c"),
      preflight("https://x.example.org", "DELETE", "x-b"),
      preflight("https://evil.example", "PUT", "x-a"),
    ];
    const before = probes.map((request) => JSON.stringify(api.evaluate(request, policy)));
    for (let index = 0; index < 3000; index += 1) {
      api.evaluate(actual(`https://n${index}.example.org`), policy);
      api.evaluate(actual(`https://evil${index}.example`), policy);
      api.evaluate(preflight(APP, "PUT", `x-a, x-${index}`), policy);
      api.evaluate(preflight(APP, "PUT", index % 2 === 0 ? "x-a" : "x-b, x-a"), policy);
    }
    expect(probes.map((request) => JSON.stringify(api.evaluate(request, policy)))).toEqual(before);
    expect(JSON.parse(before[0] ?? "{}")).toMatchObject({ allowed: true });
    expect(JSON.parse(before[3] ?? "{}")).toMatchObject({ allowed: false });
    expect(JSON.parse(before[5] ?? "{}")).toMatchObject({ allowed: false });
  });

  it("a non-canonical valid origin (https://a.example:443) is matched by a prefix that matches it", () => {
    const decision = decide(api, { allowOrigins: [{ prefix: "https://a.example" }] }, actual("https://a.example:443"));
    expect(decision.allowed).toBe(true);
    expect(decision.headers["access-control-allow-origin"]).toBe("https://a.example:443");
  });

  it("an invalid origin is never echoed into the reason's hint as a header would be (explain may quote it)", () => {
    const decision = decide(api, { allowOrigins: [APP] }, actual("https://app.example.com\r\nx-injected: 1"));
    expect(decision.headers).toEqual({});
    expect(decision.reason?.code).toBe("origin-invalid");
  });
});
