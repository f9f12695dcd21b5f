// Express specifics, on Express 4 and 5: mounting order with auth, set-up errors, next(error).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import express5 from "express";
import express4 from "express4";
import { isCorsConfigError } from "../../src/index.js";
import { cors } from "../../src/adapters/express.js";
import { header, send } from "./helpers/http-client.js";

const APP = "https://app.example.com";
const policy = { allowOrigins: [APP], allowMethods: ["DELETE"], allowCredentials: true };

describe.each([
  ["Express 4", express4],
  ["Express 5", express5],
])("%s", (_name, express) => {
  async function serve(app: ReturnType<typeof express5>): Promise<{ origin: string; close: () => Promise<void> }> {
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
      origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () => new Promise((resolve) => server.close(() => resolve())),
    };
  }

  it("answers a preflight before auth middleware and without any OPTIONS route", async () => {
    const app = express();
    app.use(cors(policy));
    app.use((request, response, next) => {
      if (request.headers.cookie !== "session=ok") {
        response.status(401).json({ error: "unauthorized" });
        return;
      }
      next();
    });
    app.delete("/items/:id", (_request, response) => {
      response.json({ deleted: true });
    });
    const { origin, close } = await serve(app);
    try {
      const answered = await send(`${origin}/items/1`, "OPTIONS", { origin: APP, "access-control-request-method": "DELETE" });
      expect(answered.status).toBe(204);
      expect(header(answered, "access-control-allow-methods")).toBe("DELETE");
      const unauthorized = await send(`${origin}/items/1`, "DELETE", { origin: APP });
      expect(unauthorized.status).toBe(401);
      expect(header(unauthorized, "access-control-allow-origin")).toBe(APP);
      expect(header(unauthorized, "access-control-allow-credentials")).toBe("true");
      const deleted = await send(`${origin}/items/1`, "DELETE", { origin: APP, cookie: "session=ok" });
      expect(deleted.status).toBe(200);
      expect(deleted.body).toBe('{"deleted":true}');
    } finally {
      await close();
    }
  });

  it("passes an error of onDecision to next(error), the app's error handler", async () => {
    const app = express();
    app.use(cors(policy, { onDecision: () => {
      throw new Error("metrics are down");
    } }));
    app.get("/", (_request, response) => {
      response.send("never");
    });
    app.use((error: Error, _request: unknown, response: { status(code: number): { send(body: string): void } }, _next: unknown) => {
      response.status(503).send(error.message);
    });
    const { origin, close } = await serve(app);
    try {
      const response = await send(`${origin}/`, "GET", { origin: APP });
      expect(response.status).toBe(503);
      expect(response.body).toBe("metrics are down");
    } finally {
      await close();
    }
  });
});

it("throws the core's CorsConfigError when the middleware is created with an invalid policy", () => {
  let thrown: unknown;
  try {
    cors({ allowOrigins: ["*"], allowCredentials: true });
  } catch (error) {
    thrown = error;
  }
  expect(isCorsConfigError(thrown)).toBe(true);
});

it("lists every problem in the options at once", () => {
  expect(() => cors(policy, { mode: "report" as never, onDecision: "log" as never })).toThrow(
    /2 problems in the options of corsgate\/express cors\n {2}- mode: .*\n {2}- onDecision: /,
  );
});
