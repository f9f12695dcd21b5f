import { describe, expect, it } from "vitest";
import { createPolicy, evaluate } from "../../src/index.js";
import type { CorsPolicyConfig } from "../../src/index.js";
import { splitOrigin, isWellShapedOrigin } from "../../src/core/origin/shape.js";
import { analyzePrefix } from "../../src/core/origin/prefix.js";
import { canonicalHost, defaultPort, isLoopbackHost } from "../../src/core/origin/canonical.js";
import { APP, issuesOf, onlyIssue, warningsOf } from "./helpers.js";

function allows(config: CorsPolicyConfig, origin: string): boolean {
  return evaluate({ method: "GET", headers: { origin } }, createPolicy(config)).allowed;
}

describe("the shape of a request Origin (SPEC §3)", () => {
  it.each([
    ["https://a.example", { scheme: "https", host: "a.example", port: "" }],
    ["http://localhost:1", { scheme: "http", host: "localhost", port: "1" }],
    ["http://localhost:65535", { scheme: "http", host: "localhost", port: "65535" }],
    ["http://localhost:00080", { scheme: "http", host: "localhost", port: "00080" }],
    ["web+app.x-y://h-1.2", { scheme: "web+app.x-y", host: "h-1.2", port: "" }],
    ["https://[::1]:8080", { scheme: "https", host: "[::1]", port: "8080" }],
    ["https://[fe80::A:b.1]", { scheme: "https", host: "[fe80::A:b.1]", port: "" }],
    ["https://[::aAfF09]", { scheme: "https", host: "[::aAfF09]", port: "" }],
    ["H://Z", { scheme: "H", host: "Z", port: "" }],
  ])("%s splits", (origin, parts) => {
    expect(splitOrigin(origin)).toEqual(parts);
    expect(isWellShapedOrigin(origin)).toBe(true);
  });

  it.each([
    "", "1https://a", "https:/a", "https:a", "https//a", "https://", "https://:80", "https://a:", "https://a:0", "https://a:65536",
    "https://a:123456", "https://a:8o", "https://a/", "https://a_b", "https://a b", "https://[]", "https://[::1", "https://[::g]",
    "https://[::1]x", "https://a:+80", "-https://a", "https\u0000://a", `https://${"a".repeat(2041)}`,
    "https:/ab.example", "https:xab.example", "https//ab.example", "https://[::G]", "https://[::@]", "https://[::`]",
    "https://ab.example:80:80", "https://ab.example:80/", "https://ab.example/80",
  ])("%j is not an origin", (origin) => {
    expect(splitOrigin(origin)).toBeUndefined();
  });

  it("null is well shaped but never split", () => {
    expect(isWellShapedOrigin("null")).toBe(true);
    expect(splitOrigin("null")).toBeUndefined();
  });

  it("the 2048-character limit is inclusive", () => {
    const longest = `https://${"a".repeat(2036)}.com`;
    expect(longest).toHaveLength(2048);
    expect(splitOrigin(longest)).toBeDefined();
    expect(splitOrigin(`${longest}m`)).toBeUndefined();
    expect(allows({ allowOrigins: [{ prefix: "https://a" }] }, longest)).toBe(true);
    expect(allows({ allowOrigins: [{ prefix: "https://a" }] }, `${longest}m`)).toBe(false);
  });
});

