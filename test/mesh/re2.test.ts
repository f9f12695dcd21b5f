import { describe, expect, it } from "vitest";
import { javaScriptToRe2, re2ToJavaScript } from "../../src/mesh/index.js";

describe("RE2 → JavaScript", () => {
  it.each([
    ["plain pattern unchanged", "https://[a-z]+\\.example\\.com", "https://[a-z]+\\.example\\.com", ""],
    ["leading (?i) becomes the i flag", "(?i)https://app\\.example\\.com", "https://app\\.example\\.com", "i"],
    ["leading (?s) and (?m) are dropped (one-line values, whole match)", "(?sm)a.b", "a.b", ""],
    ["(?P<name> becomes (?<name>", "https://(?P<sub>[a-z]+)\\.example\\.com", "https://(?<sub>[a-z]+)\\.example\\.com", ""],
    ["(?<name> stays", "(?<sub>[a-z]+)", "(?<sub>[a-z]+)", ""],
    ["\\A and \\z become ^ and $", "\\Ahttps://a\\.com\\z", "^https://a\\.com$", ""],
    ["\\Q…\\E becomes escaped literals", "\\Qhttps://a.com\\E", "https://a\\.com", ""],
    ["\\x{41} becomes \\x41", "\\x{41}", "\\x41", ""],
    ["\\x{263a} becomes \\u263a", "\\x{263a}", "\\u263a", ""],
    ["octal \\101 becomes \\x41", "\\101", "\\x41", ""],
    ["\\a (bell) becomes \\x07", "\\a", "\\x07", ""],
    ["POSIX classes are written out", "[[:alpha:][:digit:]]+", "[A-Za-z0-9]+", ""],
    ["a leading ] in a class is a literal", "[]a]", "[\\]a]", ""],
    ["a brace that starts no repetition is a literal", "a{,3}", "a\\{,3\\}", ""],
    ["non-greedy quantifiers stay", "a+?b*?", "a+?b*?", ""],
    ["counted repetition stays", "[0-9]{2,4}", "[0-9]{2,4}", ""],
  ])("%s", (_name, re2, source, flags) => {
    const result = re2ToJavaScript(re2);
    expect(result).toMatchObject({ ok: true, source, flags });
    if (result.ok) expect(() => new RegExp(result.source, result.flags)).not.toThrow();
  });

  it("a translated pattern matches what RE2 would", () => {
    const result = re2ToJavaScript("(?i)\\Ahttps://(?P<sub>[[:alnum:]-]+)\\.example\\.com(:\\d{1,5})?\\z");
    if (!result.ok) throw new Error(result.message);
    const regex = new RegExp(`^(?:${result.source})$`, result.flags);
    expect(regex.test("HTTPS://App.Example.com:8443")).toBe(true);
    expect(regex.test("https://app.example.com.evil.net")).toBe(false);
  });

  it.each([
    ["\\C", "\\C", "regex-untranslatable"],
    ["a\\pN", "\\pN", "regex-untranslatable"],
    ["\\p{Greek}", "\\p{Greek}", "regex-untranslatable"],
    ["a*+", "*+", "regex-untranslatable"],
    ["a(?i)b", "(?i)", "regex-untranslatable"],
    ["(?i:ab)", "(?i:", "regex-untranslatable"],
    ["[[:^alpha:]]", "[:^alpha:]", "regex-untranslatable"],
    ["\\x{1F600}", "\\x{1F600}", "regex-untranslatable"],
    ["(?=a)", "(?=", "regex-invalid"],
    ["(?<!a)b", "(?<!", "regex-invalid"],
    ["(a)\\1", "\\1", "regex-invalid"],
    ["\\q", "\\q", "regex-invalid"],
    ["(ab", "(", "regex-invalid"],
    ["ab)", ")", "regex-invalid"],
    ["*a", "*", "regex-invalid"],
    ["a**", "*", "regex-invalid"],
    ["a{1001}", "a{1001}".slice(1), "regex-invalid"],
    ["[abc", "[abc", "regex-invalid"],
  ])("refuses %s, naming %s", (re2, construct, code) => {
    const result = re2ToJavaScript(re2);
    expect(result).toMatchObject({ ok: false, code, construct });
    if (!result.ok) expect(result.message).toContain(construct.slice(0, 2));
  });

  it("marks a repeated group that holds a quantifier or an alternation as unsafe", () => {
    expect(re2ToJavaScript("(a+)+")).toMatchObject({ ok: true, unsafe: true });
    expect(re2ToJavaScript("(a|aa)*")).toMatchObject({ ok: true, unsafe: true });
    expect(re2ToJavaScript("([a-z]+\\.)+example\\.com")).toMatchObject({ ok: true, unsafe: true });
    expect(re2ToJavaScript("(ab)+[a-z]+")).toMatchObject({ ok: true, unsafe: false });
  });
});

describe("JavaScript → RE2", () => {
  it.each([
    ["plain pattern unchanged", "https://[a-z]+\\.example\\.com", "", "https://[a-z]+\\.example\\.com"],
    ["the i flag becomes a leading (?i)", "https://app\\.example\\.com", "i", "(?i)https://app\\.example\\.com"],
    ["(?<name> becomes (?P<name>", "(?<sub>[a-z]+)", "", "(?P<sub>[a-z]+)"],
    ["\\u263a becomes \\x{263a}", "\\u263a", "", "\\x{263a}"],
    ["an identity escape of a letter becomes the letter", "\\a\\z", "", "az"],
    ["[\\b] (backspace) becomes \\x08", "[\\b]", "", "[\\x08]"],
    ["[^] becomes the class of every character", "a[^]b", "", "a[\\x{0}-\\x{10FFFF}]b"],
    ["\\cJ becomes \\x0a", "\\cJ", "", "\\x0a"],
  ])("%s", (_name, source, flags, pattern) => {
    expect(javaScriptToRe2(source, flags)).toEqual({ ok: true, pattern });
  });

  it.each([
    ["(?=a)", "(?="],
    ["(?<!a)", "(?<!"],
    ["(a)\\1", "\\1"],
    ["(?<n>a)\\k<n>", "\\k<"],
    ["[]", "[]"],
  ])("refuses %s", (source, construct) => {
    expect(javaScriptToRe2(source)).toMatchObject({ ok: false, code: "regex-untranslatable", construct });
  });

  it("refuses the v flag", () => {
    expect(javaScriptToRe2("a", "v")).toMatchObject({ ok: false, construct: "/v" });
  });

  it("round-trips a translated pattern", () => {
    for (const re2 of ["(?i)https://(?P<sub>[a-z]+)\\.example\\.com", "https://[a-z0-9-][a-z0-9.-]*\\.example\\.com:8443", "x{2,3}y?"]) {
      const js = re2ToJavaScript(re2);
      if (!js.ok) throw new Error(js.message);
      expect(javaScriptToRe2(js.source, js.flags)).toEqual({ ok: true, pattern: re2 });
    }
  });
});
