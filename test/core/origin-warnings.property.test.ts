/**
 * Properties of the origin warnings added beyond SPEC §1.2:
 * - warnings are data: an entry that draws one (`https://*.com`, `{ regex: "null" }`, a plain-http regex) is
 *   matched exactly as SPEC §4 says, changes nothing for the origins it does not match, and never allows `null`;
 * - `credentials-insecure-regex` is sound: a regex that allows a plain-http, non-loopback origin with
 *   credentials always draws it (the rule may warn too often, never too rarely).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createPolicy, evaluate } from "../../src/index.js";
import type { CorsPolicy, CorsPolicyConfig, OriginMatcher } from "../../src/index.js";
import { PROPERTY_TIMEOUT, acceptedPolicy, originString } from "../properties/arbitraries.js";
import { hasUnsettledPort, matcherMatches, parseRequestOrigin, referenceAllows } from "../properties/reference-matcher.js";

const RUNS = 3_000;

function compiled(config: CorsPolicyConfig): CorsPolicy | undefined {
  try {
    return createPolicy(config);
  } catch {
    return undefined;
  }
}

const allows = (policy: CorsPolicy, origin: string): boolean => evaluate({ method: "GET", headers: { origin } }, policy).allowed;

/** Entries that each draw one of the new warnings, and the code they draw (with credentials, for the last). */
const warningEntries: readonly [OriginMatcher, string, boolean][] = [
  ["https://*.com", "origin-pattern-too-broad", false],
  ["https://*.io:*", "origin-pattern-too-broad", false],
  ["https://*.co.uk", "origin-pattern-too-broad", false],
  ["http://*.dev", "origin-pattern-too-broad", false],
  [{ regex: "null" }, "regex-matches-null", false],
  [{ regex: "nul+|https://x\\.example\\.com" }, "regex-matches-null", false],
  [{ regex: "[a-z]+://[a-z0-9.-]+|null" }, "regex-matches-null", false],
  [{ regex: "https://[a-z0-9-][a-z0-9.-]*" }, "origin-pattern-too-broad", true],
  [{ regex: "https?://[a-z]+\\.example\\.org" }, "credentials-insecure-regex", true],
  [{ regex: "http://app\\.example\\.com" }, "credentials-insecure-regex", true],
  [{ regex: /^HTTP:\/\/[a-z]+\.example\.com$/i }, "credentials-insecure-regex", true],
];

/** Origins the warning entries match, mixed with every kind of origin string. */
const origin = fc.oneof(
  { arbitrary: originString, weight: 3 },
  {
    arbitrary: fc.constantFrom(
      "null",
      "https://shop.com",
      "https://a.b.com",
      "https://com",
      "https://shop.io:8443",
      "https://x.co.uk",
      "http://x.dev",
      "https://x.example.com",
      "https://attacker.example",
      "http://app.example.com",
      "http://a.example.org",
      "https://a.example.org",
      "http://api.example.com",
    ),
    weight: 2,
  },
);

