/**
 * corsgate for Express 4 and 5: a middleware. Mount it first, before routes, body parsers and auth.
 *
 * @example
 * import express from "express";
 * import { cors } from "corsgate/express";
 * const app = express();
 * app.use(cors({ allowOrigins: ["https://app.example.com"], allowMethods: ["PUT"] }));
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

/**
 * An Express middleware. Typed with Node's own request and response, so it fits Express 4 and 5 (an Express
 * `Request` is an `IncomingMessage`) without depending on `@types/express`.
 */
export type CorsMiddleware<Request extends IncomingMessage = IncomingMessage> = (
  request: Request,
  response: ServerResponse,
  next: (error?: unknown) => void,
) => void;

/**
 * Creates the CORS middleware. Preflights are answered here (no `OPTIONS` route, no `app.options("*")`), and
 * every other response, error responses included, leaves with the decision's headers and `Vary`. Errors
 * from a resolver or `onDecision` go to `next(error)`, Express's error handling.
 *
 * @param policy a `CorsPolicy`, a `CorsPolicyConfig` (compiled now; a bad one throws `CorsConfigError`), or a
 *   resolver `(request) => policy | config | Promise<…>`; write `cors<express.Request>(…)` to type its request.
 */
export function cors<Request extends IncomingMessage = IncomingMessage>(
  policy: CorsPolicySource<Request>,
  options?: CorsAdapterOptions<Request>,
): CorsMiddleware<Request> {
  const settings = resolveAdapterOptions(options, "corsgate/express cors", { policyPlace: "the policy, cors's first argument" });
  const lookup = policyLookup(policy, warningCheck(settings, "corsgate/express cors"));
  const { onDecision, shadow } = settings;

  function handle(resolved: CorsPolicy | undefined, request: Request, response: ServerResponse, next: (error?: unknown) => void): void {
    if (resolved === undefined) {
      next();
      return;
    }
    try {
      const decision = evaluate(nodeCorsRequest(request), resolved);
      if (onDecision !== undefined) onDecision(decision, request);
      if (!shadow) {
        if (decision.action === "respond") {
          endWithDecision(response, decision);
          return;
        }
        applyDecisionAtWriteHead(response, decision);
      }
    } catch (error) {
      next(error);
      return;
    }
    next();
  }

  return function corsgateMiddleware(request, response, next) {
    let resolved: CorsPolicy | undefined | PromiseLike<CorsPolicy | undefined>;
    try {
      resolved = lookup(request);
    } catch (error) {
      next(error);
      return;
    }
    if (isPromiseLike<CorsPolicy | undefined>(resolved)) {
      Promise.resolve(resolved).then((value) => handle(value, request, response, next), next);
      return;
    }
    handle(resolved, request, response, next);
  };
}
