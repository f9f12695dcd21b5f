import type { CorsDecision, CorsPolicy, CorsRequest, DenyReason } from "./types.js";
import { compiledOf, type CompiledPolicy, type OriginCacheEntry } from "./compiled.js";
import { MULTIPLE, readList, readSingle } from "./header-source.js";
import { matchOrigin, OriginVerdict } from "./origin/match.js";
import { parseRequestHeaders } from "./request-headers.js";
import { isToken } from "./http-token.js";
import { normalizeMethod } from "./lists.js";
import { VARY_ORIGIN, VARY_PREFLIGHT } from "./vary-tokens.js";
import * as H from "./header-names.js";
import { describe } from "./describe.js";

const EMPTY_HEADERS: Readonly<Record<string, string>> = Object.freeze({});
/** Methods a browser never preflights for, so never needs permission for. */
const SIMPLE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "POST"]);
const MAX_METHOD_LENGTH = 256;
/** Origins remembered per policy beyond its exact ones; the memory stays bounded whatever clients send. */
const ORIGIN_CACHE_LIMIT = 512;
const ORIGIN_CACHE_KEY_LIMIT = 512;
const REQUEST_HEADERS_CACHE_LIMIT = 64;
const REQUEST_HEADERS_CACHE_KEY_LIMIT = 512;

/**
 * The TypeError for a second argument that is not a compiled policy: a programming error (typically the config
 * passed as it is), reported at once rather than answered with a decision that grants nothing and hides the slip.
 */
