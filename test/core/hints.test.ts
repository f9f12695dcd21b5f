/**
 * Every hint must produce a working policy when followed literally (SPEC §1.2, issue 11 item 5). A hint that is
 * one literal edit carries it as `fix`; these tests apply each fix as a program would and check that createPolicy
 * accepts the result for that path (the same problem is gone) and that the origins the user meant still match.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createPolicy, evaluate, isCorsConfigError } from "../../src/index.js";
import type { ConfigFix, ConfigIssue, CorsPolicy } from "../../src/index.js";
import { PROPERTY_TIMEOUT } from "../properties/arbitraries.js";

type Config = Record<string, unknown>;

/** `allowOrigins[2].regex` → ["allowOrigins", 2, "regex"]. */
function steps(path: string): (string | number)[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((match) => (match[2] === undefined ? (match[1] as string) : Number(match[2])));
}

/** Applies a fix to a deep copy of `config`, as an editor would. */
function applyFix(config: Config, fix: ConfigFix): Config {
  const copy = structuredClone(config) as Config;
  const path = steps(fix.path);
  const last = path.pop() as string | number;
  let parent: Record<string | number, unknown> = copy;
  for (const step of path) parent = parent[step] as Record<string | number, unknown>;
  if (fix.renameTo !== undefined) {
    parent[fix.renameTo] = parent[last];
    delete parent[last];
  } else if (Array.isArray(parent) && typeof last === "number") {
    parent.splice(last, 1, ...(fix.replaceWith ?? []));
  } else if ((fix.replaceWith ?? []).length === 0) {
    delete parent[last];
  } else {
    expect(fix.replaceWith).toHaveLength(1);
    parent[last] = fix.replaceWith?.[0];
  }
  return copy;
}

/** The errors of `config`, or the policy. */
function attempt(config: Config): { issues: readonly ConfigIssue[]; policy?: CorsPolicy } {
  try {
    const policy = createPolicy(config as never);
    return { issues: [...policy.warnings], policy };
  } catch (error) {
    if (!isCorsConfigError(error)) throw error;
    return { issues: error.issues };
  }
}

const allows = (policy: CorsPolicy, origin: string): boolean => evaluate({ method: "GET", headers: { origin } }, policy).allowed;

