/**
 * corsgate for Node's own `http` / `https` servers: wrap a request listener.
 *
 * @example
 * import { createServer } from "node:http";
 * import { withCors } from "corsgate/node";
 * createServer(withCors({ allowOrigins: ["https://app.example.com"] }, (req, res) => res.end("ok"))).listen(8080);
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { evaluate } from "../index.js";
import type { CorsPolicy } from "../index.js";
import { resolveAdapterOptions } from "./shared/options.js";
import { warningCheck } from "./shared/warnings.js";
import type { CorsAdapterOptions } from "./shared/options.js";
import { isPromiseLike, policyLookup } from "./shared/policy-source.js";
import type { CorsPolicySource } from "./shared/policy-source.js";
import { nodeCorsRequest } from "./shared/node-request.js";
import { applyDecisionAtWriteHead, endWithDecision } from "./shared/node-response.js";

export type { CorsAdapterOptions, CorsPolicyResolver, CorsPolicySource } from "./shared/index.js";

/** A Node request listener, such as the one `http.createServer` takes (an Express app is one too). */
export type NodeRequestListener = (request: IncomingMessage, response: ServerResponse) => unknown;

/**
 * Wraps a Node request listener with a CORS policy. Preflights are answered before `listener` runs; for every
 * other request `listener` runs and its final response carries the decision's headers and `Vary`.
 *
 * Plain `node:http` has no error handling of its own: an error thrown by a resolver or `onDecision` is thrown
 * (or, when the resolver is asynchronous, the returned promise rejects), as an error of `listener` would be.
 *
 * @param policy a `CorsPolicy`, a `CorsPolicyConfig` (compiled now; a bad one throws `CorsConfigError`), or a
 *   resolver `(request) => policy | config | Promise<…>`.
 */
export function withCors(
  policy: CorsPolicySource<IncomingMessage>,
  listener: NodeRequestListener,
  options?: CorsAdapterOptions<IncomingMessage>,
): (request: IncomingMessage, response: ServerResponse) => void | Promise<void> {
  if (typeof listener !== "function") throw new TypeError("corsgate/node: withCors(policy, listener): listener must be a function");
  const settings = resolveAdapterOptions(options, "corsgate/node withCors", { policyPlace: "the policy, withCors's first argument" });
  const lookup = policyLookup(policy, warningCheck(settings, "corsgate/node withCors"));
  const { onDecision, shadow } = settings;

  function handle(resolved: CorsPolicy | undefined, request: IncomingMessage, response: ServerResponse): void | Promise<void> {
    const decision = resolved === undefined ? undefined : evaluate(nodeCorsRequest(request), resolved);
    if (decision !== undefined && onDecision !== undefined) onDecision(decision, request);
    if (decision !== undefined && !shadow) {
      if (decision.action === "respond") {
        endWithDecision(response, decision);
        return;
      }
      applyDecisionAtWriteHead(response, decision);
    }
    const result = listener(request, response);
    // Keep an async listener's promise, so whoever calls us can see its rejection.
    return isPromiseLike<unknown>(result) ? Promise.resolve(result).then(() => undefined) : undefined;
  }

  return function corsgateListener(request: IncomingMessage, response: ServerResponse): void | Promise<void> {
    const resolved = lookup(request);
    if (isPromiseLike<CorsPolicy | undefined>(resolved)) return Promise.resolve(resolved).then((value) => handle(value, request, response));
    return handle(resolved, request, response);
  };
}
