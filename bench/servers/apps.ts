/**
 * The servers under load. Every framework gets the same application (one route, "/", answering GET and
 * OPTIONS with 200 "ok") in four variants:
 * - `none`: no CORS layer at all (the physical limit);
 * - `floor`: the same CORS response headers corsgate would send, written as constants by the framework's own
 *   per-request mechanism (the listener for node:http and fetch, a middleware for Express, an onRequest hook
 *   for Fastify), with no logic beyond "is this an OPTIONS";
 * - `corsgate`: corsgate's adapter for that framework;
 * - `peer`: the library users would pick instead (`cors`, `@fastify/cors`, `hono/cors`).
 */
import { createServer } from "node:http";
import type { IncomingMessage, RequestListener, Server, ServerResponse } from "node:http";
import corsMiddleware from "cors";
import fastifyCors from "@fastify/cors";
import express from "express";
import Fastify from "fastify";
import type { FastifyInstance } from "fastify";
import { Hono } from "hono";
import { cors as honoCors } from "hono/cors";
import { withCors as withNodeCors } from "../../src/adapters/node.js";
import { cors as corsgateExpress } from "../../src/adapters/express.js";
import { corsPlugin } from "../../src/adapters/fastify.js";
import { withCors as withFetchCors } from "../../src/adapters/fetch.js";
import { FLOOR_ACTUAL_HEADERS, FLOOR_PREFLIGHT_HEADERS, POLICIES } from "../policies.js";

export type Framework = "node" | "express" | "fastify" | "fetch";
export const FRAMEWORKS: readonly Framework[] = ["node", "express", "fastify", "fetch"];
export type Variant = "none" | "floor" | "corsgate" | "peer";
export const VARIANTS: readonly Variant[] = ["none", "floor", "corsgate", "peer"];

export const PEER_NAMES: Readonly<Record<Framework, string>> = {
  node: "cors",
  express: "cors",
  fastify: "@fastify/cors",
  fetch: "hono/cors",
};

const policy = POLICIES["1 exact"];

/** A running server: its port and how to stop it. */
export interface Running {
  readonly port: number;
  close(): Promise<void>;
}

