/**
 * corsgate for fetch handlers: Cloudflare Workers, Deno, Bun, and anything else that maps a `Request` to a
 * `Response`. Uses only web-standard APIs.
 *
 * @example
 * import { withCors } from "corsgate/fetch";
 * export default {
 *   fetch: withCors({ allowOrigins: ["https://app.example.com"] }, (request, env, ctx) => new Response("ok")),
 * };
 */
import { evaluate } from "../index.js";
import { varyWith } from "./shared/vary-text.js";
import { OWNED_RESPONSE_HEADERS } from "./shared/owned-headers.js";
import type { CorsDecision, CorsPolicy } from "../index.js";
import { resolveAdapterOptions } from "./shared/options.js";
import { warningCheck } from "./shared/warnings.js";
import type { CorsAdapterOptions } from "./shared/options.js";
import { isPromiseLike, policyLookup } from "./shared/policy-source.js";
import type { CorsPolicySource } from "./shared/policy-source.js";

export type { CorsAdapterOptions, CorsPolicyResolver, CorsPolicySource } from "./shared/index.js";

/** A fetch handler: a `Request`, plus whatever the runtime passes after it (a Workers `env` and `ctx`, say). */
export type FetchHandler<Rest extends unknown[] = unknown[]> = (
  request: Request,
  ...rest: Rest
) => Response | PromiseLike<Response>;

function setDecisionHeaders(headers: Headers, decision: CorsDecision): void {
  // Read Vary before the first write: on immutable headers the first write throws and nothing has changed.
  const vary = decision.vary.length > 0 ? varyWith(headers.get("vary"), decision.vary) : undefined;
  const decided = decision.headers;
  for (const name in decided) headers.set(name, decided[name] as string);
  if (vary !== undefined) headers.set("vary", vary);
}

/**
 * `continue`: the decision's headers and `Vary`, after removing the CORS headers the handler set that the
 * decision does not carry (enforce mode owns them). On immutable headers the first write throws before
 * anything has changed; an empty decision on a response without CORS headers writes nothing.
 */
function applyContinueDecision(headers: Headers, decision: CorsDecision): void {
  const decided = decision.headers;
  for (const name of OWNED_RESPONSE_HEADERS) {
    if (!(name in decided) && headers.has(name)) headers.delete(name);
  }
  setDecisionHeaders(headers, decision);
}

/** `respond`: the decision's status and headers, `Content-Length: 0`, no body. */
function decisionResponse(decision: CorsDecision): Response {
  const headers = new Headers();
  setDecisionHeaders(headers, decision);
  headers.set("content-length", "0");
  return new Response(null, { status: decision.status ?? 204, headers });
}

/**
 * `continue`: the handler's response with the decision applied, its own CORS headers that the decision does not
 * carry removed. A response whose headers are immutable (one returned by `fetch()`) is rebuilt around the same
 * body stream, which is passed through untouched; a `101 Switching Protocols` (a WebSocket upgrade) and a
 * network error are returned as they are.
 */
function withDecision(response: Response, decision: CorsDecision): Response {
  if (response.status === 101 || response.type === "error") return response;
  try {
    applyContinueDecision(response.headers, decision);
    return response;
  } catch {
    const rebuilt = new Response(response.body, response);
    applyContinueDecision(rebuilt.headers, decision);
    return rebuilt;
  }
}

/**
 * Wraps a fetch handler with a CORS policy. Preflights are answered without calling `handler`; every other
 * response leaves with the decision's headers and `Vary`. The arguments after the request are passed through.
 * An error thrown by a resolver, `onDecision` or `handler` rejects the returned promise, for the runtime's
 * own error handling.
 *
 * @param policy a `CorsPolicy`, a `CorsPolicyConfig` (compiled now; a bad one throws `CorsConfigError`), or a
 *   resolver `(request) => policy | config | Promise<…>`.
 */
export function withCors<Rest extends unknown[] = unknown[]>(
  policy: CorsPolicySource<Request>,
  handler: FetchHandler<Rest>,
  options?: CorsAdapterOptions<Request>,
): (request: Request, ...rest: Rest) => Promise<Response> {
  if (typeof handler !== "function") throw new TypeError("corsgate/fetch: withCors(policy, handler): handler must be a function");
  const settings = resolveAdapterOptions(options, "corsgate/fetch withCors", { policyPlace: "the policy, withCors's first argument" });
  const lookup = policyLookup(policy, warningCheck(settings, "corsgate/fetch withCors"));
  const { onDecision, shadow } = settings;

  return async function corsgateFetch(request: Request, ...rest: Rest): Promise<Response> {
    const found = lookup(request);
    const resolved = isPromiseLike<CorsPolicy | undefined>(found) ? await found : found;
    if (resolved === undefined) return handler(request, ...rest);
    const decision = evaluate(request, resolved);
    if (onDecision !== undefined) onDecision(decision, request);
    if (shadow) return handler(request, ...rest);
    if (decision.action === "respond") return decisionResponse(decision);
    return withDecision(await handler(request, ...rest), decision);
  };
}
