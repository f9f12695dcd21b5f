/**
 * The one gate every regex corsgate runs on request data goes through (SPEC §1.2): origin regexes in
 * `allowOrigins`, and the path, method, header and query regexes of `routePolicies` in corsgate/mesh. A regex
 * that passes compiles on its own, has no flags but `i` / `u`, and matches in time linear in its input's
 * length (both rules of `regex-unsafe`). Callers add their own checks (an origin regex's probes) on top.
 */
import { describe } from "./describe.js";
import type { ConfigIssue } from "./errors.js";
import { findOverlappingRepetition } from "./origin/regex-overlap.js";
import { findUnsafeConstruct, suggestPattern } from "./origin/regex-safety.js";

/** What a gated regex is matched against, for the messages: `"Origin"`, `"request path"`. */
export interface RegexGateSubject {
  /** The request value the regex runs on, as a message names it: `"Origin"`, `"request path"`. */
  readonly value: string;
  /** The hint of an empty regex: what to write instead. */
  readonly emptyHint: string;
}

/** The outcome of the gate: the regex compiled where it compiles, and every problem that refuses it. */
export interface GatedRegex {
  /** The source and flags as written (a RegExp's `source` and `flags`). */
  readonly source: string;
  readonly flags: string;
  /** The pattern anchored as Envoy's RE2 matches: the whole value must match, `^(?:source)$`. Absent when it does not compile. */
  readonly anchored?: RegExp;
  /** The pattern compiled as written. Absent when it does not compile. */
  readonly standalone?: RegExp;
  /**
   * Problems that refuse the regex (`type-invalid`, `regex-invalid`, `regex-flags`, `regex-unsafe`), each at
   * `path`. The regex may be used only when this is empty; an unsafe regex still compiles, so that a caller
   * can run short probes on it and report every problem at once.
   */
  readonly issues: readonly ConfigIssue[];
}

/**
 * Checks `value` (a string or a RegExp, from any realm) as a regex to run on the request's `subject`.
 * Never throws; what is wrong is in `issues`.
 */
export function gateRegex(value: unknown, path: string, subject: RegexGateSubject): GatedRegex {
  let source: string;
  let flags = "";
  if (typeof value === "string") {
    source = value;
  } else if (value instanceof RegExp || Object.prototype.toString.call(value) === "[object RegExp]") {
    source = (value as RegExp).source;
    flags = (value as RegExp).flags;
    if (source === "(?:)") source = "";
  } else {
    return { source: "", flags, issues: [{ code: "type-invalid", path, message: `regex must be a string or a RegExp, not ${describe(value)}` }] };
  }
  if (source === "") {
    return { source, flags, issues: [{ code: "regex-invalid", path, message: "the regex is empty", hint: subject.emptyHint }] };
  }
  const badFlags = flags.replace(/[iu]/g, "");
  if (badFlags !== "") {
    const issue: ConfigIssue = {
      code: "regex-flags",
      path,
      message: `the flags ${JSON.stringify(badFlags)} change how a regex matches state or lines; only i and u are allowed`,
      hint: `use /${source}/${flags.replace(/[^iu]/g, "")}`,
    };
    return { source, flags, issues: [issue] };
  }
  let anchored: RegExp;
  let standalone: RegExp;
  try {
    // The source must compile on its own first: one with an unmatched ")" closes the wrapping group early, and
    // "https://app\.example\.com)|(?:x" would run as ^(?:https://app\.example\.com)|(?:x)$, whose first
    // alternative is anchored only at the start (it matches https://app.example.com.evil.net).
    standalone = new RegExp(source, flags);
    anchored = new RegExp(`^(?:${source})$`, flags);
  } catch (error) {
    const issue: ConfigIssue = { code: "regex-invalid", path, message: `the regex does not compile: ${error instanceof Error ? error.message : String(error)}` };
    return { source, flags, issues: [issue] };
  }
  const unsafe = findUnsafeConstruct(source, flags) ?? findOverlappingRepetition(source, flags);
  if (unsafe === undefined) return { source, flags, anchored, standalone, issues: [] };
  const pattern = suggestPattern(source);
  const issue: ConfigIssue = {
    code: "regex-unsafe",
    path,
    message: `the regex contains ${unsafe}, which can make matching take more than linear time on a hostile ${subject.value} (V8 backtracks; Envoy's RE2 does not)`,
    ...(pattern === undefined
      ? { hint: "rewrite it without nested quantifiers, alternation under a quantifier, backreferences or lookaround" }
      : { hint: `use the pattern "${pattern}" instead` }),
  };
  return { source, flags, anchored, standalone, issues: [issue] };
}
