// Issue 11 item 5 (adapters): options an adapter does not know are refused at set-up with a clear message, not
// ignored; Fastify options given at the top level (corsgate's fields, or @fastify/cors's names) say to write
// `{ policy: { … } }`, and following that message literally works.
import { describe, expect, it } from "vitest";
import fastify5 from "fastify";
import fastify4 from "fastify4";
import { withCors as withNodeCors } from "../../src/adapters/node.js";
import { cors } from "../../src/adapters/express.js";
import { withCors as withFetchCors } from "../../src/adapters/fetch.js";
import { corsPlugin } from "../../src/adapters/fastify.js";
import { header, send } from "./helpers/http-client.js";

const APP = "https://app.example.com";
const policy = { allowOrigins: [APP] };

function messageOf(create: () => unknown): string {
  try {
    create();
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return (error as Error).message;
  }
  throw new Error("expected a TypeError");
}

describe.each([
  ["node", (options: object) => withNodeCors(policy, () => undefined, options as never)],
  ["express", (options: object) => cors(policy, options as never)],
  ["fetch", (options: object) => withFetchCors(policy, () => new Response("ok"), options as never)],
])("%s adapter", (_name, create) => {
  it("refuses misspelt and unknown options, every one at once, with a did-you-mean", () => {
    const message = messageOf(() => create({ mdoe: "shadow", onDecison: () => undefined, colour: "blue" }));
    expect(message).toMatch(/^corsgate: 3 problems in the options of corsgate\/\w+ \w+\n/);
    expect(message).toContain("mdoe: unknown option (did you mean mode?)");
    expect(message).toContain("onDecison: unknown option (did you mean onDecision?)");
    expect(message).toContain("colour: unknown option (the options are onDecision, mode, onWarning, failOnWarnings)");
  });

  it("says a policy field given as an option belongs in the policy", () => {
    expect(messageOf(() => create({ allowCredentials: true }))).toMatch(/allowCredentials: a policy field, not an option: put it in the policy/);
  });

  it("still takes the options it knows", () => {
    expect(() => create({ mode: "shadow", onDecision: () => undefined, onWarning: () => undefined, failOnWarnings: false })).not.toThrow();
  });
});

describe.each([
  ["Fastify 4", fastify4 as unknown as typeof fastify5],
  ["Fastify 5", fastify5],
])("%s", (_name, Fastify) => {
  async function registrationError(options: object): Promise<Error> {
    const app = Fastify();
    try {
      await app.register(corsPlugin, options as never);
    } catch (error) {
      return error as Error;
    } finally {
      await app.close().catch(() => undefined);
    }
    throw new Error("expected registration to fail");
  }

  /** Registers what the message's first line says to write, and checks the policy works. */
  async function followed(message: string): Promise<void> {
    const written = /write app\.register\(corsPlugin, (\{.*\})\)$/m.exec(message)?.[1];
    expect(written, message).toBeDefined();
    const options = new Function(`return (${written as string});`)() as { policy: object };
    const app = Fastify();
    await app.register(corsPlugin, options as never);
    app.put("/items", async () => "ok");
    const origin = await app.listen({ port: 0, host: "127.0.0.1" });
    try {
      const preflight = await send(`${origin}/items`, "OPTIONS", { origin: APP, "access-control-request-method": "PUT" });
      expect(preflight.status).toBe(204);
      expect(header(preflight, "access-control-allow-origin")).toBe(APP);
      expect(header(preflight, "access-control-allow-credentials")).toBe("true");
    } finally {
      await app.close();
    }
  }

  it("says to put a policy given at the top level under `policy`, and the fix works", async () => {
    const error = await registrationError({ allowOrigins: [APP], allowMethods: ["PUT"], allowCredentials: true });
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message.split("\n")[0]).toBe(
      'corsgate/fastify: the CORS policy goes under `policy`, not at the top level of the options: write app.register(corsPlugin, { policy: { allowOrigins: ["https://app.example.com"], allowMethods: ["PUT"], allowCredentials: true } })',
    );
    await followed(error.message);
  });

  it("maps @fastify/cors options to corsgate's fields (did you mean), and the fix works", async () => {
    const error = await registrationError({ origin: APP, credentials: true, methods: "GET, PUT", hook: "preHandler" });
    expect(error.message).toContain("origin: an @fastify/cors option; did you mean policy.allowOrigins?");
    expect(error.message).toContain("credentials: an @fastify/cors option; did you mean policy.allowCredentials?");
    expect(error.message).toContain("methods: an @fastify/cors option; did you mean policy.allowMethods?");
    expect(error.message).toMatch(/hook: an @fastify\/cors option; no equivalent: corsgate decides in onRequest/);
    await followed(error.message);
  });

  it("refuses @fastify/cors names and unknown options beside a policy too", async () => {
    const error = await registrationError({ policy, exposedHeaders: ["x-id"], onDecison: () => undefined });
    expect(error.message).toMatch(/^corsgate: 2 problems in the options of corsgate\/fastify corsPlugin\n/);
    expect(error.message).toContain("exposedHeaders: an @fastify/cors option; did you mean policy.exposeHeaders?");
    expect(error.message).toContain("onDecison: unknown option (did you mean onDecision?)");
  });

  it("refuses a prefix, which a plugin applying to its registering instance would ignore", async () => {
    const error = await registrationError({ policy, prefix: "/api" });
    expect(error.message).toContain("prefix: corsPlugin applies to the whole instance that registers it; to limit it to a prefix, register it inside a plugin");
  });

  it("accepts Fastify's own register options", async () => {
    const app = Fastify();
    await app.register(corsPlugin, { policy, logLevel: "warn" } as never);
    await app.close();
  });
});
