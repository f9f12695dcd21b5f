import { CorsConfigError } from "../core/errors.js";
import type { ConfigIssue } from "../core/errors.js";

/**
 * Codes of problems found while translating between corsgate and a mesh format. Stable API, like the core's
 * codes; the core's own codes (`unknown-field`, `type-invalid`, `maxage-invalid`, `regex-invalid`,
 * `regex-flags`, `regex-unsafe`) are reused where they mean the same thing.
 */
export type MeshIssueCode =
  | "unknown-field"
  | "type-invalid"
  | "maxage-invalid"
  | "regex-invalid"
  | "regex-flags"
  | "regex-unsafe"
  | "regex-untranslatable"
  | "not-expressible"
  | "match-unsupported"
  | "manifest-invalid";

/** Codes of translation warnings (passed to `onWarning`). */
export type MeshWarningCode = "deprecated-field" | "field-ignored" | "default-differs" | "conversion-lossy" | "policy-conflict";

/** Collects every problem of one translation so that all of them are reported at once. */
export class IssueList {
  readonly errors: ConfigIssue[] = [];
  readonly warnings: ConfigIssue[] = [];

  error(code: MeshIssueCode, path: string, message: string, hint?: string): void {
    this.errors.push(hint === undefined ? { code, path, message } : { code, path, message, hint });
  }

  warn(code: MeshWarningCode, path: string, message: string, hint?: string): void {
    this.warnings.push(hint === undefined ? { code, path, message } : { code, path, message, hint });
  }

  /** Adds issues found elsewhere (the core's, say) with `prefix` in front of their paths. */
  adopt(issues: readonly ConfigIssue[], prefix: string): void {
    for (const issue of issues) this.errors.push({ ...issue, path: joinPath(prefix, issue.path) });
  }

  /** Throws one `CorsConfigError` listing every error, after handing the warnings to `onWarning`. */
  finish(onWarning: ((issue: ConfigIssue) => void) | undefined): void {
    if (onWarning !== undefined) for (const warning of this.warnings) onWarning(warning);
    if (this.errors.length > 0) throw new CorsConfigError(this.errors);
  }
}

/** `joinPath("spec.http[0].corsPolicy", "allowOrigins[1]")` → `spec.http[0].corsPolicy.allowOrigins[1]`. */
export function joinPath(prefix: string, path: string): string {
  if (prefix === "") return path;
  if (path === "") return prefix;
  return path.startsWith("[") ? `${prefix}${path}` : `${prefix}.${path}`;
}

/** A short, printable rendering of any value, for messages. */
export function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (value instanceof RegExp) return String(value);
  if (typeof value === "object") return "an object";
  return String(value);
}

/** True for a plain object (a parsed YAML / JSON mapping). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof RegExp);
}
