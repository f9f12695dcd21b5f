// node:http specifics: errors surface as the listener's own would, async listeners keep their promise.
import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, it } from "vitest";
import { withCors } from "../../src/adapters/node.js";
import { header, send } from "./helpers/http-client.js";

const APP = "https://app.example.com";

async function serveOnce(
  listener: (request: IncomingMessage, response: ServerResponse) => unknown,
): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

it("throws a synchronous resolver error from the listener, and rejects for an async one", async () => {
  const failing = withCors(() => {
    throw new Error("no tenant");
  }, () => undefined);
  const rejecting = withCors(async () => {
    throw new Error("no tenant yet");
  }, () => undefined);
  const errors: unknown[] = [];
  const { origin, close } = await serveOnce((request, response) => {
    const path = request.url ?? "";
    try {
      const result = (path === "/sync" ? failing : rejecting)(request, response);
      if (result instanceof Promise) {
        result.catch((error: unknown) => {
          errors.push(error);
          response.statusCode = 500;
          response.end();
        });
      }
    } catch (error) {
      errors.push(error);
      response.statusCode = 500;
      response.end();
    }
  });
  try {
    expect((await send(`${origin}/sync`, "GET", { origin: APP })).status).toBe(500);
    expect((await send(`${origin}/async`, "GET", { origin: APP })).status).toBe(500);
    expect(errors.map((error) => (error as Error).message)).toEqual(["no tenant", "no tenant yet"]);
  } finally {
    await close();
  }
});

it("returns the promise of an async listener, so its rejection can be caught", async () => {
  const listener = withCors({ allowOrigins: [APP] }, async () => {
    throw new Error("handler failed");
  });
  const seen: string[] = [];
  const { origin, close } = await serveOnce((request, response) => {
    const result = listener(request, response);
    expect(result).toBeInstanceOf(Promise);
    (result as Promise<void>).catch((error: Error) => {
      seen.push(error.message);
      response.statusCode = 500;
      response.end();
    });
  });
  try {
    const response = await send(`${origin}/`, "GET", { origin: APP });
    expect(response.status).toBe(500);
    expect(header(response, "access-control-allow-origin")).toBe(APP);
    expect(seen).toEqual(["handler failed"]);
  } finally {
    await close();
  }
});

it("refuses a listener that is not a function", () => {
  expect(() => withCors({ allowOrigins: [APP] }, "app" as never)).toThrow(TypeError);
});
