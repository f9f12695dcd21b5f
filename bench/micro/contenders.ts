/**
 * Each contender turns (policy, request) into a function that makes one CORS decision the way that library
 * does on a real request, plus a way to read back what it decided, so the benchmark can check that every
 * contender answers the same before it times anything.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import corsMiddleware from "cors";
import fastifyCors from "@fastify/cors";
import { cors as honoCors } from "hono/cors";
import { createPolicy, evaluate, mergeVary } from "../../src/index.js";
import type { CorsDecision, CorsPolicy } from "../../src/index.js";
import { nodeCorsRequest } from "../../src/adapters/shared/node-request.js";
import { applyDecisionAtWriteHead, endWithDecision } from "../../src/adapters/shared/node-response.js";
import { FLOOR_ACTUAL_HEADERS, FLOOR_PREFLIGHT_HEADERS, type PolicyVariants } from "../policies.js";
import type { BenchRequest } from "../requests.js";
import { FakeFastifyReply, FakeNodeResponse, fakeFastifyRequest, fakeHonoContext, type FakeFastifyRequest, type FakeHonoContext } from "./fakes.js";

export type ContenderName =
  | "floor (constant headers)"
  | "corsgate evaluate"
  | "corsgate + Node response"
  | "corsgate + fetch Headers"
  | "cors"
  | "@fastify/cors"
  | "hono/cors";

export const CONTENDER_NAMES: readonly ContenderName[] = [
  "floor (constant headers)",
  "corsgate evaluate",
  "corsgate + Node response",
  "corsgate + fetch Headers",
  "cors",
  "@fastify/cors",
  "hono/cors",
];

/** What a contender decided, read back for the equivalence check. */
export interface Observed {
  readonly allowOrigin: string | undefined;
  /** The status of an answered preflight; undefined when the request goes on to the handler. */
  readonly status: number | undefined;
}

export interface Prepared {
  /** One decision. May return a promise (hono/cors is an async middleware). */
  readonly run: () => unknown;
  readonly observe: () => Promise<Observed>;
}

type Factory = (policy: PolicyVariants, request: BenchRequest) => Prepared;

const noop = (): void => {};

function textOf(value: unknown): string | undefined {
  return value === undefined || value === null || value === false ? undefined : String(value);
}

/** A contender that answers on a fake Node response: observed by its Access-Control-Allow-Origin and, if ended, its status. */
function nodeResponseContender(run: () => FakeNodeResponse): Prepared {
  return {
    run,
    observe: async () => {
      const response = run();
      return { allowOrigin: textOf(response.getHeader("access-control-allow-origin")), status: response.ended ? response.statusCode : undefined };
    },
  };
}

/**
 * What the servers' floor does on the same response stand-in: the headers corsgate would send for this request,
 * as constants chosen when the benchmark is set up (no logic per call). With `corsgate + Node response`, it gives
 * the adapter's own cost over the bare header writes.
 */
