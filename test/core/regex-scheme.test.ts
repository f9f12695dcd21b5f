/**
 * regexMayMatchInsecureHttp reads a regex source only as far as it must to prove that no plain-http, non-loopback
 * origin can match; anything it cannot read is "may match" (the warning). These cases pin how it cuts the source:
 * a `|` inside a class, an escape or a group is not a top-level alternative, and a group is looked into only when
 * it is the whole alternative.
 */
import { describe, expect, it } from "vitest";
import { httpsRegexHint, regexMayMatchInsecureHttp } from "../../src/core/origin/regex-scheme.js";

const cases: readonly (readonly [string, boolean])[] = [
  ["https://a\\.example\\.com", false],
  ["http://a\\.example\\.com", true],
  ["https://a\\.example\\.com[|]http://evil", false],
  ["https://a[^|]b|https://c\\.example", false],
  ["https://a[\\]|]b", false],
  ["https://a\\|http://b", false],
  ["https://a[]|http://b", true],
  ["(https://a|https://b)", false],
  ["(?:https://a|https://b)$", false],
  ["(https://a|http://b)", true],
  ["(https://a)x", true],
  ["(https://a)(http://b)", true],
  ["(?=https)https://a", true],
  ["(((https://a)))", false],
  ["((((https://a))))", false],
  ["(((((https://a)))))", true],
  ["^(https://a|http://localhost:[0-9]+)$", false],
  // Documented false warning: an optional port group after a loopback host is not looked into.
  ["^(https://a|http://localhost(:[0-9]+)?)$", true],
];

describe("regexMayMatchInsecureHttp", () => {
  for (const [source, may] of cases) {
    it(`${source} → ${may ? "may match plain http" : "cannot match plain http"}`, () => {
      expect(regexMayMatchInsecureHttp(source)).toBe(may);
    });
  }
});

describe("httpsRegexHint", () => {
  it("rewrites a single http alternative to https, keeping a leading ^", () => {
    expect(httpsRegexHint("^http://a\\.example\\.com")).toBe("^https://a\\.example\\.com");
    expect(httpsRegexHint("http://a\\.example\\.com")).toBe("https://a\\.example\\.com");
  });
  it("gives no hint for several alternatives, or a source that does not start with http", () => {
    expect(httpsRegexHint("http://a\\.com|https://b\\.com")).toBeUndefined();
    expect(httpsRegexHint("https://a\\.com")).toBeUndefined();
  });
});
