// SPEC §4 — matching — on the built package. Each row: a matcher, a request Origin, allowed or not.
import { describe, expect, it } from "vitest";
import { builds } from "./builds.js";
import { actual, decide, preflight } from "./requests.js";

const APP = "https://app.example.com";
type Row = [origin: string, allowed: boolean];

describe.each(builds)("SPEC §4 matching ($name build)", ({ api }) => {
  const check = (matcher: unknown, rows: Row[]) => {
    const policy = api.createPolicy({ allowOrigins: [matcher] });
    for (const [origin, allowed] of rows) {
      const decision = api.evaluate(actual(origin), policy);
      expect({ origin, allowed: decision.allowed }).toEqual({ origin, allowed });
      // Invariant 3: when allowed, ACAO is "*" or byte-equal to the request origin.
      if (allowed) expect([origin, "*"]).toContain(decision.headers["access-control-allow-origin"]);
      else expect(decision.headers).toEqual({});
    }
  };

  it("exact: byte-equal; the request origin is never trimmed, lower-cased or port-stripped", () => {
    check(APP, [
      [APP, true],
      ["https://APP.example.com", false],
      ["https://app.example.com:443", false],
      ["http://app.example.com", false],
      ["https://app.example.com.", false],
      ["https://app.example.co", false],
      ["https://app.example.com.evil.net", false],
      ["https://xapp.example.com", false],
    ]);
    check({ exact: APP }, [
      [APP, true],
      ["https://App.example.com", false],
    ]);
  });

  it("exact with ignoreCase: ASCII case-insensitive, nothing else", () => {
    check({ exact: APP, ignoreCase: true }, [
      [APP, true],
      ["https://APP.EXAMPLE.COM", true],
      ["HTTPS://App.Example.Com", true],
      ["https://app.example.com:443", false],
      ["https://app.example.com.evil.net", false],
    ]);
  });

  it("exact with ignoreCase: the Kelvin sign K (U+212A) is not ASCII k", () => {
    // Unicode case folding would map U+212A to "k"; the SPEC says ASCII case-insensitive. The request is
    // invalid-shaped anyway (non-ASCII host), so it must be refused either way.
    check({ exact: "https://kb.example.com", ignoreCase: true }, [
      ["https://KB.example.com", true],
      ["https://\u212Ab.example.com", false],
    ]);
  });

  it("exact origins are found whatever their number", () => {
    const many = Array.from({ length: 5000 }, (_unused, index) => `https://app${index}.example.com`);
    const policy = api.createPolicy({ allowOrigins: many });
    expect(api.evaluate(actual("https://app0.example.com"), policy).allowed).toBe(true);
    expect(api.evaluate(actual("https://app4999.example.com"), policy).allowed).toBe(true);
    expect(api.evaluate(actual("https://app5000.example.com"), policy).allowed).toBe(false);
  });

  it("exact lookup is not fooled by Object.prototype names", () => {
    check(APP, [
      ["constructor", false],
      ["__proto__", false],
      ["toString", false],
      ["hasOwnProperty", false],
    ]);
  });

  it("prefix: Istio semantics, startsWith", () => {
    check({ prefix: "https://app.example.com" }, [
      [APP, true],
      ["https://app.example.com:8443", true],
      ["https://app.example.com.evil.net", true],
      ["https://app.example.community", true],
      ["https://APP.example.com", false],
      ["http://app.example.com", false],
    ]);
  });

  it("prefix with ignoreCase", () => {
    check({ prefix: "https://app.", ignoreCase: true }, [
      ["https://APP.example.com", true],
      ["https://app.example.com", true],
      ["https://api.example.com", false],
    ]);
  });

  it("regex: the whole origin must match (as ^(?:pattern)$)", () => {
    check({ regex: "https://app\\.example\\.com" }, [
      [APP, true],
      ["https://app.example.com.evil.net", false],
      ["https://xhttps://app.example.com", false],
      ["https://evil.net", false],
    ]);
  });

  it("regex: a top-level alternation is anchored as a whole (^(?:a|b)$, not ^a|b$)", () => {
    check({ regex: "https://a\\.example|https://b\\.example" }, [
      ["https://a.example", true],
      ["https://b.example", true],
      ["https://a.example.evil.net", false],
    ]);
    check({ regex: "https://a\\.example|b\\.example" }, [
      ["https://a.example", true],
      ["https://evilb.example", false],
      ["https://b.example", false],
    ]);
  });

  it("regex: a pattern already anchored still works", () => {
    check({ regex: "^https://app\\.example\\.com$" }, [
      [APP, true],
      ["https://app.example.com.evil.net", false],
    ]);
  });

  it("regex: a RegExp with i matches case-insensitively; without i, case-sensitively", () => {
    check({ regex: /https:\/\/app\.example\.com/i }, [
      ["https://APP.example.com", true],
      [APP, true],
    ]);
    check({ regex: /https:\/\/app\.example\.com/ }, [
      ["https://APP.example.com", false],
      [APP, true],
    ]);
  });

  it("https://*.example.com: one or more DNS labels in front of example.com, never the apex", () => {
    check("https://*.example.com", [
      ["https://a.example.com", true],
      ["https://a.b.example.com", true],
      ["https://a-1.b2.c.example.com", true],
      ["https://example.com", false],
      ["https://.example.com", false],
      ["https://a..example.com", false],
      ["https://aexample.com", false],
      ["https://a.example.com.evil.net", false],
      ["https://a.example.community", false],
      ["https://a.example.com:8443", false],
      ["https://a.example.com:443", false],
      ["http://a.example.com", false],
      ["https://A.example.com", false],
      ["https://a.EXAMPLE.com", false],
      ["https://a_b.example.com", false],
    ]);
  });

  it("https://*.example.com:8443: the port must equal", () => {
    check("https://*.example.com:8443", [
      ["https://a.example.com:8443", true],
      ["https://a.example.com", false],
      ["https://a.example.com:8444", false],
      ["https://a.example.com:84430", false],
    ]);
  });

  it("http://localhost:*: any port, or none", () => {
    check("http://localhost:*", [
      ["http://localhost", true],
      ["http://localhost:1", true],
      ["http://localhost:3000", true],
      ["http://localhost:65535", true],
      ["https://localhost:3000", false],
      ["http://localhost.evil.net:3000", false],
      ["http://evil-localhost:3000", false],
      ["http://127.0.0.1:3000", false],
      ["http://LOCALHOST:3000", false],
    ]);
  });

  // SPEC §4 (2026-12-05): "*" without credentials matches every origin, null and invalid ones included, and
  // the answer is always `*`, never an echo.
  const anyOriginAnswersStar = (matcher: unknown) => {
    const policy = api.createPolicy({ allowOrigins: [matcher] });
    for (const origin of [APP, "http://localhost:3000", "https://APP.example.com", "chrome-extension://abcdefghijklmnop", "http://[::1]:8080", "null", "https://app.example.com/", [APP, APP]]) {
      const decision = api.evaluate(actual(origin), policy);
      expect({ origin, allowed: decision.allowed }).toEqual({ origin, allowed: true });
      expect({ origin, headers: decision.headers }).toEqual({ origin, headers: { "access-control-allow-origin": "*" } });
      expect({ origin, vary: decision.vary }).toEqual({ origin, vary: [] });
    }
  };

  it("\"*\" matches every origin, null and invalid ones included, and answers * (never an echo)", () => {
    anyOriginAnswersStar("*");
  });

  it("{ exact: \"*\" } means any origin, as in Istio", () => {
    anyOriginAnswersStar({ exact: "*" });
  });

  describe("null is never allowed by any other matcher than \"*\" without credentials", () => {
    it.each([
      [{ regex: ".*" }],
      [{ regex: "null" }],
      [{ regex: "n.*" }],
      [{ regex: /NULL/i }],
      [{ prefix: "" }],
      [{ prefix: "n" }],
      [{ prefix: "nul" }],
    ])("%j", (matcher) => {
      const policy = api.createPolicy({ allowOrigins: [matcher], allowMethods: ["*"] });
      for (const request of [actual("null"), preflight("null", "PUT")]) {
        const decision = api.evaluate(request, policy);
        expect(decision.allowed).toBe(false);
        expect(decision.headers).toEqual({});
      }
    });

    it("not even by the any-origin-with-credentials escape hatch", () => {
      const config = { allowOrigins: ["*"], allowCredentials: true, dangerouslyAllowAnyOriginWithCredentials: true, allowMethods: ["*"] };
      for (const request of [actual("null"), preflight("null", "PUT")]) {
        const decision = decide(api, config, request);
        expect(decision.allowed).toBe(false);
        expect(decision.headers).toEqual({});
      }
    });

    // SPEC §4: "*" without credentials allows null: actual and preflight, answered `*` (never "null").
    it.each([["*"], [{ exact: "*" }]])("%j without credentials allows null, answered *", (matcher) => {
      const policy = api.createPolicy({ allowOrigins: [matcher], allowMethods: ["*"] });
      for (const request of [actual("null"), preflight("null", "PUT")]) {
        const decision = api.evaluate(request, policy);
        expect(decision.allowed).toBe(true);
        expect(decision.reason).toBeUndefined();
        expect(decision.headers["access-control-allow-origin"]).toBe("*");
      }
    });
  });

  it("patterns are tried after exact lookup fails: exact and pattern lists combine", () => {
    check(APP, [[APP, true]]);
    const policy = api.createPolicy({ allowOrigins: [APP, "https://*.example.org", { regex: "https://[a-z]+\\.example\\.net" }, { prefix: "https://p.example.io:" }] });
    for (const [origin, allowed] of [
      [APP, true],
      ["https://x.example.org", true],
      ["https://abc.example.net", true],
      ["https://p.example.io:8443", true],
      ["https://example.org", false],
      ["https://a1.example.net", false],
    ] as Row[]) {
      expect({ origin, allowed: api.evaluate(actual(origin), policy).allowed }).toEqual({ origin, allowed });
    }
  });
});
