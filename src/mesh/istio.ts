/**
 * Istio's VirtualService `corsPolicy` ⇄ corsgate's `CorsPolicyConfig`. The vocabularies are the same
 * (corsgate took Istio's); what differs is written out here: RE2 versus JavaScript regexes, Duration
 * strings versus seconds, Istio's default of forwarding unmatched preflights, and Gateway-style
 * wildcard origins, which Istio can only say with a regex.
 */
import type { CorsPolicyConfig, OriginMatcher } from "../core/config.js";
import type { ConfigIssue } from "../core/errors.js";
import type { CorsPolicy } from "../core/types.js";
import { addCoreErrors } from "./core-errors.js";
import { formatDuration, parseDuration } from "./duration.js";
import { readBoolean, readRecord, readStringList, reportUnknownFields } from "./import-fields.js";
import { IssueList, joinPath, show } from "./issues.js";
import { parseWildcardOrigin, regexLiteral, regexToWildcardOrigin, wildcardOriginToRegexes } from "./origin-forms.js";
import { normalizedConfigOf, regexParts } from "./policy-input.js";
import { escapeRegex, javaScriptToRe2, re2ToJavaScript } from "./re2.js";
import { conversionWarnings } from "./conversion-warnings.js";
import type { MeshExportOptions } from "./conversion-warnings.js";

/** Istio's StringMatch: exactly one of the three. */
export type IstioStringMatch = { exact: string } | { prefix: string } | { regex: string };

/** A VirtualService route's `corsPolicy`, as Istio's API defines it (camelCase, as in YAML). */
export interface IstioCorsPolicy {
  allowOrigins?: IstioStringMatch[];
  /** Deprecated in Istio: exact origins. Read when `allowOrigins` is absent; never written. */
  allowOrigin?: string[];
  allowMethods?: string[];
  allowHeaders?: string[];
  exposeHeaders?: string[];
  /** A protobuf Duration: `"24h"`, `"1h30m"`, `"86400s"`. */
  maxAge?: string;
  allowCredentials?: boolean;
  /** `FORWARD` (Istio's default) passes unmatched preflights to the application; `IGNORE` answers them. */
  unmatchedPreflights?: "UNSPECIFIED" | "FORWARD" | "IGNORE";
}

/** Options of the importers. */
export interface MeshImportOptions {
  /** Where the imported object sits in its manifest, put in front of every issue's path (`spec.http[0].corsPolicy`). */
  readonly path?: string;
  /** Receives translation warnings (deprecated or ignored fields). */
  readonly onWarning?: (issue: ConfigIssue) => void;
}

const ISTIO_FIELDS = [
  "allowOrigins",
  "allowOrigin",
  "allowMethods",
  "allowHeaders",
  "exposeHeaders",
  "maxAge",
  "allowCredentials",
  "unmatchedPreflights",
] as const;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Reads an Istio `corsPolicy` (a parsed YAML / JSON object) into a corsgate configuration.
 * Throws one `CorsConfigError` listing every field that cannot be read or translated (an RE2 construct
 * JavaScript lacks, say), each with its path and a hint. The result still goes through `createPolicy`,
 * which applies corsgate's own checks.
 *
 * Istio forwards preflights from unmatched origins to the application unless `unmatchedPreflights` is
 * `IGNORE`; the result says `"forward"` in that case, as Istio would behave.
 */
