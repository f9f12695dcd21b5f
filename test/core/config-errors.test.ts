/**
 * Validation of policy configurations (SPEC §1.1–§1.2): exact error codes and paths, warnings,
 * normalization, and that a compiled policy neither aliases nor mutates its input.
 */
import { describe, expect, it } from "vitest";
import { CorsConfigError, createPolicy, evaluate, isCorsConfigError } from "../../src/index.js";
import type { ConfigErrorCode, ConfigIssue, CorsPolicyConfig } from "../../src/index.js";

const APP = "https://app.example.com";
const OTHER = "https://other.example";

/** The issues `createPolicy` throws for `config`; fails the test when it does not throw a CorsConfigError. */
function issuesOf(config: unknown): readonly ConfigIssue[] {
  try {
    createPolicy(config as CorsPolicyConfig);
  } catch (error) {
    expect(error).toBeInstanceOf(CorsConfigError);
    expect(isCorsConfigError(error)).toBe(true);
    return (error as CorsConfigError).issues;
  }
  expect.fail(`createPolicy accepted ${String(JSON.stringify(config))}`);
}

function errorOf(config: unknown): CorsConfigError {
  try {
    createPolicy(config as CorsPolicyConfig);
  } catch (error) {
    if (error instanceof CorsConfigError) return error;
    throw error;
  }
  return expect.fail("createPolicy accepted the configuration");
}

const sorted = (codes: readonly string[]): string[] => [...codes].sort();
const codesOf = (issues: readonly ConfigIssue[]): string[] => sorted(issues.map((i) => i.code));

function warningsOf(config: CorsPolicyConfig): readonly ConfigIssue[] {
  return createPolicy(config).warnings;
}