describe("warnings are data: an entry that draws one is matched as SPEC §4 says and changes nothing else", () => {
  it(
    "under random accepted policies, for any origin string",
    () => {
      fc.assert(
        fc.property(acceptedPolicy, fc.constantFrom(...warningEntries), origin, ({ config, policy }, [entry, code, needsCredentials], requestOrigin) => {
          fc.pre(requestOrigin !== "" && !hasUnsettledPort(requestOrigin));
          const widened: CorsPolicyConfig = {
            ...config,
            ...(needsCredentials ? { allowCredentials: true } : {}),
            allowOrigins: [...config.allowOrigins, entry],
          };
          const before = needsCredentials ? compiled({ ...config, allowCredentials: true }) : policy;
          const after = compiled(widened);
          // "*" beside another entry, or an http pattern with credentials, is an error: nothing to compare.
          fc.pre(before !== undefined && after !== undefined);
          expect(after.warnings.map((warning) => warning.code)).toContain(code);
          const allowed = allows(after, requestOrigin);
          expect(allowed).toBe(referenceAllows(widened, requestOrigin));
          if (requestOrigin === "null") expect(allowed).toBe(false);
          if (parseRequestOrigin(requestOrigin) === undefined || !matcherMatches(entry, requestOrigin)) {
            expect(allowed).toBe(allows(before, requestOrigin));
          }
        }),
        { numRuns: RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );
});

// ---------------------------------------------------------------------------------------------------
// Soundness of credentials-insecure-regex: regexes built from parts, each part with strings it matches, so
// that the origins built alongside really are matched (random regexes almost never match a random origin).

type Part = readonly [source: string, samples: readonly string[]];

const schemes: readonly Part[] = [
  ["https", ["https"]],
  ["http", ["http"]],
  ["https?", ["http", "https"]],
  ["http(s)?", ["http", "https"]],
  ["http(?:s)?", ["http", "https"]],
  ["(?:https)", ["https"]],
  ["[a-z]+", ["http", "https", "ws"]],
  ["h[a-z]*", ["http", "https"]],
  ["[^:]+", ["http", "https"]],
  ["HTTP", ["http"]],
  ["HTTPS", ["https"]],
  ["chrome-extension", ["chrome-extension"]],
  ["htt(p|ps)", ["http", "https"]],
];
const separators: readonly Part[] = [
  ["://", ["://"]],
  [":\\/\\/", ["://"]],
  [":?//", ["://"]],
  [":/{2}", ["://"]],
];
const hosts: readonly Part[] = [
  ["localhost", ["localhost"]],
  ["127\\.0\\.0\\.1", ["127.0.0.1"]],
  ["\\[::1\\]", ["[::1]"]],
  ["app\\.example\\.com", ["app.example.com"]],
  ["[a-z]+\\.example\\.com", ["a.example.com", "evil.example.com"]],
  ["localhost\\.evil\\.com", ["localhost.evil.com"]],
  ["localhost[a-z.]*", ["localhost", "localhost.evil.com", "localhostx"]],
  ["[a-z.]+", ["localhost", "evil.com", "a.localhost"]],
  ["127.0.0.1", ["127.0.0.1", "127a0b0c1"]],
  ["[a-z]+\\.localhost", ["a.localhost"]],
];
const tails: readonly Part[] = [
  ["", [""]],
  [":\\d+", [":3000"]],
  [":[0-9]+", [":8080"]],
  ["(:3000)?", ["", ":3000"]],
  ["(?::3000)?", ["", ":3000"]],
  [":?[0-9]*", ["", ":80", "8"]],
  ["[0-9]*", ["", "1"]],
  ["(\\.evil\\.com)?", ["", ".evil.com"]],
  ["\\.evil\\.com", [".evil.com"]],
];

/** One alternative: its source and the strings it matches (all combinations of the parts' samples). */
const alternative: fc.Arbitrary<Part> = fc
  .tuple(fc.boolean(), fc.constantFrom(...schemes), fc.constantFrom(...separators), fc.constantFrom(...hosts), fc.constantFrom(...tails), fc.boolean())
  .map(([caret, scheme, separator, host, tail, dollar]): Part => {
    const source = `${caret ? "^" : ""}${scheme[0]}${separator[0]}${host[0]}${tail[0]}${dollar ? "$" : ""}`;
    const samples = scheme[1].flatMap((s) => separator[1].flatMap((sep) => host[1].flatMap((h) => tail[1].map((t) => `${s}${sep}${h}${t}`))));
    return [source, samples];
  });

/** One to three alternatives, sometimes inside one group. */
const builtRegex: fc.Arbitrary<Part> = fc
  .tuple(fc.array(alternative, { minLength: 1, maxLength: 3 }), fc.constantFrom("", "(", "(?:", "(?<g>"))
  .map(([alternatives, group]): Part => {
    const joined = alternatives.map(([source]) => source).join("|");
    return [group === "" ? joined : `${group}${joined})`, alternatives.flatMap(([, samples]) => samples)];
  });

/** What SPEC's credentials-insecure-origin lets through: loopback hosts. */
function isLoopback(host: string): boolean {
  const lower = host.toLowerCase();
  return lower === "localhost" || lower.endsWith(".localhost") || lower === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(lower);
}

/** Origins that random regexes below may happen to match. */
const httpProbes = ["http://a", "http://p", "http://s", "http://ha", "http://localhostp", "http://localhost.a", "http://a.s", "http://h", "http://t", "http://pa:1"];

describe("credentials-insecure-regex never misses a regex that allows a plain-http, non-loopback origin", () => {
  it(
    "for regexes built from scheme, host and port parts, on the origins they were built to match",
    () => {
      fc.assert(
        fc.property(builtRegex, fc.constantFrom("", "i"), ([source, samples], flags) => {
          const policy = compiled({ allowOrigins: [{ regex: new RegExp(source, flags) }], allowCredentials: true });
          fc.pre(policy !== undefined);
          const warned = policy.warnings.some((warning) => warning.code === "credentials-insecure-regex");
          for (const sample of samples) {
            const parts = parseRequestOrigin(sample);
            if (parts === undefined || parts.scheme.toLowerCase() !== "http" || isLoopback(parts.host)) continue;
            if (allows(policy, sample)) expect({ source, flags, sample, warned }).toEqual({ source, flags, sample, warned: true });
          }
        }),
        { numRuns: RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    "for random regexes behind common heads, on a fixed set of plain-http origins",
    () => {
      const head = fc.constantFrom("", "^", "https://", "^https://", "http://", "https?://", "http://localhost", "http://localhost:", "https://a|", "(https://a|");
      const tail = fc.string({ unit: fc.constantFrom("a", "p", "s", ".", "*", "+", "?", "(", ")", "|", "[", "]", "\\", "^", "$", ":", "/", "h", "t", "1"), maxLength: 10 });
      fc.assert(
        fc.property(head, tail, fc.constantFrom("", "i"), (start, rest, flags) => {
          let regex: RegExp;
          try {
            regex = new RegExp(start + rest, flags);
          } catch {
            return;
          }
          const policy = compiled({ allowOrigins: [{ regex }], allowCredentials: true });
          fc.pre(policy !== undefined);
          const warned = policy.warnings.some((warning) => warning.code === "credentials-insecure-regex");
          for (const probe of httpProbes) {
            if (allows(policy, probe)) expect({ source: regex.source, probe, warned }).toEqual({ source: regex.source, probe, warned: true });
          }
        }),
        { numRuns: RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );
});
