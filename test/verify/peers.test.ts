// Real peers and real misconfigurations: each gives the exact finding expected.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fastifyCors from "@fastify/cors";
import cors from "cors";
import express from "express";
import fastify from "fastify";
import { afterAll, describe, expect, it } from "vitest";
import { withCors } from "../../src/adapters/node.js";
import { createPolicy } from "../../src/core/compile.js";
import { evaluate } from "../../src/core/evaluate.js";
import { auditServer, verifyPolicy } from "../../src/verify/index.js";
import type { Finding } from "../../src/verify/index.js";

const closers: (() => Promise<unknown> | void)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const fast = { rate: 1000, concurrency: 4 };
const messages = (findings: readonly Finding[]): string[] => findings.map((finding) => finding.message);

describe("real misconfigurations", () => {
  it("Express cors({ origin: true, credentials: true }) reflects any origin with credentials", async () => {
    const app = express();
    app.use(cors({ origin: true, credentials: true }));
    app.get("/api", (_request, response) => void response.json({ ok: true }));
    const origin = await listen(createServer(app));
    const policy = { allowOrigins: ["https://app.example.com"], allowCredentials: true };
    const result = await verifyPolicy(policy, { url: `${origin}/api`, ...fast });
    expect(messages(result.findings)).toContain("https://corsgate-probe.invalid was allowed — the policy does not allow it (the server appears to allow any origin)");
    expect(messages(result.findings)).toContain("https://evil-app.example.com was allowed — the policy does not allow it (the server appears to match origins by suffix)");
    const audit = await auditServer({ url: `${origin}/api`, origin: "https://app.example.com", ...fast });
    const found = audit.findings.find((finding) => finding.code === "any-origin-reflected-with-credentials");
    expect(found?.severity).toBe("high");
    // The fix is a policy corsgate accepts, allowing the trusted origin only.
    expect(createPolicy(found!.fix).config.allowOrigins).toEqual(["https://app.example.com"]);
  });

  it("cors with the unanchored regex /example\\.com$/ accepts evil-example.com", async () => {
    const app = express();
    app.use(cors({ origin: /example\.com$/ }));
    app.get("/", (_request, response) => void response.send("ok"));
    const origin = await listen(createServer(app));
    const result = await verifyPolicy({ allowOrigins: ["https://example.com"] }, { url: `${origin}/`, ...fast });
    expect(messages(result.findings)).toContain("https://evil-example.com was allowed — the policy does not allow it (the server appears to match origins by suffix)");
    const audit = await auditServer({ url: `${origin}/`, origin: "https://example.com", ...fast });
    expect(audit.findings.map((finding) => finding.code)).toContain("origin-suffix-match");
    expect(audit.findings.map((finding) => finding.code)).not.toContain("any-origin-reflected");
  });

  // @fastify/cors 11 answers a preflight with "Vary: Origin, Access-Control-Request-Headers": the method is missing.
  it("@fastify/cors answers a preflight without Vary: Access-Control-Request-Method", async () => {
    const app = fastify();
    await app.register(fastifyCors, { origin: ["https://app.example.com"], methods: ["GET", "PUT"] });
    app.get("/", async () => "ok");
    await app.listen({ port: 0, host: "127.0.0.1" });
    closers.push(() => app.close());
    const address = app.server.address() as AddressInfo;
    const result = await verifyPolicy({ allowOrigins: ["https://app.example.com"], allowMethods: ["PUT"] }, { url: `http://127.0.0.1:${address.port}/`, ...fast });
    const vary = result.findings.filter((finding) => finding.code === "vary-missing");
    expect(vary.map((finding) => finding.message)).toContain(
      "the preflight answer's Vary lacks Access-Control-Request-Method: a cache can serve one preflight's answer to another origin or request",
    );
  });

  it("a server that drops CORS headers on 401", async () => {
    const server = createServer((request, response) => {
      if (request.headers.authorization !== "Bearer good") {
        response.writeHead(401, { "content-type": "text/plain" }).end("unauthorized");
        return;
      }
      response.writeHead(200, { "access-control-allow-origin": "https://app.example.com", vary: "Origin" }).end("ok");
    });
    const origin = await listen(server);
    const policy = { allowOrigins: ["https://app.example.com"] };
    const result = await verifyPolicy(policy, { url: `${origin}/private`, ...fast });
    expect(messages(result.findings)).toContain(
      "GET /private from https://app.example.com answered 401 without Access-Control-Allow-Origin — the policy allows it: the server drops CORS headers on error responses, so the page cannot read the error",
    );
  });
});