function preflight(origin: string, method: string, requestHeaders?: string) {
  const headers: Record<string, string> = { origin, "access-control-request-method": method };
  if (requestHeaders !== undefined) headers["access-control-request-headers"] = requestHeaders;
  return { method: "OPTIONS", headers };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !(value instanceof RegExp)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** A case whose issues are known exactly: the sorted codes, and the path of each issue in the same order as `codes`. */
interface ErrorCase {
  desc: string;
  config: unknown;
  /** Exactly these codes (as a multiset). */
  codes: ConfigErrorCode[];
  /** Each issue's path must be one of these (cross-field problems may be reported on either field). */
  paths?: string[];
}

const errorCases: ErrorCase[] = [
  // origins-missing
  { desc: "allowOrigins absent", config: {}, codes: ["origins-missing"], paths: ["allowOrigins"] },
  { desc: "allowOrigins empty", config: { allowOrigins: [] }, codes: ["origins-missing"], paths: ["allowOrigins"] },

  // unknown-field
  { desc: "a misspelt top-level field", config: { allowOrigins: [APP], allowOrigin: [APP] }, codes: ["unknown-field"], paths: ["allowOrigin"] },
  { desc: "a misspelt top-level field instead of allowOrigins", config: { allowOrigin: [APP] }, codes: ["origins-missing", "unknown-field"], paths: ["allowOrigin", "allowOrigins"] },
  { desc: "an unknown top-level field", config: { allowOrigins: [APP], credentials: true }, codes: ["unknown-field"], paths: ["credentials"] },
  { desc: "a misspelt matcher field", config: { allowOrigins: [{ exact: APP, ignorecase: true }] }, codes: ["unknown-field"], paths: ["allowOrigins[0].ignorecase"] },

  // type-invalid (the examples of §1.1 and more)
  { desc: "createPolicy(null)", config: null, codes: ["type-invalid"] },
  { desc: "createPolicy(undefined)", config: undefined, codes: ["type-invalid"] },
  { desc: "createPolicy(a string)", config: "https://app.example.com", codes: ["type-invalid"] },
  { desc: "allowCredentials: \"true\"", config: { allowOrigins: [APP], allowCredentials: "true" }, codes: ["type-invalid"], paths: ["allowCredentials"] },
  { desc: "allowPrivateNetwork: 1", config: { allowOrigins: [APP], allowPrivateNetwork: 1 }, codes: ["type-invalid"], paths: ["allowPrivateNetwork"] },
  { desc: "preflightStatus: 201", config: { allowOrigins: [APP], preflightStatus: 201 }, codes: ["type-invalid"], paths: ["preflightStatus"] },
  { desc: "preflightStatus: \"204\"", config: { allowOrigins: [APP], preflightStatus: "204" }, codes: ["type-invalid"], paths: ["preflightStatus"] },
  { desc: "unmatchedPreflights: \"IGNORE\" (Istio spelling)", config: { allowOrigins: [APP], unmatchedPreflights: "IGNORE" }, codes: ["type-invalid"], paths: ["unmatchedPreflights"] },
  { desc: "{ exact: 443 }", config: { allowOrigins: [{ exact: 443 }] }, codes: ["type-invalid"], paths: ["allowOrigins[0].exact"] },
  { desc: "{ regex: 5 }", config: { allowOrigins: [{ regex: 5 }] }, codes: ["type-invalid"], paths: ["allowOrigins[0].regex"] },
  { desc: "ignoreCase: \"yes\"", config: { allowOrigins: [{ prefix: APP, ignoreCase: "yes" }] }, codes: ["type-invalid"], paths: ["allowOrigins[0].ignoreCase"] },
  { desc: "an origin that is a number", config: { allowOrigins: [APP, 5] }, codes: ["type-invalid"], paths: ["allowOrigins[1]"] },
  { desc: "an origin that is null", config: { allowOrigins: [null] }, codes: ["type-invalid"], paths: ["allowOrigins[0]"] },
  { desc: "allowOrigins as a string instead of a list", config: { allowOrigins: APP }, codes: ["type-invalid"], paths: ["allowOrigins"] },
  { desc: "a method that is not a string", config: { allowOrigins: [APP], allowMethods: ["PUT", 1] }, codes: ["type-invalid"], paths: ["allowMethods[1]"] },
  { desc: "allowHeaders as a string instead of a list", config: { allowOrigins: [APP], allowHeaders: "x-a" }, codes: ["type-invalid"], paths: ["allowHeaders"] },
  { desc: "an exposed header that is not a string", config: { allowOrigins: [APP], exposeHeaders: [null] }, codes: ["type-invalid"], paths: ["exposeHeaders[0]"] },
  { desc: "maxAge: true", config: { allowOrigins: [APP], maxAge: true }, codes: ["type-invalid"], paths: ["maxAge"] },

  // origin-invalid
  ...[
    "https://app.example.com/path",
    "https://app.example.com?q=1",
    "https://app.example.com#top",
    "https://user@app.example.com",
    "https://app example.com",
    " https://app.example.com",
    "https://",
    "https://a..example.com",
    "https://.example.com",
    "https://app.example.com:0",
    "https://app.example.com:65536",
    "file://host",
    "app.example.com",
    "ftp://*.example.com",
    "https://*.example.com/path",
    // Only a leading "*." label and a ":*" port are patterns (SPEC §1.1).
    "https://a*.example.com",
    "https://*example.com",
    "https://**.example.com",
    "https://*.*.example.com",
    "https://app.*.com",
    "https://*",
    "*://app.example.com",
    "http://*:3000",
    "chrome-extension://*",
  ].map((origin): ErrorCase => ({ desc: `origin-invalid: ${JSON.stringify(origin)}`, config: { allowOrigins: [APP, origin] }, codes: ["origin-invalid"], paths: ["allowOrigins[1]"] })),
  { desc: "origin-invalid in an exact matcher", config: { allowOrigins: [{ exact: `${APP}/path` }] }, codes: ["origin-invalid"], paths: ["allowOrigins[0].exact"] },

  // origin-noncanonical
  ...[
    "https://App.Example.com/",
    "HTTPS://app.example.com",
    "https://APP.example.com",
    "https://app.example.com:443",
    "http://app.example.com:80",
    "https://app.example.com/",
    "https://bücher.example",
  ].map((origin): ErrorCase => ({ desc: `origin-noncanonical: ${JSON.stringify(origin)}`, config: { allowOrigins: [origin] }, codes: ["origin-noncanonical"], paths: ["allowOrigins[0]"] })),
  { desc: "origin-noncanonical in an exact matcher", config: { allowOrigins: [{ exact: "https://App.example.com" }] }, codes: ["origin-noncanonical"], paths: ["allowOrigins[0].exact"] },

  // origin-null
  { desc: "\"null\" as an origin", config: { allowOrigins: [APP, "null"] }, codes: ["origin-null"], paths: ["allowOrigins[1]"] },
  { desc: "{ exact: \"null\" }", config: { allowOrigins: [{ exact: "null" }] }, codes: ["origin-null"], paths: ["allowOrigins[0].exact"] },

  // wildcard-mixed
  { desc: "\"*\" with another origin", config: { allowOrigins: ["*", APP] }, codes: ["wildcard-mixed"], paths: ["allowOrigins", "allowOrigins[0]", "allowOrigins[1]"] },
  { desc: "\"*\" with another method", config: { allowOrigins: [APP], allowMethods: ["PUT", "*"] }, codes: ["wildcard-mixed"], paths: ["allowMethods", "allowMethods[0]", "allowMethods[1]"] },
  { desc: "\"*\" with another request header", config: { allowOrigins: [APP], allowHeaders: ["*", "x-a"] }, codes: ["wildcard-mixed"], paths: ["allowHeaders", "allowHeaders[0]", "allowHeaders[1]"] },
  { desc: "\"*\" with another exposed header", config: { allowOrigins: [APP], exposeHeaders: ["x-a", "*"] }, codes: ["wildcard-mixed"], paths: ["exposeHeaders", "exposeHeaders[0]", "exposeHeaders[1]"] },

  // credentials-any-origin
  { desc: "\"*\" with credentials", config: { allowOrigins: ["*"], allowCredentials: true }, codes: ["credentials-any-origin"], paths: ["allowOrigins[0]", "allowOrigins", "allowCredentials"] },
  { desc: "{ exact: \"*\" } with credentials", config: { allowOrigins: [{ exact: "*" }], allowCredentials: true }, codes: ["credentials-any-origin"], paths: ["allowOrigins[0]", "allowOrigins[0].exact", "allowOrigins", "allowCredentials"] },
  { desc: "a match-all regex with credentials", config: { allowOrigins: [{ regex: ".*" }], allowCredentials: true }, codes: ["credentials-any-origin"], paths: ["allowOrigins[0]", "allowOrigins[0].regex", "allowOrigins", "allowCredentials"] },
  { desc: "a regex matching all three probes with credentials", config: { allowOrigins: [{ regex: "https?://[^/]+" }], allowCredentials: true }, codes: ["credentials-any-origin"], paths: ["allowOrigins[0]", "allowOrigins[0].regex", "allowOrigins", "allowCredentials"] },
  { desc: "\"*\" with credentials and a false opt-in", config: { allowOrigins: ["*"], allowCredentials: true, dangerouslyAllowAnyOriginWithCredentials: false }, codes: ["credentials-any-origin"], paths: ["allowOrigins[0]", "allowOrigins", "allowCredentials", "dangerouslyAllowAnyOriginWithCredentials"] },

  // credentials-insecure-origin
  { desc: "an http origin with credentials", config: { allowOrigins: ["http://app.example.com"], allowCredentials: true }, codes: ["credentials-insecure-origin"], paths: ["allowOrigins[0]", "allowCredentials"] },
  { desc: "an http pattern with credentials", config: { allowOrigins: ["http://*.example.com"], allowCredentials: true }, codes: ["credentials-insecure-origin"], paths: ["allowOrigins[0]", "allowCredentials"] },
  { desc: "an http exact matcher with credentials", config: { allowOrigins: [APP, { exact: "http://10.1.2.3:8080" }], allowCredentials: true }, codes: ["credentials-insecure-origin"], paths: ["allowOrigins[1]", "allowOrigins[1].exact", "allowCredentials"] },

  { desc: "an http origin that only starts with localhost, with credentials", config: { allowOrigins: ["http://localhost.evil.com"], allowCredentials: true }, codes: ["credentials-insecure-origin"], paths: ["allowOrigins[0]", "allowCredentials"] },

  // credentials-expose-wildcard
  { desc: "exposeHeaders * with credentials", config: { allowOrigins: [APP], exposeHeaders: ["*"], allowCredentials: true }, codes: ["credentials-expose-wildcard"], paths: ["exposeHeaders", "exposeHeaders[0]", "allowCredentials"] },

  // prefix-unbounded
  { desc: "an unbounded prefix with credentials", config: { allowOrigins: [{ prefix: APP }], allowCredentials: true }, codes: ["prefix-unbounded"], paths: ["allowOrigins[0].prefix", "allowOrigins[0]"] },

  // regex-invalid, regex-flags, regex-unsafe
  { desc: "a regex that does not compile", config: { allowOrigins: [{ regex: "https://(app" }] }, codes: ["regex-invalid"], paths: ["allowOrigins[0].regex"] },
  { desc: "an empty regex", config: { allowOrigins: [APP, { regex: "" }] }, codes: ["regex-invalid"], paths: ["allowOrigins[1].regex"] },
  ...["g", "m", "s", "y", "gi"].map((flags): ErrorCase => ({ desc: `a RegExp with flags ${flags}`, config: { allowOrigins: [{ regex: new RegExp("https://app\\.example\\.com", flags) }] }, codes: ["regex-flags"], paths: ["allowOrigins[0].regex"] })),
  ...[
    "(a+)+",
    "https://([a-z]+\\.)+example\\.com",
    "https://(a|aa)*\\.example\\.com",
    "https://(?:[a-z]+)*\\.example\\.com",
    "https://([a-z]|[0-9])+\\.example\\.com",
    "https://(a*){2,}\\.example\\.com",
    "https://(app)\\1\\.example\\.com",
    "(?=https)https://app\\.example\\.com",
    "(?!http:)https://app\\.example\\.com",
    "https://app\\.example\\.com(?<=com)",
    "https://app\\.example\\.com(?<!org)",
  ].map((regex): ErrorCase => ({ desc: `regex-unsafe: ${regex}`, config: { allowOrigins: [{ regex }] }, codes: ["regex-unsafe"], paths: ["allowOrigins[0].regex"] })),
  { desc: "regex-unsafe: three overlapping unbounded quantifiers", config: { allowOrigins: [{ regex: "https://.*.*.*\\.x\\.com" }] }, codes: ["regex-unsafe"], paths: ["allowOrigins[0].regex"] },
  { desc: "regex-unsafe as a RegExp", config: { allowOrigins: [{ regex: /(a+)+$/ }] }, codes: ["regex-unsafe"], paths: ["allowOrigins[0].regex"] },

  // method-invalid, method-forbidden
  ...["GE T", "", "PUT,DELETE", "GET\n", "PÜT"].map((method): ErrorCase => ({ desc: `method-invalid: ${JSON.stringify(method)}`, config: { allowOrigins: [APP], allowMethods: ["PUT", method] }, codes: ["method-invalid"], paths: ["allowMethods[1]"] })),
  ...["CONNECT", "connect", "TRACE", "trace", "TRACK", "Track"].map((method): ErrorCase => ({ desc: `method-forbidden: ${method}`, config: { allowOrigins: [APP], allowMethods: [method] }, codes: ["method-forbidden"], paths: ["allowMethods[0]"] })),

  // header-invalid
  ...["x header", "", "x:y", "x-ä", "x-a,x-b"].map((header): ErrorCase => ({ desc: `header-invalid in allowHeaders: ${JSON.stringify(header)}`, config: { allowOrigins: [APP], allowHeaders: ["x-ok", header] }, codes: ["header-invalid"], paths: ["allowHeaders[1]"] })),
  { desc: "header-invalid in exposeHeaders", config: { allowOrigins: [APP], exposeHeaders: ["x request id"] }, codes: ["header-invalid"], paths: ["exposeHeaders[0]"] },

  // maxage-invalid
  ...([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, "500ms", "abc", "", "-5s", "24"] as const).map((maxAge): ErrorCase => ({ desc: `maxage-invalid: ${typeof maxAge === "string" ? JSON.stringify(maxAge) : String(maxAge)}`, config: { allowOrigins: [APP], maxAge }, codes: ["maxage-invalid"], paths: ["maxAge"] })),
];

describe("createPolicy refuses invalid configurations with exact codes and paths", () => {
  it.each(errorCases.map((c) => [c.desc, c] as const))("%s", (_desc, testCase) => {
    const issues = issuesOf(testCase.config);
    expect(codesOf(issues)).toStrictEqual(sorted(testCase.codes));
    for (const issue of issues) {
      if (testCase.paths !== undefined) expect(testCase.paths, `path of ${issue.code}`).toContain(issue.path);
      expect(typeof issue.message).toBe("string");
      expect(issue.message.length).toBeGreaterThan(0);
    }
  });

  it("the table above covers every error code", () => {
    const all: ConfigErrorCode[] = [
      "unknown-field", "type-invalid", "origins-missing", "origin-invalid", "origin-noncanonical", "origin-null",
      "wildcard-mixed", "credentials-any-origin", "credentials-insecure-origin", "credentials-expose-wildcard",
      "prefix-unbounded", "regex-invalid", "regex-flags", "regex-unsafe", "method-invalid", "method-forbidden",
      "header-invalid", "maxage-invalid",
    ];
    const seen = new Set(errorCases.flatMap((c) => c.codes));
    expect(sorted([...seen])).toStrictEqual(sorted(all));
  });

  it("reports five problems at once, each with its own path", () => {
    const config = {
      allowOrigins: ["https://App.Example.com/", "null", { regex: "(a+)+" }],
      allowMethods: ["CONNECT"],
      maxAge: "500ms",
    };
    const issues = issuesOf(config);
    expect(codesOf(issues)).toStrictEqual(
      sorted(["origin-noncanonical", "origin-null", "regex-unsafe", "method-forbidden", "maxage-invalid"]),
    );
    const byCode = Object.fromEntries(issues.map((i) => [i.code, i.path]));
    expect(byCode).toStrictEqual({
      "origin-noncanonical": "allowOrigins[0]",
      "origin-null": "allowOrigins[1]",
      "regex-unsafe": "allowOrigins[2].regex",
      "method-forbidden": "allowMethods[0]",
      "maxage-invalid": "maxAge",
    });
  });

  it("reports problems of every kind together: unknown field, wrong type and invalid values", () => {
    const issues = issuesOf({
      allowOrigins: ["https://app.example.com:443", { exact: 443 }],
      allowCredentials: "yes",
      allowHeaders: ["x a"],
      exposeHeaders: ["*", "x-b"],
      maxAge: -3,
      allowedMethods: ["PUT"],
    });
    expect(codesOf(issues)).toStrictEqual(
      sorted(["origin-noncanonical", "type-invalid", "type-invalid", "header-invalid", "wildcard-mixed", "maxage-invalid", "unknown-field"]),
    );
  });

  it("lists every issue on its own line of the error message", () => {
    const error = errorOf({
      allowOrigins: ["https://App.Example.com/", "null", { regex: "(a+)+" }],
      allowMethods: ["CONNECT"],
      maxAge: "500ms",
    });
    expect(error.issues).toHaveLength(5);
    const lines = error.message.split("\n");
    const lineOf = error.issues.map((issue) => lines.findIndex((line) => line.includes(issue.path) && line.includes(issue.message)));
    expect(lineOf.every((index) => index >= 0), error.message).toBe(true);
    expect(new Set(lineOf).size).toBe(error.issues.length);
    expect(lines.length).toBeGreaterThan(error.issues.length);
  });

  it("the error is an Error named CorsConfigError with frozen issues", () => {
    const error = errorOf({ allowOrigins: [] });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("CorsConfigError");
    expect(Object.isFrozen(error.issues)).toBe(true);
    expect(error.issues.every((i) => Object.isFrozen(i))).toBe(true);
  });
});

describe("hints", () => {
  const canonicalHints: [string, string][] = [
    ["https://App.Example.com/", "https://app.example.com"],
    ["HTTPS://app.example.com", "https://app.example.com"],
    ["https://app.example.com:443", "https://app.example.com"],
    ["http://app.example.com:80", "http://app.example.com"],
    ["https://app.example.com/", "https://app.example.com"],
    ["https://APP.example.com:8443", "https://app.example.com:8443"],
    ["https://bücher.example", "https://xn--bcher-kva.example"],
  ];
  it.each(canonicalHints)("%s → the hint holds %s", (written, canonical) => {
    const [issue] = issuesOf({ allowOrigins: [written] });
    expect(issue?.code).toBe("origin-noncanonical");
    const escaped = canonical.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    // The canonical origin, not followed by more origin characters (so "https://app.example.com/" would not do).
    expect(issue?.hint).toMatch(new RegExp(`${escaped}(?![\\w/:.-])`));
  });

  it("the error message carries the hint too", () => {
    const error = errorOf({ allowOrigins: ["https://App.Example.com/"] });
    expect(error.message).toContain("https://app.example.com");
  });

  it("credentials-any-origin suggests listing origins or a https://*. pattern, never another wildcard", () => {
    const [issue] = issuesOf({ allowOrigins: ["*"], allowCredentials: true });
    const text = `${issue?.message ?? ""} ${issue?.hint ?? ""}`;
    expect(text).toMatch(/https:\/\/\*\./);
  });

  it("regex-unsafe suggests the pattern form where it fits", () => {
    const [issue] = issuesOf({ allowOrigins: [{ regex: "https://([a-z0-9-]+\\.)+example\\.com" }] });
    expect(issue?.code).toBe("regex-unsafe");
    expect(`${issue?.message ?? ""} ${issue?.hint ?? ""}`).toContain("https://*.example.com");
  });
});

describe("credentials-any-origin: every any-origin form", () => {
  it.each(["", "h", "http", "https", "https://", "http://"])("prefix %j with credentials", (prefix) => {
    const codes = issuesOf({ allowOrigins: [{ prefix }], allowCredentials: true }).map((i) => i.code);
    expect(codes).toContain("credentials-any-origin");
  });

  it.each([".*", "https?://.*", ".+", "(?:https?)://[^/]+"])("regex %j with credentials", (regex) => {
    const codes = issuesOf({ allowOrigins: [{ regex }], allowCredentials: true }).map((i) => i.code);
    expect(codes).toContain("credentials-any-origin");
  });

  it("the explicit opt-in turns the error into a warning", () => {
    const policy = createPolicy({ allowOrigins: ["*"], allowCredentials: true, dangerouslyAllowAnyOriginWithCredentials: true });
    expect(policy.warnings.map((w) => w.code)).toContain("credentials-any-origin");
  });

  it("the opt-in does not hide other errors", () => {
    const codes = issuesOf({ allowOrigins: ["*"], allowCredentials: true, dangerouslyAllowAnyOriginWithCredentials: true, exposeHeaders: ["*"] }).map((i) => i.code);
    expect(codes).toStrictEqual(["credentials-expose-wildcard"]);
  });
});

describe("accepted configurations", () => {
  const accepted: [string, CorsPolicyConfig][] = [
    ["an exact https origin", { allowOrigins: [APP] }],
    ["an exact origin with a port", { allowOrigins: ["https://app.example.com:8443"] }],
    ["a chrome-extension origin", { allowOrigins: ["chrome-extension://abcdefghijklmnop"] }],
    ["a bracketed IPv6 origin", { allowOrigins: ["http://[::1]:8080"] }],
    ["the subdomain pattern", { allowOrigins: ["https://*.example.com"] }],
    ["the subdomain pattern with a port", { allowOrigins: ["https://*.example.com:8443"] }],
    ["localhost with any port", { allowOrigins: ["http://localhost:*"] }],
    ["\"*\" alone", { allowOrigins: ["*"], allowMethods: ["*"], allowHeaders: ["*"], exposeHeaders: ["*"] }],
    ["a safe regex with a group", { allowOrigins: [{ regex: "https://(app|api)\\.example\\.com" }] }],
    ["a safe regex with an optional group", { allowOrigins: [{ regex: "https://app\\.example\\.com(:8080)?" }] }],
    ["a RegExp with i and u flags", { allowOrigins: [{ regex: /https:\/\/app\.example\.com/iu }] }],
    ["http://localhost with credentials", { allowOrigins: ["http://localhost:3000"], allowCredentials: true }],
    ["http://127.0.0.1 with credentials", { allowOrigins: ["http://127.0.0.1:8080"], allowCredentials: true }],
    ["http://[::1] with credentials", { allowOrigins: ["http://[::1]:8080"], allowCredentials: true }],
    ["http://localhost without a port with credentials", { allowOrigins: ["http://localhost"], allowCredentials: true }],
    ["another loopback IP with credentials", { allowOrigins: ["http://127.0.0.2:3000"], allowCredentials: true }],
    ["http://localhost:* with credentials", { allowOrigins: ["http://localhost:*"], allowCredentials: true }],
    ["an https pattern with credentials", { allowOrigins: ["https://*.example.com"], allowCredentials: true }],
    ["every method the Fetch standard normalizes", { allowOrigins: [APP], allowMethods: ["get", "head", "post", "put", "delete", "options", "PATCH"] }],
    ["maxAge 0", { allowOrigins: [APP], maxAge: 0 }],
    ["maxAge \"0s\"", { allowOrigins: [APP], maxAge: "0s" }],
    ["every optional field at once", {
      allowOrigins: [APP, { exact: OTHER }],
      allowMethods: ["PUT"],
      allowHeaders: ["x-a"],
      exposeHeaders: ["x-b"],
      maxAge: "1h",
      allowCredentials: true,
      allowPrivateNetwork: true,
      unmatchedPreflights: "forward",
      preflightStatus: 200,
      dangerouslyAllowAnyOriginWithCredentials: false,
    }],
  ];
  it.each(accepted)("%s", (_desc, config) => {
    expect(() => createPolicy(config)).not.toThrow();
  });
});

describe("warnings", () => {
  const byCode = (config: CorsPolicyConfig) => warningsOf(config).map((w) => [w.code, w.path]);

  it("a clean policy has none", () => {
    expect(warningsOf({ allowOrigins: [APP], allowMethods: ["PUT"], allowHeaders: ["x-a"], maxAge: 600 })).toStrictEqual([]);
  });

  it("prefix-unbounded without credentials", () => {
    const warnings = warningsOf({ allowOrigins: [APP, { prefix: APP }] });
    expect(warnings.map((w) => w.code)).toStrictEqual(["prefix-unbounded"]);
    expect(["allowOrigins[1].prefix", "allowOrigins[1]"]).toContain(warnings[0]?.path);
  });

  it("regex-unescaped-dot", () => {
    const warnings = warningsOf({ allowOrigins: [{ regex: "https://app.example.com" }] });
    expect(warnings.map((w) => w.code)).toStrictEqual(["regex-unescaped-dot"]);
    expect(warnings[0]?.path).toBe("allowOrigins[0].regex");
  });

  it("no regex-unescaped-dot when dots are escaped", () => {
    expect(warningsOf({ allowOrigins: [{ regex: "https://app\\.example\\.com" }] })).toStrictEqual([]);
  });

  // Warned only where every engine caps (above Firefox's 86400 s); capped by some engines only is a notice.
  it.each([86401, "25h", 1e9] as const)("maxage-capped for %j", (maxAge) => {
    expect(byCode({ allowOrigins: [APP], maxAge })).toStrictEqual([["maxage-capped", "maxAge"]]);
    expect(createPolicy({ allowOrigins: [APP], maxAge }).notices).toStrictEqual([]);
  });

  it.each([7200, 7201, 86400, "24h", "3h", "2h", "120m", 600, 0])("no maxage-capped for %j", (maxAge) => {
    expect(warningsOf({ allowOrigins: [APP], maxAge })).toStrictEqual([]);
  });

  it.each([
    [601, "601 s is kept in full by Chromium and Firefox; WebKit (Safari) caps it to 600 s"],
    [7200, "7200 s is kept in full by Chromium and Firefox; WebKit (Safari) caps it to 600 s"],
    [7201, "7201 s is kept in full by Firefox; WebKit (Safari) caps it to 600 s, Chromium caps it to 7200 s"],
    ["24h", "86400 s is kept in full by Firefox; WebKit (Safari) caps it to 600 s, Chromium caps it to 7200 s"],
  ] as const)("maxage-capped-in-some-browsers is a notice for %j", (maxAge, message) => {
    const policy = createPolicy({ allowOrigins: [APP], maxAge });
    expect(policy.notices).toStrictEqual([{ code: "maxage-capped-in-some-browsers", path: "maxAge", message }]);
    expect(Object.isFrozen(policy.notices)).toBe(true);
    expect(Object.isFrozen(policy.notices[0])).toBe(true);
  });

  it.each([600, "10m", 0, 5])("no notice for %j (every engine keeps it)", (maxAge) => {
    expect(createPolicy({ allowOrigins: [APP], maxAge }).notices).toStrictEqual([]);
  });

  it("maxAge above the caps is kept as written", () => {
    expect(createPolicy({ allowOrigins: [APP], maxAge: 100000 }).config.maxAge).toBe(100000);
  });

  it("header-never-sent for cookie in allowHeaders", () => {
    expect(byCode({ allowOrigins: [APP], allowHeaders: ["x-a", "Cookie"] })).toStrictEqual([["header-never-sent", "allowHeaders[1]"]]);
  });

  it.each(["host", "content-length", "origin", "referer", "connection", "sec-fetch-mode", "proxy-authorization", "Cookie"])(
    "header-never-sent for the forbidden request header %s",
    (name) => {
      expect(byCode({ allowOrigins: [APP], allowHeaders: [name] })).toStrictEqual([["header-never-sent", "allowHeaders[0]"]]);
    },
  );

  it("no header-never-sent for ordinary headers, authorization included", () => {
    expect(warningsOf({ allowOrigins: [APP], allowHeaders: ["authorization", "content-type", "x-requested-with"] })).toStrictEqual([]);
  });

  it("expose-never-readable for set-cookie2 too", () => {
    expect(byCode({ allowOrigins: [APP], exposeHeaders: ["x-a", "set-cookie2"] })).toStrictEqual([["expose-never-readable", "exposeHeaders[1]"]]);
  });

  it("expose-never-readable for set-cookie in exposeHeaders", () => {
    expect(byCode({ allowOrigins: [APP], exposeHeaders: ["Set-Cookie"] })).toStrictEqual([["expose-never-readable", "exposeHeaders[0]"]]);
  });

  it("several warnings at once, and they are frozen", () => {
    const policy = createPolicy({
      allowOrigins: [{ prefix: APP }],
      allowHeaders: ["cookie"],
      exposeHeaders: ["set-cookie"],
      maxAge: 90000,
    });
    expect(sorted(policy.warnings.map((w) => w.code))).toStrictEqual(
      sorted(["prefix-unbounded", "header-never-sent", "expose-never-readable", "maxage-capped"]),
    );
    expect(Object.isFrozen(policy.warnings)).toBe(true);
    expect(policy.warnings.every((w) => Object.isFrozen(w) && w.message.length > 0)).toBe(true);
  });
});

describe("normalization (policy.config)", () => {
  it("upper-cases exactly the six methods the Fetch standard normalizes, keeps others, removes duplicates", () => {
    const { config } = createPolicy({
      allowOrigins: [APP],
      allowMethods: ["get", "Patch", "put", "PUT", "delete", "options", "head", "post", "PATCH", "patch", "Patch"],
    });
    expect(config.allowMethods).toStrictEqual(["GET", "Patch", "PUT", "DELETE", "OPTIONS", "HEAD", "POST", "PATCH", "patch"]);
  });

  it("lower-cases header names and removes duplicates", () => {
    const { config } = createPolicy({
      allowOrigins: [APP],
      allowHeaders: ["X-Api-Key", "x-api-key", "Content-Type"],
      exposeHeaders: ["X-Request-Id", "x-request-id"],
    });
    expect(config.allowHeaders).toStrictEqual(["x-api-key", "content-type"]);
    expect(config.exposeHeaders).toStrictEqual(["x-request-id"]);
  });

  it.each([
    [600, 600],
    ["3600s", 3600],
    ["24h", 86400],
    ["1h30m", 5400],
    ["90m", 5400],
    ["0s", 0],
  ] as const)("maxAge %j becomes %d seconds", (maxAge, seconds) => {
    expect(createPolicy({ allowOrigins: [APP], maxAge }).config.maxAge).toBe(seconds);
  });

  it("fills the defaults", () => {
    const { config } = createPolicy({ allowOrigins: [APP] });
    expect(config).toMatchObject({
      allowMethods: [],
      allowHeaders: [],
      exposeHeaders: [],
      allowCredentials: false,
      allowPrivateNetwork: false,
      unmatchedPreflights: "reject",
      preflightStatus: 204,
      dangerouslyAllowAnyOriginWithCredentials: false,
    });
    expect(config.maxAge).toBeUndefined();
  });

  it("keeps the origins; a string regex stays a string", () => {
    const { config } = createPolicy({
      allowOrigins: [APP, { exact: OTHER, ignoreCase: true }, { prefix: "http://localhost:" }, { regex: "https://x\\.example" }, "https://*.example.org"],
    });
    expect(config.allowOrigins[0]).toBe(APP);
    expect(config.allowOrigins[1]).toMatchObject({ exact: OTHER, ignoreCase: true });
    expect(config.allowOrigins[2]).toMatchObject({ prefix: "http://localhost:" });
    expect(config.allowOrigins[3]).toStrictEqual({ regex: "https://x\\.example" });
    expect(config.allowOrigins[4]).toBe("https://*.example.org");
  });

  it("a RegExp with flags is kept as a frozen copy with the same source and flags", () => {
    const input = /https:\/\/app\.example\.com/i;
    const { config } = createPolicy({ allowOrigins: [{ regex: input }] });
    const kept = (config.allowOrigins[0] as { regex: unknown }).regex;
    expect(kept).toBeInstanceOf(RegExp);
    expect(kept).not.toBe(input);
    expect((kept as RegExp).source).toBe(input.source);
    expect((kept as RegExp).flags).toBe("i");
    expect(Object.isFrozen(kept)).toBe(true);
  });

  it("policy.config is valid input again: createPolicy(policy.config) gives an equivalent policy", () => {
    const first = createPolicy({
      allowOrigins: [APP, { exact: OTHER, ignoreCase: true }, { prefix: "https://app.example.com:" }, { regex: /https:\/\/[a-z]+\.example\.net/iu }, { regex: "https://x\\.example" }, "https://*.example.org", "http://localhost:*"],
      allowMethods: ["put", "Patch"],
      allowHeaders: ["X-A"],
      exposeHeaders: ["X-B"],
      maxAge: "1h30m",
      allowCredentials: true,
      allowPrivateNetwork: true,
      unmatchedPreflights: "forward",
      preflightStatus: 200,
    });
    const second = createPolicy(first.config);
    expect(second.config).toStrictEqual(first.config);
    expect(second.warnings).toStrictEqual(first.warnings);
    for (const origin of [APP, "https://OTHER.example", "https://app.example.com:8443", "https://API.example.net", "https://x.example", "https://a.example.org", "http://localhost:1", "https://evil.example"]) {
      for (const request of [{ method: "GET", headers: { origin } }, preflight(origin, "Patch", "x-a")]) {
        expect(evaluate(request, second)).toStrictEqual(evaluate(request, first));
      }
    }
  });
});

describe("the compiled policy is frozen and independent of its input", () => {
  it("policy, policy.config and everything inside are frozen", () => {
    const policy = createPolicy({
      allowOrigins: [APP, { exact: OTHER }, { regex: "https://x\\.example" }],
      allowMethods: ["PUT"],
      allowHeaders: ["x-a"],
      exposeHeaders: ["x-b"],
    });
    expect(Object.isFrozen(policy)).toBe(true);
    expect(Object.isFrozen(policy.config)).toBe(true);
    expect(Object.isFrozen(policy.warnings)).toBe(true);
    for (const list of [policy.config.allowOrigins, policy.config.allowMethods, policy.config.allowHeaders, policy.config.exposeHeaders]) {
      expect(Object.isFrozen(list)).toBe(true);
    }
    for (const matcher of policy.config.allowOrigins) {
      if (typeof matcher === "object") expect(Object.isFrozen(matcher)).toBe(true);
    }
  });

  it("mutating the config after createPolicy changes nothing", () => {
    const matcher = { exact: APP };
    const config = {
      allowOrigins: [matcher] as CorsPolicyConfig["allowOrigins"][number][],
      allowMethods: ["PUT"],
      allowHeaders: ["x-a"],
      allowCredentials: false,
    };
    const policy = createPolicy(config);
    const before = JSON.stringify(policy.config);

    config.allowOrigins.push("*");
    matcher.exact = OTHER;
    config.allowMethods[0] = "DELETE";
    config.allowHeaders.push("x-b");
    config.allowCredentials = true;

    expect(JSON.stringify(policy.config)).toBe(before);
    const fromApp = evaluate(preflight(APP, "PUT", "x-a"), policy);
    expect(fromApp.allowed).toBe(true);
    expect(fromApp.headers["access-control-allow-credentials"]).toBeUndefined();
    expect(evaluate(preflight(OTHER, "PUT"), policy).allowed).toBe(false);
    expect(evaluate(preflight(APP, "DELETE"), policy).allowed).toBe(false);
    expect(evaluate(preflight(APP, "PUT", "x-b"), policy).allowed).toBe(false);
  });

  it("createPolicy does not mutate its input", () => {
    const config = { allowOrigins: [APP], allowMethods: ["put", "put"], allowHeaders: ["X-A"], maxAge: "1h" };
    const before = JSON.stringify(config);
    createPolicy(config);
    expect(JSON.stringify(config)).toBe(before);
  });

  it("accepts a deeply frozen config", () => {
    const config = deepFreeze({
      allowOrigins: [APP, { exact: OTHER, ignoreCase: true }, { regex: "https://x\\.example" }],
      allowMethods: ["put", "PUT"],
      allowHeaders: ["X-A"],
      exposeHeaders: ["X-B"],
      maxAge: "1h",
    });
    const policy = createPolicy(config);
    expect(policy.config.allowMethods).toStrictEqual(["PUT"]);
    expect(policy.config.maxAge).toBe(3600);
    expect(evaluate(preflight(APP, "PUT", "x-a"), policy).allowed).toBe(true);
  });

  it("a RegExp with the i flag matches case-insensitively, as a whole", () => {
    const policy = createPolicy({ allowOrigins: [{ regex: /https:\/\/app\.example\.com/i }] });
    expect(evaluate({ method: "GET", headers: { origin: "https://APP.example.com" } }, policy).headers["access-control-allow-origin"]).toBe(
      "https://APP.example.com",
    );
    expect(evaluate({ method: "GET", headers: { origin: "https://APP.example.com.evil.net" } }, policy).allowed).toBe(false);
  });
});

describe("isCorsConfigError", () => {
  it("recognizes the error createPolicy throws", () => {
    let caught: unknown;
    try {
      createPolicy({ allowOrigins: [] });
    } catch (error) {
      caught = error;
    }
    expect(isCorsConfigError(caught)).toBe(true);
  });

  it("recognizes a directly constructed CorsConfigError", () => {
    expect(isCorsConfigError(new CorsConfigError([{ code: "origins-missing", path: "allowOrigins", message: "x" }]))).toBe(true);
  });

  it.each([
    ["a plain Error", new Error("corsgate")],
    ["an Error named CorsConfigError", Object.assign(new Error("x"), { name: "CorsConfigError", issues: [] })],
    ["null", null],
    ["undefined", undefined],
    ["a string", "CorsConfigError"],
    ["a look-alike object", { name: "CorsConfigError", issues: [], message: "x" }],
  ])("rejects %s", (_desc, value) => {
    expect(isCorsConfigError(value)).toBe(false);
  });
});
