/** mergeVary (SPEC §1, §7): append, never overwrite; case-insensitive, no duplicates; `*` stays `*`. */
import { describe, expect, it } from "vitest";
import { mergeVary } from "../../src/index.js";

/** The tokens of a Vary value, trimmed, empty ones dropped. */
const tokens = (value: string): string[] =>
  value
    .split(",")
    .map((t) => t.trim())
    .filter((t) => t !== "");

describe("mergeVary", () => {
  it.each([
    [undefined, ["Origin"], "Origin"],
    [null, ["Origin"], "Origin"],
    ["", ["Origin"], "Origin"],
    [undefined, ["Origin", "Access-Control-Request-Method"], "Origin, Access-Control-Request-Method"],
    ["Accept-Encoding", ["Origin"], "Accept-Encoding, Origin"],
    ["Accept-Encoding, Accept", ["Origin", "Access-Control-Request-Headers"], "Accept-Encoding, Accept, Origin, Access-Control-Request-Headers"],
  ] as const)("merge(%j, %j) is %j", (existing, add, expected) => {
    expect(mergeVary(existing, add)).toBe(expected);
  });

  it("keeps the existing spelling when a token is already there in another case", () => {
    expect(mergeVary("origin", ["Origin"])).toBe("origin");
    expect(mergeVary("Accept-Encoding, ORIGIN", ["Origin", "Access-Control-Request-Method"])).toBe(
      "Accept-Encoding, ORIGIN, Access-Control-Request-Method",
    );
  });

  it("removes duplicates among the new tokens, case-insensitively", () => {
    expect(mergeVary(undefined, ["Origin", "origin", "ORIGIN"])).toBe("Origin");
    expect(tokens(mergeVary("Accept", ["Origin", "accept", "Origin"]))).toStrictEqual(["Accept", "Origin"]);
  });

  it("never drops an existing token (append, not overwrite)", () => {
    const existing = "Accept-Encoding, Accept-Language, Cookie";
    const merged = tokens(mergeVary(existing, ["Origin"]));
    expect(merged.slice(0, 3)).toStrictEqual(["Accept-Encoding", "Accept-Language", "Cookie"]);
    expect(merged).toContain("Origin");
  });

  it("reads existing values with odd spacing and empty elements", () => {
    expect(tokens(mergeVary("Accept-Encoding ,  Accept,,", ["Origin"]))).toStrictEqual(["Accept-Encoding", "Accept", "Origin"]);
    expect(tokens(mergeVary(" ,\t, ", ["Origin"]))).toStrictEqual(["Origin"]);
  });

  it("leaves the existing value alone when there is nothing to add", () => {
    expect(mergeVary("Accept-Encoding", [])).toBe("Accept-Encoding");
    expect(mergeVary("Accept-Encoding, Origin", ["origin"])).toBe("Accept-Encoding, Origin");
    expect(mergeVary(undefined, [])).toBe("");
    expect(mergeVary(null, [])).toBe("");
  });

  it("* stays *", () => {
    expect(mergeVary("*", ["Origin"])).toBe("*");
    expect(mergeVary(" * ", ["Origin", "Access-Control-Request-Method"])).toBe("*");
    expect(mergeVary("Accept, *", ["Origin"])).toBe("*");
  });

  it("adding * makes the whole value *", () => {
    expect(mergeVary("Accept-Encoding", ["*"])).toBe("*");
    expect(mergeVary(undefined, ["Origin", "*"])).toBe("*");
  });

  it("does not mutate the tokens it is given", () => {
    const add = Object.freeze(["Origin", "Access-Control-Request-Method"]);
    expect(() => mergeVary("Accept", add)).not.toThrow();
    expect(add).toStrictEqual(["Origin", "Access-Control-Request-Method"]);
  });

  it("is idempotent", () => {
    const once = mergeVary("Accept-Encoding", ["Origin", "Access-Control-Request-Method"]);
    expect(mergeVary(once, ["Origin", "Access-Control-Request-Method"])).toBe(once);
  });
});