/** Configs that draw each code with a hint; `origins` are what the user meant to allow (checked after the fix). */
const hinted: readonly { code: string; config: Config; origins?: string[] }[] = [
  { code: "unknown-field", config: { allowOrigins: ["https://app.example.com"], allowMethod: ["PUT"] } },
  { code: "unknown-field", config: { allowOrigins: [{ exact: "https://app.example.com", ignorecase: true }] }, origins: ["https://app.example.com"] },
  { code: "type-invalid", config: { allowOrigins: ["https://app.example.com"], allowCredentials: "true" } },
  { code: "type-invalid", config: { allowOrigins: ["https://app.example.com"], unmatchedPreflights: "IGNORE" } },
  { code: "origin-invalid", config: { allowOrigins: ["app.example.com"] }, origins: ["https://app.example.com"] },
  { code: "origin-invalid", config: { allowOrigins: [" https://app.example.com"] }, origins: ["https://app.example.com"] },
  { code: "origin-invalid", config: { allowOrigins: ["https://app.example.com/path"] }, origins: ["https://app.example.com"] },
  { code: "origin-invalid", config: { allowOrigins: ["https://user@app.example.com"] }, origins: ["https://app.example.com"] },
  { code: "origin-noncanonical", config: { allowOrigins: ["https://App.example.com:443/"] }, origins: ["https://app.example.com"] },
  { code: "origin-noncanonical", config: { allowOrigins: [{ exact: "http://127.1:3000" }] }, origins: ["http://127.0.0.1:3000"] },
  { code: "origin-noncanonical", config: { allowOrigins: [{ prefix: "https://App.example.com:" }] }, origins: ["https://app.example.com:8443"] },
  { code: "origin-noncanonical", config: { allowOrigins: ["https://*.Example.com"] }, origins: ["https://a.example.com"] },
  { code: "origin-null", config: { allowOrigins: ["https://app.example.com", "null"] }, origins: ["https://app.example.com"] },
  { code: "origin-null", config: { allowOrigins: ["https://app.example.com", { prefix: "null" }] }, origins: ["https://app.example.com"] },
  { code: "wildcard-mixed", config: { allowOrigins: ["*", "https://app.example.com"] }, origins: ["https://app.example.com"] },
  { code: "wildcard-mixed", config: { allowOrigins: ["https://app.example.com"], allowMethods: ["*", "PUT"] } },
  { code: "credentials-insecure-origin", config: { allowOrigins: ["http://app.example.com"], allowCredentials: true }, origins: ["https://app.example.com"] },
  { code: "prefix-unbounded", config: { allowOrigins: [{ prefix: "http://10.0.0.1" }] }, origins: ["http://10.0.0.1", "http://10.0.0.1:8080"] },
  { code: "prefix-unbounded", config: { allowOrigins: [{ prefix: "https://app.example.com" }], allowCredentials: true }, origins: ["https://app.example.com", "https://app.example.com:8443"] },
  { code: "prefix-unbounded", config: { allowOrigins: [{ prefix: "HTTPS://APP.example.com", ignoreCase: true }] }, origins: ["https://app.example.com"] },
  { code: "prefix-unbounded", config: { allowOrigins: [{ prefix: "https://" }] } },
  { code: "prefix-unbounded", config: { allowOrigins: [{ prefix: "https://app." }] } },
  { code: "regex-flags", config: { allowOrigins: [{ regex: /https:\/\/app\.example\.com/gi }] }, origins: ["https://app.example.com"] },
  { code: "regex-unsafe", config: { allowOrigins: [{ regex: "https://([a-z]+\\.)+example\\.com" }] }, origins: ["https://a.example.com"] },
  { code: "regex-unescaped-dot", config: { allowOrigins: [{ regex: "https://app.example\\.com" }] }, origins: ["https://app.example.com"] },
  { code: "regex-unescaped-dot", config: { allowOrigins: [{ regex: /https:\/\/app.example\.com/i }] }, origins: ["https://app.example.com"] },
  { code: "credentials-insecure-regex", config: { allowOrigins: [{ regex: "http://app\\.example\\.com" }], allowCredentials: true }, origins: ["https://app.example.com"] },
  { code: "method-invalid", config: { allowOrigins: ["https://app.example.com"], allowMethods: ["PUT "] } },
  { code: "method-forbidden", config: { allowOrigins: ["https://app.example.com"], allowMethods: ["PUT", "CONNECT"] } },
  { code: "header-invalid", config: { allowOrigins: ["https://app.example.com"], allowHeaders: [" x-a"] } },
  { code: "header-never-sent", config: { allowOrigins: ["https://app.example.com"], allowHeaders: ["cookie"] } },
  { code: "expose-never-readable", config: { allowOrigins: ["https://app.example.com"], exposeHeaders: ["set-cookie"] } },
  { code: "maxage-invalid", config: { allowOrigins: ["https://app.example.com"], maxAge: 1.5 } },
  { code: "maxage-invalid", config: { allowOrigins: ["https://app.example.com"], maxAge: "600" } },
  { code: "maxage-capped", config: { allowOrigins: ["https://app.example.com"], maxAge: "48h" } },
];

/** Hints that describe a choice rather than one edit (no `fix`): each still names a form createPolicy accepts. */
const DESCRIPTIVE = new Set(["origins-missing", "credentials-any-origin", "credentials-expose-wildcard", "regex-invalid", "regex-matches-null", "origin-pattern-too-broad"]);

