/**
 * The origin warnings added beyond SPEC §1.2's list: `origin-pattern-too-broad`, `regex-matches-null` and
 * `credentials-insecure-regex`. Warnings never stop a policy, so every config here is accepted, and where a
 * warning makes a claim about matching (every site under .com, never null) the test checks the claim with
 * `evaluate`.
 */
import { describe, expect, it } from "vitest";
import { createPolicy, evaluate, isCorsConfigError } from "../../src/index.js";
import type { ConfigIssue, CorsPolicy, CorsPolicyConfig, OriginMatcher } from "../../src/index.js";
import { fromGatewayApiCors, fromIstioCorsPolicy, toGatewayApiCors } from "../../src/mesh/index.js";

const APP = "https://app.example.com";

const warningsOf = (config: CorsPolicyConfig): readonly ConfigIssue[] => createPolicy(config).warnings;
const byCode = (config: CorsPolicyConfig): string[][] => warningsOf(config).map((w) => [w.code, w.path]);

function errorCodesOf(config: CorsPolicyConfig): string[] {
  try {
    createPolicy(config);
  } catch (error) {
    if (isCorsConfigError(error)) return error.issues.map((issue) => issue.code);
    throw error;
  }
  return expect.fail("createPolicy accepted the configuration");
}

const allows = (policy: CorsPolicy, origin: string): boolean => evaluate({ method: "GET", headers: { origin } }, policy).allowed;

