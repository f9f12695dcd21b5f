/**
 * What a new user trips on at the command line (issue 11, items 5, 6 and 8): malformed options are usage errors
 * with a fix that works when followed, files that cannot be read get plain messages, and lint reports every
 * problem of a manifest at once.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CORSGATE, corsgate, root } from "./run-cli.js";

function temporaryFile(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "corsgate-usage-")), name);
  writeFileSync(file, text);
  return file;
}

/** The origin in a `did you mean …?` hint. */
function suggested(text: string): string | undefined {
  return /did you mean (\S+)\?/.exec(text)?.[1];
}

describe("corsgate check --origin", { timeout: 120_000 }, () => {
  it.each([
    ["no scheme", "app.example.com"],
    ["a trailing slash", "https://app.example.com/"],
    ["a path", "https://app.example.com/login"],
    ["upper case", "https://App.Example.com"],
    ["the default port", "https://app.example.com:443"],
  ])("%s is a usage error (exit 2) whose suggestion, applied, is allowed", async (_label, written) => {
    const result = await corsgate(["check", CORSGATE, "--origin", written]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("did you mean https://app.example.com?");
    expect(result.stderr).not.toContain("proxy");
    const fixed = await corsgate(["check", CORSGATE, "--origin", suggested(result.stderr) ?? ""]);
    expect(fixed.code).toBe(0);
  });

  it("a pattern is not an origin a browser sends", async () => {
    const result = await corsgate(["check", CORSGATE, "--origin", "https://*.example.org"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--origin");
  });

  it("null (a sandboxed iframe) is simulated, and refused by the policy (exit 1)", async () => {
    const result = await corsgate(["check", CORSGATE, "--origin", "null"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("from null");
  });
});

describe("corsgate lint on manifests with several problems", { timeout: 120_000 }, () => {
  const virtualService = (name: string): string =>
    [
      "apiVersion: networking.istio.io/v1",
      "kind: VirtualService",
      `metadata: {name: ${name}}`,
      "spec:",
      "  http:",
      "  - corsPolicy:",
      "      allowOrigins: [{exact: 'https://App.example.com/'}, {exact: '*'}]",
      "      allowCredentials: true",
      "      maxAge: 500ms",
      "      allowMethod: [GET]",
    ].join("\n");

  it("lists every problem of every document at once: unknown field, bad origin, credentials with a wildcard, bad maxAge", async () => {
    const file = temporaryFile("vs.yaml", `${virtualService("one")}\n---\n${virtualService("two")}\n`);
    const result = await corsgate(["lint", file, "--json"]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { errors: { code: string; path: string }[] };
    const expected = (document: number): string[][] =>
      [
        ["unknown-field", "allowMethod"],
        ["origin-noncanonical", "allowOrigins[0]"],
        ["credentials-any-origin", "allowOrigins[1]"],
        ["wildcard-mixed", "allowOrigins[1]"],
        ["maxage-invalid", "maxAge"],
      ].map(([code, path]) => [code as string, `[document ${document}].spec.http[0].corsPolicy.${path as string}`]);
    expect(report.errors.map((issue) => [issue.code, issue.path]).sort()).toEqual([...expected(1), ...expected(2)].sort());
  });
});

describe("corsgate lint --strict", { timeout: 120_000 }, () => {
  it("makes warnings fatal (exit 1) for CI; without it they are not; a clean file passes either way", async () => {
    const warned = temporaryFile("warned.yaml", "allowOrigins: [{prefix: 'https://app.example.com'}]\n");
    const plain = await corsgate(["lint", warned]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain("0 errors, 1 warning");
    const strict = await corsgate(["lint", warned, "--strict"]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain("--strict: warnings are fatal");
    const json = await corsgate(["lint", warned, "--strict", "--json"]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ strict: true, errors: [], warnings: [{ code: "prefix-unbounded" }] });
    const clean = temporaryFile("clean.yaml", "allowOrigins: ['https://app.example.com']\n");
    expect((await corsgate(["lint", clean, "--strict"])).code).toBe(0);
  });

  it("shows a maxAge some browsers shorten as a note, never fatal (Istio's usual 24h)", async () => {
    const noted = temporaryFile("noted.yaml", "allowOrigins: ['https://app.example.com']\nmaxAge: 24h\n");
    const strict = await corsgate(["lint", noted, "--strict"]);
    expect(strict.code).toBe(0);
    expect(strict.stdout).toContain("0 errors, 0 warnings, 1 note");
    expect(strict.stdout).toMatch(/note\s+maxage-capped-in-some-browsers\s+maxAge/);
    const json = JSON.parse((await corsgate(["lint", noted, "--json"])).stdout) as { warnings: unknown[]; notes: { code: string }[] };
    expect(json.warnings).toEqual([]);
    expect(json.notes.map((note) => note.code)).toEqual(["maxage-capped-in-some-browsers"]);
  });
});

describe("the command line's rough edges", { timeout: 120_000 }, () => {
  it("--version and -v print package.json's version", async () => {
    const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
    for (const flag of ["--version", "-v"]) {
      const result = await corsgate([flag]);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(`${version}\n`);
    }
  });

  it("a missing file and a directory get plain messages, no ENOENT or EISDIR (exit 2)", async () => {
    const missing = await corsgate(["lint", "/nonexistent/policy.yaml"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("corsgate: /nonexistent/policy.yaml does not exist\n");
    const directory = mkdtempSync(join(tmpdir(), "corsgate-usage-"));
    const folder = await corsgate(["check", directory, "--origin", "https://app.example.com"]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toBe(`corsgate: ${directory} is a directory; give a policy file (JSON or YAML)\n`);
  });

  it("a YAML syntax error shows its line number, the line as written and a caret under the column", async () => {
    const file = temporaryFile("bad.yaml", "allowOrigins: ['https://app.example.com']\nmaxAge: 5\n  allowMethods: [GET]\n");
    const result = await corsgate(["lint", file]);
    expect(result.code).toBe(2);
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines[0]).toMatch(new RegExp(`^corsgate: ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:2:9: the file is not valid YAML or JSON: \\S`));
    expect(lines.slice(1)).toEqual(["  2 | maxAge: 5", "    |         ^"]);
  });

  it("convert --to an unknown target names it and lists the targets (exit 2)", async () => {
    const result = await corsgate(["convert", CORSGATE, "--to", "envoy"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("corsgate: unknown target 'envoy' (choose istio, gateway-api, kgateway, agentgateway or corsgate)");
  });

  it("compile picks one route of a VirtualService with --route (name or index); without it, lists the routes", async () => {
    const file = temporaryFile(
      "shop.yaml",
      [
        "apiVersion: networking.istio.io/v1",
        "kind: VirtualService",
        "metadata: {name: shop}",
        "spec:",
        "  http:",
        "  - name: static",
        "    match: [{uri: {prefix: /static/}}]",
        "  - name: api",
        "    match: [{uri: {prefix: /api/}}]",
        "    corsPolicy: {allowOrigins: [{exact: 'https://app.example.com'}]}",
        "  - name: public",
        "    corsPolicy: {allowOrigins: [{exact: '*'}]}",
      ].join("\n"),
    );
    const ambiguous = await corsgate(["compile", file]);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stdout).toBe("");
    expect(ambiguous.stderr).toContain('--route 1  or  --route "shop/api"  (spec.http[1])');
    expect(ambiguous.stderr).toContain('--route 2  or  --route "shop/public"  (spec.http[2])');
    for (const [choice, origin] of [["api", "https://app.example.com"], ["shop/api", "https://app.example.com"], ["2", "*"]] as const) {
      const result = await corsgate(["compile", file, "--route", choice]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(JSON.stringify(origin));
    }
    const none = await corsgate(["compile", file, "--route", "static"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('route "shop/static" has no CORS policy');
    const unknown = await corsgate(["compile", file, "--route", "checkout"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('has no route "checkout"');
  });
});
