/**
 * What a new user trips on at the command line (issue 11, items 5, 6 and 8): malformed options are usage errors
 * with a fix that works when followed, files that cannot be read get plain messages, and lint reports every
 * problem of a manifest at once.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CORSGATE, corsgate } from "./run-cli.js";

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
