/**
 * The `corsgate` command run as a real process (tsx on the source, so no build is needed), on the
 * examples of the Istio and Gateway API documentation and on corsgate's own policy format.
 */
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { CORSGATE, GATEWAY, ISTIO, corsgate, root, tsx } from "./run-cli.js";

const run = promisify(execFile);

function temporaryFile(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "corsgate-cli-")), name);
  writeFileSync(file, text);
  return file;
}

/** The value printed on a header row of `check` (`   name   value`). */
function row(output: string, name: string): string | undefined {
  const line = output.split("\n").find((text) => text.trimStart().startsWith(`${name} `));
  return line?.trim().slice(name.length).trim();
}

describe("corsgate check", { timeout: 90_000 }, () => {
  it("Istio's example: a POST with X-Foo-Bar from http://10.0.0.1 is preflighted and allowed (exit 0)", async () => {
    const result = await corsgate(["check", ISTIO, "--origin", "http://10.0.0.1", "--method", "POST", "--header", "X-Foo-Bar: 1"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("1. Preflight  ✔ passes");
    expect(result.stdout).toContain("2. Request  ✔ passes");
    expect(row(result.stdout, "access-control-request-headers")).toBe("x-foo-bar");
    expect(row(result.stdout, "access-control-max-age")).toBe("86400");
    expect(row(result.stdout, "access-control-allow-methods")).toBe("POST, GET");
    expect(result.stdout).toContain("allowed: the browser lets the page read the response");
    // explain()'s paragraph is printed for each step.
    expect(result.stdout).toContain('Preflight from "http://10.0.0.1" allowed');
  });

  it("Istio's example: PUT is refused at the preflight, naming the method (exit 1)", async () => {
    const result = await corsgate(["check", ISTIO, "--origin", "http://10.0.0.1", "--method", "PUT"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("refused: the method PUT is not in Access-Control-Allow-Methods: POST, GET");
    expect(result.stdout).not.toContain("2. Request");
  });

  it("Istio's example: its prefix also admits http://10.0.0.123, which lint warns about", async () => {
    const check = await corsgate(["check", ISTIO, "--origin", "http://10.0.0.123"]);
    expect(check.code).toBe(0);
    expect(row(check.stdout, "access-control-allow-origin")).toBe("http://10.0.0.123");
    const refused = await corsgate(["check", ISTIO, "--origin", "http://10.0.0.2"]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain("refused: the response has no Access-Control-Allow-Origin header");
  });

  it("Istio's example: credentials are refused because the policy does not allow them", async () => {
    const result = await corsgate(["check", ISTIO, "--origin", "http://10.0.0.1", "--credentials"]);
    expect(result.code).toBe(1);
    // Credentials alone do not cause a preflight.
    expect(result.stdout).not.toContain("Preflight");
    expect(result.stdout).toContain("no Access-Control-Allow-Credentials: true");
  });

  it("Gateway API's example: a credentialed PUT with x-header-1 on the route's path is allowed", async () => {
    const result = await corsgate([
      "check", GATEWAY, "--origin", "https://example.com", "--method", "PUT", "--header", "x-header-1: a",
      "--path", "/cors-behavior-creds-true/items", "--credentials",
    ]);
    expect(result.code).toBe(0);
    expect(row(result.stdout, "access-control-allow-credentials")).toBe("true");
    expect(row(result.stdout, "access-control-max-age")).toBe("86400");
    expect(result.stdout).toContain("(route cors-allow-credentials rules[0])");
  });

  it("Gateway API's example: a path no rule matches gets no CORS (exit 1)", async () => {
    const result = await corsgate(["check", GATEWAY, "--origin", "https://example.com", "--path", "/cors-behavior-creds-trueish"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("no route matches /cors-behavior-creds-trueish");
  });

  it("Gateway API's example: another origin is refused", async () => {
    const result = await corsgate(["check", GATEWAY, "--origin", "https://evil.example", "--path", "/cors-behavior-creds-true"]);
    expect(result.code).toBe(1);
  });

  it("--json prints the steps, decisions and verdict for machines", async () => {
    const result = await corsgate(["check", CORSGATE, "--origin", "https://a.example.org", "--method", "PUT", "--header", "Content-Type: application/json", "--credentials", "--json"]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { allowed: boolean; format: string; steps: { step: string; passed: boolean; decision: { headers: Record<string, string> } }[] };
    expect(report.allowed).toBe(true);
    expect(report.format).toBe("corsgate");
    expect(report.steps.map((step) => step.step)).toEqual(["preflight", "actual"]);
    expect(report.steps[0]?.decision.headers["access-control-allow-headers"]).toBe("content-type, x-request-id");
    expect(report.steps[1]?.decision.headers["access-control-expose-headers"]).toBe("x-request-id");
  });

  it("a safelisted Content-Type needs no preflight; application/json does", async () => {
    const simple = await corsgate(["check", CORSGATE, "--origin", "https://app.example.com", "--method", "POST", "--header", "Content-Type: text/plain", "--json"]);
    expect((JSON.parse(simple.stdout) as { steps: unknown[] }).steps).toHaveLength(1);
    const json = await corsgate(["check", CORSGATE, "--origin", "https://app.example.com", "--method", "POST", "--header", "Content-Type: application/json", "--json"]);
    expect((JSON.parse(json.stdout) as { steps: unknown[] }).steps).toHaveLength(2);
  });

  it("colour only on a terminal: piped output has no escape codes, even with NO_COLOR unset", async () => {
    const result = await corsgate(["check", CORSGATE, "--origin", "https://app.example.com"]);
    expect(result.stdout).not.toContain("\u001b[");
  });

  it.skipIf(!existsSync("/usr/bin/script"))("colour on a terminal (a pseudo-terminal from script), none with NO_COLOR set", async () => {
    const command = [tsx, join(root, "src", "cli", "main.ts"), "lint", ISTIO].map((part) => `'${part}'`).join(" ");
    const onTerminal = await run("/usr/bin/script", ["-qec", command, "/dev/null"], { cwd: root, env: { ...process.env, NO_COLOR: "" } });
    expect(onTerminal.stdout).toContain("\u001b[33mwarning\u001b[39m");
    const noColour = await run("/usr/bin/script", ["-qec", command, "/dev/null"], { cwd: root, env: { ...process.env, NO_COLOR: "1" } });
    expect(noColour.stdout).toContain("warning");
    expect(noColour.stdout).not.toContain("\u001b[");
  });

  it("shows the warnings of the policies it used, with manifest paths", async () => {
    const result = await corsgate(["check", ISTIO, "--origin", "http://10.0.0.1", "--json"]);
    const report = JSON.parse(result.stdout) as { warnings: { code: string; path: string }[] };
    expect(report.warnings.map((warning) => [warning.code, warning.path])).toEqual([
      // The manifest's maxAge of 24h is capped by some engines only: a notice, not a warning (issue 11).
      ["prefix-unbounded", "spec.http[0].corsPolicy.allowOrigins[0].prefix"],
    ]);
  });

  it("exit 2 for a missing file, bad YAML, a non-policy document, and bad usage", async () => {
    expect((await corsgate(["check", "/nonexistent/policy.yaml", "--origin", "https://a.example"])).code).toBe(2);
    const bad = temporaryFile("bad.yaml", "allowOrigins: [unclosed\n");
    const badResult = await corsgate(["check", bad, "--origin", "https://a.example"]);
    expect(badResult.code).toBe(2);
    expect(badResult.stderr).toContain("is not valid YAML or JSON");
    const other = temporaryFile("other.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: x}\n");
    expect((await corsgate(["check", other, "--origin", "https://a.example"])).code).toBe(2);
    const noOrigin = await corsgate(["check", CORSGATE]);
    expect(noOrigin.code).toBe(2);
    expect(noOrigin.stderr).toContain("check needs --origin");
    expect((await corsgate(["check", CORSGATE, "--origin", "https://a.example", "--bogus"])).code).toBe(2);
    expect((await corsgate(["frobnicate", CORSGATE])).code).toBe(2);
  });

  it("exit 2 for a policy corsgate refuses, listing its problems", async () => {
    const file = temporaryFile("refused.yaml", "allowOrigins: ['*']\nallowCredentials: true\n");
    const result = await corsgate(["check", file, "--origin", "https://a.example"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("credentials-any-origin");
  });
});

describe("corsgate lint", { timeout: 90_000 }, () => {
  it("reads the file from standard input when FILE is -", async () => {
    const child = spawn(tsx, [join(root, "src", "cli", "main.ts"), "lint", "-", "--json"], { cwd: root });
    child.stdin.end("allowOrigins: ['https://App.example.com']\n");
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.on("close", done));
    expect(code).toBe(1);
    expect((JSON.parse(stdout) as { errors: { code: string }[] }).errors.map((issue) => issue.code)).toEqual(["origin-noncanonical"]);
  });

  it("Istio's example: one warning with its code and manifest path, exit 0 (24h is no longer a warning)", async () => {
    const result = await corsgate(["lint", ISTIO]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("0 errors, 1 warning");
    expect(result.stdout).toMatch(/warning\s+prefix-unbounded\s+spec\.http\[0\]\.corsPolicy\.allowOrigins\[0\]\.prefix\s/);
    expect(result.stdout).not.toMatch(/warning\s+maxage-capped/);
    expect(result.stdout).toMatch(/note\s+maxage-capped-in-some-browsers\s+spec\.http\[0\]\.corsPolicy\.maxAge/);
  });

  it("every error at once with its path and hint, exit 1; --json for machines", async () => {
    const file = temporaryFile(
      "vs.yaml",
      [
        "apiVersion: networking.istio.io/v1",
        "kind: VirtualService",
        "metadata: {name: shop}",
        "spec:",
        "  http:",
        "  - match: [{uri: {prefix: /api}}]",
        "    corsPolicy:",
        "      allowOrigins: [{exact: 'https://App.Example.com/'}, {regex: 'https://\\pL+\\.example\\.com'}]",
        "      maxAge: 500ms",
        "  - corsPolicy:",
        "      allowOrigins: [{exact: 'https://ok.example.com'}]",
        "      allowMethod: [GET]",
      ].join("\n"),
    );
    const result = await corsgate(["lint", file, "--json"]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { errors: { code: string; path: string; hint?: string }[] };
    expect(report.errors.map((issue) => [issue.code, issue.path]).sort()).toEqual(
      [
        ["maxage-invalid", "spec.http[0].corsPolicy.maxAge"],
        // The core's own error comes with the translation errors, not after they are fixed.
        ["origin-noncanonical", "spec.http[0].corsPolicy.allowOrigins[0]"],
        ["regex-untranslatable", "spec.http[0].corsPolicy.allowOrigins[1].regex"],
        ["unknown-field", "spec.http[1].corsPolicy.allowMethod"],
      ].sort(),
    );
    expect(report.errors.find((issue) => issue.code === "unknown-field")?.hint).toBe("did you mean allowMethods?");
    const human = await corsgate(["lint", file]);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain("4 errors");
    expect(human.stdout).toContain("\\pL");
  });

  it("a corsgate policy's core errors are listed together", async () => {
    const file = temporaryFile("policy.json", JSON.stringify({ allowOrigins: ["https://App.Example.com/", "null"], allowMethods: ["TRACE"], maxAge: -1 }));
    const result = await corsgate(["lint", file, "--json"]);
    expect(result.code).toBe(1);
    const codes = (JSON.parse(result.stdout) as { errors: { code: string }[] }).errors.map((issue) => issue.code).sort();
    expect(codes).toEqual(["maxage-invalid", "method-forbidden", "origin-noncanonical", "origin-null"]);
  });

  it("the Gateway API * + credentials route is accepted with the credentials-any-origin warning", async () => {
    const file = temporaryFile("route.yaml", "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r}\nspec:\n  rules:\n  - filters:\n    - type: CORS\n      cors: {allowOrigins: ['*'], allowCredentials: true}\n");
    const result = await corsgate(["lint", file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/warning\s+credentials-any-origin\s+spec\.rules\[0\]\.filters\[0\]\.cors\.allowOrigins\[0\]/);
  });
});

describe("corsgate convert", { timeout: 90_000 }, () => {
  it("Gateway API's example → Istio: the PathPrefix becomes an exact path plus a prefix ending in /", async () => {
    const result = await corsgate(["convert", GATEWAY, "--to", "istio"]);
    expect(result.code).toBe(0);
    const converted = parse(result.stdout) as { http: { match: unknown[]; corsPolicy: Record<string, unknown> }[] };
    expect(converted.http[0]?.match).toEqual([{ uri: { exact: "/cors-behavior-creds-true" } }, { uri: { prefix: "/cors-behavior-creds-true/" } }]);
    expect(converted.http[0]?.corsPolicy).toEqual({
      allowOrigins: [{ exact: "https://example.com" }],
      allowMethods: ["GET", "PUT"],
      allowHeaders: ["x-header-1"],
      maxAge: "24h",
      allowCredentials: true,
      unmatchedPreflights: "IGNORE",
    });
  });

  it("Istio's example → corsgate and back gives the same answers", async () => {
    const toCorsgate = await corsgate(["convert", ISTIO, "--to", "corsgate"]);
    expect(toCorsgate.code).toBe(0);
    const converted = parse(toCorsgate.stdout) as { routes: { policy: Record<string, unknown> }[] };
    expect(converted.routes[0]?.policy).toMatchObject({ allowOrigins: [{ prefix: "http://10.0.0.1" }], maxAge: 86400, unmatchedPreflights: "forward" });
    const file = temporaryFile("routes.yaml", toCorsgate.stdout);
    const check = await corsgate(["check", file, "--origin", "http://10.0.0.1", "--method", "POST", "--header", "X-Foo-Bar: 1"]);
    expect(check.code).toBe(0);
  });

  it("Istio's example → Gateway API is refused: Gateway API has no prefix origins (exit 2, names the field)", async () => {
    const result = await corsgate(["convert", ISTIO, "--to", "gateway-api"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/not-expressible\s+spec\.http\[0\]\.corsPolicy\.allowOrigins\[0\]\.prefix/);
  });

  it("a corsgate policy → Gateway API filter and → Istio corsPolicy", async () => {
    const gateway = parse((await corsgate(["convert", CORSGATE, "--to", "gateway-api"])).stdout) as { type: string; cors: Record<string, unknown> };
    expect(gateway.type).toBe("CORS");
    expect(gateway.cors["allowOrigins"]).toEqual(["https://app.example.com", "https://*.example.org"]);
    expect(gateway.cors["maxAge"]).toBe(600);
    const istio = parse((await corsgate(["convert", CORSGATE, "--to", "istio"])).stdout) as { corsPolicy: Record<string, unknown> };
    expect(istio.corsPolicy["allowOrigins"]).toEqual([{ exact: "https://app.example.com" }, { regex: "https://[a-z0-9-][a-z0-9.-]*\\.example\\.org" }]);
    expect(istio.corsPolicy["maxAge"]).toBe("10m");
    // The bare fragments are policy files too.
    const file = temporaryFile("fragment.yaml", (await corsgate(["convert", CORSGATE, "--to", "istio"])).stdout);
    const check = await corsgate(["check", file, "--origin", "https://deep.a.example.org", "--credentials"]);
    expect(check.code).toBe(0);
  });

  it("--json prints the conversion as JSON, with precedence notes", async () => {
    const file = temporaryFile("routes.yaml", "routes:\n  - match: {uri: {prefix: /api/}}\n    policy: {allowOrigins: ['https://a.example']}\n  - match: {uri: {exact: /api/login}}\n");
    const result = await corsgate(["convert", file, "--to", "gateway-api", "--json"]);
    expect(result.code).toBe(0);
    const converted = JSON.parse(result.stdout) as { rules: unknown[]; notes: string[] };
    expect(converted.rules).toEqual([
      { matches: [{ path: { type: "RegularExpression", value: "/api/.*" } }], filters: [{ type: "CORS", cors: { allowOrigins: ["https://a.example"] } }] },
      { matches: [{ path: { type: "Exact", value: "/api/login" } }] },
    ]);
    expect(converted.notes).toEqual([expect.stringContaining("tries rules[1] (from routes[1]) before rules[0]")]);
  });

  it("needs --to with a known format", async () => {
    const result = await corsgate(["convert", CORSGATE, "--to", "nginx"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--to istio|gateway-api|kgateway|agentgateway|corsgate");
  });
});