function notAPolicy(value: unknown): TypeError {
  const config = typeof value === "object" && value !== null && "allowOrigins" in value;
  return new TypeError(
    config
      ? "corsgate: evaluate() was given a policy config, not a compiled policy: pass createPolicy(config) (or, with corsgate/precompiled, loadPrecompiledPolicy(generated))"
      : `corsgate: evaluate() takes a policy made by createPolicy(config) (or, with corsgate/precompiled, loadPrecompiledPolicy(generated)), not ${describe(value)}`,
  );
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Decides what to do with a request under a policy (SPEC §3–§5). Pure and synchronous: it only looks things
 * up in the compiled policy, never throws for any request, and never mutates its arguments.
 *
 * @throws {TypeError} when `policy` was not made by `createPolicy` (or `loadPrecompiledPolicy`), for example a policy
 * config passed as it is: a programming error, caught on the first request.
 * @example
 * const decision = evaluate({ method: req.method, headers: req.headers }, policy);
 * if (decision.action === "respond") { res.writeHead(decision.status, decision.headers).end(); }
 */
export function evaluate(request: CorsRequest, policy: CorsPolicy): CorsDecision {
  const compiled = compiledOf(policy);
  if (compiled === undefined) throw notAPolicy(policy);
  try {
    return decide(request, compiled);
  } catch {
    // Only a hostile header source (a getter that throws) gets here: grant nothing.
    return compiled.nonCorsDecision;
  }
}

/**
 * The verdict and origin-only decisions of `origin`, remembered per policy. Exact origins are few by
 * construction; any other origin is remembered only while the cache has room (it is cleared when full), so
 * a flood of distinct origins costs time, never memory.
 */
function originEntry(compiled: CompiledPolicy, origin: string): OriginCacheEntry {
  const cache = compiled.originCache;
  let entry = cache.get(origin);
  if (entry === undefined) {
    let verdict = matchOrigin(compiled.origins, origin);
    // SPEC §4: an origin-independent `*` answers `null` too (with `*`, never an echo); nothing else here is NotAllowed.
    if (verdict === OriginVerdict.NotAllowed && compiled.wildcardAllowOrigin) verdict = OriginVerdict.Allowed;
    entry = { verdict };
    if (origin.length <= ORIGIN_CACHE_KEY_LIMIT) {
      if (cache.size >= ORIGIN_CACHE_LIMIT + compiled.origins.exact.size) cache.clear();
      cache.set(origin, entry);
    }
  }
  return entry;
}

function decide(request: CorsRequest, compiled: CompiledPolicy): CorsDecision {
  const headers = request.headers;
  const origin = readSingle(headers, H.ORIGIN);
  if (origin === undefined || origin === "") return compiled.nonCorsDecision;

  let requestMethod: string | typeof MULTIPLE | undefined;
  if (request.method === "OPTIONS") {
    const value = readSingle(headers, H.REQUEST_METHOD);
    if (value === MULTIPLE || (typeof value === "string" && value !== "")) requestMethod = value;
  }
  if (typeof origin !== "string") {
    // Several Origin values, or not text: nothing to match, nothing to echo (an origin-independent `*` still answers).
    if (requestMethod === undefined && compiled.wildcardActualDecision !== undefined) return compiled.wildcardActualDecision;
    const reason = compiled.reasons.originInvalid(compiled, origin);
    return requestMethod === undefined ? denied("actual", compiled.actualVary, undefined, reason) : refusedOriginPreflight(compiled, undefined, reason);
  }
  const entry = originEntry(compiled, origin);
  if (requestMethod !== undefined) return preflight(request, compiled, origin, entry, requestMethod);
  return (entry.actual ??= actual(compiled, origin, entry.verdict));
}

/** Access-Control-Allow-Origin, and -Credentials when the policy has them: the start of every answer that trusts the origin. */
function originHeaders(compiled: CompiledPolicy, origin: string): Record<string, string> {
  const headers: Record<string, string> = { [H.ALLOW_ORIGIN]: compiled.wildcardAllowOrigin ? "*" : origin };
  if (compiled.credentials) headers[H.ALLOW_CREDENTIALS] = "true";
  return headers;
}

function actual(compiled: CompiledPolicy, origin: string, verdict: OriginVerdict): CorsDecision {
  // SPEC §5.4: under an origin-independent policy every actual request gets `*`, an invalid Origin included
  // (it is not written back: the answer is `*`).
  if (compiled.wildcardAllowOrigin) verdict = OriginVerdict.Allowed;
  if (verdict >= OriginVerdict.NotAllowed) return denied("actual", compiled.actualVary, origin, originReason(compiled, origin, verdict));
  let headers = compiled.wildcardActualHeaders;
  if (headers === undefined) {
    const built = originHeaders(compiled, origin);
    if (compiled.exposeHeadersValue !== undefined) built[H.EXPOSE_HEADERS] = compiled.exposeHeadersValue;
    headers = Object.freeze(built);
  }
  return Object.freeze({ kind: "actual", allowed: true, action: "continue", headers, vary: compiled.actualVary, origin });
}

/** SPEC §5.3: a preflight from a refused or invalid origin gets no CORS header at all. */
function refusedOriginPreflight(compiled: CompiledPolicy, origin: string | undefined, reason: DenyReason): CorsDecision {
  return compiled.forwardUnmatchedPreflights
    ? denied("preflight", VARY_ORIGIN, origin, reason)
    : denied("preflight", VARY_PREFLIGHT, origin, reason, 403);
}

function preflight(
  request: CorsRequest,
  compiled: CompiledPolicy,
  origin: string,
  entry: OriginCacheEntry,
  requestMethod: string | typeof MULTIPLE,
): CorsDecision {
  const verdict = entry.verdict;
  if (verdict >= OriginVerdict.NotAllowed) {
    return (entry.refusedPreflight ??= refusedOriginPreflight(compiled, origin, originReason(compiled, origin, verdict)));
  }
  const reasons = compiled.reasons;

  // The method first: when it is refused, the headers need not be read at all. A listed (or simple) method is
  // already a normalized token, so the common case skips the token check and the normalization.
  let method: string;
  if (typeof requestMethod === "string" && (compiled.methods.has(requestMethod) || SIMPLE_METHODS.has(requestMethod))) {
    method = requestMethod;
  } else {
    const token = requestMethod === MULTIPLE || requestMethod.length > MAX_METHOD_LENGTH || !isToken(requestMethod) ? undefined : requestMethod;
    const normalized = token === undefined ? "" : normalizeMethod(token);
    if (token === undefined || !(compiled.anyMethod || SIMPLE_METHODS.has(normalized) || compiled.methods.has(normalized))) {
      return refusedPreflight(compiled, origin, reasons.methodNotAllowed(compiled, token));
    }
    method = token;
  }

  const rawRequestHeaders = readList(request.headers, H.REQUEST_HEADERS);
  if (rawRequestHeaders === null) {
    return refusedPreflight(compiled, origin, reasons.requestHeadersInvalid("the Access-Control-Request-Headers value is not text"));
  }
  let requested: readonly string[] = [];
  if (rawRequestHeaders !== undefined && rawRequestHeaders !== "") {
    // A value known to pass is not parsed again.
    const cache = compiled.requestHeadersCache;
    const known = cache.get(rawRequestHeaders);
    if (known !== undefined) {
      requested = known;
    } else {
      const parsed = parseRequestHeaders(rawRequestHeaders);
      if (!parsed.ok) return refusedPreflight(compiled, origin, reasons.requestHeadersInvalid(parsed.why));
      requested = Object.freeze(parsed.names);
      if (!compiled.anyHeader) {
        let refused: string[] | undefined; // built only when something is refused
        for (const name of requested) if (!compiled.headers.has(name)) (refused ??= []).push(name);
        if (refused !== undefined) return refusedPreflight(compiled, origin, reasons.headersNotAllowed(compiled, refused));
      }
      if (rawRequestHeaders.length <= REQUEST_HEADERS_CACHE_KEY_LIMIT) {
        if (cache.size >= REQUEST_HEADERS_CACHE_LIMIT) cache.clear();
        cache.set(rawRequestHeaders, requested);
      }
    }
  }

  const privateNetwork = readSingle(request.headers, H.REQUEST_PRIVATE_NETWORK) === "true";
  if (privateNetwork && !compiled.privateNetwork) return refusedPreflight(compiled, origin, reasons.privateNetworkNotAllowed);

  // Request-independent answers are cached per origin.
  if (!compiled.anyMethod && !compiled.anyHeader && !privateNetwork) {
    return (entry.preflight ??= allowedPreflight(compiled, origin, method, requested, false));
  }
  return allowedPreflight(compiled, origin, method, requested, privateNetwork);
}

function allowedPreflight(
  compiled: CompiledPolicy,
  origin: string,
  method: string,
  requested: readonly string[],
  privateNetwork: boolean,
): CorsDecision {
  const headers = originHeaders(compiled, origin);
  const methods = compiled.anyMethod ? method : compiled.allowMethodsValue;
  if (methods !== undefined) headers[H.ALLOW_METHODS] = methods;
  const allowHeaders = compiled.anyHeader ? (requested.length > 0 ? requested.join(", ") : undefined) : compiled.allowHeadersValue;
  if (allowHeaders !== undefined) headers[H.ALLOW_HEADERS] = allowHeaders;
  if (compiled.maxAgeValue !== undefined) headers[H.MAX_AGE] = compiled.maxAgeValue;
  if (compiled.exposeHeadersValue !== undefined) headers[H.EXPOSE_HEADERS] = compiled.exposeHeadersValue;
  // Only asked for when the policy allows it: a refused ACRPN returned earlier.
  if (privateNetwork) headers[H.ALLOW_PRIVATE_NETWORK] = "true";
  return preflightAnswer(compiled, origin, headers, undefined);
}

/** SPEC §5.2: the origin is trusted, so the browser is told what is allowed and can say what was missing. */
function refusedPreflight(compiled: CompiledPolicy, origin: string, reason: DenyReason): CorsDecision {
  const headers = originHeaders(compiled, origin);
  if (compiled.allowMethodsValue !== undefined) headers[H.ALLOW_METHODS] = compiled.allowMethodsValue;
  if (compiled.allowHeadersValue !== undefined) headers[H.ALLOW_HEADERS] = compiled.allowHeadersValue;
  return preflightAnswer(compiled, origin, headers, reason);
}

/** A preflight answered at once, from a trusted origin: granted when there is no `reason`. */
function preflightAnswer(compiled: CompiledPolicy, origin: string, headers: Record<string, string>, reason: DenyReason | undefined): CorsDecision {
  const decision: Mutable<CorsDecision> = {
    kind: "preflight",
    allowed: reason === undefined,
    action: "respond",
    status: compiled.preflightStatus,
    headers: Object.freeze(headers),
    vary: VARY_PREFLIGHT,
    origin,
  };
  if (reason !== undefined) decision.reason = reason;
  return Object.freeze(decision);
}

/** A refusal without CORS headers: an actual request (handler runs), or a preflight from an untrusted origin. */
function denied(
  kind: "actual" | "preflight",
  vary: readonly string[],
  origin: string | undefined,
  reason: DenyReason,
  status?: number,
): CorsDecision {
  const decision: Mutable<CorsDecision> = { kind, allowed: false, action: status === undefined ? "continue" : "respond", headers: EMPTY_HEADERS, vary, reason };
  if (status !== undefined) decision.status = status;
  if (origin !== undefined) decision.origin = origin;
  return Object.freeze(decision);
}

function originReason(compiled: CompiledPolicy, origin: string, verdict: OriginVerdict): DenyReason {
  return verdict === OriginVerdict.Invalid ? compiled.reasons.originInvalid(compiled, origin) : compiled.reasons.originNotAllowed(compiled, origin);
}
