// The demo without a browser: its command line, its start-up messages, and the HTTP endpoints the page uses.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { get } from "node:http";
import { createServer } from "node:net";
import type { AddressInfo, Server } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseOptions } from "../../demo/options.js";
import { startDemo } from "../../demo/start.js";
import type { RunningDemo } from "../../demo/start.js";

const repository = fileURLToPath(new URL("../../", import.meta.url));

describe("demo options", () => {
  it("defaults to 8080 and 8081", () => {
    expect(parseOptions([], {})).toEqual({ ok: true, help: false, options: { backendPort: 8080, frontendPort: 8081 } });
  });

  it("reads flags in both spellings, and flags win over the environment", () => {
    const parsed = parseOptions(["--backend-port", "9000", "--frontend-port=0"], { BACKEND_PORT: "7000", FRONTEND_PORT: "7001" });
    expect(parsed).toEqual({ ok: true, help: false, options: { backendPort: 9000, frontendPort: 0 } });
  });

  it("reads BACKEND_PORT and FRONTEND_PORT", () => {
    expect(parseOptions([], { BACKEND_PORT: "7000", FRONTEND_PORT: "7001" })).toEqual({
      ok: true,
      help: false,
      options: { backendPort: 7000, frontendPort: 7001 },
    });
  });

  it("reports every problem at once", () => {
    const parsed = parseOptions(["--backend-port", "70000", "--verbose", "--frontend-port"], { FRONTEND_PORT: "http" });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toEqual([
      'unknown argument "--verbose"',
      "--frontend-port needs a value",
      '--backend-port: "70000" is not a port (0–65535)',
      'FRONTEND_PORT: "http" is not a port (0–65535)',
    ]);
  });

  it("refuses one port for both servers: two origins need two ports", () => {
    const parsed = parseOptions(["--backend-port", "9000", "--frontend-port", "9000"], {});
    expect(parsed.ok).toBe(false);
  });
});

