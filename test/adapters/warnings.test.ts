// Issue 11 item 6: a policy's warnings are seen. Each adapter reports them once (at set-up for its own policy
// or config, when first compiled for a config a resolver returns), never per request: to `onWarning` as data,
// else Fastify's logger when it logs, else `console.warn` in one line; `failOnWarnings` makes them fatal.
import { Writable } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import fastify5 from "fastify";
import fastify4 from "fastify4";
import { createPolicy, isCorsConfigError } from "../../src/index.js";
import type { ConfigIssue, CorsPolicyConfig } from "../../src/index.js";
import { withCors as withNodeCors } from "../../src/adapters/node.js";
import { cors } from "../../src/adapters/express.js";
import { withCors as withFetchCors } from "../../src/adapters/fetch.js";
import { corsPlugin } from "../../src/adapters/fastify.js";
import { adapterNames, startAdapter } from "./helpers/servers.js";
import { header, send } from "./helpers/http-client.js";

const APP = "https://app.example.com";
// Accepted, with one warning: the prefix does not end at an origin boundary (prefix-unbounded).
const warned: CorsPolicyConfig = { allowOrigins: [{ prefix: APP }] };
const expected = createPolicy(warned).warnings;
const clean: CorsPolicyConfig = { allowOrigins: [APP] };

it("uses a config whose policy has exactly one warning", () => {
  expect(expected.map((warning) => warning.code)).toEqual(["prefix-unbounded"]);
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe.each(adapterNames)("%s adapter", (adapter) => {
  it("reports a given config's warnings to onWarning once, at set-up, as data", async () => {
    const received: ConfigIssue[] = [];
    const server = await startAdapter(adapter, { ...warned }, { onWarning: (warning) => received.push(warning) });
    try {
      expect(received).toEqual(expected);
      for (let count = 0; count < 3; count++) {
        expect(header(await send(`${server.origin}/api/items`, "GET", { origin: APP }), "access-control-allow-origin")).toBe(APP);
      }
      expect(received).toEqual(expected); // not once per request
    } finally {
      await server.close();
    }
  });

  it("reports a resolver's config when it is first compiled, once", async () => {
    const received: ConfigIssue[] = [];
    const tenant = { ...warned };
    const server = await startAdapter(adapter, () => tenant, { onWarning: (warning) => received.push(warning) });
    try {
      expect(received).toEqual([]);
      for (let count = 0; count < 3; count++) await send(`${server.origin}/api/items`, "GET", { origin: APP });
      expect(received).toEqual(expected);
    } finally {
      await server.close();
    }
  });

  it("says nothing for a policy without warnings", async () => {
    const onWarning = vi.fn();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const server = await startAdapter(adapter, clean, { onWarning });
    await server.close();
    expect(onWarning).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
  });
});

describe("without onWarning", () => {
  it.each([
    ["node", () => withNodeCors({ ...warned }, () => undefined)],
    ["express", () => cors({ ...warned })],
    ["fetch", () => withFetchCors({ ...warned }, () => new Response("ok"))],
  ])("%s writes one console.warn line with code, path, message and hint", (_name, create) => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    create();
    expect(warn).toHaveBeenCalledTimes(1);
    const line = String(warn.mock.calls[0]?.[0]);
    const [warning] = expected;
    expect(line).not.toContain("\n");
    expect(line).toContain("[prefix-unbounded]");
    expect(line).toContain(warning?.path);
    expect(line).toContain(warning?.message);
    expect(line).toContain(warning?.hint);
  });

  describe.each([
    ["Fastify 4", fastify4 as unknown as typeof fastify5],
    ["Fastify 5", fastify5],
  ])("%s", (_name, Fastify) => {
    it("logs to Fastify's logger when it logs, once", async () => {
      const lines: string[] = [];
      const stream = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          lines.push(chunk.toString("utf8"));
          callback();
        },
      });
      const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
      const app = Fastify({ logger: { level: "warn", stream } });
      await app.register(corsPlugin, { policy: { ...warned } });
      app.get("/items", async () => "ok");
      await app.listen({ port: 0, host: "127.0.0.1" });
      try {
        await send(`http://127.0.0.1:${(app.server.address() as { port: number }).port}/items`, "GET", { origin: APP });
      } finally {
        await app.close();
      }
      const logged = lines.map((line) => JSON.parse(line) as { level: number; msg: string; corsgateWarning?: ConfigIssue });
      const warnings = logged.filter((entry) => entry.corsgateWarning !== undefined);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]?.level).toBe(40);
      expect(warnings[0]?.corsgateWarning).toEqual(expected[0]);
      expect(warnings[0]?.msg).toContain("[prefix-unbounded]");
      expect(warn).not.toHaveBeenCalled();
    });

    it("falls back to console.warn when Fastify's logger is off (its default)", async () => {
      const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
      const app = Fastify();
      await app.register(corsPlugin, { policy: { ...warned } });
      await app.ready();
      await app.close();
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toContain("[prefix-unbounded]");
    });

    it("fails registration with failOnWarnings", async () => {
      const app = Fastify();
      const error = await app.register(corsPlugin, { policy: { ...warned }, failOnWarnings: true }).then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(isCorsConfigError(error)).toBe(true);
      await app.close().catch(() => undefined);
    });
  });
});

describe("failOnWarnings", () => {
  it.each([
    ["node", (options: object) => withNodeCors({ ...warned }, () => undefined, options)],
    ["express", (options: object) => cors({ ...warned }, options)],
    ["fetch", (options: object) => withFetchCors({ ...warned }, () => new Response("ok"), options)],
  ])("%s throws a CorsConfigError listing the warnings at set-up", (_name, create) => {
    const onWarning = vi.fn();
    let thrown: unknown;
    try {
      create({ failOnWarnings: true, onWarning });
    } catch (error) {
      thrown = error;
    }
    expect(isCorsConfigError(thrown)).toBe(true);
    if (!isCorsConfigError(thrown)) return;
    expect(thrown.issues).toEqual(expected);
    expect(thrown.message.split("\n")[0]).toMatch(/1 warning in the CORS policy .*failOnWarnings/);
    expect(thrown.message).toContain("[prefix-unbounded]");
    expect(onWarning).not.toHaveBeenCalled();
    // A policy without warnings is accepted.
    expect(() => withNodeCors(clean, () => undefined, { failOnWarnings: true })).not.toThrow();
  });

  it("refuses a resolver's config with warnings like an invalid one: the request fails, the next one too", async () => {
    const tenant = { ...warned };
    const handler = withFetchCors(() => tenant, () => new Response("ok"), { failOnWarnings: true });
    for (let count = 0; count < 2; count++) {
      const error = await handler(new Request("http://127.0.0.1/api", { headers: { origin: APP } })).then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(isCorsConfigError(error)).toBe(true);
    }
  });
});
