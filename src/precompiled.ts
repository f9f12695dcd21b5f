/**
 * corsgate/precompiled: `evaluate` and a loader for policies compiled at build time by `corsgate compile`,
 * without the validator — for bundles where every kilobyte counts. Decisions are the same as with
 * `createPolicy`; deny reasons have the same codes, without near-miss hints.
 */
export { loadPrecompiledPolicy } from "./core/load-precompiled.js";
export { evaluate } from "./core/evaluate.js";
export { mergeVary } from "./core/vary.js";
export { PRECOMPILED_FORMAT } from "./core/precompiled-format.js";
export type { PrecompiledPolicy, PrecompiledOrigins } from "./core/precompiled-format.js";
export type { CorsPolicy, CorsRequest, CorsDecision, DenyCode, DenyReason, HeaderSource, HeaderGetter, HeaderRecord, RequestKind } from "./core/types.js";
