/**
 * corsgate for Fastify 4 and 5: a plugin. Register it on the root instance, before auth plugins.
 *
 * @example
 * import Fastify from "fastify";
 * import { corsPlugin } from "corsgate/fastify";
 * const app = Fastify();
 * await app.register(corsPlugin, { policy: { allowOrigins: ["https://app.example.com"] } });
 */
import type { FastifyPluginCallback, FastifyReply, FastifyRequest } from "fastify";
import { evaluate } from "../index.js";
import { varyWith } from "./shared/vary-text.js";
import type { CorsDecision, CorsPolicy } from "../index.js";
import { resolveAdapterOptions } from "./shared/options.js";
import type { CorsAdapterOptions } from "./shared/options.js";
import { isPromiseLike, policyLookup } from "./shared/policy-source.js";
import type { CorsPolicySource } from "./shared/policy-source.js";
import { nodeCorsRequest } from "./shared/node-request.js";

export type { CorsAdapterOptions, CorsPolicyResolver, CorsPolicySource } from "./shared/index.js";

/** The options of `corsPlugin`: the policy, plus the options every adapter takes. */
export interface CorsPluginOptions extends CorsAdapterOptions<FastifyRequest> {
  /** A `CorsPolicy`, a `CorsPolicyConfig` (compiled at registration), or a resolver `(request) => policy | config | Promise<…>`. */
  readonly policy: CorsPolicySource<FastifyRequest>;
}

function headerText(value: number | string | readonly string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(", ") : String(value);
}

function setDecisionHeaders(reply: FastifyReply, decision: CorsDecision): void {
  const headers = decision.headers;
  for (const name in headers) reply.header(name, headers[name]);
  if (decision.vary.length > 0) reply.header("vary", varyWith(headerText(reply.getHeader("vary")), decision.vary));
}

/** What a route without a policy (a resolver returning undefined) gets: nothing written, the handler runs. */
const NO_CORS: CorsDecision = Object.freeze({
  kind: "non-cors",
  allowed: false,
  action: "continue",
  headers: Object.freeze({}),
  vary: Object.freeze([]),
});

const corsgateFastify: FastifyPluginCallback<CorsPluginOptions> = (instance, pluginOptions, done) => {
  if (pluginOptions === null || typeof pluginOptions !== "object" || !("policy" in pluginOptions)) {
    done(new TypeError("corsgate/fastify: register(corsPlugin, { policy }) needs a policy"));
    return;
  }
  let lookup: ReturnType<typeof policyLookup<FastifyRequest>>;
  let options: ReturnType<typeof resolveAdapterOptions<FastifyRequest>>;
  try {
    lookup = policyLookup(pluginOptions.policy);
    options = resolveAdapterOptions(pluginOptions, "corsgate/fastify corsPlugin");
  } catch (error) {
    done(error as Error);
    return;
  }
  const { onDecision, shadow } = options;
  // Decisions taken in onRequest, read back in onSend. A WeakMap needs no request decorator, so the plugin
  // can be registered more than once (say, with different policies in sibling contexts).
  const decisions = new WeakMap<FastifyRequest, CorsDecision>();

  function decide(request: FastifyRequest, then: (error: unknown, decision?: CorsDecision) => void): void {
    const finish = (policy: CorsPolicy | undefined): void => {
      if (policy === undefined) {
        then(null, NO_CORS);
        return;
      }
      let decision: CorsDecision;
      try {
        decision = evaluate(nodeCorsRequest(request.raw), policy);
        if (onDecision !== undefined) onDecision(decision, request);
      } catch (error) {
        then(error);
        return;
      }
      then(null, decision);
    };
    let resolved: CorsPolicy | undefined | PromiseLike<CorsPolicy | undefined>;
    try {
      resolved = lookup(request);
    } catch (error) {
      then(error);
      return;
    }
    if (isPromiseLike<CorsPolicy | undefined>(resolved)) Promise.resolve(resolved).then(finish, (error: unknown) => then(error));
    else finish(resolved);
  }

  // onRequest runs before routing has any say (also for paths with no route, the 404 handler included) and
  // before preValidation / preHandler, where auth usually lives: a preflight never reaches either.
  instance.addHook("onRequest", function corsgateOnRequest(request, reply, hookDone) {
    decide(request, (error, decision) => {
      if (decision === undefined) {
        hookDone(error as Error);
        return;
      }
      if (shadow) {
        hookDone();
        return;
      }
      decisions.set(request, decision);
      if (decision.action === "respond") {
        reply.code(decision.status ?? 204);
        setDecisionHeaders(reply, decision);
        reply.header("content-length", "0");
        void reply.send(); // answering from a hook: hookDone is not called
        return;
      }
      hookDone();
    });
  });

  // onSend runs for every reply Fastify sends: handlers, 404s and the error handler's responses.
  instance.addHook("onSend", function corsgateOnSend(request, reply, payload, hookDone) {
    if (shadow) {
      hookDone(null, payload);
      return;
    }
    const decision = decisions.get(request);
    if (decision !== undefined) {
      // A "respond" decision was written by onRequest when it answered the preflight: writing it again would
      // only repeat the work (and take mergeVary's slow path on the Vary it already set).
      if (decision.action !== "respond") setDecisionHeaders(reply, decision);
      hookDone(null, payload);
      return;
    }
    // onRequest did not run for this request (an earlier hook replied first): decide now.
    decide(request, (error, late) => {
      if (late === undefined) {
        hookDone(error as Error);
        return;
      }
      setDecisionHeaders(reply, late);
      hookDone(null, payload);
    });
  });
  done();
};

// What `fastify-plugin` does, written out so the package keeps zero runtime dependencies: skip-override puts
// the hooks on the instance that registers the plugin (so they cover its routes, prefixes and child plugins).
const pluginMarks = corsgateFastify as unknown as Record<string | symbol, unknown>;
pluginMarks[Symbol.for("skip-override")] = true;
pluginMarks[Symbol.for("fastify.display-name")] = "corsgate";
pluginMarks[Symbol.for("plugin-meta")] = { fastify: "4.x || 5.x", name: "corsgate" };
pluginMarks["default"] = corsgateFastify;
pluginMarks["corsgate"] = corsgateFastify;

/**
 * The CORS plugin: `app.register(corsPlugin, { policy, onDecision?, mode? })`. It answers preflights in an
 * `onRequest` hook (no OPTIONS route needed, also under prefixes and inside encapsulated plugins) and writes
 * the decision's headers and `Vary` in an `onSend` hook, which also runs for 404 and error replies.
 */
export const corsPlugin: FastifyPluginCallback<CorsPluginOptions> = corsgateFastify;