describe("a deployed policy that drifted from the file", () => {
  it("names a longer preflight cache and missing exposed headers", async () => {
    const deployed = { allowOrigins: ["https://app.example.com"], allowMethods: ["PUT"], maxAge: 86400 };
    const origin = await listen(createServer(withCors(deployed, (_request, response) => void response.end("ok"))));
    const written = { allowOrigins: ["https://app.example.com"], allowMethods: ["PUT"], maxAge: "10m", exposeHeaders: ["x-total"] };
    const result = await verifyPolicy(written, { url: `${origin}/items`, ...fast });
    expect(messages(result.findings).sort()).toEqual([
      "Access-Control-Expose-Headers is absent — the policy exposes x-total: scripts read other response headers than intended",
      "Access-Control-Max-Age 86400: browsers keep this preflight 2 h (Chromium) / 24 h (Firefox) after a policy change — the policy says 600",
    ]);
  });
});

function nginxPath(): string | undefined {
  try {
    return execFileSync("sh", ["-c", "command -v nginx || ls /usr/sbin/nginx"], { encoding: "utf8" }).trim().split("\n")[0] || undefined;
  } catch {
    return undefined;
  }
}

const nginx = nginxPath();
if (nginx === undefined && process.env["CI"] === undefined) {
  console.warn("verify peers: nginx is not installed (apt-get install nginx); the nginx test is skipped");
}

describe.skipIf(nginx === undefined && process.env["CI"] === undefined)("Debian nginx with the common if ($http_origin ~* ...) snippet", () => {
  it("is found to match origins by suffix and by prefix", async () => {
    const probe = createServer();
    const port = Number(new URL(await listen(probe)).port);
    await new Promise((resolve) => probe.close(resolve));
    const prefix = mkdtempSync(join(tmpdir(), "corsgate-nginx-"));
    mkdirSync(join(prefix, "logs"));
    const conf = join(prefix, "nginx.conf");
    writeFileSync(
      conf,
      `worker_processes 1;
pid ${join(prefix, "nginx.pid")};
error_log ${join(prefix, "logs", "error.log")};
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${prefix}/body; proxy_temp_path ${prefix}/proxy; fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi; scgi_temp_path ${prefix}/scgi;
  server {
    listen 127.0.0.1:${port};
    location / {
      if ($http_origin ~* "example.com") {
        add_header Access-Control-Allow-Origin "$http_origin" always;
        add_header Access-Control-Allow-Credentials "true" always;
      }
      return 200 "ok";
    }
  }
}
`,
    );
    const child: ChildProcess = spawn(nginx as string, ["-p", prefix, "-c", conf, "-g", "daemon off;"], { stdio: "ignore" });
    closers.push(async () => {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
      rmSync(prefix, { recursive: true, force: true });
    });
    const url = `http://127.0.0.1:${port}/`;
    for (let attempt = 0; attempt < 50; attempt += 1) {
      try {
        await fetch(url);
        break;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    const result = await verifyPolicy({ allowOrigins: ["https://example.com"], allowCredentials: true }, { url, ...fast });
    expect(messages(result.findings)).toContain("https://evil-example.com was allowed — the policy does not allow it (the server appears to match origins by suffix)");
    expect(messages(result.findings)).toContain("https://example.com.evil.test was allowed — the policy does not allow it (the server appears to match origins by prefix)");
    expect(messages(result.findings)).toContain("Vary lacks Origin while Access-Control-Allow-Origin echoes the origin: shared caches can serve one origin's answer to another");
    const audit = await auditServer({ url, origin: "https://example.com", ...fast });
    expect(audit.findings.map((finding) => finding.code).sort()).toEqual(["origin-prefix-match", "origin-scheme-downgrade", "origin-suffix-match", "origin-unescaped-dot", "vary-missing"]);
    // Every fix is a policy corsgate accepts, and it refuses the bypass that was found.
    for (const finding of audit.findings) {
      const fixed = createPolicy(finding.fix);
      if (finding.origin !== undefined && finding.origin !== "https://example.com") {
        expect(evaluate({ method: "GET", headers: { origin: finding.origin } }, fixed).allowed, finding.code).toBe(false);
      }
    }
  });
});
