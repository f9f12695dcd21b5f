import type { NormalizedCorsPolicyConfig } from "./config.js";
import type { ConfigIssue } from "./errors.js";

/** Request headers as a fetch `Headers` object (or anything with `get`). */
export interface HeaderGetter {
  get(name: string): string | null;
}

/** Request headers as a plain record, such as Node's `IncomingHttpHeaders` (names in lower case). */
export type HeaderRecord = Readonly<Record<string, string | readonly string[] | undefined>>;

/** Where `evaluate` reads request headers from. Names are looked up in lower case. */
export type HeaderSource = HeaderGetter | HeaderRecord;

/** The parts of a request CORS looks at. A fetch `Request` and a Node `IncomingMessage` both fit. */
export interface CorsRequest {
  /** Optional so that a Node `IncomingMessage` (whose `method` may be undefined) fits as it is. */
  readonly method?: string | undefined;
  readonly headers: HeaderSource;
}

/** Why a CORS request was refused. Codes are stable API. */
export type DenyCode =
  | "origin-not-allowed"
  | "origin-invalid"
  | "method-not-allowed"
  | "headers-not-allowed"
  | "request-headers-invalid"
  | "private-network-not-allowed";

/** A refused CORS request: a stable code, a sentence, and where possible what to change. */
export interface DenyReason {
  readonly code: DenyCode;
  readonly message: string;
  readonly hint?: string;
}

/** The kind of request, per the Fetch standard. */
export type RequestKind = "non-cors" | "preflight" | "actual";

/** What to do with a request. See SPEC §5. */
export interface CorsDecision {
  readonly kind: RequestKind;
  /** CORS access granted (always false for non-CORS requests). */
  readonly allowed: boolean;
  /** `respond`: end the exchange now with `status` and the headers. `continue`: run the handler, then apply headers and vary. */
  readonly action: "respond" | "continue";
  /** Present exactly when `action` is `"respond"`. */
  readonly status?: number;
  /** Lower-case CORS header names to set (replacing any same-named header). */
  readonly headers: Readonly<Record<string, string>>;
  /** Tokens to merge into `Vary`. */
  readonly vary: readonly string[];
  /** The request's `Origin` as received, whenever it is a single non-empty string. */
  readonly origin?: string;
  /** Present exactly when a CORS request is denied. */
  readonly reason?: DenyReason;
}

/** A validated, compiled, frozen policy. Create it with `createPolicy`. */
export interface CorsPolicy {
  /** The normalized configuration, for printing or export. */
  readonly config: NormalizedCorsPolicyConfig;
  /** Problems that do not stop the policy from working, for the caller to log. */
  readonly warnings: readonly ConfigIssue[];
  /**
   * Information that is not a problem: something that works, but not in every browser the same way (for example
   * `maxage-capped-in-some-browsers`: a `maxAge` some engines cap). Same shape as `warnings`, frozen.
   */
  readonly notices: readonly ConfigIssue[];
}
