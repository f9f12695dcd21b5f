import type { ConfigIssue } from "../errors.js";
import type { OriginMatcher } from "../config.js";
import { describe } from "../describe.js";
import { own } from "../own.js";
import { parseConfigOrigin, checkInsecureWithCredentials } from "./config-origin.js";
import { analyzePrefix } from "./prefix.js";
import { gateRegex } from "../regex-gate.js";
import { findUnescapedHostDot, suggestPattern } from "./regex-safety.js";
import { tooBroadPatternWarning } from "./pattern-breadth.js";
import { httpsRegexHint, regexMayMatchInsecureHttp } from "./regex-scheme.js";
import type { OriginTable, PatternRule } from "./table.js";

const MATCHER_FIELDS: Readonly<Record<string, readonly string[]>> = {
  exact: ["exact", "ignoreCase"],
  prefix: ["prefix", "ignoreCase"],
  regex: ["regex"],
};
/** A regex that matches all three is treated as "any origin". */
const ANY_ORIGIN_PROBES = ["https://example.com", "http://example.org:8080", "https://attacker.invalid"];
/** Two hosts nobody owns under two TLDs: a regex that matches both allows hosts its author does not own. */
const ANY_HOST_PROBES = ["https://attacker.invalid", "https://evil.test"];

export interface CompiledOrigins {
  readonly table: OriginTable;
  /** The normalized matchers, for `policy.config`. */
  readonly normalized: readonly OriginMatcher[];
}

interface Context {
  readonly credentials: boolean;
  readonly dangerouslyAllowAnyOriginWithCredentials: boolean;
  readonly errors: ConfigIssue[];
  readonly warnings: ConfigIssue[];
}

