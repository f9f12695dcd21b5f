// SPEC §2: "A fetch Request and a Node IncomingMessage can both be passed as they are" — a real Node server on
// 127.0.0.1 hands its IncomingMessage straight to evaluate (both builds), and answers with the decision as JSON.
// Raw sockets send what fetch cannot: a header line repeated, which Node joins with ", ".
import { createServer, type IncomingMessage, type Server } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CorsDecision } from "./api.js";
import { builds } from "./builds.js";

const APP = "https://app.example.com";
let server: Server;
let port = 0;

beforeAll(async () => {
  server = createServer((request: IncomingMessage, response) => {
    const build = builds.find((candidate) => candidate.name === request.url?.slice(1)) ?? builds[0];
    const api = build?.api;
    if (!api) throw new Error("no build");
    const policy = api.createPolicy({ allowOrigins: [APP], allowMethods: ["PUT"], allowHeaders: ["*"] });
    const decision = api.evaluate(request as unknown as { method: string; headers: Record<string, string> }, policy);
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify(decision));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  port = typeof address === "object" && address ? address.port : 0;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Sends raw header lines (so a header can be repeated) and returns the decision the server computed. */
function raw(path: string, method: string, lines: string[]): Promise<CorsDecision> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let data = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (data += chunk));
    socket.on("error", reject);
    socket.on("end", () => {
      const body = data.slice(data.indexOf("\r\n\r\n") + 4);
      try {
        resolve(JSON.parse(body) as CorsDecision);
      } catch (error) {
        reject(new Error(`unexpected response: ${data}`, { cause: error }));
      }
    });
    socket.write(`${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${lines.map((line) => `${line}\r\n`).join("")}\r\n`);
  });
}

describe.each(builds)("a Node IncomingMessage passed as it is ($name build)", ({ name }) => {
  it("a preflight sent by fetch is classified and allowed", async () => {
    const response = await fetch(`http://127.0.0.1:${port}/${name}`, {
      method: "OPTIONS",
      headers: { Origin: APP, "Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "X-A" },
    });
    const decision = (await response.json()) as CorsDecision;
    expect(decision).toMatchObject({ kind: "preflight", allowed: true, action: "respond", status: 204 });
    expect(decision.headers["access-control-allow-headers"]).toBe("x-a");
  });

  it("two Origin header lines (Node joins them with \", \") make the Origin invalid", async () => {
    const decision = await raw(`/${name}`, "GET", [`Origin: ${APP}`, "Origin: https://evil.example"]);
    expect(decision.reason?.code).toBe("origin-invalid");
    expect(decision.headers).toEqual({});
  });

  it("two Access-Control-Request-Headers lines are read as their list joined with \", \"", async () => {
    const decision = await raw(`/${name}`, "OPTIONS", [`Origin: ${APP}`, "Access-Control-Request-Method: PUT", "Access-Control-Request-Headers: X-A", "Access-Control-Request-Headers: x-b, X-C"]);
    expect(decision.allowed).toBe(true);
    expect(decision.headers["access-control-allow-headers"]).toBe("x-a, x-b, x-c");
  });

  it("an OPTIONS without ACRM is an actual request", async () => {
    const decision = await raw(`/${name}`, "OPTIONS", [`Origin: ${APP}`]);
    expect(decision).toMatchObject({ kind: "actual", allowed: true, action: "continue" });
  });
});
