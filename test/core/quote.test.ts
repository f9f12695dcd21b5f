/**
 * quoteRequestValue: request bytes shown in a message. JSON escapes C0 controls; the characters that could still
 * forge or reorder a log line (DEL, C1 controls, line and paragraph separators, bidi embeddings, overrides and
 * isolates) are escaped too, exactly at the edges of their ranges, and nothing else is.
 */
import { describe, expect, it } from "vitest";
import { quoteRequestValue } from "../../src/core/quote.js";

const escaped = (code: number): string => `"\\u${code.toString(16).padStart(4, "0")}"`;

describe("quoteRequestValue", () => {
  const unsafe = [0x7f, 0x80, 0x9f, 0x2028, 0x2029, 0x202a, 0x202c, 0x202e, 0x2066, 0x2067, 0x2069];
  for (const code of unsafe) {
    it(`escapes U+${code.toString(16).padStart(4, "0")}`, () => {
      expect(quoteRequestValue(String.fromCharCode(code))).toBe(escaped(code));
    });
  }
  const safe = [0x7e, 0xa0, 0x2027, 0x202f, 0x2065, 0x206a, 0xe9];
  for (const code of safe) {
    it(`leaves U+${code.toString(16).padStart(4, "0")} as it is`, () => {
      expect(quoteRequestValue(String.fromCharCode(code))).toBe(`"${String.fromCharCode(code)}"`);
    });
  }

  it("keeps the text around an escaped character", () => {
    expect(quoteRequestValue("a\u202eb")).toBe('"a\\u202eb"');
  });

  it("keeps 100 characters whole and cuts a longer value to 100 and an ellipsis", () => {
    expect(quoteRequestValue("x".repeat(100))).toBe(`"${"x".repeat(100)}"`);
    expect(quoteRequestValue("x".repeat(101))).toBe(`"${"x".repeat(100)}…"`);
  });
});
