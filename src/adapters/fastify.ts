/**
 * corsgate for Fastify 4 and 5: a plugin. Register it on the root instance, before auth plugins.
 *
 * @example
 * import Fastify from "fastify";
 * import { corsPlugin } from "corsgate/fastify";
 * const app = Fastify();
 * await app.register(corsPlugin, { policy: { allowOrigins: ["https://app.example.com"] } });
 */
import type { FastifyInstance, FastifyPluginCallback, FastifyReply, FastifyRequest, FastifySchema } from "fastify";
import { evaluate } from "../index.js";
import { varyWith } from "./shared/vary-text.js";
import type { CorsDecision, CorsPolicy } from "../index.js";
import { adapterOptionProblems, optionsError, resolveAdapterOptions } from "./shared/options.js";
import { warningCheck, warningLine } from "./shared/warnings.js";
import type { WarningReporter } from "./shared/warnings.js";
import { FASTIFY_REGISTER_OPTIONS, describeFastifyOption, policyRewrite } from "./fastify-options.js";
import type { CorsAdapterOptions } from "./shared/options.js";
import { isPromiseLike, policyLookup } from "./shared/policy-source.js";
import type { CorsPolicySource } from "./shared/policy-source.js";
import { nodeCorsRequest } from "./shared/node-request.js";
import { OWNED_RESPONSE_HEADERS } from "./shared/owned-headers.js";

export type { CorsAdapterOptions, CorsPolicyResolver, CorsPolicySource } from "./shared/index.js";

/**
 * The options of `corsPlugin`: the policy, plus the options every adapter takes (and Fastify's own `logLevel`
 * and `logSerializers`). Anything else is refused at registration: a policy field or an `@fastify/cors` option
 * at the top level gets the `{ policy: { … } }` to write instead.
 */
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

/**
 * `continue`: the decision's headers and `Vary` on the reply, after removing the CORS headers the handler set
 * that the decision does not carry (enforce mode owns them). A route without a policy (`NO_CORS`) is left alone.
 */
function applyContinueDecision(reply: FastifyReply, decision: CorsDecision): void {
  if (decision === NO_CORS) return;
  const decided = decision.headers;
  for (const name of OWNED_RESPONSE_HEADERS) {
    if (!(name in decided) && reply.hasHeader(name)) reply.removeHeader(name);
  }
  setDecisionHeaders(reply, decision);
}

/** How the plugin reads and writes its own request decorator (a Symbol key, so not part of `FastifyRequest`'s type). */
type DecisionSlots = Record<symbol, CorsDecision | null | undefined>;

const WHERE = "corsgate/fastify corsPlugin";
const OPTION_NAMES = {
  extra: ["policy", ...FASTIFY_REGISTER_OPTIONS],
  describeUnknown: describeFastifyOption,
  policyPlace: "policy, as in { policy: { … } }",
};

/**
 * Checks the plugin's options, every problem at once. Without `policy`, options that look like a policy (its
 * fields, or @fastify/cors's options) get the registration to write instead.
 */
function checkPluginOptions(pluginOptions: unknown): TypeError | undefined {
  const problems = adapterOptionProblems(pluginOptions, OPTION_NAMES);
  const record = pluginOptions as Record<string, unknown> | null;
  if (record !== null && typeof record === "object" && "policy" in record) {
    return problems.length === 0 ? undefined : optionsError(WHERE, problems);
  }
  const rewrite = typeof record === "object" && record !== null ? policyRewrite(record) : undefined;
  const head =
    rewrite === undefined
      ? "corsgate/fastify: register(corsPlugin, { policy }) needs a policy"
      : `corsgate/fastify: the CORS policy goes under \`policy\`, not at the top level of the options: write ${rewrite}`;
  return optionsError(WHERE, problems, head);
}

/** Warnings go to Fastify's logger when logging is on (Fastify's default is off: a stand-in without a level). */
function fastifyReporter(instance: FastifyInstance): WarningReporter | undefined {
  const log = instance.log as unknown as { level?: unknown; warn(details: object, message: string): void };
  if (typeof log.level !== "string") return undefined;
  return (warning) => log.warn({ corsgateWarning: warning }, warningLine(warning));
}

/**
 * True for an instance inside an encapsulated plugin. Fastify makes each encapsulated context with
 * `Object.create(parent)`, so its prototype is a Fastify instance; the root's is a plain object.
 */