export function fromIstioCorsPolicy(corsPolicy: unknown, options: MeshImportOptions = {}): CorsPolicyConfig {
  const base = options.path ?? "";
  const issues = new IssueList();
  const source = readRecord(corsPolicy, base, issues, "corsPolicy");
  const config: Mutable<Partial<CorsPolicyConfig>> = {};
  if (source !== undefined) {
    reportUnknownFields(source, ISTIO_FIELDS, base, issues, "Istio's corsPolicy");
    const at = (field: string): string => joinPath(base, field);

    let origins: OriginMatcher[] | undefined;
    // The manifest index of each origin read, for the core's paths when some could not be read.
    const originSources: number[] = [];
    if (source["allowOrigins"] !== undefined) {
      origins = readIstioOrigins(source["allowOrigins"], at("allowOrigins"), issues, originSources);
      if (source["allowOrigin"] !== undefined) {
        issues.warn("field-ignored", at("allowOrigin"), "Istio ignores the deprecated allowOrigin when allowOrigins is set", "remove allowOrigin");
      }
    } else if (source["allowOrigin"] !== undefined) {
      issues.warn("deprecated-field", at("allowOrigin"), "allowOrigin is deprecated in Istio", "write allowOrigins: [{exact: …}]");
      origins = readStringList(source["allowOrigin"], at("allowOrigin"), issues)?.map(exactOrigin);
    }
    if (origins !== undefined) config.allowOrigins = origins;

    for (const field of ["allowMethods", "allowHeaders", "exposeHeaders"] as const) {
      if (source[field] === undefined) continue;
      const list = readStringList(source[field], at(field), issues);
      if (list !== undefined) config[field] = list;
    }
    if (source["maxAge"] !== undefined) {
      const maxAge = source["maxAge"];
      if (typeof maxAge === "string") {
        const parsed = parseDuration(maxAge);
        if (parsed.ok) config.maxAge = parsed.seconds;
        else issues.error("maxage-invalid", at("maxAge"), `${show(maxAge)} cannot be a max-age: ${parsed.why}`);
      } else {
        issues.error(
          "type-invalid",
          at("maxAge"),
          `Istio's maxAge is a Duration string, not ${show(maxAge)}`,
          typeof maxAge === "number" && Number.isSafeInteger(maxAge) && maxAge >= 0 ? `write "${maxAge}s"` : undefined,
        );
      }
    }
    if (source["allowCredentials"] !== undefined) {
      const credentials = readBoolean(source["allowCredentials"], at("allowCredentials"), issues);
      if (credentials !== undefined) config.allowCredentials = credentials;
    }
    const unmatched = source["unmatchedPreflights"];
    if (unmatched === undefined || unmatched === "UNSPECIFIED" || unmatched === "FORWARD") config.unmatchedPreflights = "forward";
    else if (unmatched === "IGNORE") config.unmatchedPreflights = "reject";
    else {
      issues.error("type-invalid", at("unmatchedPreflights"), `expected FORWARD or IGNORE, not ${show(unmatched)}`);
    }
    if (issues.errors.length > 0) addCoreErrors(config, base, issues, source["allowOrigins"] === undefined ? undefined : originSources);
  }
  issues.finish(options.onWarning);
  return config as CorsPolicyConfig;
}

/** The origins that could be read; `sources` receives the manifest index of each. */
function readIstioOrigins(value: unknown, path: string, issues: IssueList, sources: number[]): OriginMatcher[] | undefined {
  if (!Array.isArray(value)) {
    issues.error("type-invalid", path, `expected a list of StringMatch ({exact}, {prefix} or {regex}), not ${show(value)}`);
    return undefined;
  }
  const origins: OriginMatcher[] = [];
  value.forEach((entry: unknown, index) => {
    const at = `${path}[${index}]`;
    const record = readRecord(entry, at, issues, "a StringMatch");
    if (record === undefined) return;
    const kinds = Object.keys(record);
    const kind = kinds[0];
    if (kinds.length !== 1 || (kind !== "exact" && kind !== "prefix" && kind !== "regex")) {
      issues.error("type-invalid", at, `a StringMatch holds exactly one of exact, prefix or regex, not ${kinds.length === 0 ? "none" : kinds.join(", ")}`);
      return;
    }
    const text = record[kind];
    if (typeof text !== "string") {
      issues.error("type-invalid", `${at}.${kind}`, `expected a string, not ${show(text)}`);
      return;
    }
    const matcher = kind === "exact" ? exactOrigin(text) : kind === "prefix" ? { prefix: text } : istioRegexToMatcher(text, `${at}.regex`, issues);
    if (matcher === undefined) return;
    origins.push(matcher);
    sources.push(index);
  });
  return origins;
}

/** An exact origin the plain way (a string), unless a * in it would make the string a pattern. */
function exactOrigin(text: string): OriginMatcher {
  return text === "*" || !text.includes("*") ? text : { exact: text };
}

/**
 * An Istio origin regex as the most readable corsgate matcher that means the same: a wildcard origin
 * when it has the one shape corsgate writes for those, `{exact|prefix, ignoreCase}` for a `(?i)` literal,
 * else the translated regex.
 */
