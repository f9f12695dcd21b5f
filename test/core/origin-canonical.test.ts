/**
 * `origin-noncanonical` (SPEC §1.2) against the WHATWG URL parser, which is what decides the Origin a browser
 * sends: an exact http(s) origin is accepted exactly when it is already `new URL(x).origin`; otherwise it is
 * refused, and a hint, when given, is exactly that origin. IP literals in every numeric form, IPv6 compression,
 * case, embedded IPv4, percent-encoding, default ports, leading zeros and a trailing slash are all covered.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createPolicy, isCorsConfigError } from "../../src/index.js";
import type { ConfigIssue, OriginMatcher } from "../../src/index.js";
import { PROPERTY_TIMEOUT } from "../properties/arbitraries.js";

function issuesOf(entry: OriginMatcher): readonly ConfigIssue[] {
  try {
    createPolicy({ allowOrigins: [entry] });
    return [];
  } catch (error) {
    if (!isCorsConfigError(error)) throw error;
    return error.issues;
  }
}

function urlOrigin(value: string): string | undefined {
  try {
    return new URL(value).origin;
  } catch {
    return undefined;
  }
}

describe("IP literals the URL parser rewrites are origin-noncanonical, with the origin a browser sends", () => {
  it.each([
    ["http://127.1", "http://127.0.0.1"],
    ["http://0x7f000001", "http://127.0.0.1"],
    ["http://0X7F000001", "http://127.0.0.1"],
    ["http://2130706433", "http://127.0.0.1"],
    ["http://0177.0.0.1", "http://127.0.0.1"],
    ["http://0x7f.0.0.1", "http://127.0.0.1"],
    ["http://127.0.1", "http://127.0.0.1"],
    ["http://10.1:8080", "http://10.0.0.1:8080"],
    ["http://[0:0:0:0:0:0:0:1]", "http://[::1]"],
    ["http://[0000::1]:3000", "http://[::1]:3000"],
    ["http://[::FFFF:1.2.3.4]", "http://[::ffff:102:304]"],
    ["https://[2001:DB8::1]", "https://[2001:db8::1]"],
    ["https://[2001:db8:0:0:0:0:0:1]", "https://[2001:db8::1]"],
    ["http://ex%41mple.com", "http://example.com"],
    ["HTTP://127.1:080/", "http://127.0.0.1"],
    ["https://[::1]:0443", "https://[::1]"],
  ])("%s → %s", (written, canonical) => {
    expect(issuesOf(written)).toEqual([expect.objectContaining({ code: "origin-noncanonical", path: "allowOrigins[0]", hint: `did you mean ${canonical}?` })]);
    expect(urlOrigin(written)).toBe(canonical);
    // The hint followed literally is accepted.
    expect(issuesOf(canonical)).toEqual([]);
  });

  it.each(["http://127.0.0.1", "http://[::1]", "https://[2001:db8::1]:8443", "http://10.0.0.1:8080", "http://[::ffff:102:304]"])("%s is canonical", (origin) => {
    expect(issuesOf(origin)).toEqual([]);
  });

  it.each(["http://1.2.3.256", "http://0x100000000", "http://1.2.3.4.5", "https://app.example.123", "https://*.example.123"])(
    "%s: the URL parser rejects the host, so no page has it: origin-invalid",
    (written) => {
      expect(issuesOf(written).map((issue) => issue.code)).toEqual(["origin-invalid"]);
    },
  );

  it("user information and paths keep their own code, with the rewritten host in the hint", () => {
    expect(issuesOf("http://127.1/x")).toEqual([expect.objectContaining({ code: "origin-invalid", hint: "did you mean http://127.0.0.1?" })]);
    expect(issuesOf("http://user@0x7f000001")).toEqual([expect.objectContaining({ code: "origin-invalid", hint: "did you mean http://127.0.0.1?" })]);
  });

  it("patterns: a host or suffix the parser would rewrite", () => {
    expect(issuesOf("http://127.1:*")).toEqual([expect.objectContaining({ code: "origin-noncanonical", hint: "did you mean http://127.0.0.1:*?" })]);
    expect(issuesOf("https://*.EXAMPLE.com")).toEqual([expect.objectContaining({ code: "origin-noncanonical", hint: "did you mean https://*.example.com?" })]);
    expect(issuesOf("https://*.ex%41mple.com")).toEqual([expect.objectContaining({ code: "origin-noncanonical", hint: "did you mean https://*.example.com?" })]);
    expect(issuesOf("http://[0:0:0:0:0:0:0:1]:*")).toEqual([expect.objectContaining({ code: "origin-noncanonical", hint: "did you mean http://[::1]:*?" })]);
    expect(issuesOf("http://localhost:*")).toEqual([]);
    expect(issuesOf("https://*.example.com")).toEqual([]);
  });

  it("{ exact } with ignoreCase still refuses a rewritten IP literal, and accepts mere case", () => {
    expect(issuesOf({ exact: "http://127.1", ignoreCase: true })).toEqual([expect.objectContaining({ code: "origin-noncanonical", hint: "did you mean http://127.0.0.1?" })]);
    expect(issuesOf({ exact: "https://App.example.com", ignoreCase: true })).toEqual([]);
  });
});

/** A number in one of the bases the IPv4 parser reads: decimal, hex (`0x`, either case) or octal (leading 0). */
const inSomeBase = (n: number): fc.Arbitrary<string> =>
  fc.constantFrom(String(n), `0x${n.toString(16)}`, `0X${n.toString(16).toUpperCase()}`, `0${n.toString(8)}`);

