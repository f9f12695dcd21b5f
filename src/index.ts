export { createPolicy } from "./core/compile.js";
export { evaluate } from "./core/evaluate.js";
export { explain } from "./core/explain.js";
export { mergeVary } from "./core/vary.js";
export { precompilePolicy } from "./core/precompile.js";
export type { PrecompileOptions } from "./core/precompile.js";
export { CorsConfigError, isCorsConfigError } from "./core/errors.js";
export type { ConfigIssue, ConfigFix, ConfigErrorCode, ConfigWarningCode, ConfigNoticeCode } from "./core/errors.js";
export type {
  CorsPolicyConfig,
  NormalizedCorsPolicyConfig,
  OriginMatcher,
  ExactOriginMatcher,
  PrefixOriginMatcher,
  RegexOriginMatcher,
  MaxAge,
  UnmatchedPreflights,
} from "./core/config.js";
export type {
  CorsPolicy,
  CorsRequest,
  CorsDecision,
  DenyCode,
  DenyReason,
  HeaderSource,
  HeaderGetter,
  HeaderRecord,
  RequestKind,
} from "./core/types.js";