function istioRegexToMatcher(pattern: string, path: string, issues: IssueList): OriginMatcher | undefined {
  const wildcard = regexToWildcardOrigin(pattern);
  if (wildcard !== undefined) return wildcard;
  const translated = re2ToJavaScript(pattern);
  if (!translated.ok) {
    issues.error(translated.code, path, `${translated.message} (in ${show(pattern)})`, hintFor(translated.construct));
    return undefined;
  }
  if (translated.flags === "i") {
    const literal = regexLiteral(translated.source);
    if (literal !== undefined) return { exact: literal, ignoreCase: true };
    if (translated.source.endsWith(".*")) {
      const prefix = regexLiteral(translated.source.slice(0, -2));
      if (prefix !== undefined) return { prefix, ignoreCase: true };
    }
    return { regex: new RegExp(translated.source, "i") };
  }
  return { regex: translated.source };
}

function hintFor(construct: string): string | undefined {
  if (construct.startsWith("\\p") || construct.startsWith("\\P")) return "list the characters in a class, such as [a-z]";
  if (construct.startsWith("(?")) return "put (?i) at the very start of the pattern, or use [Aa]-style classes";
  if (construct.endsWith("+") && construct.length > 1) return `drop the trailing + (write ${construct.slice(0, -1)})`;
  return undefined;
}

/**
 * Writes a corsgate policy (or a config, validated first with `createPolicy`) as an Istio `corsPolicy`.
 * Wildcard origins become RE2 regexes that corsgate reads back as the same wildcards; `ignoreCase`
 * becomes `(?i)`. Throws `CorsConfigError` (code `not-expressible` or `regex-untranslatable`) naming
 * every field Istio cannot hold: `allowPrivateNetwork`. `preflightStatus` is not written: Istio always
 * answers 200, which a browser accepts as well as 204.
 */
export function toIstioCorsPolicy(policy: CorsPolicy | CorsPolicyConfig, options: MeshExportOptions = {}): IstioCorsPolicy {
  const config = normalizedConfigOf(policy);
  const issues = new IssueList();
  const origins: IstioStringMatch[] = [];
  config.allowOrigins.forEach((matcher, index) => {
    const path = `allowOrigins[${index}]`;
    if (typeof matcher === "string") {
      if (matcher === "*") {
        origins.push({ exact: "*" });
        return;
      }
      const wildcard = parseWildcardOrigin(matcher);
      if (wildcard === undefined) origins.push({ exact: matcher });
      else for (const regex of wildcardOriginToRegexes(wildcard, matcher.includes("://*"))) origins.push({ regex });
      return;
    }
    if ("exact" in matcher) {
      origins.push(matcher.ignoreCase === true ? { regex: `(?i)${escapeRegex(matcher.exact)}` } : { exact: matcher.exact });
      return;
    }
    if ("prefix" in matcher) {
      origins.push(matcher.ignoreCase === true ? { regex: `(?i)${escapeRegex(matcher.prefix)}.*` } : { prefix: matcher.prefix });
      return;
    }
    const { source, flags } = regexParts(matcher);
    const translated = javaScriptToRe2(source, flags);
    if (translated.ok) origins.push({ regex: translated.pattern });
    else issues.error(translated.code, `${path}.regex`, `${translated.message} (in /${source}/${flags})`);
  });
  if (config.allowPrivateNetwork) {
    issues.error(
      "not-expressible",
      "allowPrivateNetwork",
      "Istio's corsPolicy has no Private Network Access setting",
      "remove allowPrivateNetwork, or keep this policy in corsgate",
    );
  }
  issues.finish(undefined);
  for (const warning of conversionWarnings(config, "istio", options.path)) options.onWarning?.(warning);
  const result: IstioCorsPolicy = { allowOrigins: origins };
  if (config.allowMethods.length > 0) result.allowMethods = [...config.allowMethods];
  if (config.allowHeaders.length > 0) result.allowHeaders = [...config.allowHeaders];
  if (config.exposeHeaders.length > 0) result.exposeHeaders = [...config.exposeHeaders];
  if (config.maxAge !== undefined) result.maxAge = formatDuration(config.maxAge);
  if (config.allowCredentials) result.allowCredentials = true;
  result.unmatchedPreflights = config.unmatchedPreflights === "forward" ? "FORWARD" : "IGNORE";
  return result;
}
