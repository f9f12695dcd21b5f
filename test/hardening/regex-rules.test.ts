import { describe, expect, it } from "vitest";
import { findUnescapedHostDot, findUnsafeConstruct, suggestPattern } from "../../src/core/origin/regex-safety.js";
import { onlyIssue, warningsOf, issuesOf } from "./helpers.js";

describe("regex-unsafe: the fixed rule of SPEC §1.2", () => {
  it.each([
    ["(a+)+", "a quantifier applied to a group that itself contains a quantifier"],
    ["(?:a*)*", "a quantifier applied to a group that itself contains a quantifier"],
    ["(a{2})+", "a quantifier applied to a group that itself contains a quantifier"],
    ["((a)+b)+", "a quantifier applied to a group that itself contains a quantifier"],
    ["(?<name>a+){2,}", "a quantifier applied to a group that itself contains a quantifier"],
    ["(a|b)*", "a quantifier applied to a group that contains an alternation"],
    ["(?:x(a|b))?", "a quantifier applied to a group that contains an alternation"],
    ["(a|b){1,3}", "a quantifier applied to a group that contains an alternation"],
    ["(a)\\1", "a backreference"],
    ["(?<n>a)\\k<n>", "a backreference"],
    ["a(?=b)", "a lookaround"],
    ["a(?!b)", "a lookaround"],
    ["(?<=a)b", "a lookaround"],
    ["(?<!a)b", "a lookaround"],
  ])("%s: %s", (source, reason) => {
    expect(findUnsafeConstruct(source)).toBe(reason);
  });

  it.each([
    "https://app\\.example\\.com",
    "a+b*c?d{2}e{2,}f{2,5}",
    "(ab)+",
    "(?:ab){2}",
    "(a|b)",
    "(a+)",
    "[(a+)+]",
    "[\\]a+]+",
    "[]a]+",
    "[^]a]+",
    "\\(a+\\)+",
    "\\u{1F600}+",
    "\\p{L}+",
    "\\P{L}+",
    "a{,2}+",
    "(a)\\0",
    "x(?<name>ab)+",
    "(a+?)",
    "a|b|c",
    "\\d+(?:\\.x)?",
  ])("%s is not refused by the fixed rule", (source) => {
    expect(findUnsafeConstruct(source)).toBeUndefined();
  });

  it("\\p{ \\P{ and \\u{ are escapes only with the u flag: without it, what follows the brace is pattern", () => {
    // Read without u, "https://\\p{|(a+)+}" is https://p{ | (a+)+} — exponential on an Origin such as aaaa…a://x.
    for (const regex of ["https://\\p{|(a+)+}", "https://\\P{|(a+)+}", "https://\\u{|(a|aa)+}"]) {
      expect(issuesOf({ allowOrigins: [{ regex }] }).map((issue) => issue.code), regex).toEqual(["regex-unsafe"]);
    }
    expect(issuesOf({ allowOrigins: [{ regex: /https:\/\/\p{L}+\.example\.com/u }] })).toEqual([]);
  });

  it("[^] closes a class in JavaScript (it is any character), so what follows is pattern", () => {
    // "https://[^](a+)+]" is any character, then (a+)+, then a literal ] — exponential on https://xaaaa…a.
    expect(issuesOf({ allowOrigins: [{ regex: "https://[^](a+)+]" }] }).map((issue) => issue.code)).toEqual(["regex-unsafe"]);
    expect(findUnsafeConstruct("[^](a+)+]")).toBe("a quantifier applied to a group that itself contains a quantifier");
  });

  it("unbalanced parentheses do not crash the scan", () => {
    expect(findUnsafeConstruct(")a+)+")).toBe("a quantifier applied to a group that itself contains a quantifier");
  });

  it("the error names the construct and suggests the pattern form when it fits", () => {
    expect(onlyIssue({ allowOrigins: [{ regex: "https://([a-z0-9-]+\\.)+example\\.com" }] })).toEqual({
      code: "regex-unsafe",
      path: "allowOrigins[0].regex",
      message: expect.stringContaining("the regex contains a quantifier applied to a group that itself contains a quantifier, which can make matching take more than linear time on a hostile Origin"),
      hint: 'use the pattern "https://*.example.com" instead',
    });
    expect(onlyIssue({ allowOrigins: [{ regex: "https://(a)\\1" }] })).toEqual({
      code: "regex-unsafe",
      path: "allowOrigins[0].regex",
      message: expect.stringContaining("the regex contains a backreference"),
      hint: "rewrite it without nested quantifiers, alternation under a quantifier, backreferences or lookaround",
    });
  });
});

