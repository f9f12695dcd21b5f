// The types resolve as a consumer sees them: the package is packed (`npm pack`, so only what `files` ships),
// unpacked into a scratch project's node_modules, and a consumer file importing from "corsgate" is checked by
// tsc under the three resolutions people use: node16 ESM (.mts → dist/index.d.ts), node16 CJS (.cts →
// dist/index.d.cts) and bundler.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commonJsConsumerSource, consumerSource, subpathConsumerSource } from "./consumer-types.js";

const root = resolve(import.meta.dirname, "../..");
const tsc = join(root, "node_modules/typescript/bin/tsc");
let project: string;

const strict = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noUnusedLocals: false,
  noEmit: true,
  skipLibCheck: false,
  lib: ["ES2022"],
  types: [],
};

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), "corsgate-consumer-"));
  const packed = JSON.parse(execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", project], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })) as { filename: string }[];
  const tarball = join(project, packed[0]?.filename ?? "missing.tgz");
  const installed = join(project, "node_modules/corsgate");
  mkdirSync(installed, { recursive: true });
  execFileSync("tar", ["-xzf", tarball, "-C", installed, "--strip-components=1"]);
  symlinkSync(join(root, "node_modules/typescript"), join(project, "node_modules/typescript"), "dir");
  // The adapters' declarations name node:http and fastify types, which a consumer of those adapters has installed.
  mkdirSync(join(project, "node_modules/@types"), { recursive: true });
  symlinkSync(join(root, "node_modules/@types/node"), join(project, "node_modules/@types/node"), "dir");
  symlinkSync(join(root, "node_modules/fastify"), join(project, "node_modules/fastify"), "dir");
  writeFileSync(join(project, "esm.mts"), consumerSource);
  writeFileSync(join(project, "cjs-named.cts"), consumerSource);
  writeFileSync(join(project, "cjs-require.cts"), commonJsConsumerSource);
  writeFileSync(join(project, "bundler.ts"), consumerSource);
  writeFileSync(join(project, "subpaths.mts"), subpathConsumerSource);
  writeFileSync(join(project, "subpaths-cjs.cts"), subpathConsumerSource);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true }));
  const write = (name: string, compilerOptions: Record<string, unknown>, files: string[]) =>
    writeFileSync(join(project, name), JSON.stringify({ compilerOptions: { ...strict, ...compilerOptions }, files }));
  write("tsconfig.node16.json", { module: "node16", moduleResolution: "node16" }, ["esm.mts", "cjs-named.cts", "cjs-require.cts"]);
  write("tsconfig.bundler.json", { module: "esnext", moduleResolution: "bundler" }, ["bundler.ts"]);
  write("tsconfig.nodenext.json", { module: "nodenext", moduleResolution: "nodenext" }, ["esm.mts", "cjs-require.cts"]);
  write("tsconfig.subpaths.json", { module: "node16", moduleResolution: "node16", lib: ["ES2022", "DOM"], types: ["node"], skipLibCheck: true }, ["subpaths.mts", "subpaths-cjs.cts"]);
}, 120_000);

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

function typecheck(config: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [tsc, "-p", config], { cwd: project, encoding: "utf8" });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("the package's types, as a consumer sees them", () => {
  it.each([["tsconfig.node16.json"], ["tsconfig.bundler.json"], ["tsconfig.nodenext.json"]])("%s: every SPEC §1 name resolves with the SPEC's types", (config) => {
    expect(typecheck(config)).toEqual({ status: 0, output: "" });
  });

  it("tsconfig.subpaths.json: every subpath of the exports map resolves with types, as ESM and as CJS", () => {
    expect(typecheck("tsconfig.subpaths.json")).toEqual({ status: 0, output: "" });
  });

  it("the check can fail: a consumer file with a type error is reported", () => {
    writeFileSync(join(project, "broken.mts"), `import { createPolicy } from "corsgate";\ncreatePolicy({ allowOrigins: ["*"], preflightStatus: 201 });\n`);
    writeFileSync(join(project, "tsconfig.broken.json"), JSON.stringify({ compilerOptions: { ...strict, module: "node16", moduleResolution: "node16" }, files: ["broken.mts"] }));
    const result = typecheck("tsconfig.broken.json");
    expect(result.status).not.toBe(0);
    expect(result.output).toContain("error TS2322");
    expect(result.output).toContain("200 | 204");
  });

  it("the packed package holds the built entries and no sources", () => {
    const listing = execFileSync("tar", ["-tzf", join(project, (execFileSync("ls", [project], { encoding: "utf8" }).split("\n").find((name) => name.endsWith(".tgz")) ?? ""))], { encoding: "utf8" });
    for (const file of ["index.js", "index.cjs", "index.d.ts", "index.d.cts", "mesh.js", "mesh.cjs", "fetch.js", "fetch.cjs"]) expect(listing).toContain(`package/dist/${file}`);
    expect(listing).not.toMatch(/package\/src\//);
    expect(listing).not.toMatch(/package\/test\//);
  });
});
