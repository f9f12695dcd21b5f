import { createPolicy, isCorsConfigError } from "../../index.js";
import { isCorsPolicy } from "../../core/compiled.js";
import type { CorsPolicy, CorsPolicyConfig } from "../../index.js";

/**
 * Picks the policy for one request, for per-tenant or per-request policies. It may return a compiled
 * `CorsPolicy` or a `CorsPolicyConfig`; a config is compiled on first sight and cached per object, so return
 * the same object (or a `CorsPolicy`) every time rather than building a new config per request.
 * Returning `undefined` means "no CORS for this request" (a route without a policy, as with `routePolicies`):
 * the adapter then adds no header and no `Vary`, and does not call `onDecision`.
 * A resolver that throws or rejects hands its error to the framework's error handling, and so does a config it
 * returns that `createPolicy` refuses (a `CorsConfigError`, also for a value that is not a config at all). A
 * resolver that never settles leaves the request waiting: the adapters add no timer of their own.
 * `tenantPolicies` (`corsgate/tenants`) is a resolver that never throws, rejects or hangs.
 */
export type CorsPolicyResolver<Request> = (
  request: Request,
) => CorsPolicy | CorsPolicyConfig | undefined | PromiseLike<CorsPolicy | CorsPolicyConfig | undefined>;

/** What every adapter accepts as its policy: a compiled policy, a config (compiled once, at set-up), or a resolver. */
export type CorsPolicySource<Request> = CorsPolicy | CorsPolicyConfig | CorsPolicyResolver<Request>;

/** Returns the policy for a request, synchronously when it can (a static policy never costs a promise). */
export type PolicyLookup<Request> = (request: Request) => CorsPolicy | undefined | PromiseLike<CorsPolicy | undefined>;

// Shared by every adapter and every resolver: a config object is compiled once, however many requests return it.
const compiledConfigs = new WeakMap<object, CorsPolicy>();
// And a config object `createPolicy` refused is refused again at once: validating it again on every request of a
// resolver that keeps returning it would cost each of those requests the whole validation.
const refusedConfigs = new WeakMap<object, Error>();

// `onCompiled` sees a policy compiled here, before it is cached: a check that throws leaves nothing cached.
function toPolicy(value: CorsPolicy | CorsPolicyConfig, onCompiled?: (policy: CorsPolicy) => void): CorsPolicy {
  if (isCorsPolicy(value)) return value;
  if (typeof value !== "object" || value === null) return createPolicy(value as CorsPolicyConfig); // throws the core's type-invalid error
  const cached = compiledConfigs.get(value);
  if (cached !== undefined) return cached;
  const refused = refusedConfigs.get(value);
  if (refused !== undefined) throw refused;
  let policy: CorsPolicy;
  try {
    policy = createPolicy(value);
  } catch (error) {
    if (isCorsConfigError(error)) refusedConfigs.set(value, error);
    throw error;
  }
  onCompiled?.(policy);
  compiledConfigs.set(value, policy);
  return policy;
}

/** True for anything with a callable `then`: resolvers may return any thenable, not only a native Promise. */
export function isPromiseLike<T>(value: unknown): value is PromiseLike<T> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

/**
 * Turns the adapter's `policy` argument into a lookup. A policy or config is compiled now, at set-up, so a
 * bad config throws `CorsConfigError` before the server starts, and never per request.
 *
 * `checkPolicy` (the adapter's warning check) runs once per policy, never per request: at set-up for a policy
 * or config given directly, and for a resolver when a config it returns is first compiled (a compiled policy it
 * returns was made, and its warnings seen, by the caller). What it throws is thrown here.
 */
export function policyLookup<Request>(source: CorsPolicySource<Request>, checkPolicy?: (policy: CorsPolicy) => void): PolicyLookup<Request> {
  if (typeof source === "function") {
    const resolver = source;
    const toResolvedPolicy = (value: CorsPolicy | CorsPolicyConfig | undefined) =>
      value === undefined ? undefined : toPolicy(value, checkPolicy);
    return (request) => {
      const resolved = resolver(request);
      if (isPromiseLike<CorsPolicy | CorsPolicyConfig | undefined>(resolved)) return Promise.resolve(resolved).then(toResolvedPolicy);
      return toResolvedPolicy(resolved);
    };
  }
  const policy = toPolicy(source);
  checkPolicy?.(policy);
  return () => policy;
}