describe("origin-pattern-too-broad: a wildcard pattern over a whole top-level domain or a country registry", () => {
  it.each([
    ["https://*.com", "com"],
    ["https://*.io", "io"],
    ["https://*.dev:*", "dev"],
    ["https://*.com:8443", "com"],
    ["http://*.internal", "internal"],
    ["https://*.co.uk", "co.uk"],
    ["https://*.com.au", "com.au"],
    ["https://*.ac.jp", "ac.jp"],
    ["https://*.org.br", "org.br"],
  ])("%s warns, at the entry's index, naming .%s", (pattern, suffix) => {
    const warnings = warningsOf({ allowOrigins: [APP, pattern] });
    expect(warnings.map((w) => [w.code, w.path])).toStrictEqual([["origin-pattern-too-broad", "allowOrigins[1]"]]);
    expect(warnings[0]?.message).toContain(`every site under .${suffix} (${suffix.includes(".") ? "a country registry's second level" : "a whole top-level domain"}):`);
    expect(warnings[0]?.hint).toContain(pattern.replace(`*.${suffix}`, `*.example.${suffix}`));
  });

  it("https://*.1 is origin-invalid: no host ending in a numeric label is a name the URL parser accepts", () => {
    expect(() => createPolicy({ allowOrigins: [APP, "https://*.1"] })).toThrow(/allowOrigins\[1\]: .*the URL parser rejects the host "1".*\[origin-invalid\]/);
  });

  it.each([
    ["a subdomain pattern", "https://*.example.com"],
    ["a pattern under a country registry's customer", "https://*.example.co.uk"],
    ["a two-label suffix that is not a registry (country code, unlisted second level)", "https://*.shop.uk"],
    ["a two-label suffix that is not a registry (no country code)", "https://*.co.example"],
    ["local development under *.localhost (RFC 6761 loopback)", "http://*.localhost"],
    ["*.localhost with any port", "http://*.localhost:*"],
    ["a port pattern on a single-label host", "http://localhost:*"],
    ["a port pattern on a public host", "https://example.com:*"],
  ])("%s does not warn: %s", (_desc, pattern) => {
    expect(warningsOf({ allowOrigins: [pattern] })).toStrictEqual([]);
  });

  it("*.localhost stays quiet with credentials too (loopback is not insecure)", () => {
    expect(warningsOf({ allowOrigins: ["http://*.localhost:*"], allowCredentials: true })).toStrictEqual([]);
  });

  it("says it louder with credentials: responses are read as the signed-in user", () => {
    const plain = warningsOf({ allowOrigins: ["https://*.com"] })[0];
    const credentialed = warningsOf({ allowOrigins: ["https://*.com"], allowCredentials: true })[0];
    expect(plain?.code).toBe("origin-pattern-too-broad");
    expect(credentialed?.code).toBe("origin-pattern-too-broad");
    expect(plain?.message).not.toContain("signed-in user");
    expect(credentialed?.message).toContain("allowCredentials: true");
    expect(credentialed?.message).toContain("signed-in user");
  });

  it("the warning tells the truth: every site under .com is allowed, the apex and other TLDs are not", () => {
    const policy = createPolicy({ allowOrigins: ["https://*.com"] });
    expect(allows(policy, "https://attacker.com")).toBe(true);
    expect(allows(policy, "https://a.b.attacker.com")).toBe(true);
    expect(allows(policy, "https://com")).toBe(false);
    expect(allows(policy, "https://attacker.net")).toBe(false);
    expect(allows(policy, "http://attacker.com")).toBe(false);
  });

  it("an http:// pattern with credentials is still the error credentials-insecure-origin (the policy stops)", () => {
    expect(errorCodesOf({ allowOrigins: ["http://*.com"], allowCredentials: true })).toStrictEqual(["credentials-insecure-origin"]);
  });

  it("a Gateway API filter with https://*.com imports, compiles with the warning, and exports unchanged", () => {
    const config = fromGatewayApiCors({ allowOrigins: ["https://*.com"], allowCredentials: true });
    const policy = createPolicy(config);
    expect(policy.warnings.map((w) => w.code)).toStrictEqual(["origin-pattern-too-broad"]);
    expect(toGatewayApiCors(policy).allowOrigins).toStrictEqual(["https://*.com"]);
  });

  describe("regexes: with credentials, one that allows any host (the regex form of a pattern over everything)", () => {
    it.each<[string, string | RegExp]>([
      ["any https host", "https://.*"],
      ["Gateway API's https://* as imported", "https://[a-z0-9-][a-z0-9.-]*"],
      ["any host under any TLD", "^https://[a-z0-9-]+\\.[a-z]+$"],
      ["any host, any case", /^https:\/\/[a-z.]+$/i],
    ])("%s warns: %s", (_desc, regex) => {
      const warnings = warningsOf({ allowOrigins: [APP, { regex }], allowCredentials: true });
      expect(warnings.map((w) => [w.code, w.path])).toStrictEqual([["origin-pattern-too-broad", "allowOrigins[1].regex"]]);
      expect(warnings[0]?.message).toContain("signed-in user");
    });

    it.each<[string, string]>([
      ["subdomains of one domain", "https://[a-z0-9-]+\\.example\\.com"],
      ["one TLD only (.invalid)", "https://[a-z]+\\.invalid"],
      ["any host on one port only", "https://.*:8443"],
    ])("%s does not warn: %s", (_desc, regex) => {
      expect(warningsOf({ allowOrigins: [{ regex }], allowCredentials: true })).toStrictEqual([]);
    });

    it("without credentials an any-host regex is fine, as \"*\" is", () => {
      expect(warningsOf({ allowOrigins: [{ regex: "https://.*" }] })).toStrictEqual([]);
    });

    it("an any-origin regex stays credentials-any-origin (error, or the opted-into warning), not this warning as well", () => {
      expect(errorCodesOf({ allowOrigins: [{ regex: "https?://.+" }], allowCredentials: true })).toStrictEqual(["credentials-any-origin"]);
      const opted = warningsOf({ allowOrigins: [{ regex: "https?://.+" }], allowCredentials: true, dangerouslyAllowAnyOriginWithCredentials: true });
      expect(opted.map((w) => w.code)).toStrictEqual(["credentials-any-origin"]);
    });

    it("a Gateway API filter with https://* and credentials imports, compiles with the warning, and allows any https site", () => {
      const policy = createPolicy(fromGatewayApiCors({ allowOrigins: ["https://*"], allowCredentials: true }));
      expect(policy.warnings.map((w) => w.code)).toStrictEqual(["origin-pattern-too-broad"]);
      expect(allows(policy, "https://attacker.example")).toBe(true);
    });
  });

  describe("prefix matchers: the existing rules already cover a prefix that allows any host", () => {
    // A prefix can only constrain the start of an origin, so it cannot say "every site under .com"; what it
    // can say too broadly (stopping after the scheme or inside the first label) is prefix-unbounded.
    it.each([["https://"], ["https"], ["h"], ["https://a"], ["https://app"], ["http://10.0.0.1"]])(
      "%j warns prefix-unbounded without credentials",
      (prefix) => {
        expect(byCode({ allowOrigins: [{ prefix }] })).toStrictEqual([["prefix-unbounded", "allowOrigins[0].prefix"]]);
      },
    );

    it.each([
      ["https://", "credentials-any-origin"],
      ["https", "credentials-any-origin"],
      ["https://a", "prefix-unbounded"],
      ["https://app", "prefix-unbounded"],
    ])("%j is refused with credentials (%s)", (prefix, code) => {
      expect(errorCodesOf({ allowOrigins: [{ prefix }], allowCredentials: true })).toStrictEqual([code]);
    });
  });
});

