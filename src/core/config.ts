/**
 * The policy configuration, field by field. This file is the reference for what a policy can say;
 * `docs/policy.md` explains each field with examples.
 */

/** Matches an origin exactly (byte for byte, or ASCII case-insensitively with `ignoreCase`). `{ exact: "*" }` means any origin. */
export interface ExactOriginMatcher {
  readonly exact: string;
  readonly ignoreCase?: boolean;
}

/** Matches every origin that starts with `prefix` (Istio semantics). End it at an origin boundary. */
export interface PrefixOriginMatcher {
  readonly prefix: string;
  readonly ignoreCase?: boolean;
}

/** Matches origins against a regular expression; the whole origin must match, as Envoy's RE2 does. */
export interface RegexOriginMatcher {
  readonly regex: string | RegExp;
}

/**
 * One entry of `allowOrigins`: Istio's StringMatch (`exact` / `prefix` / `regex`), or a Gateway API
 * style string: `"*"`, `"https://app.example.com"`, `"https://*.example.com"`, `"http://localhost:*"`.
 */
export type OriginMatcher = string | ExactOriginMatcher | PrefixOriginMatcher | RegexOriginMatcher;

/** A duration for `maxAge`: whole seconds, or an Istio Duration string such as `"24h"`, `"1h30m"`, `"3600s"`. */
export type MaxAge = number | string;

/** What happens to a preflight from an origin the policy does not allow. */
export type UnmatchedPreflights = "reject" | "forward";

/** A CORS policy, in Istio's vocabulary (camelCase). Only `allowOrigins` is required. */
export interface CorsPolicyConfig {
  /** Origins granted access. Required, non-empty. */
  readonly allowOrigins: readonly OriginMatcher[];
  /** Methods a preflight may ask for; `["*"]` allows any. `GET`, `HEAD` and `POST` never need listing. Default `[]`. */
  readonly allowMethods?: readonly string[];
  /** Request headers a preflight may ask for; `["*"]` allows any. Default `[]`. */
  readonly allowHeaders?: readonly string[];
  /** Response headers scripts may read; `["*"]` means all (only without credentials). Default `[]`. */
  readonly exposeHeaders?: readonly string[];
  /** How long a browser may cache a preflight: seconds, or a Duration string (`"24h"`). Default: not sent. */
  readonly maxAge?: MaxAge;
  /** Whether cookies, HTTP authentication and client certificates may be sent. Default `false`. */
  readonly allowCredentials?: boolean;
  /** Answer the legacy Private Network Access preflight (`Access-Control-Request-Private-Network`). Default `false`. */
  readonly allowPrivateNetwork?: boolean;
  /** `"reject"` answers a preflight from an unmatched origin with 403; `"forward"` passes it to the application. Default `"reject"`. */
  readonly unmatchedPreflights?: UnmatchedPreflights;
  /** Status of an answered preflight. Default `204`. */
  readonly preflightStatus?: 200 | 204;
  /**
   * The one escape hatch: allow any origin together with credentials (the request origin is echoed).
   * Any web site can then read credentialed responses. Reported as a warning.
   */
  readonly dangerouslyAllowAnyOriginWithCredentials?: boolean;
}

/** The normalized configuration a compiled policy holds (`policy.config`). */
export interface NormalizedCorsPolicyConfig {
  readonly allowOrigins: readonly OriginMatcher[];
  readonly allowMethods: readonly string[];
  readonly allowHeaders: readonly string[];
  readonly exposeHeaders: readonly string[];
  readonly maxAge?: number;
  readonly allowCredentials: boolean;
  readonly allowPrivateNetwork: boolean;
  readonly unmatchedPreflights: UnmatchedPreflights;
  readonly preflightStatus: 200 | 204;
  readonly dangerouslyAllowAnyOriginWithCredentials: boolean;
}