function listen(server: Server): Promise<Running> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      if (address === null || typeof address === "string") throw new Error("bench: no port");
      resolve({ port: address.port, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

function isOptions(request: IncomingMessage): boolean {
  return request.method === "OPTIONS";
}

// ---------------------------------------------------------------------------------------------------
// node:http

function nodeHandler(_request: IncomingMessage, response: ServerResponse): void {
  response.setHeader("content-type", "text/plain");
  response.end("ok");
}

function nodeListener(variant: Variant): RequestListener {
  switch (variant) {
    case "none":
      return nodeHandler;
    case "floor":
      return (request, response) => {
        if (isOptions(request)) {
          response.writeHead(204, FLOOR_PREFLIGHT_HEADERS);
          response.end();
          return;
        }
        for (const name in FLOOR_ACTUAL_HEADERS) response.setHeader(name, FLOOR_ACTUAL_HEADERS[name] as string);
        nodeHandler(request, response);
      };
    case "corsgate":
      return withNodeCors(policy.corsgate, nodeHandler) as RequestListener;
    case "peer": {
      const middleware = corsMiddleware(policy.cors);
      return (request, response) => middleware(request, response, () => nodeHandler(request, response));
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Express

function expressApp(variant: Variant): RequestListener {
  const app = express();
  if (variant === "floor") {
    app.use((request, response, next) => {
      if (isOptions(request)) {
        response.writeHead(204, FLOOR_PREFLIGHT_HEADERS);
        response.end();
        return;
      }
      for (const name in FLOOR_ACTUAL_HEADERS) response.setHeader(name, FLOOR_ACTUAL_HEADERS[name] as string);
      next();
    });
  } else if (variant === "corsgate") {
    app.use(corsgateExpress(policy.corsgate));
  } else if (variant === "peer") {
    app.use(corsMiddleware(policy.cors));
  }
  app.all("/", (_request, response) => {
    response.send("ok");
  });
  return app as unknown as RequestListener;
}

// ---------------------------------------------------------------------------------------------------
// Fastify

async function fastifyApp(variant: Variant): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  if (variant === "floor") {
    app.addHook("onRequest", (request, reply, done) => {
      if (request.method === "OPTIONS") {
        void reply.code(204).headers(FLOOR_PREFLIGHT_HEADERS).send();
        return;
      }
      void reply.headers(FLOOR_ACTUAL_HEADERS);
      done();
    });
  } else if (variant === "corsgate") {
    await app.register(corsPlugin, { policy: policy.corsgate });
  } else if (variant === "peer") {
    await app.register(fastifyCors, policy.fastifyCors);
  }
  app.route({
    method: ["GET", "OPTIONS"],
    url: "/",
    handler: (_request, reply) => {
      void reply.send("ok");
    },
  });
  return app;
}

// ---------------------------------------------------------------------------------------------------
// fetch: a Hono application behind a plain node:http bridge (the same bridge for every variant)

type FetchHandler = (request: Request) => Response | Promise<Response>;

function honoApplication(withPeer: boolean): Hono {
  const app = new Hono();
  if (withPeer) app.use(honoCors(policy.hono as Parameters<typeof honoCors>[0]));
  app.on(["GET", "OPTIONS"], "/", (context) => context.text("ok"));
  return app;
}

function fetchHandler(variant: Variant): FetchHandler {
  const app = honoApplication(variant === "peer");
  const plain: FetchHandler = (request) => app.fetch(request);
  switch (variant) {
    case "none":
    case "peer":
      return plain;
    case "floor":
      return async (request) => {
        if (request.method === "OPTIONS") return new Response(null, { status: 204, headers: FLOOR_PREFLIGHT_HEADERS });
        const response = await plain(request);
        for (const name in FLOOR_ACTUAL_HEADERS) response.headers.set(name, FLOOR_ACTUAL_HEADERS[name] as string);
        return response;
      };
    case "corsgate":
      return withFetchCors(policy.corsgate, plain);
  }
}

/** node:http → `Request` → handler → `Response` → node:http, as a minimal fetch-style server does it. */
function bridge(handler: FetchHandler): RequestListener {
  return (incoming, outgoing) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(incoming.headers)) {
      if (typeof value === "string") headers.set(name, value);
      else if (Array.isArray(value)) for (const each of value) headers.append(name, each);
    }
    const request = new Request(`http://${incoming.headers.host ?? "127.0.0.1"}${incoming.url ?? "/"}`, { method: incoming.method ?? "GET", headers });
    void (async () => {
      const response = await handler(request);
      outgoing.statusCode = response.status;
      response.headers.forEach((value, name) => outgoing.setHeader(name, value));
      if (response.body === null) outgoing.end();
      else outgoing.end(Buffer.from(await response.arrayBuffer()));
    })().catch((error: unknown) => {
      outgoing.statusCode = 500;
      outgoing.end(String(error));
    });
  };
}

// ---------------------------------------------------------------------------------------------------

/**
 * The frameworks whose whole request pipeline is driven in-process (bench/servers/pipeline-main.ts). Express can
 * be too, but its own pipeline costs about 100 µs per request there and its rounds differ by tens of
 * microseconds, far more than the differences the figure is for; its adapter is the Node one, measured on the
 * response stand-in.
 */
export type PipelineFramework = "node" | "express" | "fastify";
export const PIPELINE_FRAMEWORKS: readonly PipelineFramework[] = ["node", "fastify"];

/** A variant's request listener without a listening socket: for Fastify, the ready application's `routing`. */
export async function inProcessListener(framework: PipelineFramework, variant: Variant): Promise<RequestListener> {
  switch (framework) {
    case "node":
      return nodeListener(variant);
    case "express":
      return expressApp(variant);
    case "fastify": {
      const app = await fastifyApp(variant);
      await app.ready();
      return app.routing as RequestListener;
    }
  }
}

export async function startServer(framework: Framework, variant: Variant): Promise<Running> {
  switch (framework) {
    case "node":
      return listen(createServer(nodeListener(variant)));
    case "express":
      return listen(createServer(expressApp(variant)));
    case "fetch":
      return listen(createServer(bridge(fetchHandler(variant))));
    case "fastify": {
      const app = await fastifyApp(variant);
      await app.listen({ port: 0, host: "127.0.0.1" });
      const address = app.server.address();
      if (address === null || typeof address === "string") throw new Error("bench: no port");
      return { port: address.port, close: () => app.close() };
    }
  }
}
