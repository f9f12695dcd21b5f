// SPEC §5.6 — parsing Access-Control-Request-Headers — on the built package.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { builds } from "./builds.js";
import { PREFLIGHT_VARY, decide, preflight, varySet } from "./requests.js";

const APP = "https://app.example.com";
const ACAO = "access-control-allow-origin";
const ACAH = "access-control-allow-headers";
const ANY_HEADER = { allowOrigins: [APP], allowHeaders: ["*"] };

/** `count` distinct names of `size` bytes each (size ≥ 4), e.g. "h001-aaaa". */
function names(count: number, size: number): string[] {
  return Array.from({ length: count }, (_unused, index) => `h${String(index).padStart(3, "0")}`.padEnd(size, "a"));
}

describe.each(builds)("SPEC §5.6 Access-Control-Request-Headers ($name build)", ({ api }) => {
  describe("comma-separated, optional spaces and tabs, empty elements skipped, names lower-cased", () => {
    it.each([
      ["x-a,x-b", "x-a, x-b"],
      ["x-a, x-b", "x-a, x-b"],
      ["x-a ,x-b", "x-a, x-b"],
      ["  x-a  ,   x-b  ", "x-a, x-b"],
      ["x-a,\tx-b\t", "x-a, x-b"],
      ["\tx-a\t,\t\tx-b", "x-a, x-b"],
      ["x-a,,x-b", "x-a, x-b"],
      [",x-a,", "x-a"],
      [", ,x-a, , ,x-b,,", "x-a, x-b"],
      ["X-A, Content-Type", "x-a, content-type"],
      ["x-a", "x-a"],
      ["!#$%&'*+-.^_`|~09azAZ", "!#$%&'*+-.^_`|~09azaz"],
    ])("%j → echoed %j under [\"*\"]", (value, echoed) => {
      const decision = decide(api, ANY_HEADER, preflight(APP, "GET", value));
      expect(decision.allowed).toBe(true);
      expect(decision.headers[ACAH]).toBe(echoed);
    });

    it("tabs and spaces around names are accepted for listed headers too", () => {
      const decision = decide(api, { allowOrigins: [APP], allowHeaders: ["x-a", "x-b"] }, preflight(APP, "GET", "\tX-A ,\t x-B"));
      expect(decision.allowed).toBe(true);
      expect(decision.headers[ACAH]).toBe("x-a, x-b");
    });
  });

  describe("a name that is not an HTTP token → request-headers-invalid (a refused preflight as in 5.2, nothing echoed)", () => {
    it.each([
      ["a space inside a name", "x a"],
      ["a colon", "x-a, x:b"],
      ["a parenthesis", "x-a, (x)"],
      ["a slash", "x/b"],
      ["a non-ASCII letter", "x-é"],
      ["a quote", "\"x-a\""],
      ["CR LF", "x-a\r\nset-cookie: a=b"],
      ["a NUL", "x-a\u0000"],
      ["a semicolon", "x-a;x-b"],
      ["a vertical tab", "x-a\u000b"],
      ["a DEL", "x-a\u007f"],
    ])("%s: %j", (_label, value) => {
      const decision = decide(api, { allowOrigins: [APP], allowHeaders: ["*"], allowMethods: ["PUT"] }, preflight(APP, "PUT", value));
      expect(decision).toMatchObject({ kind: "preflight", allowed: false, action: "respond", status: 204 });
      expect(decision.reason?.code).toBe("request-headers-invalid");
      // 5.2 headers: ACAO, configured lists; a ["*"] list sends nothing, never an echo.
      expect(decision.headers).toEqual({ [ACAO]: APP, "access-control-allow-methods": "PUT" });
      expect(varySet(decision)).toEqual(PREFLIGHT_VARY);
    });

    it("with a configured header list: ACAH is that list, not the request's value", () => {
      const decision = decide(api, { allowOrigins: [APP], allowHeaders: ["x-a"] }, preflight(APP, "GET", "x-a, x b"));
      expect(decision.reason?.code).toBe("request-headers-invalid");
      expect(decision.headers).toEqual({ [ACAO]: APP, [ACAH]: "x-a" });
    });

    it("the method still wins over invalid request headers (5.2 order)", () => {
      const decision = decide(api, { allowOrigins: [APP], allowHeaders: ["*"] }, preflight(APP, "DELETE", "x b"));
      expect(decision.reason?.code).toBe("method-not-allowed");
    });
  });

  describe("more than 64 names (counted as they appear) → request-headers-invalid", () => {
    it("64 names are fine", () => {
      const list = names(64, 6);
      const decision = decide(api, ANY_HEADER, preflight(APP, "GET", list.join(", ")));
      expect(decision.allowed).toBe(true);
      expect(decision.headers[ACAH]).toBe(list.join(", "));
    });

    it("65 names are refused", () => {
      const decision = decide(api, ANY_HEADER, preflight(APP, "GET", names(65, 6).join(", ")));
      expect(decision.reason?.code).toBe("request-headers-invalid");
      expect(decision.headers).not.toHaveProperty(ACAH);
    });

    it("65 names counted as they appear, duplicates included", () => {
      const decision = decide(api, ANY_HEADER, preflight(APP, "GET", Array.from({ length: 65 }, () => "x-a").join(",")));
      expect(decision.reason?.code).toBe("request-headers-invalid");
    });

    it("empty elements are skipped, not counted: 64 names among 200 commas are fine", () => {
      const decision = decide(api, ANY_HEADER, preflight(APP, "GET", `${",".repeat(100)}${names(64, 6).join(",,")}${",".repeat(100)}`));
      expect(decision.allowed).toBe(true);
    });

    it("65 names are refused even when all are listed", () => {
      const list = names(65, 6);
      const decision = decide(api, { allowOrigins: [APP], allowHeaders: list }, preflight(APP, "GET", list.join(",")));
      expect(decision.reason?.code).toBe("request-headers-invalid");
    });
  });

  describe("a value over 4096 bytes → request-headers-invalid", () => {
    it("exactly 4096 bytes (one name) is fine, and echoed", () => {
      const value = "x".repeat(4096);
      const decision = decide(api, ANY_HEADER, preflight(APP, "GET", value));
      expect(decision.allowed).toBe(true);
      expect(decision.headers[ACAH]).toBe(value);
    });

    it("4097 bytes (one name) is refused", () => {
      const decision = decide(api, ANY_HEADER, preflight(APP, "GET", "x".repeat(4097)));
      expect(decision.reason?.code).toBe("request-headers-invalid");
      expect(decision.headers).not.toHaveProperty(ACAH);
    });

    it("4096 bytes of 64 names is fine; one more space makes 4097 and is refused", () => {
      // 64 names × 63 bytes + 63 commas = 4095; one leading space → 4096.
      const value = ` ${names(64, 63).join(",")}`;
      expect(value.length).toBe(4096);
      expect(decide(api, ANY_HEADER, preflight(APP, "GET", value)).allowed).toBe(true);
      expect(decide(api, ANY_HEADER, preflight(APP, "GET", ` ${value}`)).reason?.code).toBe("request-headers-invalid");
    });

    it("trailing whitespace counts towards the 4096 bytes", () => {
      const value = `x-a${" ".repeat(4094)}`;
      expect(value.length).toBe(4097);
      expect(decide(api, ANY_HEADER, preflight(APP, "GET", value)).reason?.code).toBe("request-headers-invalid");
    });

    it("several values are joined with \", \" before the limit: 2047 + 2 + 2047 = 4096 fine, 2048 + 2 + 2047 refused", () => {
      const fine = decide(api, ANY_HEADER, preflight(APP, "GET", ["a".repeat(2047), "b".repeat(2047)]));
      expect(fine.allowed).toBe(true);
      expect(fine.headers[ACAH]).toBe(`${"a".repeat(2047)}, ${"b".repeat(2047)}`);
      const refused = decide(api, ANY_HEADER, preflight(APP, "GET", ["a".repeat(2048), "b".repeat(2047)]));
      expect(refused.reason?.code).toBe("request-headers-invalid");
    });

    it("a megabyte-long value is refused, and the call returns", () => {
      const decision = decide(api, ANY_HEADER, preflight(APP, "GET", "x-a,".repeat(1 << 18)));
      expect(decision.reason?.code).toBe("request-headers-invalid");
    });

    it("a megabyte of commas only is over 4096 bytes: refused", () => {
      const decision = decide(api, ANY_HEADER, preflight(APP, "GET", ",".repeat(1 << 20)));
      expect(decision.reason?.code).toBe("request-headers-invalid");
    });
  });

  // The whole §5.6 paragraph as a reference, compared with the package on generated values.
  it("agrees with a reference reading of §5.6 on generated values (split on \",\", trim spaces and tabs, skip empty, token, ≤ 64, ≤ 4096)", () => {
    const token = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
    const reference = (value: string): string[] | "invalid" => {
      if (value.length > 4096) return "invalid";
      const found: string[] = [];
      for (const part of value.split(",")) {
        const name = part.replace(/^[ \t]+|[ \t]+$/g, "");
        if (name === "") continue;
        if (!token.test(name)) return "invalid";
        found.push(name.toLowerCase());
      }
      return found.length > 64 ? "invalid" : found;
    };
    const listed = api.createPolicy({ allowOrigins: [APP], allowHeaders: ["x-a", "b"] });
    const any = api.createPolicy(ANY_HEADER);
    const value = fc.oneof(
      fc.stringMatching(/^[xaAbB\-, \t(é\r\n\u000b;:]{0,30}$/),
      fc.array(fc.constantFrom("x-a", "B", " ", ",", "\t", ""), { maxLength: 80 }).map((parts) => parts.join(",")),
      fc.array(fc.constantFrom("x-a", "b"), { minLength: 60, maxLength: 70 }).map((parts) => parts.join(", ")),
    );
    fc.assert(
      fc.property(value, (requested) => {
        const expected = reference(requested);
        const underAny = api.evaluate(preflight(APP, "GET", requested), any);
        const underList = api.evaluate(preflight(APP, "GET", requested), listed);
        if (expected === "invalid") {
          expect(underAny.reason?.code).toBe("request-headers-invalid");
          expect(underList.reason?.code).toBe("request-headers-invalid");
          return;
        }
        expect(underAny.allowed).toBe(true);
        expect(underAny.headers[ACAH]).toBe(expected.length > 0 ? expected.join(", ") : undefined);
        const refused = expected.some((name) => name !== "x-a" && name !== "b");
        expect(underList.reason?.code).toBe(refused ? "headers-not-allowed" : undefined);
      }),
      { numRuns: 5000 },
    );
  });

  it("an ACRH on an actual request is not parsed: no refusal", () => {
    const decision = decide(api, { allowOrigins: [APP] }, { method: "GET", headers: { origin: APP, "access-control-request-headers": "x b".repeat(5000) } });
    expect(decision.allowed).toBe(true);
  });
});
