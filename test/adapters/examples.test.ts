// Every example under examples/ starts, prints its URL, and answers as its comments say.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { afterEach, expect, it } from "vitest";
import { header, send } from "./helpers/http-client.js";

const root = resolve(import.meta.dirname, "../..");
const running: ChildProcess[] = [];

afterEach(() => {
  for (const child of running.splice(0)) child.kill("SIGTERM");
});

function startExample(name: string): Promise<string> {
  const child = spawn(resolve(root, "node_modules/.bin/tsx"), [`examples/${name}.ts`], {
    cwd: root,
    env: { ...process.env, PORT: "0", NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.push(child);
  return new Promise((resolvePromise, reject) => {
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match !== null) resolvePromise(match[1] as string);
    });
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`examples/${name}.ts exited with ${code}: ${output}`)));
  });
}

const preflight = { origin: "https://app.example.com", "access-control-request-method": "PUT" };

it.each([
  ["node", "/items"],
  ["express", "/items/1"],
  ["fastify", "/v1/items/1"],
  ["fetch", "/items"],
])("examples/%s.ts answers a preflight for PUT at %s", async (name, path) => {
  const url = await startExample(name);
  const response = await send(url + path, "OPTIONS", preflight);
  expect(response.status).toBe(204);
  expect(header(response, "access-control-allow-origin")).toBe("https://app.example.com");
  expect(header(response, "access-control-allow-methods")).toContain("PUT");
});

it("examples/express.ts lets the page read the 401 of its auth middleware", async () => {
  const url = await startExample("express");
  const response = await send(`${url}/items/1`, "PUT", { origin: "https://app.example.com" });
  expect(response.status).toBe(401);
  expect(header(response, "access-control-allow-origin")).toBe("https://app.example.com");
  expect(header(response, "access-control-allow-credentials")).toBe("true");
});

it("examples/fetch.ts picks the partner policy by path", async () => {
  const url = await startExample("fetch");
  const partner = await send(`${url}/partner/report`, "GET", { origin: "https://partner.example.net" });
  expect(header(partner, "access-control-allow-origin")).toBe("https://partner.example.net");
  const app = await send(`${url}/partner/report`, "GET", { origin: "https://app.example.com" });
  expect(header(app, "access-control-allow-origin")).toBeUndefined();
  expect(JSON.parse(app.body)).toEqual({ hello: "hello from the example", path: "/partner/report" });
});
