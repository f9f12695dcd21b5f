import type { CorsDecision, CorsPolicy, DenyReason } from "./types.js";
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

/**
 * Writes the `reason` of a refused request. `createPolicy` uses the detailed writer (near-miss hints, case
 * hints); a policy loaded by `corsgate/precompiled` uses a brief one, so that entry stays small.
 */
export interface ReasonWriter {
  originNotAllowed(compiled: CompiledPolicy, origin: string): DenyReason;
  /** `origin` is whatever the Origin header held: a string of the wrong shape, several values, or not text. */
  originInvalid(compiled: CompiledPolicy, origin: unknown): DenyReason;
  /** `method` is undefined when the Access-Control-Request-Method value is not a method at all. */
  methodNotAllowed(compiled: CompiledPolicy, method: string | undefined): DenyReason;
  headersNotAllowed(compiled: CompiledPolicy, refused: readonly string[]): DenyReason;
  requestHeadersInvalid(why: string): DenyReason;
  readonly privateNetworkNotAllowed: DenyReason;
}

/**
 * The part of a compiled policy that `createPolicy` decides; `assemblePolicy` derives the rest (sets, prebuilt
 * decisions, caches). Header values are prebuilt strings.
 */
export interface PolicyEssentials {
  readonly origins: OriginTable;
  /** `Access-Control-Allow-Origin: *` is sent (only `"*"`, without credentials). */
  readonly wildcardAllowOrigin: boolean;
  readonly credentials: boolean;
  readonly privateNetwork: boolean;
  readonly forwardUnmatchedPreflights: boolean;
  readonly preflightStatus: number;
  /** `allowMethods: ["*"]`: any method, echoed. */
  readonly anyMethod: boolean;
  /** `allowHeaders: ["*"]`: any request header, echoed. */
  readonly anyHeader: boolean;
  /** The listed methods and (lower-case) request headers, normalized. */
  readonly allowMethodsList: readonly string[];
  readonly allowHeadersList: readonly string[];
  readonly exposeHeadersValue: string | undefined;
  readonly maxAgeValue: string | undefined;
}

/** Everything `evaluate` needs, decided when the policy is made. */
export interface CompiledPolicy extends PolicyEssentials {
  /** The policy's answer can differ between origins (all but `"*"` without credentials). */
  readonly originDependent: boolean;
  readonly methods: ReadonlySet<string>;
  readonly headers: ReadonlySet<string>;
  /** Prebuilt header values; undefined when the header is not sent. */
  readonly allowMethodsValue: string | undefined;
  readonly allowHeadersValue: string | undefined;
  readonly reasons: ReasonWriter;
  /**
   * Prebuilt, frozen parts of decisions. Under an origin-independent policy the non-CORS answer carries
   * `Access-Control-Allow-Origin: *` too (SPEC §5.5: a cache keyed on the URL must not keep a header-less copy).
   */
  readonly nonCorsDecision: CorsDecision;
  /** Under an origin-independent policy: the answer to an actual request whose Origin is not one string (several values). */
  readonly wildcardActualDecision: CorsDecision | undefined;
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
