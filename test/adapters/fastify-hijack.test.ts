// Fastify replies that leave the usual send path, on Fastify 4 and 5: a route that hijacks the reply and
// writes reply.raw itself (Fastify runs no onSend hook for it, so corsgate leaves that response as the route
// wrote it, and still answers preflights before the route), and a route that sends a stream (onSend runs
// before the first byte, so the decision is on it like on any other reply).
import { Readable } from "node:stream";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fastify5 from "fastify";
import fastify4 from "fastify4";
import type { FastifyInstance } from "fastify";
import { corsPlugin } from "../../src/adapters/fastify.js";
import { corsHeaders, header, headerValues, send, varyTokens } from "./helpers/http-client.js";

const APP = "https://app.example.com";
const OTHER = "https://other.example";
const policy = { allowOrigins: [APP], allowMethods: ["PUT"], exposeHeaders: ["x-request-id"] };
const preflight = { origin: APP, "access-control-request-method": "PUT" };

/** Fastify's log lines at warn level or above: a hijacked reply that Fastify (or corsgate) mishandled shows here. */
function logSink(): { stream: Writable; lines: { level: number; msg: string }[] } {
  const lines: { level: number; msg: string }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim() !== "") lines.push(JSON.parse(line) as { level: number; msg: string });
      callback();
    },
  });
  return { stream, lines };
}

describe.each([
  ["Fastify 4", fastify4 as unknown as typeof fastify5],
  ["Fastify 5", fastify5],
])("%s", (_name, Fastify) => {
  let app: FastifyInstance;
  let origin: string;
  const log = logSink();
  const ran: string[] = [];

  beforeAll(async () => {
    app = Fastify({ logger: { level: "warn", stream: log.stream } }) as unknown as FastifyInstance;
    await app.register(corsPlugin, { policy });
    app.route({
      method: ["GET", "PUT"],
      url: "/hijacked",
      handler: (request, reply) => {
        ran.push(`${request.method} /hijacked`);
        reply.hijack();
        reply.raw.writeHead(200, { "content-type": "text/plain", vary: "Accept-Language", "x-own": "1" });
        reply.raw.end("raw body");
      },
    });
    app.get("/hijacked-async", async (_request, reply) => {
      reply.hijack();
      reply.raw.statusCode = 202;
      reply.raw.setHeader("content-type", "text/plain");
      reply.raw.end("later");
    });
    app.get("/hijacked-own-cors", (_request, reply) => {
      reply.hijack();
      reply.raw.writeHead(200, { "access-control-allow-origin": "https://route.example", "content-type": "text/plain" });
      reply.raw.end("own");
    });
    app.get("/stream", (_request, reply) => {
      reply.header("content-type", "text/plain");
      reply.header("vary", "Accept-Encoding");
      return reply.send(Readable.from(["chunk 1, ", "chunk 2, ", "chunk 3"]));
    });
    app.get("/stream-async", async (_request, reply) => {
      reply.header("access-control-allow-origin", "https://handler.example"); // replaced by the decision
      reply.type("text/plain");
      return Readable.from((async function* () {
        yield "a";
        await new Promise((resolve) => setImmediate(resolve));
        yield "b";
      })());
    });
    origin = await app.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => {
    app.server.closeAllConnections();
    await app.close();
  });

  describe("a route that hijacks the reply and writes reply.raw itself", () => {
    it("sends exactly what the route wrote: no CORS header, no Vary token added, each header once", async () => {
      const response = await send(`${origin}/hijacked`, "GET", { origin: APP });
      expect(response.status).toBe(200);
      expect(response.body).toBe("raw body");
      expect(corsHeaders(response)).toEqual({});
      expect(headerValues(response, "vary")).toEqual(["Accept-Language"]);
      expect(header(response, "x-own")).toBe("1");
      expect(header(response, "content-type")).toBe("text/plain");
    });

    it("leaves a CORS header the route wrote itself alone, and does not add a second one", async () => {
      const response = await send(`${origin}/hijacked-own-cors`, "GET", { origin: APP });
      expect(response.body).toBe("own");
      expect(headerValues(response, "access-control-allow-origin")).toEqual(["https://route.example"]);
      expect(corsHeaders(response)).toEqual({ "access-control-allow-origin": "https://route.example" });
    });

    it("works the same from an async handler", async () => {
      const response = await send(`${origin}/hijacked-async`, "GET", { origin: APP });
      expect(response.status).toBe(202);
      expect(response.body).toBe("later");
      expect(corsHeaders(response)).toEqual({});
    });

    it("still has its preflight answered by corsgate, before the route runs", async () => {
      ran.length = 0;
      const response = await send(`${origin}/hijacked`, "OPTIONS", preflight);
      expect(response.status).toBe(204);
      expect(header(response, "access-control-allow-origin")).toBe(APP);
      expect(header(response, "access-control-allow-methods")).toBe("PUT");
      expect(varyTokens(response)).toContain("origin");
      expect(ran).toEqual([]);
    });

    it("keeps the server answering, and neither Fastify nor corsgate logged a warning or an error", async () => {
      for (const path of ["/hijacked", "/hijacked-async", "/hijacked-own-cors"]) {
        expect((await send(`${origin}${path}`, "GET", { origin: OTHER })).status, path).toBeLessThan(300);
      }
      const after = await send(`${origin}/stream`, "GET", { origin: APP });
      expect(header(after, "access-control-allow-origin")).toBe(APP);
      expect(log.lines.filter((line) => line.level >= 40)).toEqual([]);
    });
  });

  describe("a route that sends a stream", () => {
    it("carries the decision's headers once, with Vary merged into the route's, and the whole body", async () => {
      const response = await send(`${origin}/stream`, "GET", { origin: APP });
      expect(response.status).toBe(200);
      expect(response.body).toBe("chunk 1, chunk 2, chunk 3");
      expect(corsHeaders(response)).toEqual({
        "access-control-allow-origin": APP,
        "access-control-expose-headers": "x-request-id",
      });
      expect(headerValues(response, "vary")).toEqual(["Accept-Encoding, Origin"]);
    });

    it("refuses an origin on a stream as on any reply: no CORS header, Vary: Origin, body intact", async () => {
      const response = await send(`${origin}/stream`, "GET", { origin: OTHER });
      expect(response.body).toBe("chunk 1, chunk 2, chunk 3");
      expect(corsHeaders(response)).toEqual({});
      expect(varyTokens(response)).toEqual(["accept-encoding", "origin"]);
    });

    it("replaces the route's own CORS header on a stream returned from an async handler", async () => {
      const response = await send(`${origin}/stream-async`, "GET", { origin: APP });
      expect(response.body).toBe("ab");
      expect(headerValues(response, "access-control-allow-origin")).toEqual([APP]);
      expect(varyTokens(response)).toEqual(["origin"]);
    });
  });
});
