import type { NormalizedCorsPolicyConfig } from "./config.js";
import type { ConfigIssue } from "./errors.js";
import type { PolicyEssentials } from "./compiled.js";
import type { OriginTable, PatternRule } from "./origin/table.js";

/** Names the layout below; changed whenever the layout changes, so a stale generated file is refused, not misread. */
export const PRECOMPILED_FORMAT = "corsgate/precompiled@2";

/** `allowOrigins` compiled, in plain data: what `OriginTable` holds as sets, maps and regular expressions. */
export interface PrecompiledOrigins {
  readonly any: boolean;
  readonly exact: readonly string[];
  readonly exactIgnoreCase: readonly string[];
  /** The entries of `OriginTable.patterns`, keyed `scheme://host` or `scheme://*.suffix`. */
  readonly patterns: readonly (readonly [string, readonly PatternRule[]])[];
  readonly prefixes: OriginTable["prefixes"];
  /** `[source, flags]` of the compiled, anchored expressions. */
  readonly regexes: readonly (readonly [string, string])[];
}

/**
 * `T` with every property that may be `undefined` made optional: the generated file is JSON, which leaves such a
 * value out, and the file must type-check as TypeScript (strict, `exactOptionalPropertyTypes`) as it is written.
 */
type UndefinedLeftOut<T> = { readonly [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  readonly [K in keyof T as undefined extends T[K] ? K : never]?: T[K];
};

/**
 * The essentials of a compiled policy in plain data: its origin sets, maps and regular expressions as arrays. What
 * derives from them (lookup sets, prebuilt decisions, caches) is rebuilt by the loader. Absent optional values are
 * left out.
 */
export type PrecompiledCompiledPolicy = UndefinedLeftOut<Omit<PolicyEssentials, "origins">> & {
  readonly origins: PrecompiledOrigins;
};

/**
 * A policy validated and compiled by `precompilePolicy` (or `corsgate compile`), as plain data. It is meant to be
 * generated, never written by hand: loading it checks only its format, not the policy again.
 */
export interface PrecompiledPolicy {
  readonly format: typeof PRECOMPILED_FORMAT;
  readonly config: NormalizedCorsPolicyConfig;
  readonly warnings: readonly ConfigIssue[];
  readonly notices: readonly ConfigIssue[];
  readonly compiled: PrecompiledCompiledPolicy;
}
