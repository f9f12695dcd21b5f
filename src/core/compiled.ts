import type { CorsDecision, CorsPolicy } from "./types.js";
import type { OriginTable } from "./origin/table.js";

/**
 * Where a policy keeps its compiled form. `Symbol.for` so that a policy made by the ESM build is understood by
 * the CJS build (and by another copy of the same version) — adapters and the core may be loaded either way.
 */
export const COMPILED = Symbol.for("corsgate.compiledPolicy.v1");

/** Per origin seen, its verdict and the decisions that depend on nothing but the origin, built on first use. */
export interface OriginCacheEntry {
  /** How the origin fared against the policy (a pure function of the origin). */
  verdict: number;
  actual?: CorsDecision;
  preflight?: CorsDecision;
  /** The answer to a preflight from this origin when the origin itself is refused. */
  refusedPreflight?: CorsDecision;
}

/** Everything `evaluate` needs, decided at `createPolicy` time. */
export interface CompiledPolicy {
  readonly origins: OriginTable;
  /** The policy's answer can differ between origins (all but `"*"` without credentials). */
  readonly originDependent: boolean;
  /** `Access-Control-Allow-Origin: *` is sent (only `"*"`, without credentials). */
  readonly wildcardAllowOrigin: boolean;
  readonly credentials: boolean;
  readonly privateNetwork: boolean;
  readonly forwardUnmatchedPreflights: boolean;
  readonly preflightStatus: number;
  readonly anyMethod: boolean;
  readonly methods: ReadonlySet<string>;
  readonly anyHeader: boolean;
  readonly headers: ReadonlySet<string>;
  /** Prebuilt header values; undefined when the header is not sent. */
  readonly allowMethodsValue: string | undefined;
  readonly allowHeadersValue: string | undefined;
  readonly exposeHeadersValue: string | undefined;
  readonly maxAgeValue: string | undefined;
  readonly allowMethodsList: readonly string[];
  readonly allowHeadersList: readonly string[];
  /** Prebuilt, frozen parts of decisions. */
  readonly nonCorsDecision: CorsDecision;
  readonly actualVary: readonly string[];
  /** Per origin seen (bounded: cleared when full), its verdict and the decisions that depend on it alone. */
  readonly originCache: Map<string, OriginCacheEntry>;
  /** Parsed Access-Control-Request-Headers values that passed (bounded: cleared when full). */
  readonly requestHeadersCache: Map<string, readonly string[]>;
  /** Headers of an allowed actual request when ACAO is `*` (request-independent). */
  readonly wildcardActualHeaders: Readonly<Record<string, string>> | undefined;
}

export interface PolicyWithCompiled extends CorsPolicy {
  readonly [COMPILED]: CompiledPolicy;
}

/** True for a policy made by `createPolicy` (of this major version), from either build. */
export function isCorsPolicy(value: unknown): value is CorsPolicy {
  return typeof value === "object" && value !== null && COMPILED in value;
}

/** The compiled form of a policy, or undefined for anything `createPolicy` did not make. */
export function compiledOf(policy: unknown): CompiledPolicy | undefined {
  if (typeof policy !== "object" || policy === null) return undefined;
  return (policy as Partial<PolicyWithCompiled>)[COMPILED];
}
