// Config time only: the fields of CorsPolicyConfig, in one place for the validator and for the adapters'
// option checks (a policy field given as an adapter option is worded as such).

/** Every field of `CorsPolicyConfig`; anything else in a config is `unknown-field`. */
export const CONFIG_FIELDS = [
  "allowOrigins",
  "allowMethods",
  "allowHeaders",
  "exposeHeaders",
  "maxAge",
  "allowCredentials",
  "allowPrivateNetwork",
  "unmatchedPreflights",
  "preflightStatus",
  "dangerouslyAllowAnyOriginWithCredentials",
] as const;

/** True when `name` is a field of `CorsPolicyConfig`. */
export function isConfigField(name: string): boolean {
  return (CONFIG_FIELDS as readonly string[]).includes(name);
}
