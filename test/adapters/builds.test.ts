// What the published builds rely on: the fetch adapter is web-standard only, and a policy compiled by one
// copy of corsgate (the CJS build, say) is understood by an adapter from another (the ESM build).
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { build } from "esbuild";
import { removeDirectory, temporaryDirectory } from "./helpers/runtimes.js";

const root = resolve(import.meta.dirname, "../..");
let directory: string;

beforeAll(async () => {
  directory = await temporaryDirectory();
});
afterAll(() => removeDirectory(directory));

it("bundles the fetch adapter for a neutral platform, without node: modules or process", async () => {
  const result = await build({
    entryPoints: [join(root, "src/adapters/fetch.ts")],
    bundle: true,
    platform: "neutral",
    format: "esm",
    write: false,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]?.text ?? "";
  expect(code).toContain("corsgateFetch");
  expect(code).not.toMatch(/["']node:/);
  expect(code).not.toMatch(/\bprocess\b/);
  expect(code).not.toMatch(/\bBuffer\b/);
});

it("accepts, without recompiling, a policy made by another copy of the core (CJS core, ESM adapter)", async () => {
  const coreFile = join(directory, "core.cjs");
  const adapterFile = join(directory, "fetch.mjs");
  await build({ entryPoints: [join(root, "src/index.ts")], bundle: true, platform: "neutral", format: "cjs", outfile: coreFile, logLevel: "silent" });
  await build({ entryPoints: [join(root, "src/adapters/fetch.ts")], bundle: true, platform: "neutral", format: "esm", outfile: adapterFile, logLevel: "silent" });
  const core = createRequire(import.meta.url)(coreFile) as typeof import("../../src/index.js");
  const adapter = (await import(pathToFileURL(adapterFile).href)) as typeof import("../../src/adapters/fetch.js");
  const policy = core.createPolicy({ allowOrigins: ["https://app.example.com"] });
  const handler = adapter.withCors(policy, () => new Response("ok"));
  const response = await handler(new Request("http://127.0.0.1/", { headers: { origin: "https://app.example.com" } }));
  expect(response.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
});
