// `corsgate verify` and `corsgate audit` as real processes against real servers: output and exit codes 0 / 1 / 2.
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withCors } from "../../src/adapters/node.js";
import { corsgate } from "../cli/run-cli.js";

const directory = mkdtempSync(join(tmpdir(), "corsgate-verify-cli-"));
const policyFile = join(directory, "policy.json");
const otherFile = join(directory, "other.json");
writeFileSync(policyFile, JSON.stringify({ allowOrigins: ["https://app.example.com"], allowMethods: ["PUT"] }));
writeFileSync(otherFile, JSON.stringify({ allowOrigins: ["https://other.example.com"] }));

let url = "";
const server = createServer(withCors({ allowOrigins: ["https://app.example.com"], allowMethods: ["PUT"] }, (_request, response) => void response.end("ok")));
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const fast = ["--rate", "500", "--concurrency", "4"];

describe("corsgate verify", () => {
  it("exits 0 when every probe agrees", async () => {
    const result = await corsgate(["verify", policyFile, "--url", url, ...fast]);
    expect(result.stdout).toContain("every probe agrees with the policy");
    expect(result.code).toBe(0);
  });

  it("exits 1 with the findings when the server answers another policy", async () => {
    const result = await corsgate(["verify", otherFile, "--url", url, ...fast]);
    expect(result.stdout).toContain("GET from https://other.example.com: no Access-Control-Allow-Origin — the policy allows it; is the policy applied to /api?");
    expect(result.stdout).toMatch(/✘ \d+ findings? \(\d+ errors?\): the server does not answer as the policy says/);
    expect(result.code).toBe(1);
  });

  it("--json and --junit carry the same findings", async () => {
    const json = await corsgate(["verify", otherFile, "--url", url, "--json", ...fast]);
    const parsed = JSON.parse(json.stdout) as { findings: { code: string }[]; probes: unknown[] };
    expect(new Set(parsed.findings.map((finding) => finding.code))).toEqual(new Set(["refused-by-server"]));
    const junit = await corsgate(["verify", otherFile, "--url", url, "--junit", ...fast]);
    expect(junit.code).toBe(1);
    expect(junit.stdout).toMatch(/^<\?xml/);
    expect(junit.stdout).toContain(`tests="${parsed.probes.length}"`);
    expect(junit.stdout).toContain('<failure type="refused-by-server"');
  });

  it("exits 2 with a plain message on an unreachable URL", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await corsgate(["verify", policyFile, "--url", `http://127.0.0.1:${port}/`]);
    expect(result.stderr.trim()).toBe(`corsgate: cannot reach http://127.0.0.1:${port}: ECONNREFUSED`);
    expect(result.code).toBe(2);
  });

  it("exits 2 on bad input", async () => {
    expect((await corsgate(["verify", policyFile])).stderr).toContain("verify needs --url");
    expect((await corsgate(["verify", policyFile, "--url", "ftp://x"])).code).toBe(2);
    expect((await corsgate(["verify", policyFile, "--url", url, "--rate", "0"])).stderr).toContain("--rate must be a positive number");
    expect((await corsgate(["verify", join(directory, "missing.json"), "--url", url])).code).toBe(2);
  });
});

describe("corsgate audit", () => {
  it("exits 0 on a corsgate server with its trusted origin", async () => {
    const result = await corsgate(["audit", "--url", url, "--origin", "https://app.example.com", ...fast]);
    expect(result.stdout).toContain("none of the known misconfigurations found");
    expect(result.code).toBe(0);
  });
});
