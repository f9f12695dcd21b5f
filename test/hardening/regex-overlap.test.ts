import { describe, expect, it } from "vitest";
import { findOverlappingRepetition } from "../../src/core/origin/regex-overlap.js";
import { issuesOf } from "./helpers.js";

/**
 * The second regex-unsafe rule: two variable repetitions (`?`, `*`, `+`, `{m,n}` with n > m) that can match the
 * same character, with nothing mandatory between them that could stop them trading it. Each row is a pattern and
 * whether the rule refuses it; the character classes, escapes and groups are all read over ASCII.
 */
const refused: readonly (readonly [string, string?])[] = [
  [".*.*"],
  ["a*a*"],
  ["a?a?"],
  ["a+b?a+"],
  ["[a-z]+[a-z0-9]*"],
  ["[a-z]{0,64}[a-z]{1,63}"],
  ["[^.]+[^/]+"],
  ["\\d+\\w*"],
  ["\\w+[0-9]+"],
  ["\\D+x*"],
  ["\\W+-+"],
  ["\\s*\\s*"],
  ["\\S+a+"],
  ["[\\d]+[5]+"],
  ["[\\w-]+-+"],
  ["[a\\-z]+-*"],
  ["\\x41+A*"],
  ["\\u0041+A*"],
  ["\\t+\\t+"],
  ["\\n?\\n?"],
  ["\\.+\\.+"],
  ["a+\\ba+"],
  ["a+^a+"],
  ["(?:ab)+b*"],
  ["(ab)*(ba)*"],
  ["(?<g>ab)+a*"],
  ["a+(?:x|y)a+"],
  ["a*?a+?"],
  ["a{2,}a{1,2}"],
  ["x|a+a+"],
  ["A+a+", "i"],
  ["[A-Z]+[a-z]+", "i"],
  ["é+é+"],
  ["\\p{L}+x+", "u"],
  ["\\u{61}+a+", "u"],
  ["[^a]+b+"],
  ["\\cA+\\cB+"],
];
const accepted: readonly (readonly [string, string?])[] = [
  ["a+b+"],
  ["[a-z]+\\.[a-z]+"],
  ["[a-z0-9-]{1,63}\\.example\\.com"],
  ["https?://"],
  ["(www\\.)?example\\.com"],
  ["a{3}a{2}"],
  ["a{2,2}a+"],
  ["a+-[a-z]+"],
  ["[a-z]+[0-9]+"],
  ["\\d+\\.\\d+"],
  ["\\d+[a-z]+"],
  ["\\s+\\S+"],
  ["x+y|y+x"],
  ["A+a+"],
  ["[^.]+\\.[^.]+"],
  ["[a-c]+[d-f]+"],
  ["\\x41+\\x42+"],
  ["a+\\-+"],
  ["(ab)+c+"],
  ["\\p{L}+x+"], // without u, \p is the letter p and {L} literal text
  ["\\u{61}+a+"],
  ["a*(?:b)c*"],
];

describe("regex-unsafe: overlapping variable repetitions", () => {
  const rows = (table: readonly (readonly [string, string?])[]) => table.map(([source, flags = ""]) => [source, flags] as [string, string]);

  it.each(rows(refused))("refuses %s (flags %j)", (source, flags) => {
    expect(findOverlappingRepetition(source, flags)).toMatch(/^two .* that can both match .+ with nothing mandatory between them/);
  });

  it.each(rows(accepted))("accepts %s (flags %j)", (source, flags) => {
    expect(findOverlappingRepetition(source, flags)).toBeUndefined();
  });

  it("names a printable character the two can share", () => {
    expect(findOverlappingRepetition("[a-c]+[c-e]+", "")).toContain('"c"');
    expect(findOverlappingRepetition("\\t+\\t+", "")).toContain("character 9");
  });

  it("createPolicy refuses with regex-unsafe and the pattern hint where it fits", () => {
    const issues = issuesOf({ allowOrigins: [{ regex: "https://[a-z0-9-]+[a-z0-9]*\\.example\\.com" }] });
    expect(issues.map((issue) => [issue.code, issue.path])).toEqual([["regex-unsafe", "allowOrigins[0].regex"]]);
    expect(issuesOf({ allowOrigins: [{ regex: "https://[a-z0-9-]+\\.example\\.com" }] })).toEqual([]);
  });
});