const ipv4Host = fc.oneof(
  fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 5 }).chain((parts) => fc.tuple(...parts.map(inSomeBase)).map((texts) => texts.join("."))),
  fc.integer({ min: 0, max: 2 ** 32 + 5 }).chain(inSomeBase),
  fc.ipV4(),
);
const randomCase = (text: string): fc.Arbitrary<string> =>
  fc.array(fc.boolean(), { minLength: text.length, maxLength: text.length }).map((flags) => [...text].map((c, i) => (flags[i] ? c.toUpperCase() : c)).join(""));
const ipv6Host = fc.oneof(fc.ipV6(), fc.ipV4().map((v4) => `::ffff:${v4}`)).chain(randomCase).map((v6) => `[${v6}]`);
const domainHost = fc.domain().chain(randomCase);
const percentHost = fc.domain().map((domain) => domain.replace(/[a-z]/, (letter) => `%${letter.charCodeAt(0).toString(16)}`));

const writtenOrigin = fc
  .record({
    scheme: fc.constantFrom("http", "https", "HTTP", "Https"),
    host: fc.oneof(ipv4Host, ipv6Host, domainHost, percentHost),
    port: fc.oneof(fc.constant(""), fc.integer({ min: 1, max: 65535 }).map(String), fc.constantFrom("80", "443", "0080", "08080")),
    slash: fc.boolean(),
  })
  .map(({ scheme, host, port, slash }) => `${scheme}://${host}${port === "" ? "" : `:${port}`}${slash ? "/" : ""}`);

describe("property: accepted exactly when new URL(x).origin === x; otherwise the hint is new URL(x).origin", () => {
  it(
    "for generated http(s) origins in every host form",
    () => {
      fc.assert(
        fc.property(writtenOrigin, (written) => {
          const issues = issuesOf(written);
          const origin = urlOrigin(written);
          if (origin === undefined) {
            expect(issues.map((issue) => issue.code)).toEqual(["origin-invalid"]);
          } else if (origin === written) {
            expect(issues).toEqual([]);
          } else {
            expect(issues).toHaveLength(1);
            expect(["origin-noncanonical", "origin-invalid"]).toContain(issues[0]?.code);
            if (issues[0]?.hint !== undefined || issues[0]?.code === "origin-noncanonical") expect(issues[0]?.hint).toBe(`did you mean ${origin}?`);
            // Following the hint literally gives an accepted policy.
            expect(issuesOf(origin)).toEqual([]);
          }
        }),
        { numRuns: 5_000 },
      );
    },
    PROPERTY_TIMEOUT,
  );
});