describe("every hint, applied literally, gives a policy accepted for that path", () => {
  it.each(hinted.map((entry) => [entry.code, JSON.stringify(entry.config, (_, v: unknown) => (v instanceof RegExp ? String(v) : v)), entry] as const))(
    "%s: %s",
    (code, _shown, { config, origins }) => {
      const before = attempt(config).issues.filter((issue) => issue.code === code);
      expect(before.length).toBeGreaterThan(0);
      for (const issue of before) {
        expect(issue.hint).toBeDefined();
        if (issue.fix === undefined) {
          // Only a prefix that is not a whole origin has no literal fix: its hint names the forms that work.
          expect(issue.code).toBe("prefix-unbounded");
          expect(issue.hint).toBe('list the exact origins, or use a pattern such as "https://*.example.com"');
          expect(attempt({ allowOrigins: ["https://app.example.com", "https://*.example.com"] }).issues).toEqual([]);
          continue;
        }
        const fixed = applyFix(config, issue.fix);
        const after = attempt(fixed);
        // The problem is gone, and the fix introduced no invalid or non-canonical entry.
        expect(after.issues.filter((other) => other.code === code && other.path === issue.path)).toEqual([]);
        expect(after.issues.map((other) => other.code)).not.toContain("origin-invalid");
        expect(after.issues.map((other) => other.code)).not.toContain("origin-noncanonical");
        if (origins !== undefined && before.length === 1) {
          expect(after.policy, JSON.stringify(after.issues)).toBeDefined();
          for (const origin of origins) expect(allows(after.policy as CorsPolicy, origin)).toBe(true);
        }
      }
    },
  );

  it("prefix-unbounded on a whole origin: the tutorial's http://10.0.0.1 keeps the origin itself and its ports, and nothing else", () => {
    const [issue] = attempt({ allowOrigins: [{ prefix: "http://10.0.0.1" }] }).issues;
    expect(issue).toMatchObject({
      code: "prefix-unbounded",
      hint: 'list the origin and its ports instead: ["http://10.0.0.1", "http://10.0.0.1:*"]',
      fix: { path: "allowOrigins[0]", replaceWith: ["http://10.0.0.1", "http://10.0.0.1:*"] },
    });
    const policy = createPolicy({ allowOrigins: ["http://10.0.0.1", "http://10.0.0.1:*"] });
    expect(policy.warnings).toEqual([]);
    expect(allows(policy, "http://10.0.0.1")).toBe(true);
    expect(allows(policy, "http://10.0.0.1:8080")).toBe(true);
    expect(allows(policy, "http://10.0.0.10")).toBe(false);
    expect(allows(policy, "http://10.0.0.1.evil.net")).toBe(false);
  });

  it('prefix-unbounded on "https://" never suggests "https://:"', () => {
    const [issue] = attempt({ allowOrigins: [{ prefix: "https://" }] }).issues;
    expect(issue?.hint).not.toContain('"https://:"');
    expect(issue?.fix).toBeUndefined();
  });

  it("every code with a hint in the table either carries a fix or is a described choice", () => {
    for (const { config } of hinted) {
      for (const issue of attempt(config).issues) {
        if (issue.hint !== undefined && issue.fix === undefined && issue.code !== "prefix-unbounded") expect(DESCRIPTIVE).toContain(issue.code);
      }
    }
  });
});

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/);
const host = fc.oneof(fc.array(label, { minLength: 1, maxLength: 3 }).map((labels) => `${labels.join(".")}.example`), fc.ipV4());

describe("property: fixes of generated prefixes and origins", () => {
  it(
    "a prefix that is a whole origin: the fix is accepted without warnings and allows the origin and its ports, not a longer host",
    () => {
      fc.assert(
        fc.property(fc.constantFrom("http", "https"), host, fc.boolean(), fc.integer({ min: 1, max: 65535 }), (scheme, name, credentials, port) => {
          const origin = `${scheme}://${name}`;
          fc.pre(new URL(origin).origin === origin);
          const config = { allowOrigins: [{ prefix: origin }], ...(credentials && scheme === "https" ? { allowCredentials: true } : {}) };
          const issue = attempt(config).issues.find((candidate) => candidate.code === "prefix-unbounded");
          expect(issue?.fix).toEqual({ path: "allowOrigins[0]", replaceWith: [origin, `${origin}:*`] });
          const after = attempt(applyFix(config, issue?.fix as ConfigFix));
          expect(after.issues).toEqual([]);
          const policy = after.policy as CorsPolicy;
          expect(allows(policy, origin)).toBe(true);
          expect(allows(policy, `${origin}:${port}`)).toBe(true);
          expect(allows(policy, `${origin}.evil.net`)).toBe(false);
        }),
        { numRuns: 500 },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    "a non-canonical origin: the fix is new URL(x).origin, accepted and allowed",
    () => {
      const written = fc
        .tuple(fc.constantFrom("http", "HTTP", "https"), host, fc.constantFrom("", ":80", ":443", ":0080", ":8080"), fc.constantFrom("", "/"))
        .map(([scheme, name, port, slash]) => `${scheme}://${name.toUpperCase()}${port}${slash}`);
      fc.assert(
        fc.property(written, (origin) => {
          const canonical = new URL(origin).origin;
          fc.pre(canonical !== origin);
          const config = { allowOrigins: [origin] };
          const [issue] = attempt(config).issues;
          expect(issue?.fix).toEqual({ path: "allowOrigins[0]", replaceWith: [canonical] });
          const after = attempt(applyFix(config, issue?.fix as ConfigFix));
          expect(after.issues).toEqual([]);
          expect(allows(after.policy as CorsPolicy, canonical)).toBe(true);
        }),
        { numRuns: 500 },
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe("createPolicy with something that is not a policy object says what it got", () => {
  it.each([
    [undefined, "undefined"],
    [null, "null"],
    [5, "the number 5"],
    [true, "true"],
    [["https://app.example.com"], "an array"],
    ["https://app.example.com", 'the string "https://app.example.com"'],
  ])("%j", (value, described) => {
    expect(attempt(value as never).issues).toEqual([
      {
        code: "type-invalid",
        path: "",
        message: `createPolicy takes a policy object such as { allowOrigins: ["https://app.example.com"] }, not ${described}`,
      },
    ]);
  });
});
