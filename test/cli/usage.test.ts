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