describe("matching (SPEC §4)", () => {
  it("subdomain patterns: lower-case labels, never the apex, never an empty label", () => {
    const config = { allowOrigins: ["https://*.example.com"] };
    expect(allows(config, "https://a.example.com")).toBe(true);
    expect(allows(config, "https://a-1.b2.example.com")).toBe(true);
    expect(allows(config, "https://example.com")).toBe(false);
    expect(allows(config, "https://.example.com")).toBe(false);
    expect(allows(config, "https://a..example.com")).toBe(false);
    expect(allows(config, "https://a..b.example.com")).toBe(false);
    expect(allows(config, "https://a.b..example.com")).toBe(false);
    expect(allows(config, "https://A.example.com")).toBe(false);
    expect(allows(config, "https://a.example.com:443")).toBe(false);
    expect(allows(config, "http://a.example.com")).toBe(false);
    expect(allows(config, "https://aexample.com")).toBe(false);
    expect(allows(config, "https://a.example.com.evil")).toBe(false);
    expect(allows(config, "https://[::1]")).toBe(false);
  });

  it("ports of patterns: exact, any (:*), or none", () => {
    expect(allows({ allowOrigins: ["https://*.example.com:8443"] }, "https://a.example.com:8443")).toBe(true);
    expect(allows({ allowOrigins: ["https://*.example.com:8443"] }, "https://a.example.com")).toBe(false);
    expect(allows({ allowOrigins: ["https://*.example.com:8443"] }, "https://a.example.com:8444")).toBe(false);
    expect(allows({ allowOrigins: ["https://*.example.com:*"] }, "https://a.example.com:1")).toBe(true);
    expect(allows({ allowOrigins: ["https://*.example.com:*"] }, "https://a.example.com")).toBe(true);
    expect(allows({ allowOrigins: ["http://localhost:*"] }, "http://localhost")).toBe(true);
    expect(allows({ allowOrigins: ["http://localhost:*"] }, "http://localhost:5173")).toBe(true);
    expect(allows({ allowOrigins: ["http://localhost:*"] }, "http://localhost.evil:5173")).toBe(false);
    expect(allows({ allowOrigins: ["http://localhost:*"] }, "https://localhost:5173")).toBe(false);
    expect(allows({ allowOrigins: ["http://LOCALHOST:*".toLowerCase()] }, "http://LOCALHOST:1")).toBe(false);
    expect(allows({ allowOrigins: ["http://[::1]:*"] }, "http://[::1]:3000")).toBe(true);
    expect(allows({ allowOrigins: ["http://localhost:*", "https://*.example.com:8443"] }, "https://a.example.com:8443")).toBe(true);
  });

  it("patterns apply only to http and https origins", () => {
    expect(allows({ allowOrigins: ["https://*.example.com"] }, "wss://a.example.com")).toBe(false);
  });

  it("exact, ignoreCase, prefix and regex", () => {
    expect(allows({ allowOrigins: [{ exact: APP }] }, APP)).toBe(true);
    expect(allows({ allowOrigins: [{ exact: APP }] }, "https://APP.example.com")).toBe(false);
    expect(allows({ allowOrigins: [{ exact: "https://App.Example.com", ignoreCase: true }] }, "https://app.EXAMPLE.com")).toBe(true);
    expect(allows({ allowOrigins: [{ prefix: "https://app." }] }, "https://app.anything")).toBe(true);
    expect(allows({ allowOrigins: [{ prefix: "https://app." }] }, "https://APP.anything")).toBe(false);
    expect(allows({ allowOrigins: [{ prefix: "https://app.", ignoreCase: true }] }, "https://APP.anything")).toBe(true);
    expect(allows({ allowOrigins: [{ prefix: "https://b.", ignoreCase: true }, { prefix: "https://app." }] }, "https://app.x")).toBe(true);
    expect(allows({ allowOrigins: [{ regex: "https://(app|api)\\.example\\.com" }] }, "https://api.example.com")).toBe(true);
    expect(allows({ allowOrigins: [{ regex: "https://(app|api)\\.example\\.com" }] }, "https://api.example.com.evil")).toBe(false);
    expect(allows({ allowOrigins: [{ regex: "https://(app|api)\\.example\\.com" }] }, "xhttps://api.example.com")).toBe(false);
    expect(allows({ allowOrigins: [{ regex: /https:\/\/APP\.example\.com/i }] }, APP)).toBe(true);
    expect(allows({ allowOrigins: [{ regex: "a|https://b\\.example" }] }, "https://b.example")).toBe(true);
    expect(allows({ allowOrigins: [{ regex: "a|https://b\\.example" }] }, "https://b.examplex")).toBe(false);
  });

  it("no matcher, not even a regex, sees an invalid Origin", () => {
    expect(allows({ allowOrigins: [{ regex: "[^,]*,.*" }] }, "https://a.example,https://b.example")).toBe(false);
    expect(allows({ allowOrigins: [{ prefix: "https://a." }] }, "https://a.example/path")).toBe(false);
    expect(allows({ allowOrigins: [{ exact: "https://a.example", ignoreCase: true }] }, "https://a.example/")).toBe(false);
  });

  it("null never matches, by any matcher but an origin-independent * (which answers *, never an echo)", () => {
    for (const matcher of [{ prefix: "n" }, { regex: "null|https://a\\.example" }] as const) {
      expect(allows({ allowOrigins: [matcher] }, "null")).toBe(false);
    }
    expect(allows({ allowOrigins: ["*"], allowCredentials: true, dangerouslyAllowAnyOriginWithCredentials: true }, "null")).toBe(false);
    for (const matcher of ["*", { exact: "*" }] as const) {
      const decision = evaluate({ method: "GET", headers: { origin: "null" } }, createPolicy({ allowOrigins: [matcher] }));
      expect(decision.headers).toEqual({ "access-control-allow-origin": "*" });
    }
  });

  it("20 000 exact origins: the last is found, its neighbour is not", () => {
    const many = Array.from({ length: 20_000 }, (_, index) => `https://h${index}.example`);
    const policy = createPolicy({ allowOrigins: many });
    expect(evaluate({ method: "GET", headers: { origin: "https://h19999.example" } }, policy).allowed).toBe(true);
    expect(evaluate({ method: "GET", headers: { origin: "https://h20000.example" } }, policy).allowed).toBe(false);
  });
});

