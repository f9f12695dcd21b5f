/** The compiled form of `allowOrigins`: lookup structures built once, consulted by `matchOrigin`. */
export interface PatternRule {
  /** "" (no port), "*" (any port or none) or the digits. */
  readonly port: string;
}

export interface OriginTable {
  /** `"*"` or `{ exact: "*" }`: every valid origin but `null`. */
  readonly any: boolean;
  /** Case-sensitive exact origins: one hash lookup whatever their number. */
  readonly exact: ReadonlySet<string>;
  /** `ignoreCase` exact origins, stored in ASCII lower case. */
  readonly exactIgnoreCase: ReadonlySet<string>;
  /** Gateway API patterns, keyed `scheme://host` (port pattern) or `scheme://*.suffix` (subdomain pattern). */
  readonly patterns: ReadonlyMap<string, readonly PatternRule[]>;
  readonly prefixes: readonly { readonly value: string; readonly ignoreCase: boolean }[];
  readonly regexes: readonly RegExp[];
}