const floor: Factory = (_variants, request) => {
  const run = (): FakeNodeResponse => {
    const response = new FakeNodeResponse();
    if (request.preflight && request.allowOrigin !== undefined) {
      for (const name in FLOOR_PREFLIGHT_HEADERS) response.setHeader(name, FLOOR_PREFLIGHT_HEADERS[name] as string);
      response.statusCode = 204;
      response.end();
    } else if (request.preflight) {
      response.setHeader("vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
      response.statusCode = 403;
      response.end();
    } else if (request.allowOrigin !== undefined) {
      for (const name in FLOOR_ACTUAL_HEADERS) response.setHeader(name, FLOOR_ACTUAL_HEADERS[name] as string);
      response.writeHead(200);
    } else {
      response.setHeader("vary", "Origin");
      response.writeHead(200);
    }
    return response;
  };
  return nodeResponseContender(run);
};

const corsgateEvaluate: Factory = (variants, request) => {
  const policy: CorsPolicy = createPolicy(variants.corsgate);
  const corsRequest = { method: request.method, headers: request.headers };
  const run = (): CorsDecision => evaluate(corsRequest, policy);
  return {
    run,
    observe: async () => {
      const decision = run();
      return {
        allowOrigin: decision.headers["access-control-allow-origin"],
        status: decision.action === "respond" ? decision.status : undefined,
      };
    },
  };
};

/** What corsgate's node / Express adapters do per request, on the same fake response `cors` gets. */
const corsgateNode: Factory = (variants, request) => {
  const policy = createPolicy(variants.corsgate);
  const incoming = { method: request.method, headers: request.headers } as unknown as IncomingMessage;
  const run = (): FakeNodeResponse => {
    const response = new FakeNodeResponse();
    const decision = evaluate(nodeCorsRequest(incoming), policy);
    if (decision.action === "respond") {
      endWithDecision(response as unknown as ServerResponse, decision);
    } else {
      applyDecisionAtWriteHead(response as unknown as ServerResponse, decision);
      response.writeHead(200); // the handler's response leaving: the decision is applied here
    }
    return response;
  };
  return nodeResponseContender(run);
};

/** What corsgate's fetch adapter does per request: evaluate on a `Headers`, write into a fresh `Headers`. */
const corsgateFetch: Factory = (variants, request) => {
  const policy = createPolicy(variants.corsgate);
  const corsRequest = { method: request.method, headers: new Headers(request.headers) };
  const run = (): Headers | Response => {
    const decision = evaluate(corsRequest, policy);
    const headers = new Headers();
    const decided = decision.headers;
    for (const name in decided) headers.set(name, decided[name] as string);
    if (decision.vary.length > 0) headers.set("vary", mergeVary(headers.get("vary"), decision.vary));
    if (decision.action === "respond") {
      headers.set("content-length", "0");
      return new Response(null, { status: decision.status ?? 204, headers });
    }
    return headers;
  };
  return {
    run,
    observe: async () => {
      const result = run();
      const headers = result instanceof Response ? result.headers : result;
      return { allowOrigin: headers.get("access-control-allow-origin") ?? undefined, status: result instanceof Response ? result.status : undefined };
    },
  };
};

const cors: Factory = (variants, request) => {
  const middleware = corsMiddleware(variants.cors) as unknown as (req: unknown, res: FakeNodeResponse, next: () => void) => void;
  const incoming = { method: request.method, headers: request.headers };
  const run = (): FakeNodeResponse => {
    const response = new FakeNodeResponse();
    middleware(incoming, response, noop);
    return response;
  };
  return nodeResponseContender(run);
};

type FastifyHook = (request: FakeFastifyRequest, reply: FakeFastifyReply, next: (error?: unknown) => void) => void;

/**
 * `@fastify/cors` registered on a stand-in Fastify instance that only records its `onRequest` hook; the hook
 * is then called as Fastify calls it. Everything the plugin does per request runs; Fastify itself does not.
 */
function fastifyCorsHook(options: PolicyVariants["fastifyCors"]): FastifyHook {
  let hook: FastifyHook | undefined;
  const instance = {
    decorateRequest: noop,
    options: noop,
    addHook(name: string, handler: FastifyHook) {
      if (name === "onRequest") hook = handler;
    },
  };
  const plugin = fastifyCors as unknown as (instance: unknown, options: unknown, done: (error?: unknown) => void) => void;
  plugin(instance, options, (error) => {
    if (error !== undefined && error !== null) throw error;
  });
  if (hook === undefined) throw new Error("bench: @fastify/cors registered no onRequest hook");
  return hook;
}

const fastify: Factory = (variants, request) => {
  const hook = fastifyCorsHook(variants.fastifyCors);
  const fakeRequest = fakeFastifyRequest(request.method, request.headers);
  const run = (): FakeFastifyReply => {
    const reply = new FakeFastifyReply();
    hook(fakeRequest, reply, noop);
    return reply;
  };
  return {
    run,
    observe: async () => {
      const reply = run();
      return { allowOrigin: textOf(reply.getHeader("access-control-allow-origin")), status: reply.sent ? reply.statusCode : undefined };
    },
  };
};

type HonoMiddleware = (context: FakeHonoContext, next: () => Promise<void>) => Promise<Response | void>;

const hono: Factory = (variants, request) => {
  const middleware = honoCors(variants.hono as Parameters<typeof honoCors>[0]) as unknown as HonoMiddleware;
  const requestHeaders = new Headers(request.headers);
  const next = async (): Promise<void> => {};
  const run = async (): Promise<{ context: FakeHonoContext; result: Response | void }> => {
    const context = fakeHonoContext(request.method, requestHeaders);
    const result = await middleware(context, next);
    return { context, result };
  };
  return {
    run,
    observe: async () => {
      const { context, result } = await run();
      const headers = result instanceof Response ? result.headers : context.res.headers;
      return { allowOrigin: headers.get("access-control-allow-origin") ?? undefined, status: result instanceof Response ? result.status : undefined };
    },
  };
};

export const CONTENDERS: Readonly<Record<ContenderName, Factory>> = {
  "floor (constant headers)": floor,
  "corsgate evaluate": corsgateEvaluate,
  "corsgate + Node response": corsgateNode,
  "corsgate + fetch Headers": corsgateFetch,
  cors,
  "@fastify/cors": fastify,
  "hono/cors": hono,
};