describe("suggestPattern", () => {
  it.each([
    ["https://([a-z0-9-]+\\.)+example\\.com", "https://*.example.com"],
    ["^https://([a-z]+\\.)*Example\\.COM$", "https://*.example.com"],
    ["http://(a+)+example\\.org", "http://*.example.org"],
    ["https?://([a-z]+\\.)+example\\.com", "https://*.example.com"],
  ])("%s → %s", (source, pattern) => {
    expect(suggestPattern(source)).toBe(pattern);
  });

  it.each(["https://([a-z]+\\.)+com", "ftp://(a+)+example\\.com", "https://(a+)+", "nothing"])("%s has no pattern form", (source) => {
    expect(suggestPattern(source)).toBeUndefined();
  });
});

describe("regex-unescaped-dot", () => {
  it.each([
    ["https://app.example\\.com", 11],
    ["https://app\\.example.com", 20],
    ["a.b", 1],
  ])("%s: the dot at %i", (source, position) => {
    expect(findUnescapedHostDot(source)).toBe(position);
  });

  it.each(["https://app\\.example\\.com", "https://[a.b]x", "https://.*\\.example\\.com", "a.", ".a", "a\\.b", "https://[^.]+\\.com", "[\\].]a.b"])(
    "%s has no unescaped host dot",
    (source) => {
      expect(findUnescapedHostDot(source)).toBe(source === "[\\].]a.b" ? 6 : -1);
    },
  );

  it("the warning shows the escaped form", () => {
    expect(warningsOf({ allowOrigins: [{ regex: "https://app.example\\.com" }] })).toEqual([
      {
        code: "regex-unescaped-dot",
        path: "allowOrigins[0].regex",
        message: 'the "." at position 11 is not escaped, so it matches any character, not only the dot between host labels',
        hint: "did you mean https://app\\.example\\.com?",
      },
    ]);
  });
});

describe("regex-invalid and regex-flags", () => {
  it("empty, as a string or as a RegExp", () => {
    for (const regex of ["", new RegExp("")]) {
      expect(onlyIssue({ allowOrigins: [{ regex }] })).toEqual({ code: "regex-invalid", path: "allowOrigins[0].regex", message: "the regex is empty", hint: "list the origins instead" });
    }
  });

  it("does not compile", () => {
    const issue = onlyIssue({ allowOrigins: [{ regex: "https://(" }] });
    expect(issue.code).toBe("regex-invalid");
    expect(issue.message).toMatch(/^the regex does not compile: Invalid regular expression/);
  });

  it.each([
    [/a\.example/g, '"g"', "/a\\.example/"],
    [/a\.example/gi, '"g"', "/a\\.example/i"],
    [/a\.example/msu, '"ms"', "/a\\.example/u"],
    [/a\.example/y, '"y"', "/a\\.example/"],
  ])("%s", (regex, flags, fixed) => {
    expect(onlyIssue({ allowOrigins: [{ regex }] })).toEqual({
      code: "regex-flags",
      path: "allowOrigins[0].regex",
      message: `the flags ${flags} change how a regex matches state or lines; only i and u are allowed`,
      hint: `use ${fixed}`,
    });
  });

  it("i and u are fine, and a RegExp from another realm counts as one", async () => {
    expect(issuesOf({ allowOrigins: [{ regex: /https:\/\/a\.example/iu }] })).toEqual([]);
    const { runInNewContext } = await import("node:vm");
    const foreign = runInNewContext("/https:\\/\\/a\\.example/i") as RegExp;
    expect(foreign instanceof RegExp).toBe(false);
    expect(issuesOf({ allowOrigins: [{ regex: foreign }] })).toEqual([]);
  });
});
