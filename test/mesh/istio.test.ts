import { describe, expect, it } from "vitest";
import { createPolicy, evaluate } from "../../src/index.js";
import type { ConfigIssue } from "../../src/index.js";
import { formatDuration, fromIstioCorsPolicy, parseDuration, toIstioCorsPolicy } from "../../src/mesh/index.js";
import { issuesOf } from "./helpers.js";

/** The issues of the CorsConfigError `run` throws (fails when it does not throw one). */
describe("Duration", () => {
  it.each([
    ["24h", 86_400],
    ["1h30m", 5400],
    ["86400s", 86_400],
    ["1.5h", 5400],
    ["0", 0],
    ["0s", 0],
    ["2000ms", 2],
    ["90m0s", 5400],
  ])("%s is %i seconds", (text, seconds) => {
    expect(parseDuration(text)).toEqual({ ok: true, seconds });
  });

  it.each(["500ms", "1.5s", "-1s", "", "1d", "24", "h", "1h 30m"])("refuses %j", (text) => {
    expect(parseDuration(text).ok).toBe(false);
  });

  it.each([
    [0, "0s"],
    [45, "45s"],
    [90, "1m30s"],
    [3600, "1h"],
    [5400, "1h30m"],
    [86_400, "24h"],
    [86_401, "24h1s"],
  ])("writes %i as %s, which reads back", (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
    expect(parseDuration(text)).toEqual({ ok: true, seconds });
  });
});

describe("fromIstioCorsPolicy", () => {
  it("reads Istio's documented example", () => {
    const config = fromIstioCorsPolicy({
      allowOrigins: [{ exact: "https://example.com" }],
      allowMethods: ["POST", "GET"],
      allowCredentials: false,
      allowHeaders: ["X-Foo-Bar"],
      maxAge: "24h",
    });
    expect(config).toEqual({
      allowOrigins: ["https://example.com"],
      allowMethods: ["POST", "GET"],
      allowHeaders: ["X-Foo-Bar"],
      maxAge: 86_400,
      allowCredentials: false,
      unmatchedPreflights: "forward",
    });
    const policy = createPolicy(config);
    const decision = evaluate({ method: "OPTIONS", headers: { origin: "https://example.com", "access-control-request-method": "POST", "access-control-request-headers": "x-foo-bar" } }, policy);
    expect(decision.headers).toMatchObject({ "access-control-allow-origin": "https://example.com", "access-control-max-age": "86400" });
  });

  it("maps unmatchedPreflights: absent or FORWARD → forward (Istio's default), IGNORE → reject", () => {
    const origins = [{ exact: "https://a.example" }];
    expect(fromIstioCorsPolicy({ allowOrigins: origins }).unmatchedPreflights).toBe("forward");
    expect(fromIstioCorsPolicy({ allowOrigins: origins, unmatchedPreflights: "FORWARD" }).unmatchedPreflights).toBe("forward");
    expect(fromIstioCorsPolicy({ allowOrigins: origins, unmatchedPreflights: "UNSPECIFIED" }).unmatchedPreflights).toBe("forward");
    expect(fromIstioCorsPolicy({ allowOrigins: origins, unmatchedPreflights: "IGNORE" }).unmatchedPreflights).toBe("reject");
  });

  it("reads the deprecated allowOrigin as exact origins, with a warning", () => {
    const warnings: ConfigIssue[] = [];
    const config = fromIstioCorsPolicy({ allowOrigin: ["*"] }, { path: "spec.http[0].corsPolicy", onWarning: (issue) => warnings.push(issue) });
    expect(config.allowOrigins).toEqual(["*"]);
    expect(warnings).toEqual([expect.objectContaining({ code: "deprecated-field", path: "spec.http[0].corsPolicy.allowOrigin" })]);
  });

  it("ignores allowOrigin when allowOrigins is set, as Istio does, and says so", () => {
    const warnings: string[] = [];
    const config = fromIstioCorsPolicy({ allowOrigins: [{ exact: "https://a.example" }], allowOrigin: ["*"] }, { onWarning: (issue) => warnings.push(issue.code) });
    expect(config.allowOrigins).toEqual(["https://a.example"]);
    expect(warnings).toEqual(["field-ignored"]);
  });

  it("turns regexes into the most readable matcher with the same meaning", () => {
    const config = fromIstioCorsPolicy({
      allowOrigins: [
        { regex: "https://[a-z0-9-][a-z0-9.-]*\\.example\\.com" },
        { regex: "(?i)https://app\\.example\\.com" },
        { regex: "(?i)https://app\\..*" },
        { regex: "(?i)https://(www|app)\\.example\\.org" },
        { regex: "https://(?P<tenant>[a-z]+)\\.example\\.net" },
        { prefix: "https://app.example.com:" },
        { exact: "https://*.literal.example" },
      ],
    });
    expect(config.allowOrigins).toEqual([
      "https://*.example.com",
      { exact: "https://app.example.com", ignoreCase: true },
      { prefix: "https://app.", ignoreCase: true },
      { regex: /https:\/\/(www|app)\.example\.org/i },
      { regex: "https://(?<tenant>[a-z]+)\\.example\\.net" },
      { prefix: "https://app.example.com:" },
      { exact: "https://*.literal.example" },
    ]);
  });

  it("reports every problem at once with its path and hint", () => {
    const issues = issuesOf(() =>
      fromIstioCorsPolicy(
        {
          allowOrigins: [{ regex: "\\C+" }, { exact: 443 }, { exact: "a", prefix: "b" }],
          allowMethods: "GET",
          maxAge: 86400,
          allowCredentials: "true",
          unmatchedPreflights: "DROP",
          allow_headers: ["x"],
        },
        { path: "corsPolicy" },
      ),
    );
    expect(issues.map((issue) => [issue.code, issue.path])).toEqual([
      ["unknown-field", "corsPolicy.allow_headers"],
      ["regex-untranslatable", "corsPolicy.allowOrigins[0].regex"],
      ["type-invalid", "corsPolicy.allowOrigins[1].exact"],
      ["type-invalid", "corsPolicy.allowOrigins[2]"],
      ["type-invalid", "corsPolicy.allowMethods"],
      ["type-invalid", "corsPolicy.maxAge"],
      ["type-invalid", "corsPolicy.allowCredentials"],
      ["type-invalid", "corsPolicy.unmatchedPreflights"],
    ]);
    expect(issues.find((issue) => issue.path === "corsPolicy.allow_headers")?.hint).toBe("did you mean allowHeaders?");
    expect(issues.find((issue) => issue.path === "corsPolicy.maxAge")?.hint).toBe('write "86400s"');
    expect(issues.find((issue) => issue.path === "corsPolicy.allowCredentials")?.hint).toBe("write true without quotes");
    expect(issues.find((issue) => issue.code === "regex-untranslatable")?.message).toContain("\\C");
  });

  it("refuses a fractional max-age", () => {
    expect(issuesOf(() => fromIstioCorsPolicy({ allowOrigins: [{ exact: "https://a.example" }], maxAge: "1500ms" }))).toEqual([
      expect.objectContaining({ code: "maxage-invalid", path: "maxAge" }),
    ]);
  });
});