describe("near-miss hints", () => {
  const hint = (allowOrigins: CorsPolicyConfig["allowOrigins"], origin: string) =>
    evaluate({ method: "GET", headers: { origin } }, createPolicy({ allowOrigins })).reason?.hint;

  it.each([
    [[APP], "https://APP.example.com", `the letter case differs (browsers send lower case): the policy allows ${APP}`],
    [[APP], "http://app.example.com", `the scheme differs: the policy allows ${APP}`],
    [["http://app.example.com"], "https://app.example.com", "the scheme differs: the policy allows http://app.example.com"],
    [[APP], "https://www.app.example.com", `the www. differs (the policy has no www.): the policy allows ${APP}`],
    [["https://www.example.com"], "https://example.com", "the www. differs (the policy has www.): the policy allows https://www.example.com"],
    [[APP], "https://app.example.com:8443", `the port differs: the policy allows ${APP}`],
    [["https://app.example.com:8443"], APP, "the port differs: the policy allows https://app.example.com:8443"],
    [["https://app.example.com:8443"], "https://app.example.com:9443", "the port differs: the policy allows https://app.example.com:8443"],
    [["http://[::1]:3000"], "https://[::1]:3000", "the scheme differs: the policy allows http://[::1]:3000"],
    [["wss://app.example.com"], "wss://www.app.example.com", "the www. differs (the policy has no www.): the policy allows wss://app.example.com"],
  ])("%j, %s", (allowOrigins, origin, expected) => {
    expect(hint(allowOrigins, origin)).toBe(expected);
  });

  it("no near miss: the generic hint", () => {
    expect(hint([APP], "https://other.example")).toBe('if this origin should have access, add "https://other.example" to allowOrigins');
    expect(hint(["https://*.example.com"], "https://example.org")).toBe('if this origin should have access, add "https://example.org" to allowOrigins');
    expect(hint(["ftp://app.example.com"], "sftp://app.example.com")).toBe('if this origin should have access, add "sftp://app.example.com" to allowOrigins');
  });

  it("scans for a port difference only in small policies", () => {
    const small = Array.from({ length: 63 }, (_, index) => `https://h${index}.example`).concat("https://app.example.com:8443");
    expect(hint(small, APP)).toBe("the port differs: the policy allows https://app.example.com:8443");
    const large = Array.from({ length: 64 }, (_, index) => `https://h${index}.example`).concat("https://app.example.com:8443");
    expect(hint(large, APP)).toBe(`if this origin should have access, add "${APP}" to allowOrigins`);
  });
});

