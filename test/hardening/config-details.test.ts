import { describe, expect, it } from "vitest";
import { createPolicy, CorsConfigError, isCorsConfigError } from "../../src/index.js";
import { APP, issuesOf, onlyIssue, warningsOf } from "./helpers.js";

const origins = [APP];

describe("CorsConfigError", () => {
  it("formats one line per issue: path (or (policy)), message, hint in parentheses, code in brackets", () => {
    const error = new CorsConfigError([
      { code: "type-invalid", path: "", message: "m1" },
      { code: "origin-null", path: "allowOrigins[0]", message: "m2", hint: "h2" },
    ]);
    expect(error.message).toBe("corsgate: 2 problems in the CORS policy\n  - (policy): m1 [type-invalid]\n  - allowOrigins[0]: m2 (h2) [origin-null]");
    expect(error.name).toBe("CorsConfigError");
    expect(error).toBeInstanceOf(Error);
    expect(new CorsConfigError([{ code: "x", path: "p", message: "m" }]).message).toBe("corsgate: 1 problem in the CORS policy\n  - p: m [x]");
  });

  it("freezes and copies its issues", () => {
    const issue = { code: "x", path: "p", message: "m" };
    const error = new CorsConfigError([issue]);
    issue.message = "changed";
    expect(error.issues[0]?.message).toBe("m");
    expect(Object.isFrozen(error.issues)).toBe(true);
    expect(Object.isFrozen(error.issues[0])).toBe(true);
  });

  it("isCorsConfigError recognises only branded errors", () => {
    expect(isCorsConfigError(new CorsConfigError([]))).toBe(true);
    for (const value of [null, undefined, "CorsConfigError", 1, new Error("x"), { name: "CorsConfigError", issues: [] }]) {
      expect(isCorsConfigError(value)).toBe(false);
    }
  });
});

describe("type-invalid messages describe what was given", () => {
  it.each([
    [null, "createPolicy takes a policy object such as { allowOrigins: [\"https://app.example.com\"] }, not null"],
    [[], "createPolicy takes a policy object such as { allowOrigins: [\"https://app.example.com\"] }, not an array"],
    ["x", 'createPolicy takes a policy object such as { allowOrigins: ["https://app.example.com"] }, not the string "x"'],
    [5, "createPolicy takes a policy object such as { allowOrigins: [\"https://app.example.com\"] }, not the number 5"],
    [undefined, "createPolicy takes a policy object such as { allowOrigins: [\"https://app.example.com\"] }, not undefined"],
  ])("createPolicy(%j)", (config, message) => {
    expect(onlyIssue(config)).toEqual({ code: "type-invalid", path: "", message });
  });

  it("long strings are cut at 80 characters", () => {
    const long = "y".repeat(90);
    expect(onlyIssue({ allowOrigins: origins, unmatchedPreflights: long }).message).toBe(
      `unmatchedPreflights must be "reject" or "forward", not the string ${JSON.stringify(`${"y".repeat(80)}…`)}`,
    );
  });

  it.each([
    [{ allowCredentials: "true" }, "allowCredentials", 'allowCredentials must be true or false, not the string "true"', "did you mean true (without quotes)?"],
    [{ allowPrivateNetwork: "false" }, "allowPrivateNetwork", 'allowPrivateNetwork must be true or false, not the string "false"', "did you mean false (without quotes)?"],
    [{ dangerouslyAllowAnyOriginWithCredentials: 1 }, "dangerouslyAllowAnyOriginWithCredentials", "dangerouslyAllowAnyOriginWithCredentials must be true or false, not the number 1", undefined],
    [{ unmatchedPreflights: "IGNORE" }, "unmatchedPreflights", 'unmatchedPreflights must be "reject" or "forward", not the string "IGNORE"', 'did you mean "reject"?'],
    [{ unmatchedPreflights: "Forward" }, "unmatchedPreflights", 'unmatchedPreflights must be "reject" or "forward", not the string "Forward"', 'did you mean "forward"?'],
    [{ unmatchedPreflights: "REJECT" }, "unmatchedPreflights", 'unmatchedPreflights must be "reject" or "forward", not the string "REJECT"', 'did you mean "reject"?'],
    [{ unmatchedPreflights: "drop" }, "unmatchedPreflights", 'unmatchedPreflights must be "reject" or "forward", not the string "drop"', undefined],
    [{ unmatchedPreflights: 3 }, "unmatchedPreflights", 'unmatchedPreflights must be "reject" or "forward", not the number 3', undefined],
    [{ preflightStatus: 201 }, "preflightStatus", "preflightStatus must be 200 or 204, not the number 201", undefined],
    [{ preflightStatus: "204" }, "preflightStatus", 'preflightStatus must be 200 or 204, not the string "204"', undefined],
    [{ maxAge: true }, "maxAge", 'maxAge must be a number of seconds or a duration string such as "24h", not true', undefined],
    [{ allowMethods: "PUT" }, "allowMethods", 'allowMethods must be a list of strings, not the string "PUT"', undefined],
    [{ allowHeaders: {} }, "allowHeaders", "allowHeaders must be a list of strings, not an object", undefined],
  ])("%j", (fields, path, message, hint) => {
    expect(onlyIssue({ allowOrigins: origins, ...fields })).toEqual({ code: "type-invalid", path, message, ...(hint === undefined ? {} : { hint }) });
  });

  it("a list element of the wrong type", () => {
    expect(onlyIssue({ allowOrigins: origins, exposeHeaders: ["x-a", 3] })).toEqual({ code: "type-invalid", path: "exposeHeaders[1]", message: "must be a string, not the number 3" });
    expect(onlyIssue({ allowOrigins: "https://app.example.com" })).toEqual({
      code: "type-invalid",
      path: "allowOrigins",
      message: 'allowOrigins must be a list, not the string "https://app.example.com"',
    });
  });
});

