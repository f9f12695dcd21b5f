/**
 * The public API of "corsgate" as SPEC.md §1, §2 and §5 write it, declared here from the SPEC text alone so
 * that this suite judges the built package and not the sources it was built from. `createPolicy` takes
 * `unknown` because half of these tests hand it what a careless caller would.
 */
export interface ConfigIssue {
  readonly code: string;
  readonly path: string;
  readonly message: string;
  readonly hint?: string;
}

export interface CorsPolicy {
  readonly warnings: readonly ConfigIssue[];
  /** Information that needs no fix (e.g. `maxage-capped-in-some-browsers`), same shape as `warnings`. */
  readonly notices?: readonly ConfigIssue[];
  readonly config: Readonly<Record<string, unknown>>;
}

export type HeaderSource =
  | { get(name: string): string | null }
  | Readonly<Record<string, string | readonly string[] | undefined>>;

export interface CorsRequest {
  method: string;
  headers: HeaderSource;
}

export type DenyCode =
  | "origin-not-allowed"
  | "origin-invalid"
  | "method-not-allowed"
  | "headers-not-allowed"
  | "request-headers-invalid"
  | "private-network-not-allowed";

export interface CorsDecision {
  kind: "non-cors" | "preflight" | "actual";
  allowed: boolean;
  action: "respond" | "continue";
  status?: number;
  headers: Readonly<Record<string, string>>;
  vary: readonly string[];
  origin?: string;
  reason?: { code: DenyCode; message: string; hint?: string };
}

export interface CorsConfigErrorInstance extends Error {
  readonly issues: readonly ConfigIssue[];
}

export interface CoreApi {
  createPolicy(config: unknown): CorsPolicy;
  evaluate(request: CorsRequest, policy: CorsPolicy): CorsDecision;
  explain(decision: CorsDecision): string;
  mergeVary(existing: string | undefined | null, tokens: readonly string[]): string;
  CorsConfigError: new (...args: never[]) => CorsConfigErrorInstance;
  isCorsConfigError?: (value: unknown) => boolean;
}