describe("origins written in a policy", () => {
  const issue = (origin: string) => onlyIssue({ allowOrigins: [origin] });

  it.each([
    [" https://app.example.com", "it contains white space", "https://app.example.com"],
    ["https://app .example.com", "it contains white space", undefined],
    ["", "it is empty", undefined],
    ["app.example.com", "it has no scheme (an origin looks like https://app.example.com)", "https://app.example.com"],
    ["App.Example.com:8080", "it has no scheme (an origin looks like https://app.example.com)", "https://app.example.com:8080"],
    ["/app", "it has no scheme (an origin looks like https://app.example.com)", undefined],
    ["1http://app.example.com", '"1http" is not a URL scheme', undefined],
    ["file://host", "file: pages have the opaque origin null, which corsgate never allows", undefined],
    ["https://[::1", "its IPv6 address has no closing bracket", undefined],
    ["https://[::1]x", "unexpected characters after the IPv6 address", undefined],
    ["https://[::1]:", "its port is empty", undefined],
    ["https://app.example.com:", "its port is empty", undefined],
    ["https://[zz]", '"[zz]" is not an IPv6 address', undefined],
    ["https://:8080", "its host is empty", undefined],
    ["https://app.example.com:0", 'its port "0" is not a number from 1 to 65535', undefined],
    ["https://app.example.com:65536", 'its port "65536" is not a number from 1 to 65535', undefined],
    ["https://app.example.com:80a", 'its port "80a" is not a number from 1 to 65535', undefined],
    ["https://app.*.com", "* may only stand for whole labels at the start of the host, as in https://*.example.com", undefined],
    ["https://*app.example.com", "* may only stand for whole labels at the start of the host, as in https://*.example.com", undefined],
    ["wss://*.example.com", "patterns with * are only allowed for http and https origins", undefined],
    ["https://app..example.com", "its host has an empty label", undefined],
    ["https://app_1.example.com", '"app_1.example.com" is not a valid host name', undefined],
    ["https://user@app.example.com", "it contains user information (an origin never does)", "https://app.example.com"],
    ["https://app.example.com/login", "it has a path, query or fragment (an origin is only scheme://host[:port])", "https://app.example.com"],
    ["https://App.example.com?x", "it has a path, query or fragment (an origin is only scheme://host[:port])", "https://app.example.com"],
    ["https://app.example.com#x", "it has a path, query or fragment (an origin is only scheme://host[:port])", "https://app.example.com"],
  ])("origin-invalid: %j", (origin, why, hint) => {
    expect(issue(origin)).toEqual({
      code: "origin-invalid",
      path: "allowOrigins[0]",
      message: `${JSON.stringify(origin)} is not an origin: ${why}`,
      ...(hint === undefined ? {} : { hint: `did you mean ${hint}?` }),
    });
  });

  it("origin-invalid for exact-only forms in an { exact } matcher", () => {
    expect(onlyIssue({ allowOrigins: [{ exact: "https://*.example.com" }] }).message).toBe('"https://*.example.com" is not an origin: * is only allowed in a pattern string');
    expect(onlyIssue({ allowOrigins: [{ exact: "http://localhost:*" }] }).message).toBe('"http://localhost:*" is not an origin: a port of * is only allowed in a pattern string');
    expect(onlyIssue({ allowOrigins: [{ exact: "http://localhost:*" }] }).path).toBe("allowOrigins[0].exact");
  });

  it("an over-long origin is refused unread", () => {
    const long = `https://${"a".repeat(2100)}.example`;
    expect(issue(long).message).toBe(`${JSON.stringify(`${long.slice(0, 120)}…`)} is not an origin: it is longer than 2048 characters`);
  });

  it.each([
    ["HTTPS://app.example.com", "its scheme has upper-case letters", "https://app.example.com"],
    ["https://App.example.com", "its host has upper-case letters (browsers send lower case)", "https://app.example.com"],
    ["https://app.example.com/", "it ends with a slash", "https://app.example.com"],
    ["https://app.example.com:443", ":443 is the default port for https, which browsers leave out", "https://app.example.com"],
    ["http://app.example.com:80", ":80 is the default port for http, which browsers leave out", "http://app.example.com"],
    ["wss://app.example.com:443", ":443 is the default port for wss, which browsers leave out", "wss://app.example.com"],
    ["ws://app.example.com:80", ":80 is the default port for ws, which browsers leave out", "ws://app.example.com"],
    ["https://app.example.com:0443", "its port has leading zeros", "https://app.example.com"],
    ["https://app.example.com:08443", "its port has leading zeros", "https://app.example.com:8443"],
    ["https://bücher.example", "its host is not ASCII (browsers send the punycode form)", "https://xn--bcher-kva.example"],
    ["https://*.Example.com", "its host has upper-case letters (browsers send lower case)", "https://*.example.com"],
    ["HTTPS://[::1]", "its scheme has upper-case letters", "https://[::1]"],
  ])("origin-noncanonical: %j", (origin, why, canonical) => {
    expect(issue(origin)).toEqual({
      code: "origin-noncanonical",
      path: "allowOrigins[0]",
      message: `${JSON.stringify(origin)} is not how a browser writes an origin: ${why}`,
      hint: `did you mean ${canonical}?`,
    });
  });

  it("ignoreCase accepts upper case in an exact origin, not a default port", () => {
    expect(issuesOf({ allowOrigins: [{ exact: "HTTPS://App.Example.com", ignoreCase: true }] })).toEqual([]);
    expect(onlyIssue({ allowOrigins: [{ exact: "https://app.example.com:443", ignoreCase: true }] }).code).toBe("origin-noncanonical");
  });

  it.each([
    ["chrome-extension://abcdefghijklmnop"],
    ["https://xn--bcher-kva.example"],
    ["https://[2001:db8::1]:8443"],
    ["http://127.0.0.1:3000"],
    ["https://a-b.c-d.example"],
  ])("accepts %s", (origin) => {
    expect(issuesOf({ allowOrigins: [origin] })).toEqual([]);
    expect(allows({ allowOrigins: [origin] }, origin)).toBe(true);
  });

  it("origin-null and wildcard-mixed", () => {
    expect(onlyIssue({ allowOrigins: ["null"] })).toEqual({
      code: "origin-null",
      path: "allowOrigins[0]",
      message: '"null" is the origin of every sandboxed iframe, file: page and redirected request; allowing it allows them all',
      hint: "remove it, and give the page a real origin",
    });
    expect(onlyIssue({ allowOrigins: [{ exact: "null" }] }).path).toBe("allowOrigins[0].exact");
    expect(onlyIssue({ allowOrigins: [APP, { exact: "*" }] })).toEqual({
      code: "wildcard-mixed",
      path: "allowOrigins[1]",
      message: '"*" already allows every origin; listing others beside it is a mistake',
      hint: 'remove "*" to allow only the listed origins, or keep "*" alone',
    });
    expect(onlyIssue({ allowOrigins: [] })).toEqual({
      code: "origins-missing",
      path: "allowOrigins",
      message: "allowOrigins is required and must list at least one origin; corsgate has no allow-all default",
      hint: 'list the origins that may read responses, e.g. ["https://app.example.com"]',
    });
    expect(onlyIssue({}).code).toBe("origins-missing");
  });

  it("matcher objects: exactly one kind, known fields, right types", () => {
    expect(onlyIssue({ allowOrigins: [{}] })).toEqual({ code: "type-invalid", path: "allowOrigins[0]", message: "an origin matcher needs one of exact, prefix or regex" });
    expect(onlyIssue({ allowOrigins: [{ exact: APP, prefix: APP }] })).toEqual({
      code: "type-invalid",
      path: "allowOrigins[0]",
      message: "an origin matcher takes exactly one of exact, prefix or regex, not exact and prefix",
    });
    expect(onlyIssue({ allowOrigins: [7] })).toEqual({ code: "type-invalid", path: "allowOrigins[0]", message: "an origin must be a string or { exact | prefix | regex }, not the number 7" });
    expect(onlyIssue({ allowOrigins: [[APP]] }).message).toBe("an origin must be a string or { exact | prefix | regex }, not an array");
    expect(onlyIssue({ allowOrigins: [{ exact: APP, ignorecase: true }] })).toEqual({
      code: "unknown-field",
      path: "allowOrigins[0].ignorecase",
      message: 'exact matchers have no field "ignorecase"',
      hint: "did you mean ignoreCase?",
    });
    expect(onlyIssue({ allowOrigins: [{ regex: "https://a\\.example", ignoreCase: true }] })).toEqual({
      code: "unknown-field",
      path: "allowOrigins[0].ignoreCase",
      message: 'regex matchers have no field "ignoreCase"',
      hint: "use the i flag: { regex: /…/i }",
    });
    expect(onlyIssue({ allowOrigins: [{ prefix: APP, flags: "i" }] })).toEqual({ code: "unknown-field", path: "allowOrigins[0].flags", message: 'prefix matchers have no field "flags"' });
    expect(onlyIssue({ allowOrigins: [{ exact: APP, ignoreCase: "yes" }] })).toEqual({
      code: "type-invalid",
      path: "allowOrigins[0].ignoreCase",
      message: 'ignoreCase must be true or false, not the string "yes"',
    });
    expect(onlyIssue({ allowOrigins: [{ prefix: 5 }] })).toEqual({ code: "type-invalid", path: "allowOrigins[0].prefix", message: "prefix must be a string, not the number 5" });
    expect(onlyIssue({ allowOrigins: [{ regex: 5 }] })).toEqual({ code: "type-invalid", path: "allowOrigins[0].regex", message: "regex must be a string or a RegExp, not the number 5" });
    // A matcher with a bad extra field is reported, and not kept.
    expect(issuesOf({ allowOrigins: [{ exact: "*", extra: 1 }], allowCredentials: true }).map((found) => found.code)).toEqual(["unknown-field"]);
  });
});

