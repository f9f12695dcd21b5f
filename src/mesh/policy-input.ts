/**
 * The exporters take a `CorsPolicy` or a `CorsPolicyConfig`. A config is compiled first, so that nothing
 * corsgate would refuse reaches a mesh, and both paths continue from the normalized configuration.
 */
import { createPolicy } from "../core/compile.js";
import type { CorsPolicyConfig, NormalizedCorsPolicyConfig } from "../core/config.js";
import { isCorsPolicy } from "../core/compiled.js";
import type { CorsPolicy } from "../core/types.js";

/** True only for a policy `createPolicy` made (the core's own brand check, not the object's shape). */
export { isCorsPolicy };

/** The normalized configuration of a policy or of a config (compiled here; throws `CorsConfigError`). */
export function normalizedConfigOf(input: CorsPolicy | CorsPolicyConfig): NormalizedCorsPolicyConfig {
  return (isCorsPolicy(input) ? input : createPolicy(input)).config;
}

/** A normalized origin matcher's regex as source text and flags, whichever form the core kept it in. */
export function regexParts(matcher: { readonly regex: string | RegExp; readonly flags?: string }): { source: string; flags: string } {
  if (matcher.regex instanceof RegExp) return { source: matcher.regex.source, flags: matcher.regex.flags };
  return { source: matcher.regex, flags: matcher.flags ?? "" };
}
