// Type tests for every adapter's public signature.
import { createServer } from "node:http";
import type { IncomingMessage } from "node:http";
import { expectTypeOf, test } from "vitest";
import express from "express";
import type { Request as ExpressRequest } from "express";
import Fastify from "fastify";
import type { FastifyRequest } from "fastify";
import { createPolicy } from "../../src/index.js";
import type { ConfigIssue, CorsDecision, CorsPolicy, CorsPolicyConfig } from "../../src/index.js";
import { withCors as withNodeCors } from "../../src/adapters/node.js";
import { cors } from "../../src/adapters/express.js";
import type { CorsMiddleware } from "../../src/adapters/express.js";
import { corsPlugin } from "../../src/adapters/fastify.js";
import type { CorsPluginOptions } from "../../src/adapters/fastify.js";
import { withCors as withFetchCors } from "../../src/adapters/fetch.js";
import type { CorsPolicySource } from "../../src/adapters/fetch.js";

const config: CorsPolicyConfig = { allowOrigins: ["https://app.example.com"] };

test("every adapter takes a policy, a config or a resolver, sync or async", () => {
  expectTypeOf<CorsPolicy>().toMatchTypeOf<CorsPolicySource<Request>>();
  expectTypeOf<CorsPolicyConfig>().toMatchTypeOf<CorsPolicySource<Request>>();
  expectTypeOf<(request: Request) => Promise<CorsPolicy>>().toMatchTypeOf<CorsPolicySource<Request>>();
  expectTypeOf<(request: Request) => CorsPolicyConfig>().toMatchTypeOf<CorsPolicySource<Request>>();
  expectTypeOf<(request: Request) => string>().not.toMatchTypeOf<CorsPolicySource<Request>>();
});

test("node: withCors returns a listener http.createServer accepts", () => {
  const listener = withNodeCors(config, (_request, response) => response.end("ok"), {
    onDecision: (decision, request) => {
      expectTypeOf(decision).toEqualTypeOf<CorsDecision>();
      expectTypeOf(request).toEqualTypeOf<IncomingMessage>();
    },
  });
  createServer(listener);
  createServer(withNodeCors(createPolicy(config), express()));
  // @ts-expect-error mode is "enforce" or "shadow"
  withNodeCors(config, () => undefined, { mode: "report" });
});

test("express: cors() is middleware app.use accepts, with a typed resolver request", () => {
  const app = express();
  app.use(cors(config));
  app.use(cors<ExpressRequest>((request) => (request.hostname === "a.example" ? config : createPolicy(config))));
  expectTypeOf(cors(config)).toEqualTypeOf<CorsMiddleware<IncomingMessage>>();
});

test("fastify: register(corsPlugin, { policy }) type-checks, and policy is required", async () => {
  const app = Fastify();
  await app.register(corsPlugin, { policy: config, mode: "shadow" });
  await app.register(corsPlugin, {
    policy: async (request) => {
      expectTypeOf(request).toEqualTypeOf<FastifyRequest>();
      return config;
    },
  });
  // @ts-expect-error the policy is required
  await app.register(corsPlugin, {});
  expectTypeOf<CorsPluginOptions["policy"]>().toEqualTypeOf<CorsPolicySource<FastifyRequest>>();
});

test("fetch: withCors keeps the handler's extra arguments, such as a Worker's env and ctx", () => {
  interface Env {
    readonly TENANT: string;
  }
  interface Context {
    waitUntil(promise: Promise<unknown>): void;
  }
  const handler = withFetchCors(config, (_request: Request, env: Env, _context: Context) => new Response(env.TENANT));
  expectTypeOf(handler).toEqualTypeOf<(request: Request, env: Env, context: Context) => Promise<Response>>();
  expectTypeOf(withFetchCors(config, () => new Response())).returns.toEqualTypeOf<Promise<Response>>();
});

test("every adapter takes onWarning (a ConfigIssue) and failOnWarnings", () => {
  type Options = NonNullable<Parameters<typeof withFetchCors>[2]>;
  expectTypeOf<Parameters<NonNullable<Options["onWarning"]>>[0]>().toEqualTypeOf<ConfigIssue>();
  expectTypeOf<Options["failOnWarnings"]>().toEqualTypeOf<boolean | undefined>();
  expectTypeOf<CorsPluginOptions["onWarning"]>().toEqualTypeOf<Options["onWarning"]>();
});