describe("credentials and origins", () => {
  it.each([
    ["*", "allowOrigins[0]"],
    [{ exact: "*" }, "allowOrigins[0]"],
    [{ prefix: "" }, "allowOrigins[0].prefix"],
    [{ prefix: "h" }, "allowOrigins[0].prefix"],
    [{ prefix: "HTTPS", ignoreCase: true }, "allowOrigins[0].prefix"],
    [{ prefix: "https://" }, "allowOrigins[0].prefix"],
    [{ regex: "https?://.*" }, "allowOrigins[0].regex"],
    [{ regex: "[a-z]+://[^/]+" }, "allowOrigins[0].regex"],
  ])("credentials-any-origin: %j", (matcher, path) => {
    expect(onlyIssue({ allowOrigins: [matcher], allowCredentials: true })).toEqual({
      code: "credentials-any-origin",
      path,
      message:
        "any origin together with allowCredentials: true lets every web site read responses as the signed-in user (and browsers refuse Access-Control-Allow-Origin: * with Access-Control-Allow-Credentials: true)",
      hint: 'list the trusted origins, e.g. ["https://app.example.com"], or a pattern such as "https://*.example.com"',
    });
  });

  it("a regex that misses one probe is not any-origin", () => {
    expect(issuesOf({ allowOrigins: [{ regex: "https://.*" }], allowCredentials: true })).toEqual([]);
    expect(issuesOf({ allowOrigins: [{ regex: "https?://[a-z.]+" }], allowCredentials: true })).toEqual([]);
  });

  it("the opt-in turns the error into a warning with its own message", () => {
    expect(warningsOf({ allowOrigins: [{ prefix: "https://" }], allowCredentials: true, dangerouslyAllowAnyOriginWithCredentials: true })).toEqual([
      {
        code: "credentials-any-origin",
        path: "allowOrigins[0].prefix",
        message:
          "any origin is allowed together with credentials (opted into with dangerouslyAllowAnyOriginWithCredentials): every web site can read credentialed responses, as the signed-in user",
        hint: 'list the trusted origins, e.g. ["https://app.example.com"], or a pattern such as "https://*.example.com"',
      },
    ]);
    expect(warningsOf({ allowOrigins: ["*"], dangerouslyAllowAnyOriginWithCredentials: true })).toEqual([]);
  });

  it.each([
    ["http://app.example.com", "https://app.example.com"],
    ["http://*.example.com", "https://*.example.com"],
    ["http://app.example.com:8080", "https://app.example.com:8080"],
    ["http://*.example.com:*", "https://*.example.com:*"],
  ])("credentials-insecure-origin: %s", (origin, secure) => {
    expect(onlyIssue({ allowOrigins: [origin], allowCredentials: true })).toEqual({
      code: "credentials-insecure-origin",
      path: "allowOrigins[0]",
      message: `${JSON.stringify(origin)} is plain http, so anyone on the network can impersonate it and read credentialed responses`,
      hint: `did you mean ${secure}?`,
    });
  });

  it("plain http to a prefix host, with credentials", () => {
    expect(onlyIssue({ allowOrigins: [{ prefix: "http://App.example.com:", ignoreCase: true }], allowCredentials: true })).toMatchObject({
      code: "credentials-insecure-origin",
      path: "allowOrigins[0].prefix",
      hint: "did you mean https://app.example.com?",
    });
    expect(issuesOf({ allowOrigins: [{ prefix: "http://localhost:" }], allowCredentials: true })).toEqual([]);
  });

  it.each(["http://localhost", "http://localhost:3000", "http://app.localhost:1", "http://127.0.0.1", "http://127.255.0.9:8080", "http://[::1]:5173", "http://localhost:*"])(
    "loopback over http is fine with credentials: %s",
    (origin) => {
      expect(issuesOf({ allowOrigins: [origin], allowCredentials: true })).toEqual([]);
    },
  );

  it("http://127.0.0 is what browsers write as 127.0.0.0: origin-noncanonical first", () => {
    expect(onlyIssue({ allowOrigins: ["http://127.0.0"], allowCredentials: true })).toMatchObject({ code: "origin-noncanonical", hint: "did you mean http://127.0.0.0?" });
  });

  it.each(["http://128.0.0.1", "http://localhost.evil", "http://[::2]"])("not loopback: %s", (origin) => {
    expect(onlyIssue({ allowOrigins: [origin], allowCredentials: true }).code).toBe("credentials-insecure-origin");
  });
});

