// Issue 11 item 7: corsPlugin registered inside an encapsulated plugin. Fastify runs a plugin's hooks only for
// requests it routes into that plugin, so a preflight to a path without an OPTIONS route used to reach the
// root's 404 handler unanswered. Every registration style, on Fastify 4 and 5, on a real server.
import { describe, expect, it } from "vitest";
import fastify5 from "fastify";
import fastify4 from "fastify4";
import type { FastifyInstance } from "fastify";
import { corsPlugin } from "../../src/adapters/fastify.js";
import { corsHeaders, header, send } from "./helpers/http-client.js";
import { whileListening } from "./helpers/fastify-listen.js";

const APP = "https://app.example.com";
const policy = { allowOrigins: [APP], allowMethods: ["PUT"] };
const preflight = { origin: APP, "access-control-request-method": "PUT" };

type Build = (app: FastifyInstance, routes: (instance: FastifyInstance) => void) => Promise<void>;

/** Each style puts corsgate and the routes `PUT /items` and `GET /ok` (no OPTIONS route) under `base`. */
const styles: readonly { name: string; base: string; build: Build }[] = [
  {
    name: "at the root",
    base: "",
    build: async (app, routes) => {
      await app.register(corsPlugin, { policy });
      routes(app);
    },
  },
  {
    name: "inside a plugin registered with a prefix",
    base: "/api",
    build: async (app, routes) => {
      await app.register(
        async (api) => {
          await api.register(corsPlugin, { policy });
          routes(api);
        },
        { prefix: "/api" },
      );
    },
  },
  {
    name: "inside nested encapsulated plugins without a prefix (no fastify-plugin)",
    base: "",
    build: async (app, routes) => {
      await app.register(async (outer) => {
        await outer.register(async (inner) => {
          await inner.register(corsPlugin, { policy });
          routes(inner);
        });
      });
    },
  },
  {
    name: "inside a prefixed plugin nested in another",
    base: "/v1/api",
    build: async (app, routes) => {
      await app.register(
        async (v1) => {
          await v1.register(
            async (api) => {
              await api.register(corsPlugin, { policy });
              routes(api);
            },
            { prefix: "/api" },
          );
        },
        { prefix: "/v1" },
      );
    },
  },
];

describe.each([
  ["Fastify 4", fastify4 as unknown as typeof fastify5],
  ["Fastify 5", fastify5],
])("%s", (_name, Fastify) => {
  describe.each(styles)("registered $name", ({ base, build }) => {
    async function withApp(run: (origin: string) => Promise<void>): Promise<void> {
      const app = Fastify();
      await build(app, (instance) => {
        instance.put("/items", async () => "saved");
        instance.get("/ok", async () => "ok");
      });
      await whileListening(app, run);
    }

    it("answers a preflight to a route without an OPTIONS handler", async () => {
      await withApp(async (origin) => {
        const response = await send(`${origin}${base}/items`, "OPTIONS", preflight);
        expect(response.status).toBe(204);
        expect(header(response, "access-control-allow-origin")).toBe(APP);
        expect(header(response, "access-control-allow-methods")).toBe("PUT");
      });
    });

    it("answers a preflight to a path without any route", async () => {
      await withApp(async (origin) => {
        const response = await send(`${origin}${base}/nowhere/at/all`, "OPTIONS", preflight);
        expect(response.status).toBe(204);
        expect(header(response, "access-control-allow-methods")).toBe("PUT");
        const refused = await send(`${origin}${base}/nowhere`, "OPTIONS", { ...preflight, origin: "https://other.example" });
        expect(refused.status).toBe(403);
        expect(corsHeaders(refused)).toEqual({});
      });
    });

    it("lets an OPTIONS request that is not a preflight reach the 404 handler, with the decision's headers", async () => {
      await withApp(async (origin) => {
        const response = await send(`${origin}${base}/items`, "OPTIONS", { origin: APP });
        expect(response.status).toBe(404);
        expect(header(response, "access-control-allow-origin")).toBe(APP);
      });
    });

    it("puts the decision on an actual request to a route and on its errors", async () => {
      await withApp(async (origin) => {
        const response = await send(`${origin}${base}/ok`, "GET", { origin: APP });
        expect(response.body).toBe("ok");
        expect(header(response, "access-control-allow-origin")).toBe(APP);
      });
    });
  });

  it("at the root, puts the decision on an actual request's 404", async () => {
    const app = Fastify();
    await app.register(corsPlugin, { policy });
    await whileListening(app, async (origin) => {
      const response = await send(`${origin}/nowhere`, "GET", { origin: APP });
      expect(response.status).toBe(404);
      expect(header(response, "access-control-allow-origin")).toBe(APP);
    });
  });

  it("inside a prefixed plugin, puts the decision on that plugin's own 404 handler's replies", async () => {
    const app = Fastify();
    await app.register(
      async (api) => {
        await api.register(corsPlugin, { policy });
        api.setNotFoundHandler(async (_request, reply) => reply.code(404).send({ error: "no such thing" }));
      },
      { prefix: "/api" },
    );
    await whileListening(app, async (origin) => {
      const response = await send(`${origin}/api/nowhere`, "GET", { origin: APP });
      expect(response.status).toBe(404);
      expect(header(response, "access-control-allow-origin")).toBe(APP);
    });
  });

  it("adds no route at the root, and none in shadow mode", async () => {
    const root = Fastify();
    await root.register(corsPlugin, { policy });
    root.options("*", async () => "mine"); // would clash with a route of corsgate's
    await root.ready();
    await root.close();
    const shadow = Fastify();
    await shadow.register(async (child) => {
      await child.register(corsPlugin, { policy, mode: "shadow" });
      child.options("*", async () => "mine");
    });
    await shadow.ready();
    await shadow.close();
  });

  it("refuses, with a clear error, a registration whose OPTIONS route Fastify rejects", async () => {
    const app = Fastify();
    const registered = app.register(async (child) => {
      child.options("*", async () => "mine");
      await child.register(corsPlugin, { policy });
    });
    await expect(registered).rejects.toThrow(/adds an OPTIONS route for every path.*Register corsPlugin on the root instance instead/s);
    await app.close().catch(() => undefined);

    // Following the error: on the root, corsgate adds no route, and answers the preflight before the child's route.
    const fixed = Fastify();
    await fixed.register(corsPlugin, { policy });
    await fixed.register(async (child) => {
      child.options("*", async () => "mine");
    });
    await whileListening(fixed, async (origin) => {
      const response = await send(`${origin}/anything`, "OPTIONS", preflight);
      expect(response.status).toBe(204);
      expect(header(response, "access-control-allow-methods")).toBe("PUT");
    });
  });
});