/** Validates every entry of `allowOrigins` and builds the lookup table. */
export function compileOrigins(input: unknown, context: Context): CompiledOrigins {
  const { errors } = context;
  const exact = new Set<string>();
  const exactIgnoreCase = new Set<string>();
  const patterns = new Map<string, PatternRule[]>();
  const prefixes: { value: string; ignoreCase: boolean }[] = [];
  const regexes: RegExp[] = [];
  const normalized: OriginMatcher[] = [];
  const anyIndexes: number[] = [];

  if (input === undefined || (Array.isArray(input) && input.length === 0)) {
    errors.push({
      code: "origins-missing",
      path: "allowOrigins",
      message: "allowOrigins is required and must list at least one origin; corsgate has no allow-all default",
      hint: 'list the origins that may read responses, e.g. ["https://app.example.com"]',
    });
  } else if (!Array.isArray(input)) {
    errors.push({ code: "type-invalid", path: "allowOrigins", message: `allowOrigins must be a list, not ${describe(input)}` });
  } else {
    for (let index = 0; index < input.length; index++) {
      const entry: unknown = input[index];
      const path = `allowOrigins[${index}]`;
      const any = () => {
        anyIndexes.push(index);
        normalized.push("*");
        reportAnyWithCredentials(path, context);
      };
      if (typeof entry === "string") {
        if (entry === "*") {
          any();
          continue;
        }
        if (addOriginString(entry, path, false, true, context, exact, exactIgnoreCase, patterns)) normalized.push(entry);
        continue;
      }
      if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
        errors.push({ code: "type-invalid", path, message: `an origin must be a string or { exact | prefix | regex }, not ${describe(entry)}` });
        continue;
      }
      const record = entry as Record<string, unknown>;
      const kinds = Object.keys(MATCHER_FIELDS).filter((kind) => Object.hasOwn(record, kind));
      if (kinds.length !== 1) {
        errors.push({
          code: "type-invalid",
          path,
          message: kinds.length === 0
            ? "an origin matcher needs one of exact, prefix or regex"
            : `an origin matcher takes exactly one of exact, prefix or regex, not ${kinds.join(" and ")}`,
        });
        continue;
      }
      const kind = kinds[0] as "exact" | "prefix" | "regex";
      const allowed = MATCHER_FIELDS[kind] as readonly string[];
      let fieldsOk = true;
      for (const key of Object.keys(record)) {
        if (!allowed.includes(key)) {
          fieldsOk = false;
          errors.push({
            code: "unknown-field",
            path: `${path}.${key}`,
            message: `${kind} matchers have no field ${JSON.stringify(key)}`,
            ...(key.toLowerCase() === "ignorecase" && kind !== "regex"
              ? { hint: "did you mean ignoreCase?", fix: { path: `${path}.${key}`, renameTo: "ignoreCase" } }
              : kind === "regex" && key === "ignoreCase"
                ? { hint: "use the i flag: { regex: /…/i }" }
                : {}),
          });
        }
      }
      const ignoreCaseValue = own(record, "ignoreCase");
      if (ignoreCaseValue !== undefined && typeof ignoreCaseValue !== "boolean") {
        fieldsOk = false;
        errors.push({ code: "type-invalid", path: `${path}.ignoreCase`, message: `ignoreCase must be true or false, not ${describe(ignoreCaseValue)}` });
      }
      const ignoreCase = ignoreCaseValue === true;
      const value = own(record, kind);
      const valuePath = `${path}.${kind}`;
      if (kind === "regex") {
        const regex = compileRegex(value, valuePath, context);
        if (regex !== undefined && fieldsOk) {
          regexes.push(regex.compiled);
          normalized.push({ regex: regex.normalized });
        }
        continue;
      }
      if (typeof value !== "string") {
        errors.push({ code: "type-invalid", path: valuePath, message: `${kind} must be a string, not ${describe(value)}` });
        continue;
      }
      if (kind === "exact") {
        if (value === "*") {
          if (fieldsOk) any();
          continue;
        }
        if (addOriginString(value, valuePath, ignoreCase, false, context, exact, exactIgnoreCase, patterns) && fieldsOk) {
          normalized.push(ignoreCase ? { exact: value, ignoreCase: true } : { exact: value });
        }
        continue;
      }
      if (compilePrefix(value, valuePath, ignoreCase, context) && fieldsOk) {
        prefixes.push({ value: ignoreCase ? value.toLowerCase() : value, ignoreCase });
        normalized.push(ignoreCase ? { prefix: value, ignoreCase: true } : { prefix: value });
      }
    }
    if (anyIndexes.length > 0 && input.length > 1) {
      errors.push({
        code: "wildcard-mixed",
        path: `allowOrigins[${anyIndexes[0] as number}]`,
        message: '"*" already allows every origin; listing others beside it is a mistake',
        hint: 'remove "*" to allow only the listed origins, or keep "*" alone',
        fix: { path: `allowOrigins[${anyIndexes[0] as number}]`, replaceWith: [] },
      });
    }
  }
  const table: OriginTable = {
    any: anyIndexes.length > 0,
    exact,
    exactIgnoreCase,
    patterns,
    prefixes: Object.freeze(prefixes.map((prefix) => Object.freeze(prefix))),
    regexes: Object.freeze(regexes),
  };
  return { table: Object.freeze(table), normalized };
}

/** The gate's issues with the fix an origin regex can take: the allowed flags, or the pattern form it suggests. */
function withOriginFix(issue: ConfigIssue, source: string, flags: string, path: string): ConfigIssue {
  if (issue.code === "regex-flags") return { ...issue, fix: { path, replaceWith: [new RegExp(source, flags.replace(/[^iu]/g, ""))] } };
  if (issue.code === "regex-unsafe") {
    const pattern = suggestPattern(source);
    if (pattern !== undefined) return { ...issue, fix: { path: entryPath(path), replaceWith: [pattern] } };
  }
  return issue;
}

/** The list entry a matcher field belongs to: `allowOrigins[2]` for `allowOrigins[2].prefix`. */
function entryPath(path: string): string {
  const dot = path.lastIndexOf(".");
  return dot < 0 ? path : path.slice(0, dot);
}

/** A corrected regex in the form it was written: a string stays a string, a RegExp stays a RegExp. */
function sameKind(written: unknown, source: string, flags: string): string | RegExp {
  return typeof written === "string" ? source : new RegExp(source, flags);
}

