// The Fastify plugin registered more than once, on Fastify 4 and 5: each registration keeps its own decision
// (a request decorator keyed by a Symbol of its own), so sibling contexts with different policies do not see
// each other's, a second registration on one instance does not fail, and no decorator name of the user's
// can clash with the plugin's.
import { describe, expect, it } from "vitest";
import fastify5 from "fastify";
import fastify4 from "fastify4";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { corsPlugin } from "../../src/adapters/fastify.js";
import type { CorsDecision } from "../../src/index.js";
import { corsHeaders, header, send, varyTokens } from "./helpers/http-client.js";
import { whileListening } from "./helpers/fastify-listen.js";

const A = "https://a.example";
const B = "https://b.example";

describe.each([
  ["Fastify 4", fastify4 as unknown as typeof fastify5],
  ["Fastify 5", fastify5],
])("%s", (_name, Fastify) => {
  async function withApp(build: (app: FastifyInstance) => Promise<void>, run: (origin: string) => Promise<void>): Promise<void> {
    const app = Fastify();
    await build(app);
    await whileListening(app, run);
  }

  it("keeps two sibling contexts' policies apart, for actual requests and preflights", async () => {
    const decided: { path: string; origin: string | undefined }[] = [];
    const onDecision = (decision: CorsDecision, request: FastifyRequest): void => {
      decided.push({ path: request.url, origin: decision.origin });
    };
    await withApp(
      async (app) => {
        await app.register(
          async (child) => {
            await child.register(corsPlugin, { policy: { allowOrigins: [A], allowMethods: ["PUT"] }, onDecision });
            // The plugin's own OPTIONS route beside the OPTIONS wildcard route corsgate adds in an encapsulated
            // context: both coexist, and a preflight to either path is answered by this context's corsgate.
            child.route({
              method: ["GET", "OPTIONS"],
              url: "/items",
              handler: async (request) => {
                if (request.url.endsWith("?fail")) throw new Error("boom");
                return "a";
              },
            });
          },
          { prefix: "/a" },
        );
        await app.register(
          async (child) => {
            await child.register(corsPlugin, { policy: { allowOrigins: [B], allowMethods: ["DELETE"] } });
            child.route({ method: ["GET", "OPTIONS"], url: "/items", handler: async () => "b" });
          },
          { prefix: "/b" },
        );
      },
      async (origin) => {
        expect(header(await send(`${origin}/a/items`, "GET", { origin: A }), "access-control-allow-origin")).toBe(A);
        expect(corsHeaders(await send(`${origin}/a/items`, "GET", { origin: B }))).toEqual({});
        expect(header(await send(`${origin}/b/items`, "GET", { origin: B }), "access-control-allow-origin")).toBe(B);
        expect(corsHeaders(await send(`${origin}/b/items`, "GET", { origin: A }))).toEqual({});

        const preflightA = await send(`${origin}/a/items`, "OPTIONS", { origin: A, "access-control-request-method": "PUT" });
        expect(preflightA.status).toBe(204);
        expect(header(preflightA, "access-control-allow-methods")).toBe("PUT");
        const preflightB = await send(`${origin}/b/items`, "OPTIONS", { origin: B, "access-control-request-method": "DELETE" });
        expect(preflightB.status).toBe(204);
        expect(header(preflightB, "access-control-allow-methods")).toBe("DELETE");
        const aOnB = await send(`${origin}/b/items`, "OPTIONS", { origin: A, "access-control-request-method": "DELETE" });
        expect(aOnB.status).toBe(403);
        expect(corsHeaders(aOnB)).toEqual({});

        const errorA = await send(`${origin}/a/items?fail`, "GET", { origin: A });
        expect(header(errorA, "access-control-allow-origin")).toBe(A);
        // onDecision of the /a registration saw /a requests only.
        expect(decided.map((each) => each.path)).toEqual(["/a/items", "/a/items", "/a/items", "/a/items?fail"]);
      },
    );
  });

  it("accepts a second registration on the same instance (no decorator clash); the last one's decision is the answer", async () => {
    await withApp(
      async (app) => {
        await app.register(corsPlugin, { policy: { allowOrigins: [A], exposeHeaders: ["x-one"] } });
        await app.register(corsPlugin, { policy: { allowOrigins: [A], allowCredentials: true } });
        app.get("/items", async () => "ok");
      },
      async (origin) => {
        const response = await send(`${origin}/items`, "GET", { origin: A });
        expect(response.status).toBe(200);
        // Each registration owns the CORS headers (SPEC §7), and onSend hooks run in registration order: the
        // second one's decision replaces the first's, whose Expose-Headers it does not carry; nothing is sent twice.
        expect(corsHeaders(response)).toEqual({
          "access-control-allow-origin": A,
          "access-control-allow-credentials": "true",
        });
        expect(varyTokens(response)).toEqual(["origin"]);
      },
    );
  });

  it("leaves the user's own request decorators alone, whatever their names, and adds no string-named property", async () => {
    const seen: { keys: string[]; symbols: string[]; mine: unknown }[] = [];
    await withApp(
      async (app) => {
        app.decorateRequest("corsgate", null);
        await app.register(corsPlugin, { policy: { allowOrigins: [A] } });
        app.decorateRequest("corsgateDecision", null);
        app.decorateRequest("decision", null);
        app.addHook("preHandler", async (request) => {
          (request as unknown as Record<string, unknown>)["decision"] = "the user's";
        });
        app.get("/items", async (request) => {
          seen.push({
            keys: Object.keys(request).filter((key) => /cors|decision/i.test(key)),
            symbols: Object.getOwnPropertySymbols(request).map((symbol) => symbol.description ?? ""),
            mine: (request as unknown as Record<string, unknown>)["decision"],
          });
          return "ok";
        });
      },
      async (origin) => {
        const response = await send(`${origin}/items`, "GET", { origin: A });
        expect(header(response, "access-control-allow-origin")).toBe(A);
      },
    );
    expect(seen).toHaveLength(1);
    expect(seen[0]?.keys.sort()).toEqual(["corsgate", "corsgateDecision", "decision"]);
    expect(seen[0]?.symbols).toContain("corsgate decision");
    expect(seen[0]?.mine).toBe("the user's");
  });

  it("in shadow mode adds neither a request decorator nor any header", async () => {
    const symbols: string[] = [];
    await withApp(
      async (app) => {
        await app.register(corsPlugin, { policy: { allowOrigins: [A] }, mode: "shadow" });
        app.get("/items", async (request) => {
          symbols.push(...Object.getOwnPropertySymbols(request).map((symbol) => symbol.description ?? ""));
          return "ok";
        });
      },
      async (origin) => {
        const response = await send(`${origin}/items`, "GET", { origin: A });
        expect(corsHeaders(response)).toEqual({});
        expect(varyTokens(response)).toEqual([]);
      },
    );
    expect(symbols).not.toContain("corsgate decision");
  });
});