describe("prefixes", () => {
  it.each([
    ["https://app.example.com:", true, true],
    ["https://app.example.com:8", true, true],
    ["https://[::1]", true, true],
    ["https://[::1]:", true, true],
    ["https://app.example.com", true, false],
    ["https://app", true, false],
    ["http", true, false],
    ["https:/", true, false],
    ["https://[::1", true, false],
    ["a+b.c-d://x", true, false],
    ["", true, false],
    ["https://app.example.com/", false, false],
    ["https:x", false, false],
    ["1https://", false, false],
    ["https://[::1]x", false, false],
    ["https://app.example.com:123456", false, false],
    ["https://app.example.com:8a", false, false],
    ["https://:80", false, false],
    ["https://[::g]", false, false],
    ["https://a b", false, false],
    [":", false, false],
  ])("%j: can start an origin %s, ends at a boundary %s", (prefix, canStart, complete) => {
    const facts = analyzePrefix(prefix);
    expect([facts.canStartAnOrigin, facts.hostIsComplete]).toEqual([canStart, complete]);
  });

  it("matchesAnyOrigin: a prefix of http:// or https://, in any case", () => {
    for (const prefix of ["", "h", "HTTP", "https:", "http://", "https://"]) expect(analyzePrefix(prefix).matchesAnyOrigin).toBe(true);
    for (const prefix of ["https://a", "ftp", "http:/x"]) expect(analyzePrefix(prefix).matchesAnyOrigin).toBe(false);
  });

  it("prefix-unbounded: the warning says what else it matches and how to end it", () => {
    expect(warningsOf({ allowOrigins: [{ prefix: "https://app.example.com" }] })).toEqual([
      {
        code: "prefix-unbounded",
        path: "allowOrigins[0].prefix",
        message: 'the prefix "https://app.example.com" does not end at an origin boundary: it also matches "https://app.example.com.evil.net" and other hosts',
        hint: 'list the origin and its ports instead: ["https://app.example.com", "https://app.example.com:*"]',
      },
    ]);
    expect(warningsOf({ allowOrigins: [{ prefix: "" }] })[0]?.message).toBe(
      'the prefix "" does not end at an origin boundary: it also matches "https://evil.net" and other hosts',
    );
    expect(warningsOf({ allowOrigins: [{ prefix: "https://" }] })[0]?.message).toContain('it also matches "https://" and other hosts');
    expect(onlyIssue({ allowOrigins: [{ prefix: "https://app.example.com" }], allowCredentials: true }).code).toBe("prefix-unbounded");
  });

  it("origin-invalid and origin-noncanonical for prefixes", () => {
    expect(onlyIssue({ allowOrigins: [{ prefix: "https://app.example.com/" }] })).toEqual({
      code: "origin-invalid",
      path: "allowOrigins[0].prefix",
      message: 'no origin starts with "https://app.example.com/": an origin is scheme://host[:port], with no path, white space or user information',
    });
    expect(onlyIssue({ allowOrigins: [{ prefix: "https://App." }] })).toEqual({
      code: "origin-noncanonical",
      path: "allowOrigins[0].prefix",
      message: '"https://App." has upper-case letters, but browsers send origins in lower case, so it never matches',
      hint: "did you mean https://app.?",
    });
    expect(issuesOf({ allowOrigins: [{ prefix: "https://App.", ignoreCase: true }] })).toEqual([]);
    expect(createPolicy({ allowOrigins: [{ prefix: "https://App.", ignoreCase: true }] }).config.allowOrigins).toEqual([{ prefix: "https://App.", ignoreCase: true }]);
  });
});

describe("canonical forms (config time)", () => {
  it("canonicalHost lower-cases ASCII and punycodes the rest", () => {
    expect(canonicalHost("App.Example.COM")).toBe("app.example.com");
    expect(canonicalHost("Bücher.example")).toBe("xn--bcher-kva.example");
  });
  it("defaultPort", () => {
    expect([defaultPort("https"), defaultPort("wss"), defaultPort("http"), defaultPort("ws"), defaultPort("ftp")]).toEqual(["443", "443", "80", "80", undefined]);
  });
  it("isLoopbackHost", () => {
    for (const host of ["localhost", "a.localhost", "[::1]", "127.0.0.1", "127.12.34.56"]) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ["localhost.com", "alocalhost", "[::2]", "127.0.0.1.evil", "127.0.0.1234", "x127.0.0.1"]) expect(isLoopbackHost(host)).toBe(false);
  });
});