function reportAnyWithCredentials(path: string, context: Context): void {
  if (!context.credentials) return;
  const base = {
    code: "credentials-any-origin",
    path,
    hint: 'list the trusted origins, e.g. ["https://app.example.com"], or a pattern such as "https://*.example.com"',
  };
  if (context.dangerouslyAllowAnyOriginWithCredentials) {
    context.warnings.push({
      ...base,
      message: "any origin is allowed together with credentials (opted into with dangerouslyAllowAnyOriginWithCredentials): every web site can read credentialed responses, as the signed-in user",
    });
  } else {
    context.errors.push({
      ...base,
      message: "any origin together with allowCredentials: true lets every web site read responses as the signed-in user (and browsers refuse Access-Control-Allow-Origin: * with Access-Control-Allow-Credentials: true)",
    });
  }
}

function addOriginString(
  value: string,
  path: string,
  ignoreCase: boolean,
  allowPattern: boolean,
  context: Context,
  exact: Set<string>,
  exactIgnoreCase: Set<string>,
  patterns: Map<string, PatternRule[]>,
): boolean {
  if (value === "null") {
    context.errors.push({
      code: "origin-null",
      path,
      message: '"null" is the origin of every sandboxed iframe, file: page and redirected request; allowing it allows them all',
      hint: "remove it, and give the page a real origin",
      fix: { path: entryPath(path), replaceWith: [] },
    });
    return false;
  }
  const parsed = parseConfigOrigin(value, path, context.errors, { ignoreCase, allowPattern });
  if (!parsed.ok) return false;
  const { parts } = parsed;
  if (context.credentials) checkInsecureWithCredentials(parts, value, path, context.errors);
  if (parsed.isPattern) {
    if (parts.hostSuffix !== undefined) {
      const broad = tooBroadPatternWarning(value, parts.host, path, context.credentials);
      if (broad !== undefined) context.warnings.push(broad);
    }
    const key = parts.hostSuffix === undefined ? `${parts.scheme}://${parts.host}` : `${parts.scheme}://*${parts.hostSuffix}`;
    const rules = patterns.get(key) ?? [];
    rules.push(Object.freeze({ port: parts.port }));
    patterns.set(key, rules);
  } else if (ignoreCase) {
    exactIgnoreCase.add(value.toLowerCase());
  } else {
    exact.add(value);
  }
  return true;
}

function compilePrefix(value: string, path: string, ignoreCase: boolean, context: Context): boolean {
  if (value.toLowerCase() === "null") {
    context.errors.push({
      code: "origin-null",
      path,
      message: '"null" is the origin of every sandboxed iframe and file: page; corsgate never allows it',
      hint: "remove it",
      fix: { path: entryPath(path), replaceWith: [] },
    });
    return false;
  }
  const facts = analyzePrefix(value);
  if (!facts.canStartAnOrigin) {
    context.errors.push({
      code: "origin-invalid",
      path,
      message: `no origin starts with ${JSON.stringify(value)}: an origin is scheme://host[:port], with no path, white space or user information`,
    });
    return false;
  }
  if (!ignoreCase && value !== value.toLowerCase()) {
    context.errors.push({
      code: "origin-noncanonical",
      path,
      message: `${JSON.stringify(value)} has upper-case letters, but browsers send origins in lower case, so it never matches`,
      hint: `did you mean ${value.toLowerCase()}?`,
      fix: { path, replaceWith: [value.toLowerCase()] },
    });
    return false;
  }
  if (facts.matchesAnyOrigin) {
    reportAnyWithCredentials(path, context);
  } else if (context.credentials && /^http:\/\//i.test(value)) {
    const host = value.slice(7).split(":")[0] ?? "";
    checkInsecureWithCredentials({ scheme: "http", host: host.toLowerCase(), port: "" }, value, path, context.errors);
  }
  if (!facts.hostIsComplete && !(facts.matchesAnyOrigin && context.credentials)) {
    // When the prefix is a whole origin, what was meant is that origin on any port: list it and its `:*` pattern.
    // (Ending it with ":" would refuse the origin itself, which has no port.) A partial host has no literal fix.
    const origin = ignoreCase ? value.toLowerCase() : value;
    const scheme = origin.slice(0, Math.max(0, origin.indexOf("://")));
    const entries = parseConfigOrigin(origin, path, [], { ignoreCase: false, allowPattern: false }).ok
      ? scheme === "http" || scheme === "https" ? [origin, `${origin}:*`] : [origin]
      : undefined;
    const issue: ConfigIssue = {
      code: "prefix-unbounded",
      path,
      message: `the prefix ${JSON.stringify(value)} does not end at an origin boundary: it also matches ${JSON.stringify(`${value}${facts.matchesAnyOrigin ? "" : ".evil.net"}`.replace(/^$/, "https://evil.net"))} and other hosts`,
      ...(entries === undefined
        ? { hint: 'list the exact origins, or use a pattern such as "https://*.example.com"' }
        : { hint: `list the origin and its ports instead: ${JSON.stringify(entries).replace(/,/g, ", ")}`, fix: { path: entryPath(path), replaceWith: entries } }),
    };
    (context.credentials ? context.errors : context.warnings).push(issue);
  }
  return true;
}

