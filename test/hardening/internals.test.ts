import { describe, expect, it } from "vitest";
import { closestName } from "../../src/core/suggest.js";
import { MULTIPLE, readList, readSingle } from "../../src/core/header-source.js";
import { compiledOf, isCorsPolicy } from "../../src/core/compiled.js";
import { describe as describeValue } from "../../src/core/describe.js";
import { normalizeMethod } from "../../src/core/lists.js";
import { createPolicy } from "../../src/index.js";

describe("closestName (did-you-mean for field names)", () => {
  const known = ["allowOrigins", "allowMethods", "maxAge", "preflightStatus"] as const;
  it.each([
    ["allowOrigins", "allowOrigins"],
    ["ALLOWORIGINS", "allowOrigins"],
    ["allowOrigin", "allowOrigins"],
    ["alowOrigns", "allowOrigins"],
    ["allowMethod", "allowMethods"],
    ["maxage", "maxAge"],
    ["maxAg", "maxAge"],
    ["mxAg", "maxAge"],
    ["preflightstatuses", "preflightStatus"],
  ])("%s → %s", (name, expected) => {
    expect(closestName(name, known)).toBe(expected);
  });
  it.each(["max", "origins", "x", "preflight", "allow"])("%s is too far from every name", (name) => {
    expect(closestName(name, known)).toBeUndefined();
  });
  it("the threshold grows with the name: two edits, or a quarter of its length", () => {
    expect(closestName("abcdefghijkl", ["abcdefghiXYZ"])).toBe("abcdefghiXYZ");
    expect(closestName("abcdefghijkl", ["abcdefghWXYZ"])).toBeUndefined();
    expect(closestName("abcd", ["abXY"])).toBe("abXY");
    expect(closestName("abcd", ["aXYZ"])).toBeUndefined();
    expect(closestName("ab", [])).toBeUndefined();
    expect(closestName("kitten", ["sitting", "kitchen"])).toBe("kitchen");
  });
});

describe("header sources", () => {
  it("readSingle", () => {
    expect(readSingle({ a: "x" }, "a")).toBe("x");
    expect(readSingle({}, "a")).toBeUndefined();
    expect(readSingle({ a: [] }, "a")).toBeUndefined();
    expect(readSingle({ a: ["x"] }, "a")).toBe("x");
    expect(readSingle({ a: ["x", "y"] }, "a")).toBe(MULTIPLE);
    expect(readSingle({ a: [1] as unknown as string[] }, "a")).toBeNull();
    expect(readSingle({ a: 1 as unknown as string }, "a")).toBeNull();
    expect(readSingle({ get: () => null }, "a")).toBeUndefined();
    expect(readSingle({ get: (name: string) => `v:${name}` }, "a")).toBe("v:a");
  });
  it("readList joins repeated values, and stops joining past 8192 characters", () => {
    expect(readList({ a: ["x", "y"] }, "a")).toBe("x, y");
    expect(readList({ a: ["", "y"] }, "a")).toBe("y");
    expect(readList({ a: "x" }, "a")).toBe("x");
    expect(readList({}, "a")).toBeUndefined();
    expect(readList({ a: null as unknown as string }, "a")).toBeUndefined();
    expect(readList({ a: ["x", 2] as unknown as string[] }, "a")).toBeNull();
    expect(readList({ a: {} as unknown as string }, "a")).toBeNull();
    const joined = readList({ a: Array.from({ length: 10_000 }, () => "abcdefgh") }, "a") ?? "";
    expect(joined.length).toBeGreaterThan(8192);
    expect(joined.length).toBeLessThan(8192 + 11);
  });
});

describe("policies from either build", () => {
  it("isCorsPolicy and compiledOf recognise only createPolicy's policies", () => {
    const policy = createPolicy({ allowOrigins: ["https://app.example.com"] });
    expect(isCorsPolicy(policy)).toBe(true);
    expect(compiledOf(policy)?.origins.exact.has("https://app.example.com")).toBe(true);
    for (const value of [null, undefined, {}, "policy", 1, { config: {}, warnings: [] }]) {
      expect(isCorsPolicy(value)).toBe(false);
      expect(compiledOf(value)).toBeUndefined();
    }
    expect(isCorsPolicy({ [Symbol.for("corsgate.compiledPolicy.v1")]: {} })).toBe(true);
  });
});

describe("describe and normalizeMethod", () => {
  it("describe", () => {
    expect(describeValue(null)).toBe("null");
    expect(describeValue([1])).toBe("an array");
    expect(describeValue({})).toBe("an object");
    expect(describeValue("x".repeat(80))).toBe(`the string "${"x".repeat(80)}"`);
    expect(describeValue("x".repeat(81))).toBe(`the string "${"x".repeat(80)}…"`);
    expect(describeValue(true)).toBe("true");
    expect(describeValue(undefined)).toBe("undefined");
    expect(describeValue(10n)).toBe("the bigint 10n");
    expect(describeValue(5)).toBe("the number 5");
    expect(describeValue(() => 1)).toBe("a function");
    expect(describeValue(Symbol("x"))).toBe("a symbol");
  });
  it("normalizeMethod", () => {
    expect(["get", "Post", "hEAD", "put", "delete", "options", "patch", "OPTIONSX", "optionsx", "x"].map(normalizeMethod)).toEqual([
      "GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "patch", "OPTIONSX", "optionsx", "x",
    ]);
  });
});
