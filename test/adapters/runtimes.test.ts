// The fetch adapter inside real runtimes (workerd through miniflare, Bun, Deno) and the node:http adapter
// inside Bun: each serves a bundle of test/adapters/runtime/*.ts and is reached over real HTTP.
import { createServer, request as httpRequest } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Miniflare } from "miniflare";
import { header, send } from "./helpers/http-client.js";
import { mismatches, wireCases } from "./helpers/parity.js";
import { bundle, removeDirectory, spawnServer, temporaryDirectory } from "./helpers/runtimes.js";

const APP = "https://app.example.com";
const { runnable } = wireCases();

interface Runtime {
  readonly name: string;
  /** Fetch handler runtimes see a repeated header joined; the Node adapter sees each value. */
  readonly joinsHeaders: boolean;
  readonly hasWebSocketUpgrade: boolean;
  /** workerd's, Bun's and Deno's HTTP servers drop Content-Length from a 204 (RFC 9110 §8.6); Node's keeps it. */
  readonly dropsContentLengthOn204: boolean;
  readonly passesEnv: boolean;
  start(directory: string): Promise<{ origin: string; stop(): Promise<void> }>;
}

const runtimes: readonly Runtime[] = [
  {
    name: "workerd (miniflare), fetch adapter",
    joinsHeaders: true,
    hasWebSocketUpgrade: true,
    dropsContentLengthOn204: true,
    passesEnv: true,
    async start(directory) {
      const contents = await readFile(await bundle(directory, "worker", "neutral"), "utf8");
      const miniflare = new Miniflare({
        // Given as contents: workerd refuses module paths outside its working directory.
        modules: [{ type: "ESModule", path: "worker.js", contents }],
        compatibilityDate: "2025-09-01",
        bindings: { TENANT: "tenant-a" },
        host: "127.0.0.1",
        port: 0,
      });
      const url = await miniflare.ready;
      return { origin: url.origin, stop: () => miniflare.dispose() };
    },
  },
  {
    name: "Bun, fetch adapter",
    joinsHeaders: true,
    hasWebSocketUpgrade: false,
    dropsContentLengthOn204: true,
    passesEnv: false,
    async start(directory) {
      return spawnServer("bun", ["run", await bundle(directory, "bun-server", "neutral")]);
    },
  },
  {
    name: "Deno, fetch adapter",
    joinsHeaders: true,
    hasWebSocketUpgrade: true,
    dropsContentLengthOn204: true,
    passesEnv: false,
    async start(directory) {
      const file = await bundle(directory, "deno-server", "neutral");
      return spawnServer("deno", ["run", "--allow-net=127.0.0.1", "--no-prompt", file], {
        DENO_DIR: `${directory}/deno-cache`,
        DENO_NO_UPDATE_CHECK: "1",
      });
    },
  },
  {
    name: "Bun, node:http adapter",
    joinsHeaders: false,
    hasWebSocketUpgrade: false,
    dropsContentLengthOn204: false,
    passesEnv: false,
    async start(directory) {
      return spawnServer("bun", ["run", await bundle(directory, "bun-node-server", "node")]);
    },
  },
];

/** A WebSocket handshake; resolves with the status and headers of the server's answer. */
function webSocketHandshake(url: string): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, {
      headers: {
        connection: "Upgrade",
        upgrade: "websocket",
        "sec-websocket-key": randomBytes(16).toString("base64"),
        "sec-websocket-version": "13",
        origin: APP,
      },
    });
    request.on("upgrade", (response, socket) => {
      socket.destroy();
      resolve({ status: response.statusCode ?? 0, headers: response.headers });
    });
    request.on("response", (response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, headers: response.headers });
    });
    request.on("error", reject);
    request.end();
  });
}

describe.each(runtimes)("$name", (runtime) => {
  let directory: string;
  let server: { origin: string; stop(): Promise<void> };
  let upstream: Server;
  let upstreamOrigin: string;

  beforeAll(async () => {
    directory = await temporaryDirectory();
    upstream = createServer((_request, response) => {
      response.setHeader("vary", "Accept-Encoding");
      response.end("from upstream");
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    upstreamOrigin = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    server = await runtime.start(directory);
  });

  afterAll(async () => {
    await server?.stop();
    upstream?.close();
    await removeDirectory(directory);
  });

  it.each(runnable.map((wireCase) => [wireCase.desc, wireCase] as const))("%s", async (_desc, wireCase) => {
    const options = {
      expected: runtime.joinsHeaders ? wireCase.expectedJoined : wireCase.expected,
      contentLengthOn204: runtime.dropsContentLengthOn204 ? ("absent" as const) : ("0" as const),
    };
    expect(await mismatches(server.origin, wireCase, options)).toEqual([]);
  });

  if (runtime.joinsHeaders) {
    it("rebuilds a response returned by fetch() (immutable headers) and passes its body through", async () => {
      const response = await send(`${server.origin}/api/proxied?to=${encodeURIComponent(upstreamOrigin + "/")}`, "GET", { origin: APP });
      expect(response.status).toBe(200);
      expect(response.body).toBe("from upstream");
      expect(header(response, "access-control-allow-origin")).toBe(APP);
      expect(header(response, "vary")).toBe("Accept-Encoding, Origin");
    });
  }

  if (runtime.passesEnv) {
    it("passes the Worker's env and ctx through to the handler", async () => {
      const response = await send(`${server.origin}/api/env`, "GET", { origin: APP });
      expect(JSON.parse(response.body)).toEqual({ tenant: "tenant-a", waitUntil: "function" });
      expect(header(response, "access-control-allow-origin")).toBe(APP);
    });
  }

  if (runtime.hasWebSocketUpgrade) {
    it("passes a 101 Switching Protocols response through untouched", async () => {
      const answer = await webSocketHandshake(`${server.origin}/api/ws`);
      expect(answer.status).toBe(101);
      expect(answer.headers["access-control-allow-origin"]).toBeUndefined();
    });
  }
});