function compileRegex(
  value: unknown,
  path: string,
  context: Context,
): { compiled: RegExp; normalized: string | RegExp } | undefined {
  const gated = gateRegex(value, path, { value: "Origin", emptyHint: "list the origins instead" });
  const { source, flags, anchored: compiled, standalone } = gated;
  if (compiled === undefined || standalone === undefined) {
    context.errors.push(...gated.issues.map((issue) => withOriginFix(issue, source, flags, path)));
    return undefined;
  }
  // The three probes are short, so running them on an unsafe pattern is harmless, and it reports every problem at once.
  const anyOrigin = ANY_ORIGIN_PROBES.every((probe) => compiled.test(probe));
  if (anyOrigin) reportAnyWithCredentials(path, context);
  if (gated.issues.length > 0) {
    context.errors.push(...gated.issues.map((issue) => withOriginFix(issue, source, flags, path)));
    return undefined;
  }
  const dot = findUnescapedHostDot(source);
  if (dot >= 0) {
    context.warnings.push({
      code: "regex-unescaped-dot",
      path,
      message: `the "." at position ${dot} is not escaped, so it matches any character, not only the dot between host labels`,
      hint: `did you mean ${source.slice(0, dot)}\\.${source.slice(dot + 1)}?`,
      fix: { path, replaceWith: [sameKind(value, `${source.slice(0, dot)}\\.${source.slice(dot + 1)}`, flags)] },
    });
  }
  // Matching happens only on well-shaped origins, so the literal "null" never reaches this regex (SPEC §4).
  if (compiled.test("null")) {
    context.warnings.push({
      code: "regex-matches-null",
      path,
      message: 'the regex matches "null", which corsgate never allows (it is the origin of sandboxed iframes and file: pages): Origin: null stays refused',
      hint: "serve the page from a real origin (https://…) and allow that origin instead",
    });
  }
  // An any-origin regex with credentials is already an error, or the opted-into warning that says more.
  if (context.credentials && !anyOrigin && ANY_HOST_PROBES.every((probe) => compiled.test(probe))) {
    context.warnings.push({
      code: "origin-pattern-too-broad",
      path,
      message: `with allowCredentials: true, this regex appears to allow any host (it matches ${ANY_HOST_PROBES.join(" and ")}): every such site can read responses as the signed-in user`,
      hint: 'name your own domain, e.g. "https://[a-z0-9-]+\\.example\\.com", or the pattern "https://*.example.com"',
    });
  }
  if (context.credentials && !anyOrigin && regexMayMatchInsecureHttp(source)) {
    const https = httpsRegexHint(source);
    context.warnings.push({
      code: "credentials-insecure-regex",
      path,
      message: "with allowCredentials: true, this regex may allow plain http:// origins, which anyone on the network can impersonate to read credentialed responses",
      hint: https === undefined
        ? 'start it with a literal scheme, e.g. "https://[a-z0-9-]+\\.example\\.com"; list http://localhost origins apart'
        : `did you mean ${https}?`,
      ...(https === undefined ? {} : { fix: { path, replaceWith: [sameKind(value, https, flags)] } }),
    });
  }
  const normalized = flags === "" ? source : Object.freeze(standalone);
  return { compiled, normalized };
}
