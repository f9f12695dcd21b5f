/**
 * The published `corsgate` binary is one ES module bundle with `yaml` inside (tsup, as in tsup.config.ts).
 * `yaml`'s Node build is CommonJS and requires `process`, which an ES module bundle cannot do without
 * help, so the build takes yaml's web build (tsup.config.ts): bundle the CLI the same way and run it, so
 * that such a break shows here, not after publishing.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { build } from "esbuild";
import { expect, it } from "vitest";
import { yamlWebBuild } from "../../tsup.config.js";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..", "..");

it("the CLI bundled as an ES module with yaml inside runs", { timeout: 60_000 }, async () => {
  const outfile = join(mkdtempSync(join(tmpdir(), "corsgate-bundle-")), "cli.js");
  await build({
    entryPoints: [join(root, "src", "cli", "main.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node18",
    outfile,
    alias: yamlWebBuild,
    absWorkingDir: root,
    banner: { js: "#!/usr/bin/env node" },
    logLevel: "silent",
  });
  const { stdout } = await run(process.execPath, [outfile, "lint", join(root, "test", "fixtures", "mesh", "gateway-httproute.yaml")], { cwd: tmpdir() });
  expect(stdout).toContain("0 errors");
  // The version is read from package.json when the bundle is built: the bundle runs without it next to it.
  const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
  expect((await run(process.execPath, [outfile, "--version"], { cwd: tmpdir() })).stdout).toBe(`${version}\n`);
  expect(readFileSync(outfile, "utf8")).not.toContain("devDependencies");
});
