// Fastify specifics, on Fastify 4 and 5: the plugin's fastify-plugin marks, prefixes, encapsulated plugins,
// auth hooks, and errors at registration.
import { describe, expect, it } from "vitest";
import fastify5 from "fastify";
import fastify4 from "fastify4";
import type { FastifyInstance } from "fastify";
import { isCorsConfigError } from "../../src/index.js";
import { corsPlugin } from "../../src/adapters/fastify.js";
import { header, send } from "./helpers/http-client.js";

const APP = "https://app.example.com";
const policy = { allowOrigins: [APP], allowMethods: ["PUT"] };
const preflight = { origin: APP, "access-control-request-method": "PUT" };

async function listening(app: FastifyInstance): Promise<string> {
  return app.listen({ port: 0, host: "127.0.0.1" });
}

it("carries the marks fastify-plugin would set, so its hooks apply to the registering instance", () => {
  const marks = corsPlugin as unknown as Record<string | symbol, unknown>;
  expect(marks[Symbol.for("skip-override")]).toBe(true);
  expect(marks[Symbol.for("fastify.display-name")]).toBe("corsgate");
  expect(marks[Symbol.for("plugin-meta")]).toEqual({ fastify: "4.x || 5.x", name: "corsgate" });
});

describe.each([
  ["Fastify 4", fastify4 as unknown as typeof fastify5],
  ["Fastify 5", fastify5],
])("%s", (_name, Fastify) => {
  it("is known to Fastify by its name", async () => {
    const app = Fastify();
    await app.register(corsPlugin, { policy });
    await app.ready();
    expect(app.hasPlugin("corsgate")).toBe(true);
    await app.close();
  });

  it("answers preflights under a prefix, inside an encapsulated plugin, and for unrouted paths there", async () => {
    const app = Fastify();
    await app.register(corsPlugin, { policy });
    await app.register(
      async (child) => {
        child.put("/things", async () => ({ ok: true }));
      },
      { prefix: "/v1" },
    );
    const origin = await listening(app);
    try {
      for (const path of ["/v1/things", "/v1/nothing-here", "/elsewhere"]) {
        const response = await send(origin + path, "OPTIONS", preflight);
        expect(response.status, path).toBe(204);
        expect(header(response, "access-control-allow-methods"), path).toBe("PUT");
      }
      const actual = await send(`${origin}/v1/things`, "PUT", { origin: APP });
      expect(actual.status).toBe(200);
      expect(header(actual, "access-control-allow-origin")).toBe(APP);
    } finally {
      await app.close();
    }
  });

  it("answers preflights before an auth hook, which still guards actual requests", async () => {
    const app = Fastify();
    await app.register(corsPlugin, { policy });
    app.addHook("preHandler", async (request, reply) => {
      if (request.headers.authorization !== "Bearer ok") return reply.code(401).send({ error: "unauthorized" });
    });
    app.put("/private", async () => ({ ok: true }));
    const origin = await listening(app);
    try {
      const answered = await send(`${origin}/private`, "OPTIONS", preflight);
      expect(answered.status).toBe(204);
      const refused = await send(`${origin}/private`, "PUT", { origin: APP });
      expect(refused.status).toBe(401);
      expect(header(refused, "access-control-allow-origin")).toBe(APP); // so the browser can read the 401
    } finally {
      await app.close();
    }
  });

  it("still decorates a reply sent by an onRequest hook registered before it", async () => {
    const app = Fastify();
    app.addHook("onRequest", async (request, reply) => {
      if (request.url === "/blocked") return reply.code(429).send("slow down");
    });
    await app.register(corsPlugin, { policy });
    app.get("/blocked", async () => "never");
    const origin = await listening(app);
    try {
      const response = await send(`${origin}/blocked`, "GET", { origin: APP });
      expect(response.status).toBe(429);
      expect(header(response, "access-control-allow-origin")).toBe(APP);
    } finally {
      await app.close();
    }
  });

  it("registered inside an encapsulated plugin, covers that plugin's routes only", async () => {
    const app = Fastify();
    await app.register(
      async (child) => {
        await child.register(corsPlugin, { policy });
        child.get("/inside", async () => "in");
      },
      { prefix: "/api" },
    );
    app.get("/outside", async () => "out");
    const origin = await listening(app);
    try {
      expect(header(await send(`${origin}/api/inside`, "GET", { origin: APP }), "access-control-allow-origin")).toBe(APP);
      expect(header(await send(`${origin}/outside`, "GET", { origin: APP }), "access-control-allow-origin")).toBeUndefined();
    } finally {
      await app.close();
    }
  });

  it("fails registration with the core's CorsConfigError for an invalid policy", async () => {
    const app = Fastify();
    const error = await app.register(corsPlugin, { policy: { allowOrigins: ["https://App.example.com/"] } }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(isCorsConfigError(error)).toBe(true);
    await app.close().catch(() => undefined);
  });

  it("fails registration without a policy", async () => {
    const app = Fastify();
    await expect(app.register(corsPlugin, {} as never)).rejects.toThrow(/needs a policy/);
    await app.close().catch(() => undefined);
  });
});