describe("npm run demo (demo/main.ts as a child process)", () => {
  let child: ChildProcess | undefined;
  let blocker: Server | undefined;

  afterEach(async () => {
    if (child !== undefined && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child?.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
    }
    child = undefined;
    if (blocker !== undefined) await new Promise((resolve) => blocker?.close(resolve));
    blocker = undefined;
  });

  function run(args: string[]): { output: () => string; exit: Promise<number | null> } {
    let output = "";
    const started = spawn(process.execPath, ["--import", "tsx", "demo/main.ts", ...args], {
      cwd: repository,
      env: { ...process.env, BACKEND_PORT: "", FRONTEND_PORT: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = started;
    started.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    started.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    const exit = new Promise<number | null>((resolve) => started.once("exit", (code) => resolve(code)));
    return { output: () => output, exit };
  }

  it("prints both origins and what to do, serves the page, and stops on SIGTERM", async () => {
    const demo = run(["--backend-port", "0", "--frontend-port", "0"]);
    const deadline = Date.now() + 20_000;
    while (!demo.output().includes("Ctrl+C") && Date.now() < deadline && child?.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const output = demo.output();
    const frontend = /frontend \(the page\):\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(output)?.[1];
    const backend = /backend \(details service, corsgate\):\s+(http:\/\/127\.0\.0\.1:\d+)\/details\/0/.exec(output)?.[1];
    expect(frontend, output).toBeDefined();
    expect(backend, output).toBeDefined();
    expect(output).toContain(`Add ${frontend} to allowOrigins`);

    const page = await fetch(`${frontend}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`<meta name="backend-origin" content="${backend}">`);
    const details = await fetch(`${backend}/details/0`);
    expect(((await details.json()) as { author: string }).author).toBe("William Shakespeare");

    child?.kill("SIGTERM");
    expect(await demo.exit).toBe(0);
  });

  it("says which port is taken, in one line, and exits with 1", async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker?.listen(0, "127.0.0.1", resolve));
    const taken = (blocker.address() as AddressInfo).port;
    const demo = run(["--backend-port", String(taken), "--frontend-port", "0"]);
    expect(await demo.exit).toBe(1);
    const lines = demo.output().trim().split("\n");
    expect(lines).toEqual([
      `demo: port ${taken} for the backend is already in use; choose another with --backend-port <port> or BACKEND_PORT=<port> (0 picks a free one)`,
    ]);
  });

  it("exits with 1 and the usage on a bad argument", async () => {
    const demo = run(["--backend-port", "x"]);
    expect(await demo.exit).toBe(1);
    expect(demo.output()).toContain('--backend-port: "x" is not a port');
    expect(demo.output()).toContain("Usage: npm run demo");
  });
});

describe("the demo's HTTP endpoints", () => {
  let demo: RunningDemo;

  beforeAll(async () => {
    demo = await startDemo({ backendPort: 0, frontendPort: 0 });
  });
  afterAll(async () => {
    await demo.close();
  });

  async function putPolicy(form: string, text: string, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${demo.frontendOrigin}/api/policy`, {
      method: "PUT",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ form, text }),
    });
  }

  it("logs corsgate's decisions per request id, with explain()'s sentence and the status the backend sent", async () => {
    await fetch(`${demo.backendOrigin}/details/1?demo-request=abc-1`, { headers: { origin: "https://example.com" } });
    await fetch(`${demo.backendOrigin}/details/1?demo-request=other`, { headers: { origin: "https://evil.example" } });
    const log = (await (await fetch(`${demo.frontendOrigin}/api/decisions?request=abc-1`)).json()) as {
      entries: { requestId: string; decision: { allowed: boolean; headers: Record<string, string> }; explanation: string; responseStatus: number }[];
    };
    expect(log.entries).toHaveLength(1);
    expect(log.entries[0]?.requestId).toBe("abc-1");
    expect(log.entries[0]?.decision.allowed).toBe(true);
    expect(log.entries[0]?.decision.headers).toEqual({ "access-control-allow-origin": "https://example.com" });
    expect(log.entries[0]?.explanation).toContain("https://example.com");
    expect(log.entries[0]?.responseStatus).toBe(200);
  });

  it("answers 422 with every issue for an invalid policy, and keeps the old one", async () => {
    const response = await putPolicy("corsgate", "allowOrigins: []\nallowHeaders: ['bad header']\nmaxAge: -1\n");
    expect(response.status).toBe(422);
    const { issues } = (await response.json()) as { issues: { code: string; path: string }[] };
    expect(issues.map((issue) => [issue.code, issue.path])).toEqual(
      expect.arrayContaining([
        ["origins-missing", "allowOrigins"],
        ["header-invalid", "allowHeaders[0]"],
        ["maxage-invalid", "maxAge"],
      ]),
    );
    expect(issues).toHaveLength(3);
    const current = (await (await fetch(`${demo.frontendOrigin}/api/policy`)).json()) as { text: string };
    expect(current.text).toContain("https://example.com");
  });

  it("reports YAML syntax errors with their line and column", async () => {
    const response = await putPolicy("corsgate", "allowOrigins:\n  - https://example.com\n bad: [\n");
    expect(response.status).toBe(422);
    const { issues } = (await response.json()) as { issues: { code: string; path: string }[] };
    expect(issues.length).toBeGreaterThan(0);
    for (const issue of issues) {
      expect(issue.code).toBe("yaml-invalid");
      expect(issue.path).toMatch(/^line \d+, column \d+$/);
    }
  });

  it("applies a valid policy at once, without a restart", async () => {
    const response = await putPolicy("corsgate", "allowOrigins: [https://app.example.com]\nallowHeaders: [X-Demo-User]\n");
    expect(response.status).toBe(200);
    expect(((await response.json()) as { config: { allowHeaders: string[] } }).config.allowHeaders).toEqual(["x-demo-user"]);
    const preflight = await fetch(`${demo.backendOrigin}/details/0`, {
      method: "OPTIONS",
      headers: { origin: "https://app.example.com", "access-control-request-method": "PUT", "access-control-request-headers": "x-demo-user" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-headers")).toBe("x-demo-user");
  });

  it("reads the Istio form through corsgate/mesh, with its translation warnings", async () => {
    const response = await putPolicy("istio", "allowOrigin: [https://app.example.com]\nmaxAge: 1h30m\n");
    expect(response.status).toBe(200);
    const view = (await response.json()) as { form: string; config: { allowOrigins: unknown[]; maxAge: number; unmatchedPreflights: string }; warnings: { code: string }[] };
    expect(view.form).toBe("istio");
    expect(view.config).toMatchObject({ maxAge: 5400, unmatchedPreflights: "forward" });
    const allowed = await fetch(`${demo.backendOrigin}/details/0`, { headers: { origin: "https://app.example.com" } });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
    expect(view.warnings.map((warning) => warning.code)).toEqual(["deprecated-field"]);
    const asCorsgate = (await (await fetch(`${demo.frontendOrigin}/api/policy?form=corsgate`)).json()) as { form: string; text: string };
    expect(asCorsgate.form).toBe("corsgate");
    expect(asCorsgate.text).toContain("unmatchedPreflights: forward");

    const invalid = await putPolicy("istio", "corsPolicy:\n  allowOrigins: [{ exact: https://app.example.com }]\n  maxAge: 60\n  allowMethod: [PUT]\n");
    expect(invalid.status).toBe(422);
    const { issues } = (await invalid.json()) as { issues: { code: string; path: string }[] };
    expect(issues.map((issue) => [issue.code, issue.path])).toEqual(
      expect.arrayContaining([
        ["type-invalid", "corsPolicy.maxAge"],
        ["unknown-field", "corsPolicy.allowMethod"],
      ]),
    );
  });

  it("refuses writes from other origins, requests for other host names, and browsers at the backend's admin", async () => {
    const crossSite = await putPolicy("corsgate", "allowOrigins: ['*']\n", { origin: "https://evil.example" });
    expect(crossSite.status).toBe(403);
    // fetch() sends its own Host header; a DNS-rebinding page's request names the attacker's host.
    const rebound = (origin: string, path: string) =>
      new Promise<number | undefined>((resolve, reject) => {
        const port = Number(new URL(origin).port);
        get({ host: "127.0.0.1", port, path, headers: { host: `evil.example:${port}` } }, (response) => {
          response.resume();
          resolve(response.statusCode);
        }).on("error", reject);
      });
    expect(await rebound(demo.frontendOrigin, "/api/policy")).toBe(421);
    expect(await rebound(demo.backendOrigin, "/admin/policy")).toBe(421);
    const direct = await fetch(`${demo.backendOrigin}/admin/policy`, { headers: { origin: demo.frontendOrigin } });
    expect(direct.status).toBe(403);
    const current = (await (await fetch(`${demo.frontendOrigin}/api/policy`)).json()) as { text: string };
    expect(current.text).not.toContain("'*'");
  });

  it("PUT and DELETE need the x-demo-user header", async () => {
    const without = await fetch(`${demo.backendOrigin}/details/0`, { method: "PUT" });
    expect(without.status).toBe(400);
    const withHeader = await fetch(`${demo.backendOrigin}/details/0`, { method: "PUT", headers: { "x-demo-user": "bob" } });
    expect(withHeader.status).toBe(200);
    expect(((await withHeader.json()) as { reviewedBy: string }).reviewedBy).toBe("bob");
  });
});
