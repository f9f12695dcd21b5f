/**
 * corsgate/precompiled as an edge user ships it: a policy generated at build time by `precompilePolicy` (built
 * package), a Worker importing `evaluate` and `mergeVary` from "corsgate/precompiled" (resolved by esbuild through
 * the package's exports map, from a scratch project whose node_modules/corsgate links here), bundled and minified,
 * run by workerd (through miniflare) and, the same bundle, by Deno and Bun; served on 127.0.0.1 and reached over
 * real HTTP. The bundle's size is printed, not asserted (.size-limit.json holds the budgets).
 */
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { corsHeaders, header, send } from "./helpers/http-client.js";
import { removeDirectory, spawnServer, temporaryDirectory } from "./helpers/runtimes.js";

const root = resolve(import.meta.dirname, "../..");
// The built package (by its own name, through the exports map), so that the generated data and the loader in the
// bundle come from the same build. A variable specifier: tsc runs before the build.
const packageName = "corsgate";
const { createPolicy, evaluate, precompilePolicy } = (await import(/* @vite-ignore */ packageName)) as typeof import("../../src/index.js");
const APP = "https://app.example.com";

const CONFIG = {
  allowOrigins: [APP, "https://*.example.org"],
  allowMethods: ["PUT", "DELETE"],
  allowHeaders: ["content-type", "x-api-key"],
  exposeHeaders: ["x-request-id"],
  maxAge: 600,
  allowCredentials: true,
};

// The Worker a user writes: answer what corsgate answers, add its headers and Vary to the handler's response.
const WORKER = `import { evaluate, mergeVary } from "corsgate/precompiled";
import policy from "./cors-policy.generated.js";

export default {
  async fetch(request) {
    const decision = evaluate(request, policy);
    if (decision.action === "respond") return new Response(null, { status: decision.status, headers: decision.headers });
    const response = new Response("hello from the worker", { headers: { vary: "Accept-Encoding", "x-request-id": "r-1" } });
    for (const [name, value] of Object.entries(decision.headers)) response.headers.set(name, value);
    if (decision.vary.length > 0) response.headers.set("vary", mergeVary(response.headers.get("vary"), decision.vary));
    return response;
  },
};
`;

interface Host {
  readonly name: string;
  start(directory: string, code: string): Promise<{ origin: string; stop(): Promise<void> }>;
}

// The Worker's module as it is: workerd runs it; Deno and Bun serve its fetch with their own servers.
const hosts: readonly Host[] = [
  {
    name: "workerd (miniflare)",
    async start(_directory, code) {
      const miniflare = new Miniflare({
        // Given as contents: workerd refuses module paths outside its working directory.
        modules: [{ type: "ESModule", path: "worker.js", contents: code }],
        compatibilityDate: "2025-09-01",
        host: "127.0.0.1",
        port: 0,
      });
      return { origin: (await miniflare.ready).origin, stop: () => miniflare.dispose() };
    },
  },
  {
    name: "Deno (Deno.serve)",
    async start(directory) {
      writeFileSync(
        join(directory, "deno-host.js"),
        `import worker from "./worker.bundle.js";\nDeno.serve({ port: 0, hostname: "127.0.0.1", onListen: ({ port }) => console.log(JSON.stringify({ port })) }, (request) => worker.fetch(request));\n`,
      );
      return spawnServer("deno", ["run", "--allow-net=127.0.0.1", "--no-prompt", join(directory, "deno-host.js")], {
        DENO_DIR: join(directory, "deno-cache"),
        DENO_NO_UPDATE_CHECK: "1",
      });
    },
  },
  {
    name: "Bun (Bun.serve)",
    async start(directory) {
      writeFileSync(
        join(directory, "bun-host.js"),
        `import worker from "./worker.bundle.js";\nconst server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: (request) => worker.fetch(request) });\nconsole.log(JSON.stringify({ port: server.port }));\n`,
      );
      return spawnServer("bun", ["run", join(directory, "bun-host.js")]);
    },
  },
];

let directory: string;
let code: string;

