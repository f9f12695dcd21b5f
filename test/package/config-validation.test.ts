// SPEC §1.2 — validation: every error and warning code, paths, hints, all problems at once — on the built package.
import { describe, expect, it } from "vitest";
import { builds } from "./builds.js";
import { accepted, attempt, codesOf, issuesOf, warningCodes } from "./requests.js";

const APP = "https://app.example.com";
const withOrigin = (origin: unknown, extra: Record<string, unknown> = {}) => ({ allowOrigins: [origin], ...extra });

describe.each(builds)("SPEC §1.2 validation ($name build)", ({ api }) => {
  describe("one CorsConfigError listing every problem at once", () => {
    // Issue 2: "Exact error codes asserted for invalid configs, including one config with five problems at once."
    const fiveProblems = {
      allowOrigins: ["https://App.Example.com/", "null", "https://app.example.com/path"],
      allowMethods: ["TRACE", "GET POST"],
      allowHeaders: ["x header"],
      maxAge: -1,
      allowCredentail: true,
    };

    it("reports every problem of a config with many problems, each with its code and path", () => {
      const issues = issuesOf(api, fiveProblems);
      const found = issues.map((issue) => `${issue.code} @ ${issue.path}`).sort();
      expect(found).toEqual(
        [
          "origin-noncanonical @ allowOrigins[0]",
          "origin-null @ allowOrigins[1]",
          "origin-invalid @ allowOrigins[2]",
          "method-forbidden @ allowMethods[0]",
          "method-invalid @ allowMethods[1]",
          "header-invalid @ allowHeaders[0]",
          "maxage-invalid @ maxAge",
          "unknown-field @ allowCredentail",
        ].sort(),
      );
    });

    it("each issue has code, path and message; the error's message lists them all", () => {
      const outcome = attempt(api, fiveProblems);
      expect(outcome.ok).toBe(false);
      if (outcome.ok) return;
      const message = (outcome.error as Error).message;
      for (const issue of outcome.issues) {
        expect(typeof issue.code).toBe("string");
        expect(typeof issue.path).toBe("string");
        expect(issue.message.length).toBeGreaterThan(0);
        expect(message).toContain(issue.path);
        expect(message).toContain(issue.message);
      }
    });

    it("the path names the element: allowOrigins[2].regex", () => {
      const issues = issuesOf(api, { allowOrigins: [APP, "https://b.example", { regex: "(" }] });
      expect(issues.map((issue) => [issue.code, issue.path])).toEqual([["regex-invalid", "allowOrigins[2].regex"]]);
    });
  });

  describe("origins-missing: allowOrigins absent or empty", () => {
    it.each([[{}], [{ allowOrigins: [] }], [{ allowMethods: ["PUT"] }]])("%j", (config) => {
      expect(codesOf(api, config)).toEqual(["origins-missing"]);
    });
  });

  describe("origin-invalid: not scheme://host[:port]", () => {
    it.each([
      ["a path", "https://app.example.com/x"],
      ["a query", "https://app.example.com?x=1"],
      ["a fragment", "https://app.example.com#x"],
      ["userinfo", "https://user@app.example.com"],
      ["userinfo with password", "https://user:pw@app.example.com"],
      ["trailing whitespace", "https://app.example.com "],
      ["leading whitespace", " https://app.example.com"],
      ["inner whitespace", "https://app .example.com"],
      ["a tab", "https://app.example.com\t"],
      ["empty host", "https://"],
      ["empty host with port", "https://:8080"],
      ["empty label", "https://app..example.com"],
      ["empty first label", "https://.example.com"],
      ["port 0", "https://app.example.com:0"],
      ["port 65536", "https://app.example.com:65536"],
      ["port 99999", "https://app.example.com:99999"],
      ["a non-numeric port", "https://app.example.com:abc"],
      ["the file: scheme", "file://"],
      ["the file: scheme with a path", "file:///etc/passwd"],
      ["no scheme", "app.example.com"],
      ["scheme-relative", "//app.example.com"],
      ["a pattern with a non-http scheme", "chrome-extension://*.example"],
      ["a pattern with ftp", "ftp://*.example.com"],
      ["a pattern with a path", "https://*.example.com/x"],
      ["a wildcard pattern with an empty label", "https://*..example.com"],
    ])("%s: %j", (_label, origin) => {
      expect(codesOf(api, withOrigin(origin))).toEqual(["origin-invalid"]);
    });

    it.each([["https://app.example.com/x"], ["https://user@app.example.com"], ["file://"]])("in an { exact } matcher too: %j", (origin) => {
      expect(codesOf(api, withOrigin({ exact: origin }))).toEqual(["origin-invalid"]);
    });

    it.each([["chrome-extension://abcdefghijklmnop"], ["moz-extension://0b9c3d1a-aaaa-bbbb-cccc-000000000000"], ["app://local"]])(
      "exact origins may use any other scheme: %j",
      (origin) => {
        expect(accepted(api, withOrigin(origin)).warnings).toEqual([]);
      },
    );
  });

  describe("origin-noncanonical: an exact origin a browser would never send as written; the hint holds the canonical origin", () => {
    it.each([
      ["upper-case scheme", "HTTPS://app.example.com", APP],
      ["upper-case host", "https://App.Example.com", APP],
      ["upper-case host and a trailing slash", "https://App.Example.com/", APP],
      ["the default https port", "https://app.example.com:443", APP],
      ["the default http port", "http://localhost:80", "http://localhost"],
      ["a trailing slash", "https://app.example.com/", APP],
      ["a non-ASCII host", "https://bücher.example", "https://xn--bcher-kva.example"],
    ])("%s: %j → hint %s", (_label, origin, canonical) => {
      const issues = issuesOf(api, withOrigin(origin));
      expect(issues.map((issue) => issue.code)).toEqual(["origin-noncanonical"]);
      const hint = issues[0]?.hint ?? "";
      // The canonical origin appears as a whole word: not followed by more origin characters (no "/", port, label).
      expect(hint).toMatch(new RegExp(`(^|[\\s"'\`(])${escape(canonical)}(?![\\w./:-])`));
    });

    it("the hint reads `did you mean https://app.example.com?`", () => {
      const issues = issuesOf(api, withOrigin("https://App.Example.com/"));
      expect(issues[0]?.hint).toContain("did you mean https://app.example.com?");
    });

    it("an { exact } matcher is checked the same way", () => {
      expect(codesOf(api, withOrigin({ exact: "https://app.example.com:443" }))).toEqual(["origin-noncanonical"]);
    });

    it.each([["https://app.example.com:80"], ["http://app.example.com:443"], ["https://app.example.com:8443"], ["http://localhost:3000"]])(
      "a port that is not the scheme's default is canonical: %j",
      (origin) => {
        expect(() => api.createPolicy(withOrigin(origin))).not.toThrow();
      },
    );
  });

  describe("origin-null: \"null\" as an origin", () => {
    it.each([["null"], [{ exact: "null" }]])("%j", (origin) => {
      expect(codesOf(api, withOrigin(origin))).toEqual(["origin-null"]);
    });
  });

  describe("wildcard-mixed: \"*\" together with other entries in any of the four lists", () => {
    it.each([
      ["allowOrigins", { allowOrigins: ["*", APP] }],
      ["allowOrigins, * last", { allowOrigins: [APP, "*"] }],
      ["allowMethods", { allowOrigins: [APP], allowMethods: ["*", "PUT"] }],
      ["allowHeaders", { allowOrigins: [APP], allowHeaders: ["x-a", "*"] }],
      ["exposeHeaders", { allowOrigins: [APP], exposeHeaders: ["*", "x-total"] }],
    ])("%s", (field, config) => {
      const issues = issuesOf(api, config);
      expect(issues.map((issue) => issue.code)).toEqual(["wildcard-mixed"]);
      expect(issues[0]?.path).toContain(field.split(",")[0]);
    });
  });

  describe("credentials-any-origin", () => {
    it.each([
      ["\"*\"", "*"],
      ["{exact:\"*\"}", { exact: "*" }],
      ["prefix \"\"", { prefix: "" }],
      ["prefix \"h\"", { prefix: "h" }],
      ["prefix \"http\"", { prefix: "http" }],
      ["prefix \"https\"", { prefix: "https" }],
      ["prefix \"https://\"", { prefix: "https://" }],
      ["prefix \"http://\"", { prefix: "http://" }],
      ["regex .*", { regex: ".*" }],
      ["regex .+", { regex: ".+" }],
      ["regex https?://.*", { regex: "https?://.*" }],
      ["regex https?://[^/]+", { regex: "https?://[^/]+" }],
      ["RegExp /.*/i", { regex: /.*/i }],
      ["regex that lists the three probes", { regex: "https://example\\.com|http://example\\.org:8080|https://attacker\\.invalid" }],
    ])("an any-origin matcher (%s) with allowCredentials: true is an error", (_label, origin) => {
      expect(codesOf(api, withOrigin(origin, { allowCredentials: true }))).toContain("credentials-any-origin");
    });

    it.each([
      ["a regex that misses one probe (https only)", { regex: "https://.*" }],
      ["a regex that misses one probe (no port)", { regex: "https?://[a-z.]+" }],
      ["a subdomain pattern", "https://*.example.com"],
      ["an exact list", APP],
    ])("%s is not any-origin", (_label, origin) => {
      const outcome = attempt(api, withOrigin(origin, { allowCredentials: true }));
      const codes = outcome.ok ? outcome.policy.warnings.map((warning) => warning.code) : outcome.issues.map((issue) => issue.code);
      expect(codes).not.toContain("credentials-any-origin");
    });

    it("without credentials an any-origin matcher is fine", () => {
      expect(warningCodes(api, withOrigin("*"))).toEqual([]);
      expect(warningCodes(api, withOrigin({ regex: ".*" }))).not.toContain("credentials-any-origin");
    });

    it("the message suggests listing the trusted origins or a https://*.example.com pattern", () => {
      const issue = issuesOf(api, withOrigin("*", { allowCredentials: true })).find((candidate) => candidate.code === "credentials-any-origin");
      const text = `${issue?.message ?? ""} ${issue?.hint ?? ""}`;
      expect(text).toContain("https://*.example.com");
    });

    it("dangerouslyAllowAnyOriginWithCredentials: true turns the error into a warning", () => {
      const policy = accepted(api, withOrigin("*", { allowCredentials: true, dangerouslyAllowAnyOriginWithCredentials: true }));
      expect(policy.warnings.map((warning) => warning.code)).toEqual(["credentials-any-origin"]);
    });

    it("dangerouslyAllowAnyOriginWithCredentials: false leaves it an error", () => {
      expect(codesOf(api, withOrigin("*", { allowCredentials: true, dangerouslyAllowAnyOriginWithCredentials: false }))).toEqual(["credentials-any-origin"]);
    });
  });

  describe("credentials-insecure-origin: an http:// origin other than localhost / loopback with credentials", () => {
    it.each([["http://app.example.com"], [{ exact: "http://app.example.com" }], ["http://app.example.com:8080"], ["http://*.example.com"], ["http://192.168.1.10"]])(
      "%j",
      (origin) => {
        expect(codesOf(api, withOrigin(origin, { allowCredentials: true }))).toEqual(["credentials-insecure-origin"]);
      },
    );

    it.each([["http://localhost"], ["http://localhost:3000"], ["http://localhost:*"], ["http://127.0.0.1:8080"], ["http://[::1]:3000"]])("%j is allowed with credentials", (origin) => {
      expect(accepted(api, withOrigin(origin, { allowCredentials: true })).warnings).toEqual([]);
    });

    it("without credentials an http origin is fine", () => {
      expect(accepted(api, withOrigin("http://app.example.com")).warnings).toEqual([]);
    });
  });

  describe("credentials-expose-wildcard", () => {
    it("exposeHeaders: [\"*\"] with credentials", () => {
      const issues = issuesOf(api, { allowOrigins: [APP], exposeHeaders: ["*"], allowCredentials: true });
      expect(issues.map((issue) => [issue.code, issue.path.startsWith("exposeHeaders")])).toEqual([["credentials-expose-wildcard", true]]);
    });

    it("exposeHeaders: [\"*\"] without credentials is fine", () => {
      expect(warningCodes(api, { allowOrigins: [APP], exposeHeaders: ["*"] })).toEqual([]);
    });
  });

  describe("prefix-unbounded", () => {
    it("with credentials, a prefix that does not end at an origin boundary is an error", () => {
      const issues = issuesOf(api, withOrigin({ prefix: APP }, { allowCredentials: true }));
      expect(issues.map((issue) => [issue.code, issue.path])).toEqual([["prefix-unbounded", "allowOrigins[0].prefix"]]);
    });

    it("without credentials it is the warning of the same code", () => {
      const policy = accepted(api, withOrigin({ prefix: APP }));
      expect(policy.warnings.map((warning) => [warning.code, warning.path])).toEqual([["prefix-unbounded", "allowOrigins[0].prefix"]]);
    });

    it("a prefix that ends at the port separator is bounded", () => {
      expect(accepted(api, withOrigin({ prefix: "https://app.example.com:" }, { allowCredentials: true })).warnings).toEqual([]);
    });
  });

  describe("regex-invalid, regex-flags, regex-unsafe", () => {
    it.each([["("], ["[a-"], ["a{2,1}"], ["*"], [""]])("regex-invalid: %j (does not compile, or is empty)", (source) => {
      expect(codesOf(api, withOrigin({ regex: source }))).toEqual(["regex-invalid"]);
    });

    it.each([[/x/g], [/x/m], [/x/s], [/x/y], [/x/d], [/x/gi]])("regex-flags: %s", (regex) => {
      expect(codesOf(api, withOrigin({ regex }))).toEqual(["regex-flags"]);
    });

    it.each([[/https:\/\/app\.example\.com/i], [/https:\/\/app\.example\.com/u], [/https:\/\/app\.example\.com/iu]])("flags i / u are accepted: %s", (regex) => {
      expect(() => api.createPolicy(withOrigin({ regex }))).not.toThrow();
    });

    it.each([
      ["(a+)+", "https://(a+)+\\.example\\.com"],
      ["([a-z]+\\.)+example\\.com", "https://([a-z]+\\.)+example\\.com"],
      ["(a|aa)*", "https://(a|aa)*\\.example\\.com"],
      ["a quantified group with a quantifier inside ({n,m})", "https://([a-z]{1,5})*\\.example\\.com"],
      // `?` is a quantifier too: by the letter of the rule an optional group holding `+` is refused.
      ["an optional group holding a quantifier", "https://app\\.example\\.com(:[0-9]+)?"],
      ["a backreference", "https://(a)\\1\\.example\\.com"],
      ["a named backreference", "https://(?<x>a)\\k<x>\\.example\\.com"],
      ["a lookahead", "https://(?=a)[a-z]+\\.example\\.com"],
      ["a negative lookahead", "https://(?!evil)[a-z]+\\.example\\.com"],
      ["a lookbehind", "https://[a-z]+(?<=a)\\.example\\.com"],
      ["a negative lookbehind", "https://[a-z]+(?<!a)\\.example\\.com"],
    ])("regex-unsafe: %s", (_label, source) => {
      expect(codesOf(api, withOrigin({ regex: source }))).toEqual(["regex-unsafe"]);
    });

    it("regex-unsafe on a RegExp object too", () => {
      expect(codesOf(api, withOrigin({ regex: /https:\/\/(a+)+\.example\.com/ }))).toEqual(["regex-unsafe"]);
    });

    it("the hint suggests the pattern form https://*.example.com where it fits", () => {
      const issues = issuesOf(api, withOrigin({ regex: "https://([a-z0-9-]+\\.)+example\\.com" }));
      expect(issues.map((issue) => issue.code)).toEqual(["regex-unsafe"]);
      expect(issues[0]?.hint).toContain("https://*.example.com");
    });

    it.each([
      ["https://[a-z0-9-]+\\.example\\.com"],
      ["https://(www\\.)?example\\.com"],
      ["https?://app\\.example\\.com"],
      ["https://(app|www)\\.example\\.com"],
    ])("a linear regex is accepted: %j", (source) => {
      expect(() => api.createPolicy(withOrigin({ regex: source }))).not.toThrow();
    });
  });

  describe("method-invalid, method-forbidden", () => {
    it.each([["GET POST"], [""], ["GE(T"], ["PUT\r\n"], ["MÉTHODE"], ["a,b"], ["\t"]])("method-invalid (not an HTTP token): %j", (method) => {
      expect(codesOf(api, { allowOrigins: [APP], allowMethods: [method] })).toEqual(["method-invalid"]);
    });

    it.each([["CONNECT"], ["connect"], ["TRACE"], ["trace"], ["TRACK"], ["Track"]])("method-forbidden, in any case: %j", (method) => {
      const issues = issuesOf(api, { allowOrigins: [APP], allowMethods: ["PUT", method] });
      expect(issues.map((issue) => [issue.code, issue.path])).toEqual([["method-forbidden", "allowMethods[1]"]]);
    });
  });

  describe("header-invalid", () => {
    it.each([["x a"], [""], ["x:y"], ["x-é"], ["x\r\ny"], ["(x)"]])("not an HTTP token in allowHeaders: %j", (header) => {
      expect(codesOf(api, { allowOrigins: [APP], allowHeaders: [header] })).toEqual(["header-invalid"]);
    });

    it.each([["x a"], ["x:y"]])("not an HTTP token in exposeHeaders: %j", (header) => {
      expect(codesOf(api, { allowOrigins: [APP], exposeHeaders: [header] })).toEqual(["header-invalid"]);
    });
  });

  describe("maxage-invalid: negative, fractional, not finite, or an unparsable duration", () => {
    it.each([[-1], [1.5], [0.5], [Number.POSITIVE_INFINITY], [Number.NaN], ["abc"], ["500ms"], ["1.5s"], ["-5s"], [""], ["1x"], ["10"]])("%j", (maxAge) => {
      const issues = issuesOf(api, { allowOrigins: [APP], maxAge });
      expect(issues.map((issue) => [issue.code, issue.path])).toEqual([["maxage-invalid", "maxAge"]]);
    });

    it("values above the browser caps are kept as written", () => {
      const policy = accepted(api, { allowOrigins: [APP], maxAge: 100000 });
      expect(policy.config["maxAge"]).toBe(100000);
    });
  });

  describe("warnings", () => {
    it("prefix-unbounded without credentials", () => {
      expect(warningCodes(api, withOrigin({ prefix: "https://app" }))).toEqual(["prefix-unbounded"]);
    });

    it("regex-unescaped-dot: a . that is not escaped where a host separator is meant", () => {
      const policy = accepted(api, withOrigin({ regex: "https://app.example.com" }));
      expect(policy.warnings.map((warning) => [warning.code, warning.path])).toEqual([["regex-unescaped-dot", "allowOrigins[0].regex"]]);
    });

    it("no regex-unescaped-dot when the dots are escaped", () => {
      expect(warningCodes(api, withOrigin({ regex: "https://app\\.example\\.com" }))).toEqual([]);
    });

    // maxage-capped fires only above 86400 s (capped in every browser: WebKit 600, Chromium 7200,
    // Firefox 86400); 601..86400 is a notice `maxage-capped-in-some-browsers`, not a warning.
    it.each([
      [600, [], []],
      [601, [], ["maxage-capped-in-some-browsers"]],
      [7200, [], ["maxage-capped-in-some-browsers"]],
      [7201, [], ["maxage-capped-in-some-browsers"]],
      [86400, [], ["maxage-capped-in-some-browsers"]],
      ["24h", [], ["maxage-capped-in-some-browsers"]],
      [86401, ["maxage-capped"], []],
      ["25h", ["maxage-capped"], []],
      [0, [], []],
    ])("maxage-capped: maxAge %j → warnings %j, notices %j", (maxAge, codes, noticeCodes) => {
      const policy = accepted(api, { allowOrigins: [APP], maxAge });
      expect(policy.warnings.map((warning) => [warning.code, warning.path])).toEqual(codes.map((code) => [code, "maxAge"]));
      expect((policy.notices ?? []).map((notice) => [notice.code, notice.path])).toEqual(noticeCodes.map((code) => [code, "maxAge"]));
    });

    it.each([["cookie"], ["Cookie"], ["host"], ["content-length"], ["origin"]])("header-never-sent: %j in allowHeaders", (header) => {
      const policy = accepted(api, { allowOrigins: [APP], allowHeaders: ["x-a", header] });
      expect(policy.warnings.map((warning) => [warning.code, warning.path])).toEqual([["header-never-sent", "allowHeaders[1]"]]);
    });

    it.each([["set-cookie"], ["Set-Cookie"]])("expose-never-readable: %j in exposeHeaders", (header) => {
      const policy = accepted(api, { allowOrigins: [APP], exposeHeaders: [header] });
      expect(policy.warnings.map((warning) => [warning.code, warning.path])).toEqual([["expose-never-readable", "exposeHeaders[0]"]]);
    });

    it("a clean policy has no warnings", () => {
      expect(warningCodes(api, { allowOrigins: [APP, "https://*.example.org"], allowMethods: ["PUT"], allowHeaders: ["x-a"], exposeHeaders: ["x-total"], maxAge: 600, allowCredentials: true })).toEqual([]);
    });

    it("warnings have the same shape as errors: code, path, message", () => {
      for (const warning of accepted(api, withOrigin({ prefix: "https://app" })).warnings) {
        expect(warning.path).toBe("allowOrigins[0].prefix");
        expect(warning.message.length).toBeGreaterThan(0);
      }
    });
  });

  describe("normalization", () => {
    it("the six methods Fetch normalizes become upper case, in any case", () => {
      const policy = accepted(api, { allowOrigins: [APP], allowMethods: ["get", "Head", "pOsT", "put", "Delete", "options"] });
      expect([...(policy.config["allowMethods"] as string[])].sort()).toEqual(["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]);
    });

    it("every other method keeps its case (PATCH ≠ patch)", () => {
      const policy = accepted(api, { allowOrigins: [APP], allowMethods: ["patch", "PATCH", "Purge"] });
      expect([...(policy.config["allowMethods"] as string[])].sort()).toEqual(["PATCH", "Purge", "patch"]);
    });

    it("header names become lower case, duplicates are removed", () => {
      const policy = accepted(api, { allowOrigins: [APP], allowHeaders: ["X-A", "x-a", "Content-Type"], exposeHeaders: ["X-Total", "x-total"], allowMethods: ["put", "PUT"] });
      expect([...(policy.config["allowHeaders"] as string[])].sort()).toEqual(["content-type", "x-a"]);
      expect(policy.config["exposeHeaders"]).toEqual(["x-total"]);
      expect(policy.config["allowMethods"]).toEqual(["PUT"]);
    });

    it.each([
      ["24h", 86400],
      ["1h30m", 5400],
      ["3600s", 3600],
      [3600, 3600],
      ["2m", 120],
    ] as const)("maxAge %j becomes %d whole seconds", (maxAge, seconds) => {
      expect(accepted(api, { allowOrigins: [APP], maxAge }).config["maxAge"]).toBe(seconds);
    });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
