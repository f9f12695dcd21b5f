// `npx tsx examples/fastify.ts`: a Fastify 5 app behind corsgate, on 127.0.0.1 (PORT, or a free port).
// In your app: import { corsPlugin } from "corsgate/fastify"; (Fastify 4 works the same way.)
import Fastify from "fastify";
import { corsPlugin } from "../src/adapters/fastify.js";

const app = Fastify();

// Registered on the root instance, first: its onRequest hook answers preflights for every route, prefix and
// encapsulated plugin, before any auth hook; its onSend hook puts the headers on every reply, errors included.
await app.register(corsPlugin, {
  policy: {
    allowOrigins: ["https://app.example.com"],
    allowMethods: ["PUT"],
    allowHeaders: ["content-type"],
    exposeHeaders: ["x-request-id"],
  },
  onDecision: (decision, request) => {
    if (decision.reason) request.log.warn({ reason: decision.reason }, "CORS request refused");
  },
});

await app.register(
  async (v1) => {
    v1.put("/items/:id", async (request, reply) => {
      reply.header("x-request-id", "42");
      return { updated: (request.params as { id: string }).id };
    });
  },
  { prefix: "/v1" },
);

const url = await app.listen({ port: Number(process.env["PORT"] ?? 0), host: "127.0.0.1" });
console.log(`corsgate fastify example listening on ${url}`);
console.log(`try: curl -i -X OPTIONS ${url}/v1/items/1 -H 'Origin: https://app.example.com' -H 'Access-Control-Request-Method: PUT'`);