describe("unknown-field hints (closest field name)", () => {
  it.each([
    ["allowOrigin", "allowOrigins"],
    ["allowcredentials", "allowCredentials"],
    ["maxage", "maxAge"],
    ["allowCredentails", "allowCredentials"],
    ["preflightStatuss", "preflightStatus"],
  ])("%s → %s", (field, suggestion) => {
    const issue = issuesOf({ allowOrigins: origins, [field]: true }).find((candidate) => candidate.code === "unknown-field");
    expect(issue).toEqual({
      code: "unknown-field",
      path: field,
      message: `${JSON.stringify(field)} is not a policy field (a typo here could silently widen or narrow the policy)`,
      hint: `did you mean ${suggestion}?`,
    });
  });

  it.each(["zzz", "cors"])("no hint for %s, which is not close to any field", (field) => {
    expect(issuesOf({ allowOrigins: origins, [field]: true })[0]?.hint).toBeUndefined();
  });
});

describe("lists: normalization, hints and warnings", () => {
  it("upper-cases exactly the six Fetch methods, keeps others, removes duplicates", () => {
    const policy = createPolicy({ allowOrigins: origins, allowMethods: ["get", "Head", "post", "put", "delete", "options", "patch", "PATCH", "OPTIONSX", "put"] });
    expect(policy.config.allowMethods).toEqual(["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "patch", "PATCH", "OPTIONSX"]);
  });

  it("lower-cases header names and removes duplicates", () => {
    expect(createPolicy({ allowOrigins: origins, allowHeaders: ["X-A", "x-a", "Content-Type"] }).config.allowHeaders).toEqual(["x-a", "content-type"]);
    expect(createPolicy({ allowOrigins: origins, exposeHeaders: ["X-Id", "x-id"] }).config.exposeHeaders).toEqual(["x-id"]);
  });

  it.each([
    ["allowMethods", " PUT ", "method-invalid", '" PUT " is not a valid HTTP method (a token: letters, digits and !#$%&\'*+-.^_`|~)', 'did you mean "PUT"?'],
    ["allowMethods", "GET,POST", "method-invalid", '"GET,POST" is not a valid HTTP method (a token: letters, digits and !#$%&\'*+-.^_`|~)', undefined],
    ["allowHeaders", "x-a ", "header-invalid", '"x-a " is not a valid HTTP header name (a token: letters, digits and !#$%&\'*+-.^_`|~)', 'did you mean "x-a"?'],
    ["exposeHeaders", "", "header-invalid", '"" is not a valid HTTP header name (a token: letters, digits and !#$%&\'*+-.^_`|~)', undefined],
    ["exposeHeaders", "é", "header-invalid", '"é" is not a valid HTTP header name (a token: letters, digits and !#$%&\'*+-.^_`|~)', undefined],
  ])("%s %j", (field, value, code, message, hint) => {
    expect(onlyIssue({ allowOrigins: origins, [field]: ["x-ok", value] })).toEqual({ code, path: `${field}[1]`, message, ...(hint === undefined ? {} : { hint }) });
  });

  it.each(["CONNECT", "trace", "Track"])("method-forbidden %s", (method) => {
    expect(onlyIssue({ allowOrigins: origins, allowMethods: ["PUT", method] })).toEqual({
      code: "method-forbidden",
      path: "allowMethods[1]",
      message: `${method} is a forbidden method: browsers never send it, and allowing it only widens what the server accepts`,
      hint: "remove it",
    });
  });

  it.each(["Cookie", "host", "origin", "proxy-authorization", "Sec-Fetch-Mode", "access-control-request-method", "keep-alive", "via"])(
    "header-never-sent for %s",
    (header) => {
      expect(warningsOf({ allowOrigins: origins, allowHeaders: ["x-a", header] })).toEqual([
        {
          code: "header-never-sent",
          path: "allowHeaders[1]",
          message: `${header.toLowerCase()} is a forbidden request header: browsers set it themselves and never ask to send it, so listing it has no effect`,
          hint: "remove it",
        },
      ]);
    },
  );

  it("no warning for ordinary headers, nor for forbidden request headers in exposeHeaders", () => {
    expect(warningsOf({ allowOrigins: origins, allowHeaders: ["authorization", "x-proxy", "x-sec"], exposeHeaders: ["cookie"] })).toEqual([]);
  });

  it.each(["set-cookie", "Set-Cookie2"])("expose-never-readable for %s", (header) => {
    expect(warningsOf({ allowOrigins: origins, exposeHeaders: [header] })).toEqual([
      { code: "expose-never-readable", path: "exposeHeaders[0]", message: `${header.toLowerCase()} is never readable by scripts, exposed or not`, hint: "remove it" },
    ]);
    expect(warningsOf({ allowOrigins: origins, allowHeaders: [header] }).map((warning) => warning.code)).toEqual(header === "set-cookie" ? ["header-never-sent"] : []);
  });

  it.each([
    ["allowMethods", "method"],
    ["allowHeaders", "header"],
    ["exposeHeaders", "header"],
  ])("wildcard-mixed in %s names the position of *", (field, noun) => {
    expect(onlyIssue({ allowOrigins: origins, [field]: ["x-a", "*"] })).toEqual({
      code: "wildcard-mixed",
      path: `${field}[1]`,
      message: `"*" already means any ${noun}; listing others beside it is a mistake`,
      hint: 'remove "*" to allow only the listed ones, or keep "*" alone',
    });
  });

  it("[\"*\"] alone is any, and the normalized config says so", () => {
    const policy = createPolicy({ allowOrigins: origins, allowMethods: ["*"], allowHeaders: ["*"], exposeHeaders: ["*"] });
    expect(policy.config).toMatchObject({ allowMethods: ["*"], allowHeaders: ["*"], exposeHeaders: ["*"] });
  });

  it("credentials-expose-wildcard", () => {
    expect(onlyIssue({ allowOrigins: origins, allowCredentials: true, exposeHeaders: ["*"] })).toEqual({
      code: "credentials-expose-wildcard",
      path: "exposeHeaders[0]",
      message: 'with credentials, browsers read Access-Control-Expose-Headers: * as a header literally named "*", so nothing would be exposed',
      hint: "list the response headers scripts may read",
    });
  });
});

describe("maxAge: numbers and durations", () => {
  it.each([
    [0, 0],
    [600, 600],
    ["0s", 0],
    ["-0s", 0],
    ["3600s", 3600],
    ["10m", 600],
    ["1h30m", 5400],
    ["1.5h", 5400],
    [" 24h ", 86_400],
    ["1500ms", undefined],
    ["2000ms", 2],
    ["3000000us", 3],
    ["3000000µs", 3],
    ["4000000000ns", 4],
    ["1m0.5s", undefined],
    ["0.25m", 15],
  ])("%j → %j", (maxAge, seconds) => {
    if (seconds === undefined) {
      expect(onlyIssue({ allowOrigins: origins, maxAge })).toEqual({
        code: "maxage-invalid",
        path: "maxAge",
        message: `${JSON.stringify(maxAge)} is not a whole number of seconds (browsers take Access-Control-Max-Age in seconds)`,
      });
    } else {
      expect(createPolicy({ allowOrigins: origins, maxAge }).config.maxAge).toBe(seconds);
    }
  });

  it.each([
    [-1, undefined],
    [1.5, "did you mean 2?"],
    [0.2, "did you mean 1?"],
    [Number.NaN, undefined],
    [Number.POSITIVE_INFINITY, undefined],
    [Number.NEGATIVE_INFINITY, undefined],
  ])("number %s", (maxAge, hint) => {
    expect(onlyIssue({ allowOrigins: origins, maxAge })).toEqual({
      code: "maxage-invalid",
      path: "maxAge",
      message: expect.stringMatching(new RegExp(`^${String(maxAge)} is not a whole, non-negative`)),
      ...(hint === undefined ? {} : { hint }),
    });
  });

  it.each([
    ["600", 'did you mean "600s" (or the number 600)?'],
    ["", undefined],
    ["ten minutes", undefined],
    ["24H", undefined],
    ["1h 30m", undefined],
    ["h", undefined],
    ["1.h", undefined],
  ])("unparsable %j", (maxAge, hint) => {
    expect(onlyIssue({ allowOrigins: origins, maxAge })).toEqual({
      code: "maxage-invalid",
      path: "maxAge",
      message: `${JSON.stringify(maxAge)} is not a duration such as "3600s", "1h30m" or "24h"`,
      ...(hint === undefined ? {} : { hint }),
    });
  });

  it("negative durations; huge values are kept (browsers cap them) and sent in plain digits", async () => {
    expect(onlyIssue({ allowOrigins: origins, maxAge: "-5s" })).toEqual({ code: "maxage-invalid", path: "maxAge", message: '"-5s" is negative' });
    const { evaluate } = await import("../../src/index.js");
    for (const [maxAge, header] of [[2 ** 53, "9007199254740992"], [1e21, "1000000000000000000000"]] as const) {
      const policy = createPolicy({ allowOrigins: origins, maxAge });
      expect(policy.warnings.map((warning) => warning.hint)).toEqual(["maxAge: 86400"]);
      const decision = evaluate({ method: "OPTIONS", headers: { origin: APP, "access-control-request-method": "GET" } }, policy);
      expect(decision.headers["access-control-max-age"]).toBe(header);
    }
  });

  it.each([
    [7200, []],
    ["2h", []],
    [7201, []],
    [86_400, []],
    [
      86_401,
      [
        {
          code: "maxage-capped",
          path: "maxAge",
          message:
            "86401 s is above every browser's cap: WebKit (Safari) caches a preflight for at most 600 s, Chromium caches a preflight for at most 7200 s, Firefox caches a preflight for at most 86400 s",
          hint: "maxAge: 86400",
        },
      ],
    ],
  ])("caps: %j", (maxAge, warnings) => {
    expect(warningsOf({ allowOrigins: origins, maxAge })).toEqual(warnings);
  });

  it("the preflight carries Access-Control-Max-Age as whole seconds", async () => {
    const { evaluate } = await import("../../src/index.js");
    const decision = evaluate(
      { method: "OPTIONS", headers: { origin: APP, "access-control-request-method": "GET" } },
      createPolicy({ allowOrigins: origins, maxAge: "1h30m" }),
    );
    expect(decision.headers["access-control-max-age"]).toBe("5400");
  });
});

describe("the policy object", () => {
  it("is frozen through and through, warnings included", () => {
    const policy = createPolicy({ allowOrigins: [APP, { exact: "https://b.example", ignoreCase: true }, { regex: /https:\/\/c\.example/i }], allowHeaders: ["cookie"] });
    expect(Object.isFrozen(policy)).toBe(true);
    expect(Object.isFrozen(policy.config)).toBe(true);
    expect(Object.isFrozen(policy.config.allowOrigins)).toBe(true);
    expect(Object.isFrozen(policy.config.allowOrigins[1])).toBe(true);
    expect(Object.isFrozen(policy.config.allowMethods)).toBe(true);
    expect(Object.isFrozen(policy.config.allowHeaders)).toBe(true);
    expect(Object.isFrozen(policy.config.exposeHeaders)).toBe(true);
    expect(Object.isFrozen(policy.warnings)).toBe(true);
    expect(Object.isFrozen(policy.warnings[0])).toBe(true);
    expect(Object.keys(policy)).toEqual(["config", "warnings", "notices"]);
    expect(Object.isFrozen(policy.notices)).toBe(true);
  });

  it("defaults are filled in", () => {
    expect(createPolicy({ allowOrigins: origins }).config).toEqual({
      allowOrigins: origins,
      allowMethods: [],
      allowHeaders: [],
      exposeHeaders: [],
      allowCredentials: false,
      allowPrivateNetwork: false,
      unmatchedPreflights: "reject",
      preflightStatus: 204,
      dangerouslyAllowAnyOriginWithCredentials: false,
    });
  });

  it("keeps a regex with flags as a frozen copy, and one without flags as its source", () => {
    const regex = /https:\/\/c\.example/i;
    const policy = createPolicy({ allowOrigins: [{ regex }, { regex: /https:\/\/d\.example/ }] });
    const kept = policy.config.allowOrigins[0] as { regex: RegExp };
    expect(kept.regex).not.toBe(regex);
    expect([kept.regex.source, kept.regex.flags]).toEqual([regex.source, "i"]);
    expect(Object.isFrozen(kept.regex)).toBe(true);
    expect(policy.config.allowOrigins[1]).toEqual({ regex: "https:\\/\\/d\\.example" });
  });
});