beforeAll(async () => {
  directory = await temporaryDirectory();
  writeFileSync(join(directory, "package.json"), JSON.stringify({ name: "edge-app", private: true, type: "module" }));
  mkdirSync(join(directory, "node_modules"));
  symlinkSync(root, join(directory, "node_modules", "corsgate"), "dir");
  writeFileSync(join(directory, "cors-policy.generated.js"), precompilePolicy(createPolicy(CONFIG)));
  writeFileSync(join(directory, "worker.js"), WORKER);
  const result = await build({
    entryPoints: [join(directory, "worker.js")],
    absWorkingDir: directory,
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  code = result.outputFiles[0]?.text ?? "";
  writeFileSync(join(directory, "worker.bundle.js"), code);
  // The bundle holds the built entry, reached through the exports map, and none of the sources.
  const inputs = Object.keys(result.metafile.inputs);
  expect(inputs.some((input) => /dist\/precompiled\.js$/.test(input))).toBe(true);
  expect(inputs.filter((input) => input.includes("/src/"))).toEqual([]);
}, 60_000);

afterAll(async () => {
  if (directory) await removeDirectory(directory);
});

describe("the Worker bundle", () => {
  it("has no validator and no node: import; its size is printed, next to the same Worker with createPolicy", async () => {
    // The same Worker, written against the main entry: the policy made at run time.
    const withValidator = WORKER.replace('"corsgate/precompiled"', '"corsgate"').replace(
      'import policy from "./cors-policy.generated.js";',
      `import { createPolicy } from "corsgate";\nconst policy = createPolicy(${JSON.stringify(CONFIG)});`,
    );
    const result = await build({
      stdin: { contents: withValidator, resolveDir: directory },
      absWorkingDir: directory,
      bundle: true,
      minify: true,
      format: "esm",
      platform: "neutral",
      write: false,
      logLevel: "silent",
    });
    const full = result.outputFiles[0]?.text ?? "";
    const brotli = (text: string): number => brotliCompressSync(text, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    console.log(
      `precompiled Worker bundle (evaluate + mergeVary + generated policy): ${Buffer.byteLength(code)} B minified, ${brotli(code)} B brotli; ` +
        `the same Worker with createPolicy from "corsgate": ${Buffer.byteLength(full)} B minified, ${brotli(full)} B brotli`,
    );
    expect(code).not.toMatch(/["']node:/);
    // Words of a validator message: in the bundle with createPolicy, never in the precompiled one.
    expect(full).toContain("is not how a browser writes an origin");
    expect(code).not.toContain("is not how a browser writes an origin");
  });
});

describe.each(hosts)("a Worker bundling corsgate/precompiled and a generated policy, in $name", { timeout: 120_000 }, (host) => {
  let origin: string;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    ({ origin, stop } = await host.start(directory, code));
  }, 60_000);

  afterAll(async () => {
    await stop?.();
  });

  it("answers an allowed preflight with 204 and the policy's headers", async () => {
    const response = await send(`${origin}/items`, "OPTIONS", { origin: "https://shop.example.org", "access-control-request-method": "PUT", "access-control-request-headers": "Content-Type, X-Api-Key" });
    expect(response.status).toBe(204);
    expect(response.body).toBe("");
    expect(corsHeaders(response)).toEqual({
      "access-control-allow-origin": "https://shop.example.org",
      "access-control-allow-credentials": "true",
      "access-control-allow-methods": "PUT, DELETE",
      "access-control-allow-headers": "content-type, x-api-key",
      "access-control-max-age": "600",
      "access-control-expose-headers": "x-request-id",
    });
  });

  it("refuses a preflight for a method the policy does not allow, as createPolicy + evaluate refuse it", async () => {
    const request = { origin: APP, "access-control-request-method": "PATCH" };
    const reference = evaluate({ method: "OPTIONS", headers: request }, createPolicy(CONFIG));
    const response = await send(`${origin}/items`, "OPTIONS", request);
    expect(reference.reason?.code).toBe("method-not-allowed");
    expect(response.status).toBe(reference.status);
    expect(corsHeaders(response)).toEqual(reference.headers);
    expect(header(response, "access-control-max-age")).toBeUndefined();
  });

  it("refuses a preflight from another origin with 403 and no CORS header", async () => {
    const response = await send(`${origin}/items`, "OPTIONS", { origin: "https://evil.example", "access-control-request-method": "PUT" });
    expect(response.status).toBe(403);
    expect(corsHeaders(response)).toEqual({});
  });

  it("lets an actual request through to the handler, with ACAO, ACAC, ACEH and Vary merged", async () => {
    const response = await send(`${origin}/items`, "DELETE", { origin: APP });
    expect(response.status).toBe(200);
    expect(response.body).toBe("hello from the worker");
    expect(corsHeaders(response)).toEqual({
      "access-control-allow-origin": APP,
      "access-control-allow-credentials": "true",
      "access-control-expose-headers": "x-request-id",
    });
    expect(header(response, "vary")).toBe("Accept-Encoding, Origin");
  });

  it("serves an actual request from another origin without CORS headers (the browser withholds it)", async () => {
    const response = await send(`${origin}/items`, "GET", { origin: "https://example.org.evil.net" });
    expect(response.status).toBe(200);
    expect(corsHeaders(response)).toEqual({});
    expect(header(response, "vary")).toBe("Accept-Encoding, Origin");
  });
});