describe("regex-matches-null: a regex that matches the string null, which corsgate never allows", () => {
  it.each<[string, OriginMatcher]>([
    ["the literal null", { regex: "null" }],
    ["anything", { regex: ".*" }],
    ["any non-empty string", { regex: ".+" }],
    ["letters", { regex: "[a-z]+" }],
    ["null as one alternative", { regex: "null|https://app\\.example\\.com" }],
    ["NULL with the i flag", { regex: /NULL/i }],
    ["a quantifier inside", { regex: "nul+" }],
  ])("%s warns", (_desc, matcher) => {
    expect(byCode({ allowOrigins: [APP, matcher] })).toStrictEqual([["regex-matches-null", "allowOrigins[1].regex"]]);
  });

  it.each<[string, OriginMatcher]>([
    ["a host regex", { regex: "https://[a-z0-9-]+\\.example\\.com" }],
    ["any scheme and host", { regex: "[a-z]+://[a-z.]+" }],
    ["NULL without the i flag", { regex: "NULL" }],
    ["null with more around it", { regex: "null\\.example" }],
  ])("%s does not warn", (_desc, matcher) => {
    expect(warningsOf({ allowOrigins: [matcher] })).toStrictEqual([]);
  });

  it.each([["null"], [".*"], ["nul+|https://app\\.example\\.com"]])("the warning tells the truth: %j allows no Origin: null", (regex) => {
    const policy = createPolicy({ allowOrigins: [{ regex }] });
    expect(policy.warnings.map((w) => w.code)).toContain("regex-matches-null");
    const decision = evaluate({ method: "GET", headers: { origin: "null" } }, policy);
    expect(decision.allowed).toBe(false);
    expect(decision.reason?.code).toBe("origin-not-allowed");
  });

  it("has a hint pointing at a real origin", () => {
    expect(warningsOf({ allowOrigins: [{ regex: "null" }] })[0]?.hint).toMatch(/real origin/);
  });
});

