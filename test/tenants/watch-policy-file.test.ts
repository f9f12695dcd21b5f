import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { evaluate, isCorsConfigError } from "../../src/index.js";
import type { CorsPolicy } from "../../src/index.js";
import { watchPolicyFile } from "../../src/watch/index.js";
import type { PolicyFileFailure, PolicyFileWatcher } from "../../src/watch/index.js";
import { startAdapter } from "../adapters/helpers/servers.js";
import { corsHeaders, send } from "../adapters/helpers/http-client.js";

const directories: string[] = [];
const watchers: PolicyFileWatcher[] = [];

afterEach(() => {
  for (const watcher of watchers.splice(0)) watcher.close();
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function scratch(): string {
  const directory = mkdtempSync(join(tmpdir(), "corsgate-watch-"));
  directories.push(directory);
  return directory;
}

function follow(path: string, failures: PolicyFileFailure[] = []): PolicyFileWatcher {
  const watcher = watchPolicyFile(path, { debounce: 20, onError: (failure) => failures.push(failure) });
  watchers.push(watcher);
  return watcher;
}

const yamlPolicy = (origin: string): string => `allowOrigins:\n  - ${origin}\nallowMethods: [PUT]\n`;
const allows = (watcher: PolicyFileWatcher, origin: string, url = "/"): boolean => {
  const policy = watcher({ method: "OPTIONS", url, headers: { origin, "access-control-request-method": "PUT" } });
  return policy !== undefined && evaluate({ method: "OPTIONS", headers: { origin, "access-control-request-method": "PUT" } }, policy).allowed;
};

async function eventually(check: () => boolean): Promise<void> {
  for (let round = 0; round < 300; round++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("the new version never showed");
}

/** What the kubelet does to a ConfigMap volume: a new timestamped directory, then `..data` swapped by rename. */
function configMapUpdate(mount: string, files: Record<string, string>, stamp: string): void {
  const dataDirectory = `..${stamp}`;
  mkdirSync(join(mount, dataDirectory));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(mount, dataDirectory, name), text);
  symlinkSync(dataDirectory, join(mount, "..data_tmp"));
  renameSync(join(mount, "..data_tmp"), join(mount, "..data")); // atomic swap of the symlink
}

describe("watchPolicyFile", () => {
  it("follows a Kubernetes ConfigMap volume: ..data swapped atomically, the file a symlink through it", async () => {
    const mount = scratch();
    configMapUpdate(mount, { "cors.yaml": yamlPolicy("https://one.example") }, "2026_12_05_10_00_00.000000001");
    symlinkSync("..data/cors.yaml", join(mount, "cors.yaml"));
    const watcher = follow(join(mount, "cors.yaml"));
    expect(allows(watcher, "https://one.example")).toBe(true);

    configMapUpdate(mount, { "cors.yaml": yamlPolicy("https://two.example") }, "2026_12_05_10_01_00.000000002");
    await eventually(() => allows(watcher, "https://two.example"));
    expect(allows(watcher, "https://one.example")).toBe(false);
    expect(watcher.current.version).toBe(2);

    configMapUpdate(mount, { "cors.yaml": yamlPolicy("https://three.example") }, "2026_12_05_10_02_00.000000003");
    await eventually(() => allows(watcher, "https://three.example"));
  });

  it("follows an editor that writes a new file and renames it over the old one", async () => {
    const directory = scratch();
    const file = join(directory, "cors.json");
    writeFileSync(file, JSON.stringify({ allowOrigins: ["https://one.example"], allowMethods: ["PUT"] }));
    const watcher = follow(file);
    for (const origin of ["https://two.example", "https://three.example"]) {
      writeFileSync(join(directory, ".cors.json.swp"), JSON.stringify({ allowOrigins: [origin], allowMethods: ["PUT"] }));
      renameSync(join(directory, ".cors.json.swp"), file);
      await eventually(() => allows(watcher, origin));
    }
  });

  it("keeps the last good policy when an edit is invalid, reports it once, and takes the next valid edit", async () => {
    const directory = scratch();
    const file = join(directory, "cors.yaml");
    writeFileSync(file, yamlPolicy("https://one.example"));
    const failures: PolicyFileFailure[] = [];
    const watcher = follow(file, failures);
    const before = watcher({});

    writeFileSync(file, "allowOrigins: []\nallowCredentials: yes-please\n");
    await eventually(() => failures.length > 0);
    expect(watcher({})).toBe(before);
    expect(failures).toHaveLength(1);
    expect(failures[0]?.code).toBe("config-invalid");
    expect(isCorsConfigError(failures[0]?.error)).toBe(true);
    expect(failures[0]?.issues.map((issue) => issue.path).sort()).toEqual(["allowCredentials", "allowOrigins"]);

    writeFileSync(file, "allowOrigins: [\n"); // not YAML at all
    await eventually(() => failures.length > 1);
    expect(failures[1]?.code).toBe("file-invalid");
    expect(watcher({})).toBe(before);

    writeFileSync(file, yamlPolicy("https://two.example"));
    await eventually(() => allows(watcher, "https://two.example"));
  });

  it("follows an Istio VirtualService with per-route policies, behind a real adapter", async () => {
    const directory = scratch();
    const file = join(directory, "virtual-service.yaml");
    const virtualService = (origin: string): string => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: api }
spec:
  hosts: [api.example.com]
  http:
    - match: [{ uri: { prefix: /api/ } }]
      corsPolicy:
        allowOrigins: [{ exact: "${origin}" }]
        allowMethods: [PUT]
      route: [{ destination: { host: api } }]
    - route: [{ destination: { host: web } }]
`;
    writeFileSync(file, virtualService("https://one.example"));
    const watcher = follow(file);
    expect(watcher.current).toMatchObject({ format: "istio", shape: "routes" });
    const server = await startAdapter("express5", watcher as never);
    try {
      const preflight = (origin: string, path = "/api/items") =>
        send(`${server.origin}${path}`, "OPTIONS", { origin, "access-control-request-method": "PUT" });
      expect(corsHeaders(await preflight("https://one.example"))["access-control-allow-origin"]).toBe("https://one.example");
      writeFileSync(file, virtualService("https://two.example"));
      await eventually(() => allows(watcher, "https://two.example", "/api/items"));
      expect(corsHeaders(await preflight("https://two.example"))["access-control-allow-origin"]).toBe("https://two.example");
      expect(corsHeaders(await preflight("https://one.example"))).toEqual({});
      expect(watcher({ url: "/elsewhere" })).toBeUndefined(); // the route without a corsPolicy: no CORS there
    } finally {
      await server.close();
    }
  });

  it("refuses a file that cannot be taken at start", () => {
    const directory = scratch();
    const file = join(directory, "cors.yaml");
    writeFileSync(file, "allowOrigins: []\n");
    expect(() => watchPolicyFile(file)).toThrow();
    expect(() => watchPolicyFile(join(directory, "missing.yaml"))).toThrow(/cannot read|does not exist/);
  });

  it("stops following after close(), and keeps serving the last version", async () => {
    const directory = scratch();
    const file = join(directory, "cors.yaml");
    writeFileSync(file, yamlPolicy("https://one.example"));
    const watcher = follow(file);
    const served: CorsPolicy | undefined = watcher({});
    watcher.close();
    writeFileSync(file, yamlPolicy("https://two.example"));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(watcher({})).toBe(served);
  });
});
