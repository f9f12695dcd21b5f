/**
 * `corsgate compile` run as a real process (tsx on the source, as in cli.test.ts), and its output imported for
 * real: by Node from a file (ES module and CommonJS, loading the built corsgate/precompiled), and by this test
 * (loading the source). Decisions of the generated module are compared with createPolicy + evaluate.
 */
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { parse, stringify } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { createPolicy, evaluate } from "../../src/index.js";
import type { CorsPolicy, CorsRequest } from "../../src/index.js";
import { CORSGATE, GATEWAY, ISTIO, corsgate, root, tsx, type Result } from "./run-cli.js";

const run = promisify(execFile);

const SOURCE_ENTRY = join(root, "src", "precompiled.ts");
const DIST_ESM = join(root, "dist", "precompiled.js");
const DIST_CJS = join(root, "dist", "precompiled.cjs");

/** `corsgate compile -` with `text` on standard input. */
function corsgateStdin(args: readonly string[], text: string): Promise<Result> {
  const child = spawn(tsx, [join(root, "src", "cli", "main.ts"), ...args], { cwd: root, env: { ...process.env, NO_COLOR: "" } });
  child.stdin.end(text);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const directory = mkdtempSync(join(tmpdir(), "corsgate-compile-"));

function temporaryFile(name: string, text: string): string {
  const file = join(directory, name);
  writeFileSync(file, text);
  return file;
}

/** Writes `source` and imports it in this process; its default export is the policy. */
async function importModule(name: string, source: string): Promise<CorsPolicy> {
  const file = temporaryFile(name, source);
  return ((await import(/* @vite-ignore */ pathToFileURL(file).href)) as { default: CorsPolicy }).default;
}

/** The loose (JSON-able) form of a decision: what a decision printed by a Node child process looks like. */
interface PlainDecision {
  kind: string;
  allowed: boolean;
  action: string;
  status?: number;
  headers: Record<string, string>;
  vary: string[];
  reason?: { code: string; message: string; hint?: string };
}

/** Runs a Node script (no tsx) and parses what it printed as JSON. */
async function nodeJson(file: string): Promise<unknown> {
  const { stdout } = await run(process.execPath, [file], { cwd: directory });
  return JSON.parse(stdout) as unknown;
}

/** The decision without its reason's wording: what createPolicy and the precompiled module must agree on. */
function comparable(decision: PlainDecision): Omit<PlainDecision, "reason"> & { reason?: string } {
  const { reason, ...rest } = decision;
  return { ...rest, ...(reason === undefined ? {} : { reason: reason.code }) };
}

const preflight = (origin: string, method: string, headers?: string): CorsRequest => ({
  method: "OPTIONS",
  headers: { origin, "access-control-request-method": method, ...(headers === undefined ? {} : { "access-control-request-headers": headers }) },
});
const actual = (origin: string, method = "GET"): CorsRequest => ({ method, headers: { origin } });

/** Requests probing the fixture policies from both sides (allowed and refused, each kind of refusal). */
const PROBES: readonly CorsRequest[] = [
  preflight("https://app.example.com", "PUT", "content-type"),
  preflight("https://app.example.com", "PATCH"),
  preflight("https://app.example.com", "PUT", "x-other"),
  preflight("https://a.example.org", "DELETE", "x-request-id"),
  preflight("https://example.org", "DELETE"),
  preflight("http://10.0.0.1", "POST", "X-Foo-Bar"),
  preflight("http://10.0.0.123", "GET"),
  preflight("http://10.0.0.1", "PUT"),
  preflight("https://example.com", "PUT", "x-header-1"),
  preflight("https://evil.example", "GET"),
  actual("https://app.example.com"),
  actual("https://b.example.org", "DELETE"),
  actual("http://10.0.0.1", "POST"),
  actual("https://example.com", "PUT"),
  actual("https://evil.example"),
  actual("null"),
  { method: "GET", headers: {} },
];

describe("corsgate compile", { timeout: 90_000 }, () => {
  let corsgatePolicy: string;

  beforeAll(async () => {
    // The CLI runs from the source, but the generated modules below load the built entry, as users do.
    expect(existsSync(DIST_ESM) && existsSync(DIST_CJS), "dist/precompiled.{js,cjs} missing: run npm run build").toBe(true);
    const result = await corsgate(["compile", CORSGATE]);
    expect(result.code).toBe(0);
    corsgatePolicy = result.stdout;
  });

  it("a corsgate policy: the module on stdout (ES module importing corsgate/precompiled), nothing on stderr", () => {
    expect(corsgatePolicy).toMatch(/^\/\/ Generated by corsgate/);
    expect(corsgatePolicy).toContain('import { loadPrecompiledPolicy } from "corsgate/precompiled";');
    expect(corsgatePolicy).toContain("export default loadPrecompiledPolicy({");
    expect(corsgatePolicy).not.toContain("require(");
    expect(corsgatePolicy).toContain('"format": "corsgate/precompiled@2"');
  });

  it("the module on stdout, loaded from the source with --import-from, decides like createPolicy", async () => {
    const result = await corsgate(["compile", CORSGATE, "--import-from", pathToFileURL(SOURCE_ENTRY).href]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const policy = await importModule("from-source.mjs", result.stdout);
    const reference = createPolicy(parse(readFileSync(CORSGATE, "utf8")) as Parameters<typeof createPolicy>[0]);
    const allowed = evaluate(preflight("https://a.example.org", "PUT", "Content-Type"), policy);
    expect(allowed.allowed).toBe(true);
    expect(allowed.headers["access-control-allow-origin"]).toBe("https://a.example.org");
    expect(allowed.headers["access-control-allow-credentials"]).toBe("true");
    expect(allowed.headers["access-control-max-age"]).toBe("600");
    for (const request of PROBES) {
      expect(comparable(evaluate(request, policy) as PlainDecision)).toEqual(comparable(evaluate(request, reference) as PlainDecision));
    }
  });

  it("--out writes the file and says so on stderr; stdout stays empty; Node imports it with the built entry", async () => {
    const out = join(directory, "cors-policy.mjs");
    const result = await corsgate(["compile", CORSGATE, "--out", out, "--import-from", pathToFileURL(DIST_ESM).href]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`wrote ${out}`);
    expect(readFileSync(out, "utf8")).toMatch(/^\/\/ Generated by corsgate[^]*export default loadPrecompiledPolicy\(/);
    const script = temporaryFile(
      "esm-main.mjs",
      `import policy from ${JSON.stringify(pathToFileURL(out).href)};
import { evaluate } from ${JSON.stringify(pathToFileURL(DIST_ESM).href)};
const requests = ${JSON.stringify(PROBES)};
process.stdout.write(JSON.stringify(requests.map((request) => evaluate(request, policy))));
`,
    );
    const decisions = (await nodeJson(script)) as PlainDecision[];
    const reference = createPolicy(parse(readFileSync(CORSGATE, "utf8")) as Parameters<typeof createPolicy>[0]);
    expect(decisions.map(comparable)).toEqual(PROBES.map((request) => comparable(JSON.parse(JSON.stringify(evaluate(request, reference))) as PlainDecision)));
    expect(decisions.filter((decision) => decision.allowed).length).toBeGreaterThan(2);
    expect(decisions.filter((decision) => decision.reason !== undefined).length).toBeGreaterThan(2);
  });

  it("--format cjs: a CommonJS module that Node requires, with the built CommonJS entry", async () => {
    const out = join(directory, "cors-policy.cjs");
    const result = await corsgate(["compile", CORSGATE, "--format", "cjs", "--out", out, "--import-from", DIST_CJS]);
    expect(result.code).toBe(0);
    const source = readFileSync(out, "utf8");
    expect(source).toContain(`require(${JSON.stringify(DIST_CJS)})`);
    expect(source).toContain("module.exports = loadPrecompiledPolicy(");
    expect(source).not.toMatch(/^\s*(import|export) /m);
    const script = temporaryFile(
      "cjs-main.cjs",
      `"use strict";
const policy = require(${JSON.stringify(out)});
const { evaluate } = require(${JSON.stringify(DIST_CJS)});
const decision = evaluate({ method: "OPTIONS", headers: { origin: "https://x.example.org", "access-control-request-method": "DELETE" } }, policy);
const refused = evaluate({ method: "OPTIONS", headers: { origin: "https://x.example.org", "access-control-request-method": "PATCH" } }, policy);
process.stdout.write(JSON.stringify({ frozen: Object.isFrozen(policy), decision, refused }));
`,
    );
    const { frozen, decision, refused } = (await nodeJson(script)) as { frozen: boolean; decision: PlainDecision; refused: PlainDecision };
    expect(frozen).toBe(true);
    expect(decision).toMatchObject({ kind: "preflight", allowed: true, action: "respond", status: 204 });
    expect(decision.headers).toEqual({
      "access-control-allow-origin": "https://x.example.org",
      "access-control-allow-credentials": "true",
      "access-control-allow-methods": "PUT, DELETE",
      "access-control-allow-headers": "content-type, x-request-id",
      "access-control-max-age": "600",
      // SPEC §5.1: the exposed headers go on the preflight too.
      "access-control-expose-headers": "x-request-id",
    });
    expect(refused).toMatchObject({ allowed: false, reason: { code: "method-not-allowed" } });
    expect(refused.reason?.hint).toBeUndefined();
  });

  it("takes the format from a .cjs / .mjs --out file, and refuses a format the extension contradicts", async () => {
    const cjs = join(directory, "implied.cjs");
    expect((await corsgate(["compile", CORSGATE, "--out", cjs])).code).toBe(0);
    expect(readFileSync(cjs, "utf8")).toContain("module.exports = loadPrecompiledPolicy(");
    const mjs = join(directory, "implied.mjs");
    expect((await corsgate(["compile", CORSGATE, "--out", mjs])).code).toBe(0);
    expect(readFileSync(mjs, "utf8")).toContain("export default loadPrecompiledPolicy(");
    const clash = await corsgate(["compile", CORSGATE, "--format", "esm", "--out", join(directory, "clash.cjs")]);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain("is read by Node as CommonJS; use --format cjs or another extension");
    expect(existsSync(join(directory, "clash.cjs"))).toBe(false);
  });

  it("the published binary (dist/cli.js, as npx corsgate runs it) writes the same module", async () => {
    const { stdout, stderr } = await run(process.execPath, [join(root, "dist", "cli.js"), "compile", CORSGATE], { cwd: directory });
    expect(stderr).toBe("");
    expect(stdout.trimEnd()).toBe(corsgatePolicy.trimEnd());
  });

  it("standard input (FILE -) works like a file", async () => {
    const result = await corsgateStdin(["compile", "-"], readFileSync(CORSGATE, "utf8"));
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd()).toBe(corsgatePolicy.trimEnd());
  });

  it("the Istio VirtualService and the Gateway API HTTPRoute each have one route with a policy: it compiles, saying which", async () => {
    for (const [file, source] of [[ISTIO, "spec.http[0]"], [GATEWAY, "spec.rules[0].matches[0]"]] as const) {
      const result = await corsgate(["compile", file]);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^\/\/ Generated by corsgate/);
      expect(result.stderr).toContain(`(${source}); the route's match conditions are not part of the module`);
    }
  });

  it("the Istio corsPolicy of the VirtualService on its own compiles; warnings on stderr, stdout a valid module", async () => {
    const manifest = parse(readFileSync(ISTIO, "utf8")) as { spec: { http: { corsPolicy: unknown }[] } };
    const file = temporaryFile("istio-cors.yaml", stringify({ corsPolicy: manifest.spec.http[0]?.corsPolicy }));
    const result = await corsgate(["compile", file, "--import-from", pathToFileURL(SOURCE_ENTRY).href]);
    expect(result.code).toBe(0);
    // The prefix http://10.0.0.1 also admits http://10.0.0.123 (and 10.0.0.1.evil.net): lint's warning.
    expect(result.stderr).toContain("warning  prefix-unbounded");
    expect(result.stderr).toContain("allowOrigins[0].prefix");
    expect(result.stdout).toMatch(/^\/\/ Generated by corsgate/);
    expect(result.stdout).not.toContain("warning  prefix-unbounded");
    const policy = await importModule("istio.mjs", result.stdout);
    expect(policy.warnings.map((issue) => issue.code)).toContain("prefix-unbounded");
    const allowed = evaluate(preflight("http://10.0.0.1", "POST", "X-Foo-Bar"), policy);
    expect(allowed.allowed).toBe(true);
    expect(allowed.headers["access-control-allow-methods"]).toBe("POST, GET");
    expect(allowed.headers["access-control-max-age"]).toBe("86400");
    expect(evaluate(actual("http://10.0.0.123"), policy).headers["access-control-allow-origin"]).toBe("http://10.0.0.123");
    expect(evaluate(preflight("http://10.0.0.1", "PUT"), policy).reason?.code).toBe("method-not-allowed");
    expect(evaluate(actual("http://10.0.0.2"), policy).reason?.code).toBe("origin-not-allowed");
  });

  it("the Gateway API CORS filter of the HTTPRoute on its own compiles and allows the credentialed PUT", async () => {
    const manifest = parse(readFileSync(GATEWAY, "utf8")) as { spec: { rules: { filters: unknown[] }[] } };
    const file = temporaryFile("gateway-cors.yaml", stringify(manifest.spec.rules[0]?.filters[0]));
    const result = await corsgate(["compile", file, "--import-from", pathToFileURL(SOURCE_ENTRY).href]);
    expect(result.code).toBe(0);
    const policy = await importModule("gateway.mjs", result.stdout);
    const decision = evaluate(preflight("https://example.com", "PUT", "x-header-1"), policy);
    expect(decision.allowed).toBe(true);
    expect(decision.headers["access-control-allow-credentials"]).toBe("true");
    expect(evaluate(actual("https://evil.example"), policy).allowed).toBe(false);
  });

  it("a regex origin with flags survives as a literal and still matches case-insensitively", async () => {
    const file = temporaryFile("regex.yaml", "allowOrigins:\n  - regex: 'https://[a-z]+\\.example\\.com'\n    flags: i\n  - https://exact.example\n");
    const result = await corsgate(["compile", file, "--import-from", pathToFileURL(SOURCE_ENTRY).href]);
    expect(result.code).toBe(0);
    const policy = await importModule("regex.mjs", result.stdout);
    expect(evaluate(actual("https://App.Example.com"), policy).allowed).toBe(true);
    expect(evaluate(actual("https://app.example.com.evil.net"), policy).allowed).toBe(false);
    expect(evaluate(actual("https://exact.example"), policy).allowed).toBe(true);
  });

  it("an invalid policy: exit 2, every problem listed on stderr, nothing on stdout, no file written", async () => {
    const file = temporaryFile("bad.yaml", "allowOrigins: ['https://app.example.com/', 'htp:/x']\nallowMethods: [GET, 'BAD METHOD']\nmaxAge: -5\n");
    const out = join(directory, "never.js");
    const result = await corsgate(["compile", file, "--out", out]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("cannot compile the policy (4 problems)");
    for (const code of ["origin-noncanonical", "origin-invalid", "method-invalid", "maxage-invalid"]) expect(result.stderr).toContain(code);
    expect(existsSync(out)).toBe(false);
    const refused = await corsgate(["compile", temporaryFile("star.yaml", "allowOrigins: ['*']\nallowCredentials: true\n")]);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe("");
  });

  it("usage errors exit 2: unknown --format, --json, a missing file, an unwritable --out", async () => {
    const format = await corsgate(["compile", CORSGATE, "--format", "umd"]);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('compile needs --format esm|cjs, not "umd"');
    expect(format.stdout).toBe("");
    const json = await corsgate(["compile", CORSGATE, "--json"]);
    expect(json.code).toBe(2);
    expect(json.stderr).toContain("--json does not apply");
    expect(json.stdout).toBe("");
    const missing = await corsgate(["compile", join(directory, "no-such-file.yaml")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no-such-file.yaml does not exist");
    expect(missing.stderr).not.toContain("ENOENT");
    const unwritable = await corsgate(["compile", CORSGATE, "--out", join(directory, "no-such-directory", "policy.js")]);
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toContain(`cannot write ${join(directory, "no-such-directory", "policy.js")}: the directory ${join(directory, "no-such-directory")} does not exist`);
  });
});
