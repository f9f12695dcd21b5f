/** Codes of problems that stop `createPolicy`. Stable API: a code never changes meaning. */
export type ConfigErrorCode =
  | "unknown-field"
  | "type-invalid"
  | "origins-missing"
  | "origin-invalid"
  | "origin-noncanonical"
  | "origin-null"
  | "wildcard-mixed"
  | "credentials-any-origin"
  | "credentials-insecure-origin"
  | "credentials-expose-wildcard"
  | "prefix-unbounded"
  | "regex-invalid"
  | "regex-flags"
  | "regex-unsafe"
  | "method-invalid"
  | "method-forbidden"
  | "header-invalid"
  | "maxage-invalid";

/** Codes of warnings in `policy.warnings`. */
export type ConfigWarningCode =
  | "prefix-unbounded"
  | "regex-unescaped-dot"
  | "maxage-capped"
  | "header-never-sent"
  | "expose-never-readable"
  | "credentials-any-origin"
  | "origin-pattern-too-broad"
  | "regex-matches-null"
  | "credentials-insecure-regex";

/** Codes of information in `policy.notices`: nothing to fix, worth knowing. */
export type ConfigNoticeCode = "maxage-capped-in-some-browsers";

/**
 * A fix a program can apply to the configuration as written (an editor, a codemod, `corsgate lint --fix`): the
 * `hint` in data. Exactly one of `replaceWith` and `renameTo` is set.
 */
export interface ConfigFix {
  /** Where to apply it, in the `path` syntax of issues: the issue's path, or the list entry that holds it. */
  readonly path: string;
  /**
   * The values to put at `path`: one replaces the value; for a list entry (`allowOrigins[1]`), several replace it
   * with all of them and none removes it.
   */
  readonly replaceWith?: readonly unknown[];
  /** Rename the field at `path` to this name, keeping its value (an `unknown-field` typo). */
  readonly renameTo?: string;
}

/** One problem in a policy: a stable code, the field path (`allowOrigins[2].regex`), a message and, where possible, a fix. */
export interface ConfigIssue {
  readonly code: string;
  readonly path: string;
  readonly message: string;
  /** What to change, for a person. Followed literally, it gives a policy `createPolicy` accepts. */
  readonly hint?: string;
  /** The same change as data, where it is one literal edit. */
  readonly fix?: ConfigFix;
}

const brand = Symbol.for("corsgate.CorsConfigError");

function formatIssues(issues: readonly ConfigIssue[]): string {
  const head = `corsgate: ${issues.length} problem${issues.length === 1 ? "" : "s"} in the CORS policy`;
  const lines = issues.map((issue) => {
    const where = issue.path === "" ? "(policy)" : issue.path;
    const hint = issue.hint === undefined ? "" : ` (${issue.hint})`;
    return `  - ${where}: ${issue.message}${hint} [${issue.code}]`;
  });
  return [head, ...lines].join("\n");
}

/** Thrown by `createPolicy`: `issues` lists every problem found, not just the first. */
export class CorsConfigError extends Error {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    super(formatIssues(issues));
    this.name = "CorsConfigError";
    this.issues = Object.freeze(issues.map((issue) => Object.freeze({ ...issue })));
    Object.defineProperty(this, brand, { value: true });
  }
}

/** True for a `CorsConfigError`, also one from another realm or from the other (ESM / CJS) build. */
export function isCorsConfigError(value: unknown): value is CorsConfigError {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}
