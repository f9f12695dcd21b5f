/**
 * corsgate/precompiled in workerd (through miniflare), as an edge user ships it: a policy generated at build time
 * by `precompilePolicy` (built package), a Worker importing `evaluate` and `mergeVary` from "corsgate/precompiled"
 * (resolved by esbuild through the package's exports map, from a scratch project whose node_modules/corsgate links
 * here), bundled and minified, served on 127.0.0.1 and reached over real HTTP. The bundle's size is printed, not
 * asserted (.size-limit.json holds the budgets).
 */
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { corsHeaders, header, send } from "./helpers/http-client.js";
import { removeDirectory, temporaryDirectory } from "./helpers/runtimes.js";

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

describe("a Worker bundling corsgate/precompiled and a generated policy, in workerd (miniflare)", { timeout: 120_000 }, () => {
  let directory: string;
  let miniflare: Miniflare;
  let origin: string;
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
    // The bundle holds the built entry, reached through the exports map, and none of the validator.
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((input) => /dist\/precompiled\.js$/.test(input))).toBe(true);
    expect(inputs.filter((input) => input.includes("/src/"))).toEqual([]);
    miniflare = new Miniflare({
      modules: [{ type: "ESModule", path: "worker.js", contents: code }],
      compatibilityDate: "2025-09-01",
      host: "127.0.0.1",
      port: 0,
    });
    origin = (await miniflare.ready).origin;
  });

  afterAll(async () => {
    await miniflare?.dispose();
    if (directory) await removeDirectory(directory);
  });

  it("the bundle: no validator, no node: imports; its size is printed", async () => {
    const raw = Buffer.byteLength(code);
    const brotli = brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    const validator = await build({ stdin: { contents: WORKER.replace('"corsgate/precompiled"', '"corsgate"').replace('import policy from "./cors-policy.generated.js";', `import { createPolicy } from "corsgate";\nconst policy = createPolicy(${JSON.stringify(CONFIG)});`), resolveDir: directory }, absWorkingDir: directory, bundle: true, minify: true, format: "esm", platform: "neutral", write: false, logLevel: "silent" });
    const full = validator.outputFiles[0]?.text ?? "";
    const fullBrotli = brotliCompressSync(full, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    console.log(
      `precompiled Worker bundle (evaluate + mergeVary + generated policy): ${raw} B minified, ${brotli} B brotli; ` +
        `the same Worker with createPolicy from "corsgate": ${Buffer.byteLength(full)} B minified, ${fullBrotli} B brotli`,
    );
    expect(code).not.toMatch(/["']node:/);
    // Words of the validator's messages and hints: none of them may be in the precompiled bundle.
    expect(code).not.toContain("is not how a browser writes an origin");
    expect(full).toContain("is not how a browser writes an origin");
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
