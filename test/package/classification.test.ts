// SPEC §3 — classification of a request, invalid Origins, and decision.origin — on the built package.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { builds } from "./builds.js";
import { actual, decide, longHost, preflight } from "./requests.js";

const APP = "https://app.example.com";
const policyFor = { allowOrigins: [APP], allowMethods: ["PUT"], allowHeaders: ["x-a"] };

describe.each(builds)("SPEC §3 classification ($name build)", ({ api }) => {
  describe("1. No Origin header, or an empty one → non-cors", () => {
    it.each([
      ["no Origin", actual(undefined)],
      ["an empty Origin", actual("")],
      ["a preflight shape without Origin", preflight(undefined, "PUT")],
      ["a preflight shape with an empty Origin", preflight("", "PUT")],
    ])("%s", (_label, request) => {
      expect(decide(api, policyFor, request).kind).toBe("non-cors");
    });
  });

  describe("2. Method exactly OPTIONS and a non-empty ACRM → preflight", () => {
    it("OPTIONS with ACRM is a preflight", () => {
      expect(decide(api, policyFor, preflight(APP, "PUT")).kind).toBe("preflight");
    });

    it("OPTIONS with an empty ACRM is not a preflight", () => {
      const decision = decide(api, policyFor, preflight(APP, ""));
      expect(decision.kind).toBe("actual");
      expect(decision.action).toBe("continue");
    });

    it("\"options\" in lower case is not exactly OPTIONS → actual", () => {
      expect(decide(api, policyFor, { method: "options", headers: { origin: APP, "access-control-request-method": "PUT" } }).kind).toBe("actual");
    });

    it("GET with an ACRM is actual", () => {
      expect(decide(api, policyFor, { method: "GET", headers: { origin: APP, "access-control-request-method": "PUT" } }).kind).toBe("actual");
    });
  });

  describe("3. Anything else with an Origin → actual", () => {
    it("an OPTIONS without ACRM is an ordinary request and reaches the handler", () => {
      const decision = decide(api, policyFor, actual(APP, "OPTIONS"));
      expect(decision.kind).toBe("actual");
      expect(decision.action).toBe("continue");
      expect(decision.status).toBeUndefined();
      expect(decision.headers["access-control-allow-origin"]).toBe(APP);
    });

    it.each([["GET"], ["POST"], ["DELETE"], ["PATCH"], ["whatever"]])("%s with an Origin", (method) => {
      expect(decide(api, policyFor, actual(APP, method)).kind).toBe("actual");
    });
  });

  describe("an invalid Origin is never allowed and never written back", () => {
    // Even under policies that would allow any valid origin, and one that echoes any origin.
    const openPolicies = [
      { allowOrigins: ["*"], allowMethods: ["*"], allowHeaders: ["*"] },
      { allowOrigins: [{ regex: ".*" }] },
      { allowOrigins: [{ prefix: "" }] },
      { allowOrigins: ["*"], allowCredentials: true, dangerouslyAllowAnyOriginWithCredentials: true },
    ];
    const twoOrigins = "https://a.example, https://b.example";
    const tooLong = `https://${longHost(2041)}`;
    const invalidOrigins: [string, string | string[]][] = [
      ["an array of two", [APP, APP]],
      ["an array of three", [APP, "https://b.example", "https://c.example"]],
      ["a value containing ,", twoOrigins],
      ["a value that is only a comma", ","],
      ["longer than 2048 bytes (2049)", tooLong],
      ["a path", "https://app.example.com/"],
      ["a path and query", "https://app.example.com/?x"],
      ["no scheme", "app.example.com"],
      ["a space", "https://app .example.com"],
      ["an underscore in the host", "https://a_b.example.com"],
      ["CR LF (header injection)", "https://app.example.com\r\nset-cookie: a=b"],
      ["a NUL", "https://app.example.com\u0000"],
      ["a non-ASCII host", "https://bücher.example"],
      ["userinfo", "https://u@app.example.com"],
      ["a non-numeric port", "https://app.example.com:x"],
      ["empty host", "https://"],
      ["a bare word", "undefined"],
      ["null with spaces", " null"],
    ];

    for (const config of openPolicies) {
      it.each(invalidOrigins)(`%s (policy ${JSON.stringify(config.allowOrigins)}${config.allowCredentials ? " + credentials" : ""})`, (_label, origin) => {
        // SPEC §4/§5.4 (2026-12-05): under an origin-independent "*" policy (no credentials) an actual request
        // from any Origin value is allowed and answered `*` (never the invalid value), with no vary; the
        // preflight from an invalid Origin is still refused (§5.3).
        const originIndependent = config.allowOrigins[0] === "*" && !config.allowCredentials;
        const written = Array.isArray(origin) ? origin : [origin];
        if (originIndependent) {
          const decision = decide(api, config, actual(origin));
          expect(decision.allowed).toBe(true);
          expect(decision.reason).toBeUndefined();
          expect(decision.headers).toEqual({ "access-control-allow-origin": "*" });
          expect(decision.vary).toEqual([]);
          for (const value of Object.values(decision.headers)) for (const sent of written) expect(value).not.toBe(sent);
        } else {
          const decision = decide(api, config, actual(origin));
          expect(decision.allowed).toBe(false);
          expect(decision.reason?.code).toBe("origin-invalid");
          expect(decision.headers).toEqual({});
        }
        const refused = decide(api, config, preflight(origin, "PUT"));
        expect(refused.allowed).toBe(false);
        expect(refused.reason?.code).toBe("origin-invalid");
        expect(refused.headers).toEqual({});
      });
    }

    it("2048 bytes is still valid (and allowed by an exact matcher for it)", () => {
      const origin = `https://${longHost(2040)}`;
      expect(origin.length).toBe(2048);
      const decision = decide(api, { allowOrigins: [origin] }, actual(origin));
      expect(decision.allowed).toBe(true);
      expect(decision.headers["access-control-allow-origin"]).toBe(origin);
      const byWildcard = decide(api, { allowOrigins: ["*"] }, actual(origin));
      expect(byWildcard.allowed).toBe(true);
    });

    it("2049 bytes is invalid even when a matcher would match it", () => {
      const origin = `https://${longHost(2041)}`;
      expect(origin.length).toBe(2049);
      const decision = decide(api, { allowOrigins: [{ prefix: "https://aaa" }] }, actual(origin));
      expect(decision.reason?.code).toBe("origin-invalid");
      expect(decision.headers).toEqual({});
    });

    it("a megabyte-long Origin is invalid and the call returns", () => {
      const origin = `https://${"a".repeat(1 << 20)}.example.com`;
      const decision = decide(api, { allowOrigins: [{ regex: "https://[a-z]+\\.example\\.com" }] }, actual(origin));
      expect(decision.reason?.code).toBe("origin-invalid");
    });

    it("a one-element array counts as its element (SPEC §2)", () => {
      const decision = decide(api, policyFor, actual([APP]));
      expect(decision.allowed).toBe(true);
      expect(decision.headers["access-control-allow-origin"]).toBe(APP);
      expect(decision.origin).toBe(APP);
    });
  });

  describe("shapes of a serialized origin that are valid", () => {
    it.each([
      ["a bracketed IPv6 address", "http://[::1]:3000"],
      ["a bracketed IPv6 address without port", "https://[2001:db8::1]"],
      ["an IPv4 address", "http://127.0.0.1:8080"],
      ["a port", "https://app.example.com:8443"],
      ["digits and dashes", "https://a-1.b-2.example"],
      ["another scheme", "chrome-extension://abcdefghijklmnop"],
    ])("%s: %j is matched by \"*\"", (_label, origin) => {
      const decision = decide(api, { allowOrigins: ["*"] }, actual(origin));
      expect(decision.allowed).toBe(true);
      expect(decision.reason).toBeUndefined();
    });

    it("null has the shape of a serialized origin: refused as not allowed, not as invalid", () => {
      const decision = decide(api, { allowOrigins: [APP] }, actual("null"));
      expect(decision.allowed).toBe(false);
      expect(decision.reason?.code).toBe("origin-not-allowed");
      // With credentials "*" echoes valid origins only and never null (SPEC §4): not allowed, not invalid.
      const withCredentials = decide(api, { allowOrigins: ["*"], allowCredentials: true, dangerouslyAllowAnyOriginWithCredentials: true }, actual("null"));
      expect(withCredentials.allowed).toBe(false);
      expect(withCredentials.reason?.code).toBe("origin-not-allowed");
    });

    it("null under \"*\" without credentials: actual allowed with *, a preflight allowed with * (SPEC §4)", () => {
      const decision = decide(api, { allowOrigins: ["*"] }, actual("null"));
      expect(decision.allowed).toBe(true);
      expect(decision.headers).toEqual({ "access-control-allow-origin": "*" });
      const pre = decide(api, { allowOrigins: ["*"], allowMethods: ["PUT"] }, preflight("null", "PUT"));
      expect(pre.allowed).toBe(true);
      expect(pre.headers["access-control-allow-origin"]).toBe("*");
    });
  });

  // "does not have the shape of a serialized origin (scheme://host[:port] with a host of letters, digits, -, . or a
  // bracketed IPv6 address, or null) is invalid": a reference of that sentence (ports 1–65535) against the package.
  it("the shape rule agrees with a reference reading on generated origins", () => {
    const shape = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::([0-9]+))?$/;
    const reference = (origin: string): boolean => {
      const match = shape.exec(origin);
      if (!match) return false;
      const port = match[1];
      return port === undefined || (Number(port) >= 1 && Number(port) <= 65535);
    };
    // Not "*" without credentials: that policy answers every actual request (SPEC §5.4), so the shape shows
    // in the reason only under an origin-dependent policy.
    const policy = api.createPolicy({ allowOrigins: [APP] });
    const candidate = fc
      .tuple(
        fc.constantFrom("https", "http", "HTTPS", "a+b", "x-y", "1ab", "", "ht tp"),
        fc.stringMatching(/^[a-zA-Z0-9.\-[\]:_ \/@?#%]{0,10}$/),
        fc.constantFrom("", ":", ":0", ":1", ":65535", ":65536", ":080", ":99999999999", ":8a"),
      )
      .map(([scheme, host, port]) => `${scheme}://${host}${port}`);
    fc.assert(
      fc.property(candidate, (origin) => {
        const decision = api.evaluate(actual(origin), policy);
        expect({ origin, valid: decision.reason?.code !== "origin-invalid" }).toEqual({ origin, valid: reference(origin) });
      }),
      { numRuns: 5000 },
    );
  });

  describe("a well-shaped but non-canonical origin is valid and matches only what matches it", () => {
    it.each([["https://APP.example.com"], ["https://app.example.com:443"], ["HTTPS://app.example.com"]])("%j is refused by the exact matcher as not allowed", (origin) => {
      const decision = decide(api, policyFor, actual(origin));
      expect(decision.allowed).toBe(false);
      expect(decision.reason?.code).toBe("origin-not-allowed");
    });

    it("https://APP.example.com is matched by ignoreCase, and echoed as received", () => {
      const decision = decide(api, { allowOrigins: [{ exact: APP, ignoreCase: true }] }, actual("https://APP.example.com"));
      expect(decision.allowed).toBe(true);
      expect(decision.headers["access-control-allow-origin"]).toBe("https://APP.example.com");
    });

    it("https://APP.example.com is matched by a regex with i", () => {
      const decision = decide(api, { allowOrigins: [{ regex: /https:\/\/app\.example\.com/i }] }, actual("https://APP.example.com"));
      expect(decision.allowed).toBe(true);
      expect(decision.headers["access-control-allow-origin"]).toBe("https://APP.example.com");
    });

    it("https://a.example:443 is matched by a regex that allows the port, and echoed with it", () => {
      const config = { allowOrigins: [{ regex: "https://a\\.example(:443)?" }] };
      const decision = decide(api, config, actual("https://a.example:443"));
      expect(decision.allowed).toBe(true);
      expect(decision.headers["access-control-allow-origin"]).toBe("https://a.example:443");
    });

    it("https://a.example:443 is not matched by the exact origin https://a.example, even with ignoreCase", () => {
      expect(decide(api, { allowOrigins: ["https://a.example"] }, actual("https://a.example:443")).allowed).toBe(false);
      expect(decide(api, { allowOrigins: [{ exact: "https://a.example", ignoreCase: true }] }, actual("https://a.example:443")).allowed).toBe(false);
    });
  });

  describe("decision.origin holds the Origin whenever it is a single non-empty string", () => {
    it.each([
      ["allowed", APP],
      ["not allowed", "https://evil.example"],
      ["null", "null"],
      ["invalid: a comma", "https://a.example, https://b.example"],
      ["invalid: a path", "https://app.example.com/x"],
      ["invalid: 2049 bytes", `https://${longHost(2041)}`],
    ])("%s", (_label, origin) => {
      expect(decide(api, policyFor, actual(origin)).origin).toBe(origin);
      expect(decide(api, policyFor, preflight(origin, "PUT")).origin).toBe(origin);
    });

    it("is absent without an Origin, with an empty one, and for an array of two", () => {
      expect(decide(api, policyFor, actual(undefined))).not.toHaveProperty("origin");
      expect(decide(api, policyFor, actual(""))).not.toHaveProperty("origin");
      expect(decide(api, policyFor, actual([APP, APP])).origin).toBeUndefined();
    });
  });

  describe("SPEC §2: a fetch Request and Headers can be passed as they are", () => {
    it("a fetch Request preflight", () => {
      const request = new Request("https://api.example.com/x", { method: "OPTIONS", headers: { Origin: APP, "Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "X-A" } });
      const decision = api.evaluate(request as unknown as { method: string; headers: Headers }, api.createPolicy(policyFor));
      expect(decision.kind).toBe("preflight");
      expect(decision.allowed).toBe(true);
      expect(decision.headers["access-control-allow-headers"]).toBe("x-a");
    });

    it("several Access-Control-Request-Headers values are read as their list joined with \", \"", () => {
      const decision = decide(api, { allowOrigins: [APP], allowHeaders: ["*"] }, preflight(APP, "GET", ["x-a", "X-B, x-c"]));
      expect(decision.headers["access-control-allow-headers"]).toBe("x-a, x-b, x-c");
    });
  });
});