function isEncapsulated(instance: FastifyInstance): boolean {
  const parent = Object.getPrototypeOf(instance) as { register?: unknown } | null;
  return parent !== null && typeof parent.register === "function";
}

/** The OPTIONS wildcard route's handler: preflights never get here (onRequest answered them), other OPTIONS do. */
function corsgateOptionsFallback(_request: FastifyRequest, reply: FastifyReply): void {
  reply.callNotFound();
}

function optionsRouteError(instance: FastifyInstance, cause: unknown): Error {
  const where = instance.prefix === "" ? "" : ` under ${instance.prefix}`;
  return new Error(
    `corsgate/fastify: inside an encapsulated plugin, corsPlugin adds an OPTIONS route for every path${where} so that ` +
      `preflights reach its hooks, and Fastify refused it (${(cause as Error)?.message ?? String(cause)}). ` +
      "Register corsPlugin on the root instance instead: it then adds no route.",
    { cause },
  );
}

const corsgateFastify: FastifyPluginCallback<CorsPluginOptions> = (instance, pluginOptions, done) => {
  const invalid = checkPluginOptions(pluginOptions);
  if (invalid !== undefined) {
    done(invalid);
    return;
  }
  let lookup: ReturnType<typeof policyLookup<FastifyRequest>>;
  let options: ReturnType<typeof resolveAdapterOptions<FastifyRequest>>;
  try {
    options = resolveAdapterOptions(pluginOptions, WHERE, OPTION_NAMES);
    lookup = policyLookup(pluginOptions.policy, warningCheck(options, WHERE, fastifyReporter(instance)));
  } catch (error) {
    done(error as Error);
    return;
  }
  const { onDecision, shadow } = options;

  /** The decision for one request (`NO_CORS` for a route without a policy); throws what `onDecision` throws. */
  function decideWith(policy: CorsPolicy | undefined, request: FastifyRequest): CorsDecision {
    if (policy === undefined) return NO_CORS;
    const decision = evaluate(nodeCorsRequest(request.raw), policy);
    if (onDecision !== undefined) onDecision(decision, request);
    return decision;
  }

  /** Resolves the policy, then decides: for the paths off the hot one (shadow mode, a late decision in onSend). */
  function decide(request: FastifyRequest, then: (decision: CorsDecision) => void, fail: (error: Error) => void): void {
    const finish = (policy: CorsPolicy | undefined): void => {
      let decision: CorsDecision;
      try {
        decision = decideWith(policy, request);
      } catch (error) {
        fail(error as Error);
        return;
      }
      then(decision);
    };
    let resolved: CorsPolicy | undefined | PromiseLike<CorsPolicy | undefined>;
    try {
      resolved = lookup(request);
    } catch (error) {
      fail(error as Error);
      return;
    }
    if (isPromiseLike<CorsPolicy | undefined>(resolved)) Promise.resolve(resolved).then(finish, (error: unknown) => fail(error as Error));
    else finish(resolved);
  }

  if (shadow) {
    // Shadow mode decides and reports, and writes nothing: no onSend hook, no request decorator.
    instance.addHook("onRequest", function corsgateShadowOnRequest(request, _reply, hookDone) {
      decide(request, () => hookDone(), hookDone);
    });
    done();
    return;
  }

  // The decision taken in onRequest, read back in onSend, lives on the request itself: a request decorator
  // (declared with null, so every request object has the property from its constructor on and keeps one shape)
  // is cheaper than a WeakMap entry per request. Its key is a Symbol made for this registration: it cannot
  // clash with a user's decorator, nor with another registration of this plugin (sibling contexts, or two
  // policies on one instance), and it adds no name to `request`.
  const slot = Symbol("corsgate decision");
  try {
    instance.decorateRequest(slot, null);
  } catch (error) {
    done(error as Error);
    return;
  }

  // onRequest's work once the policy is known: at once for a policy or a synchronous resolver (no closure is
  // built on that path), or when an asynchronous resolver's promise settles.
  function decideEarly(policy: CorsPolicy | undefined, request: FastifyRequest, reply: FastifyReply, hookDone: (error?: Error) => void): void {
    let decision: CorsDecision;
    try {
      decision = decideWith(policy, request);
    } catch (error) {
      hookDone(error as Error);
      return;
    }
    (request as unknown as DecisionSlots)[slot] = decision;
    if (decision.action === "respond") {
      reply.code(decision.status ?? 204);
      setDecisionHeaders(reply, decision);
      reply.header("content-length", "0");
      void reply.send(); // answering from a hook: hookDone is not called
      return;
    }
    hookDone();
  }

  // onRequest runs before routing has any say (also for paths with no route, the 404 handler included) and
  // before preValidation / preHandler, where auth usually lives: a preflight never reaches either.
  instance.addHook("onRequest", function corsgateOnRequest(request, reply, hookDone) {
    let resolved: CorsPolicy | undefined | PromiseLike<CorsPolicy | undefined>;
    try {
      resolved = lookup(request);
    } catch (error) {
      hookDone(error as Error);
      return;
    }
    if (isPromiseLike<CorsPolicy | undefined>(resolved)) {
      Promise.resolve(resolved).then(
        (policy) => decideEarly(policy, request, reply, hookDone),
        (error: unknown) => hookDone(error as Error),
      );
      return;
    }
    decideEarly(resolved, request, reply, hookDone);
  });

  // onSend runs for every reply Fastify sends: handlers, 404s and the error handler's responses. It does not
  // run for a reply the route hijacked (reply.hijack(), then writing reply.raw itself): that response is the
  // route's own, and carries only the headers the route writes.
  instance.addHook("onSend", function corsgateOnSend(request, reply, payload, hookDone) {
    const decision = (request as unknown as DecisionSlots)[slot];
    // Checked for undefined too, not only null: a request class Fastify built before this registration's
    // decorateRequest call would lack the property (none is expected to reach this hook; cheap to be sure).
    if (decision === null || decision === undefined) {
      // onRequest did not run for this request (an earlier onRequest hook replied first): decide now.
      decide(
        request,
        (late) => {
          if (late.action === "respond") setDecisionHeaders(reply, late);
          else applyContinueDecision(reply, late);
          hookDone(null, payload);
        },
        hookDone,
      );
      return;
    }
    // A "respond" decision was written by onRequest when it answered the preflight: writing it again would
    // only repeat the work (and take mergeVary's slow path on the Vary it already set).
    if (decision.action !== "respond") applyContinueDecision(reply, decision);
    hookDone(null, payload);
  });
  // Inside an encapsulated plugin, Fastify runs this instance's hooks only for requests it routes here: a
  // preflight to a path without an OPTIONS route would go to the root's 404 handler, unanswered. The OPTIONS
  // wildcard route (under the instance's prefix, as @fastify/cors does) routes every preflight here, where
  // onRequest answers it. An OPTIONS request that is not a preflight goes on to the 404 handler it would have
  // reached, with this instance's onSend. At the root no route is needed: the root's hooks cover its 404s.
  if (isEncapsulated(instance)) {
    try {
      // `schema.hide` keeps it out of @fastify/swagger's documentation (not part of Fastify's own schema type).
      instance.route({ method: "OPTIONS", url: "*", schema: { hide: true } as FastifySchema, handler: corsgateOptionsFallback });
    } catch (error) {
      done(optionsRouteError(instance, error));
      return;
    }
  }
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
 * The CORS plugin: `app.register(corsPlugin, { policy, onDecision?, mode?, onWarning?, failOnWarnings? })`. It
 * answers preflights in an `onRequest` hook (no OPTIONS route of yours needed) and writes the decision's headers
 * and `Vary` in an `onSend` hook, which also runs for 404 and error replies. Other options are refused.
 *
 * Registered inside an encapsulated plugin (enforce mode), it adds a hidden `OPTIONS` route for every path under
 * that plugin's prefix, as `@fastify/cors` does, so that preflights to paths without an OPTIONS route reach its
 * hooks instead of the root's 404 handler; at the root it adds no route.
 *
 * Each registration adds one request decorator keyed by a `Symbol` of its own (so it cannot clash with your
 * decorators, or with another registration), which carries the decision from `onRequest` to `onSend`; in
 * shadow mode there is neither decorator nor `onSend` hook. A reply the route takes over with
 * `reply.hijack()` skips `onSend`: its response carries only the headers the route writes to `reply.raw`
 * (preflights are still answered by the plugin, before any handler).
 */
export const corsPlugin: FastifyPluginCallback<CorsPluginOptions> = corsgateFastify;
