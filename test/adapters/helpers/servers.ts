import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import type { AddressInfo } from "node:net";
import express5 from "express";
import express4 from "express4";
import fastify5 from "fastify";
import fastify4 from "fastify4";
import { withCors as withNodeCors } from "../../../src/adapters/node.js";
import { cors } from "../../../src/adapters/express.js";
import { corsPlugin } from "../../../src/adapters/fastify.js";
import { withCors as withFetchCors } from "../../../src/adapters/fetch.js";
import type { CorsAdapterOptions, CorsPolicySource } from "../../../src/adapters/node.js";
import { apiBody, apiHeaders, fetchApp, handlerCorsHeaders, nodeApp, pathOf } from "./apps.js";

/** Every adapter, each on its own real server, running the application of apps.ts. */
export type AdapterName = "node" | "express4" | "express5" | "fastify4" | "fastify5" | "fetch";
export const adapterNames: readonly AdapterName[] = ["node", "express4", "express5", "fastify4", "fastify5", "fetch"];

export interface RunningServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** Every request that reached the HTTP server, before any CORS code ran. */
  readonly arrived: { method: string; url: string }[];
  /** Requests that reached the application's handler. */
  readonly handled: { method: string; url: string }[];
  close(): Promise<void>;
}

/** Decisions land here when the test passes a `request`-agnostic `onDecision`. */
export type AnyRequestOptions = CorsAdapterOptions<never>;

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function closer(server: Server): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}

function record(server: Server, arrived: RunningServer["arrived"]): void {
  // Registered before the application's listener, so it sees every request first.
  server.prependListener("request", (request: IncomingMessage) => arrived.push({ method: request.method ?? "", url: request.url ?? "" }));
}

export async function startNode(policy: CorsPolicySource<IncomingMessage>, options?: CorsAdapterOptions<IncomingMessage>): Promise<RunningServer> {
  const arrived: RunningServer["arrived"] = [];
  const handled: RunningServer["handled"] = [];
  const app = nodeApp(handled, false);
  const server = createServer();
  record(server, arrived);
  server.on("request", withNodeCors(policy, (request, response) => app(request, response), options));
  return { origin: await listen(server), arrived, handled, close: closer(server) };
}

export async function startExpress(
  version: 4 | 5,
  policy: CorsPolicySource<IncomingMessage>,
  options?: CorsAdapterOptions<IncomingMessage>,
): Promise<RunningServer> {
  const arrived: RunningServer["arrived"] = [];
  const handled: RunningServer["handled"] = [];
  const app = version === 4 ? express4() : express5();
  app.use(cors(policy, options));
  app.use(nodeApp(handled, true));
  const server = createServer();
  record(server, arrived);
  server.on("request", app);
  return { origin: await listen(server), arrived, handled, close: closer(server) };
}

type FastifyFactory = typeof fastify5;

export async function startFastify(
  version: 4 | 5,
  policy: CorsPolicySource<never>,
  options?: AnyRequestOptions,
): Promise<RunningServer> {
  const arrived: RunningServer["arrived"] = [];
  const handled: RunningServer["handled"] = [];
  const factory = (version === 4 ? fastify4 : fastify5) as unknown as FastifyFactory;
  const app = factory({ exposeHeadRoutes: false });
  await app.register(corsPlugin, { policy: policy as CorsPolicySource<unknown>, ...(options as object) });
  app.all("/api/*", async (request, reply) => {
    const path = pathOf(request.url);
    if (path === "/api/own-cors" || path === "/api/own-cors-error") reply.headers(handlerCorsHeaders);
    if (path === "/api/error" || path === "/api/own-cors-error") throw new Error("boom");
    handled.push({ method: request.method, url: request.url });
    if (path === "/api/conflict") {
      reply.header("access-control-allow-origin", "https://handler.example");
      reply.header("access-control-expose-headers", "x-handler-own");
    }
    reply.headers(apiHeaders);
    return reply.send(apiBody(request.method, request.headers.cookie));
  });
  record(app.server, arrived);
  await app.listen({ port: 0, host: "127.0.0.1" });
  return {
    origin: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    arrived,
    handled,
    close: async () => {
      app.server.closeAllConnections();
      await app.close();
    },
  };
}

/**
 * Serves a fetch handler from `node:http` (test plumbing only: the real runtimes, Bun, Deno and workerd,
 * are tested in runtimes.test.ts). Request headers are passed line by line, so duplicates stay duplicates.
 */
export async function serveFetch(handler: (request: Request) => Promise<Response>, arrived: RunningServer["arrived"]): Promise<{ origin: string; server: Server }> {
  const server = createServer(async (incoming, outgoing) => {
    const headers = new Headers();
    for (let index = 0; index + 1 < incoming.rawHeaders.length; index += 2) {
      headers.append(incoming.rawHeaders[index] as string, incoming.rawHeaders[index + 1] as string);
    }
    const method = incoming.method ?? "GET";
    const hasBody = method !== "GET" && method !== "HEAD";
    const request = new Request(`http://${incoming.headers.host ?? "127.0.0.1"}${incoming.url ?? "/"}`, {
      method,
      headers,
      ...(hasBody ? { body: Readable.toWeb(incoming) as ReadableStream, duplex: "half" } : {}),
    } as RequestInit);
    try {
      const response = await handler(request);
      const lines: string[] = [];
      response.headers.forEach((value, name) => lines.push(name, value));
      outgoing.writeHead(response.status, lines);
      if (response.body === null) outgoing.end();
      else Readable.fromWeb(response.body as import("node:stream/web").ReadableStream).pipe(outgoing);
    } catch {
      outgoing.statusCode = 500;
      outgoing.end("bridge: handler failed");
    }
  });
  record(server, arrived);
  return { origin: await listen(server), server };
}

export async function startFetch(policy: CorsPolicySource<Request>, options?: CorsAdapterOptions<Request>): Promise<RunningServer> {
  const arrived: RunningServer["arrived"] = [];
  const handled: RunningServer["handled"] = [];
  const { origin, server } = await serveFetch(withFetchCors(policy, fetchApp(handled), options), arrived);
  return { origin, arrived, handled, close: closer(server) };
}

/** Starts `name`'s server with this policy and these options. */
export function startAdapter(name: AdapterName, policy: CorsPolicySource<never>, options?: AnyRequestOptions): Promise<RunningServer> {
  const anyPolicy = policy as CorsPolicySource<unknown>;
  const anyOptions = options as CorsAdapterOptions<unknown> | undefined;
  switch (name) {
    case "node":
      return startNode(anyPolicy, anyOptions);
    case "express4":
      return startExpress(4, anyPolicy, anyOptions);
    case "express5":
      return startExpress(5, anyPolicy, anyOptions);
    case "fastify4":
      return startFastify(4, policy, options);
    case "fastify5":
      return startFastify(5, policy, options);
    case "fetch":
      return startFetch(anyPolicy, anyOptions);
  }
}

/** The path part of the request URL, for resolvers, whatever the adapter's request type. */
export function requestPath(request: unknown): string {
  const url = (request as { url: string }).url;
  return url.startsWith("http") ? new URL(url).pathname : pathOf(url);
}
