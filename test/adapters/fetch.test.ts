// fetch adapter in-process specifics: immutable responses, untouched bodies, pass-through arguments.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, it } from "vitest";
import { withCors } from "../../src/adapters/fetch.js";

const APP = "https://app.example.com";
const policy = { allowOrigins: [APP], exposeHeaders: ["x-request-id"] };

function request(method: string, headers: Record<string, string>): Request {
  return new Request("http://127.0.0.1/api", { method, headers });
}

it("passes the arguments after the request through, such as a Workers env and ctx", async () => {
  const env = { TENANT: "a" };
  const context = { waitUntil: () => undefined };
  const handler = withCors(policy, (_request: Request, givenEnv: typeof env, givenContext: typeof context) =>
    Response.json({ sameEnv: givenEnv === env, sameContext: givenContext === context }),
  );
  const response = await handler(request("GET", { origin: APP }), env, context);
  expect(await response.json()).toEqual({ sameEnv: true, sameContext: true });
  expect(response.headers.get("access-control-allow-origin")).toBe(APP);
});

it("rebuilds a response whose headers are immutable (one returned by fetch) and streams its body through", async () => {
  const upstream = createServer((_request, response) => {
    response.setHeader("vary", "Accept-Encoding");
    response.end("from upstream");
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  try {
    const address = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/`;
    let fetched: Response | undefined;
    const handler = withCors(policy, async () => {
      fetched = await fetch(address);
      return fetched;
    });
    const response = await handler(request("GET", { origin: APP }));
    expect(fetched).toBeDefined();
    expect(() => fetched!.headers.set("x-probe", "1")).toThrow(TypeError); // really immutable
    expect(response).not.toBe(fetched);
    expect(response.headers.get("access-control-allow-origin")).toBe(APP);
    expect(response.headers.get("vary")).toBe("Accept-Encoding, Origin");
    expect(await response.text()).toBe("from upstream");
  } finally {
    upstream.close();
  }
});

it("rebuilds an immutable response to remove the CORS headers it carries that the decision does not", async () => {
  const upstream = createServer((_request, response) => {
    response.setHeader("access-control-allow-origin", "*");
    response.setHeader("access-control-allow-credentials", "true");
    response.end("from upstream");
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  try {
    const address = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/`;
    const handler = withCors(policy, () => fetch(address));
    const refused = await handler(request("GET", { origin: "https://other.example" }));
    expect(refused.headers.get("access-control-allow-origin")).toBeNull();
    expect(refused.headers.get("access-control-allow-credentials")).toBeNull();
    expect(refused.headers.get("vary")).toBe("Origin");
    expect(await refused.text()).toBe("from upstream");
    const allowed = await handler(request("GET", { origin: APP }));
    expect(allowed.headers.get("access-control-allow-origin")).toBe(APP);
    expect(allowed.headers.get("access-control-allow-credentials")).toBeNull();
  } finally {
    upstream.close();
  }
});

it("keeps a mutable response and its body stream as they are", async () => {
  const body = new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode("streamed"));
      controller.close();
    },
  });
  const original = new Response(body, { headers: { "x-request-id": "1" } });
  const response = await withCors(policy, () => original)(request("GET", { origin: APP }));
  expect(response).toBe(original);
  expect(response.body).toBe(body);
  expect(response.headers.get("access-control-allow-origin")).toBe(APP);
});

it("rebuilds a redirect made by Response.redirect, whose headers are immutable", async () => {
  const response = await withCors(policy, () => Response.redirect("https://example.com/next", 302))(request("GET", { origin: APP }));
  expect(response.status).toBe(302);
  expect(response.headers.get("location")).toBe("https://example.com/next");
  expect(response.headers.get("access-control-allow-origin")).toBe(APP);
});

it("returns a network error response untouched", async () => {
  const failed = Response.error();
  expect(await withCors(policy, () => failed)(request("GET", { origin: APP }))).toBe(failed);
});

it("answers a preflight without calling the handler", async () => {
  let called = false;
  const response = await withCors({ allowOrigins: [APP], allowMethods: ["PUT"] }, () => {
    called = true;
    return new Response("handler");
  })(request("OPTIONS", { origin: APP, "access-control-request-method": "PUT" }));
  expect(called).toBe(false);
  expect(response.status).toBe(204);
  expect(response.headers.get("content-length")).toBe("0");
  expect(response.headers.get("access-control-allow-methods")).toBe("PUT");
  expect(response.headers.get("vary")).toBe("Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
  expect(await response.text()).toBe("");
});

it("rejects with the resolver's error, for the runtime's error handling", async () => {
  const handler = withCors(async () => {
    throw new Error("no tenant");
  }, () => new Response("never"));
  await expect(handler(request("GET", { origin: APP }))).rejects.toThrow("no tenant");
});