describe("toIstioCorsPolicy", () => {
  it("writes every corsgate matcher as a StringMatch", () => {
    const exported = toIstioCorsPolicy({
      allowOrigins: [
        "https://app.example.com",
        "https://*.example.org",
        "https://*.example.net:8443",
        { exact: "https://Mixed.example", ignoreCase: true },
        { prefix: "https://dev.example.com:", ignoreCase: true },
        { prefix: "https://qa.example.com:" },
        { regex: /https:\/\/(?<tenant>[a-z]+)\.example\.io/ },
        { regex: "https://[a-z]+\\.example\\.biz" },
      ],
      allowMethods: ["put", "PATCH"],
      allowHeaders: ["X-Request-Id"],
      exposeHeaders: ["ETag"],
      maxAge: 5400,
      allowCredentials: true,
    });
    expect(exported).toEqual({
      allowOrigins: [
        { exact: "https://app.example.com" },
        { regex: "https://[a-z0-9-][a-z0-9.-]*\\.example\\.org" },
        { regex: "https://[a-z0-9-][a-z0-9.-]*\\.example\\.net:8443" },
        { regex: "(?i)https://Mixed\\.example" },
        { regex: "(?i)https://dev\\.example\\.com:.*" },
        { prefix: "https://qa.example.com:" },
        { regex: "https://(?P<tenant>[a-z]+)\\.example\\.io" },
        { regex: "https://[a-z]+\\.example\\.biz" },
      ],
      allowMethods: ["PUT", "PATCH"],
      allowHeaders: ["x-request-id"],
      exposeHeaders: ["etag"],
      maxAge: "1h30m",
      allowCredentials: true,
      unmatchedPreflights: "IGNORE",
    });
  });

  it("validates the policy first: corsgate's errors come out unchanged", () => {
    expect(issuesOf(() => toIstioCorsPolicy({ allowOrigins: ["*"], allowCredentials: true })).map((issue) => issue.code)).toEqual(["credentials-any-origin"]);
  });

  it("refuses what Istio cannot hold, naming the field", () => {
    const issues = issuesOf(() => toIstioCorsPolicy({ allowOrigins: ["https://a.example"], allowPrivateNetwork: true }));
    expect(issues).toEqual([expect.objectContaining({ code: "not-expressible", path: "allowPrivateNetwork" })]);
  });

  it("writes the unmatchedPreflights default explicitly, because Istio's default differs", () => {
    expect(toIstioCorsPolicy({ allowOrigins: ["https://a.example"] }).unmatchedPreflights).toBe("IGNORE");
    expect(toIstioCorsPolicy({ allowOrigins: ["https://a.example"], unmatchedPreflights: "forward" }).unmatchedPreflights).toBe("FORWARD");
  });
});