describe("credentials-insecure-regex: with credentials, a regex that may allow a plain http:// origin", () => {
  const credentialed = (regex: string | RegExp): CorsPolicyConfig => ({ allowOrigins: [APP, { regex }], allowCredentials: true });

  it.each<[string, string | RegExp]>([
    ["a literal http://", "http://app\\.example\\.com"],
    ["a literal http:// after ^", "^http://app\\.example\\.com$"],
    ["escaped slashes", /http:\/\/app\.example\.com/],
    ["https? (both schemes)", "https?://app\\.example\\.com"],
    ["https? with escaped slashes", /^https?:\/\/app\.example\.com$/],
    ["http(s)?", "http(s)?://app\\.example\\.com"],
    ["http(?:s)?", "http(?:s)?://app\\.example\\.com"],
    ["an upper-case HTTP with the i flag", /HTTP:\/\/app\.example\.com/i],
    ["a scheme class", "[a-z]+://app\\.example\\.com"],
    ["a leading .*", ".*\\.example\\.com"],
    ["a negated class", "[^:]+://app\\.example\\.com"],
    ["an http alternative after an https one", "https://a\\.example\\.com|http://b\\.example\\.com"],
    ["an http alternative inside a whole group", "(https://a\\.example\\.com|http://b\\.example\\.com)"],
    ["localhost followed by more host", "http://localhost\\.evil\\.com"],
    ["localhost followed by a host class", "http://localhost[a-z.]*"],
    ["localhost with an optional colon", "http://localhost:?[a-z.]*"],
    ["localhost with an optional group that is not a port", "http://localhost(\\.evil\\.com)?"],
    ["127.0.0.1 followed by more host", "http://127\\.0\\.0\\.1\\.evil\\.com"],
    ["127.0.0.1 with unescaped dots (127a0b0c1 is a host)", "http://127.0.0.1:8080"],
    ["a subdomain of localhost (conservative)", "http://[a-z]+\\.localhost:\\d+"],
    ["an https scheme in a group (conservative)", "(?:https)://app\\.example\\.com"],
    ["an optional colon after https (conservative)", "https:?//app\\.example\\.com"],
    ["a group around the start only (conservative)", "(https://a|https://b)\\.example\\.com"],
    ["a named group (conservative)", "(?<site>https://a\\.example\\.com|https://b\\.example\\.com)"],
    ["localhost with an optional port group (conservative)", "http://localhost(:3000)?"],
  ])("%s warns", (_desc, regex) => {
    const codes = byCode(credentialed(regex)).filter(([code]) => code !== "regex-unescaped-dot");
    expect(codes).toStrictEqual([["credentials-insecure-regex", "allowOrigins[1].regex"]]);
  });

  it.each<[string, string | RegExp]>([
    ["a literal https://", "https://app\\.example\\.com"],
    ["^https:// … $", "^https://[a-z0-9-]+\\.example\\.com$"],
    ["escaped slashes", /^https:\/\/app\.example\.com$/],
    ["upper-case HTTPS with the i flag", /HTTPS:\/\/APP\.EXAMPLE\.COM/i],
    ["https alternatives", "https://a\\.example\\.com|https://b\\.example\\.com"],
    ["anchored https alternatives", "^https://a\\.example\\.com$|^https://b\\.example\\.com$"],
    ["https alternatives in one group", "(https://a\\.example\\.com|https://b\\.example\\.com)"],
    ["a non-capturing group with $", "(?:https://a\\.example\\.com)$"],
    ["another scheme", "chrome-extension://[a-p]{32}"],
    ["http://localhost with a port", "http://localhost:[0-9]+"],
    ["https?://localhost with a port", "^https?://localhost:\\d+$"],
    ["http(s)?://localhost", "http(s)?://localhost"],
    ["http://localhost alone", "http://localhost"],
    ["http://localhost$", "http://localhost$"],
    ["127.0.0.1 with a port", "http://127\\.0\\.0\\.1:\\d+"],
    ["[::1] with a port", "http://\\[::1\\]:\\d+"],
    ["escaped slashes to localhost", /^http:\/\/localhost:\d+$/],
  ])("%s does not warn", (_desc, regex) => {
    expect(warningsOf(credentialed(regex))).toStrictEqual([]);
  });

  it("without credentials an http regex is fine (as an http exact origin is)", () => {
    expect(warningsOf({ allowOrigins: [{ regex: "http://app\\.example\\.com" }] })).toStrictEqual([]);
  });

  it("an any-origin regex opted into with credentials gets credentials-any-origin, not this warning as well", () => {
    const codes = warningsOf({ allowOrigins: [{ regex: ".*" }], allowCredentials: true, dangerouslyAllowAnyOriginWithCredentials: true }).map((w) => w.code);
    expect(codes).toStrictEqual(["credentials-any-origin", "regex-matches-null"]);
  });

  it.each([
    ["http://app\\.example\\.com", "did you mean https://app\\.example\\.com?"],
    ["^https?://[a-z]+\\.example\\.com$", "did you mean ^https://[a-z]+\\.example\\.com$?"],
    ["http(s)?://app\\.example\\.com", "did you mean https://app\\.example\\.com?"],
  ])("the hint for %j rewrites its scheme: %s", (regex, hint) => {
    expect(warningsOf(credentialed(regex))[0]?.hint).toBe(hint);
  });

  it("the hint for a regex that is not written as http:// suggests a literal scheme", () => {
    expect(warningsOf(credentialed("[a-z]+://app\\.example\\.com"))[0]?.hint).toMatch(/literal scheme, e\.g\. "https:\/\//);
  });

  it("the warning tells the truth: the flagged regex does allow the http origin", () => {
    const policy = createPolicy(credentialed("https?://app\\.example\\.com"));
    expect(policy.warnings.map((w) => w.code)).toStrictEqual(["credentials-insecure-regex"]);
    expect(allows(policy, "http://app.example.com")).toBe(true);
  });

  it("an Istio import with a plain-http regex and credentials compiles, with the warning", () => {
    const config = fromIstioCorsPolicy({ allowOrigins: [{ regex: "http://.*\\.example\\.com" }], allowCredentials: true });
    expect(createPolicy(config).warnings.map((w) => w.code)).toStrictEqual(["credentials-insecure-regex"]);
  });
});
