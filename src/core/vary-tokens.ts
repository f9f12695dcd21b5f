/** The Vary tokens decisions use; frozen and shared, never built per request. */
export const VARY_NONE: readonly string[] = Object.freeze([]);
export const VARY_ORIGIN: readonly string[] = Object.freeze(["Origin"]);
export const VARY_PREFLIGHT: readonly string[] = Object.freeze([
  "Origin",
  "Access-Control-Request-Method",
  "Access-Control-Request-Headers",
]);
