/**
 * The load generator: Debian's `wrk` when installed, `autocannon` otherwise, pinned to its own core. One call
 * is one timed run against one server; it returns requests per second and refuses a run with errors.
 */
import { execFile, execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { ROOT, OUT_DIR } from "../build.js";
import { APP } from "../policies.js";
import { pinned } from "../pin.js";

const run = promisify(execFile);

export type LoadRequest = "allowed GET" | "preflight";
export const LOAD_REQUESTS: readonly LoadRequest[] = ["allowed GET", "preflight"];

/** What the load generator sends: a browser's allowed GET, and its preflight for a PUT with Content-Type. */
const REQUESTS: Readonly<Record<LoadRequest, { method: string; headers: Record<string, string> }>> = {
  "allowed GET": { method: "GET", headers: { Origin: APP } },
  preflight: { method: "OPTIONS", headers: { Origin: APP, "Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "content-type" } },
};

export const LOAD_CORE = "1";
export const CONNECTIONS = 32;

function hasWrk(): boolean {
  try {
    execFileSync("wrk", ["--version"], { stdio: "ignore" });
    return true;
  } catch (error) {
    // wrk --version exits 1 after printing its banner; only a missing binary is ENOENT.
    return (error as NodeJS.ErrnoException).code !== "ENOENT";
  }
}

export const TOOL: "wrk" | "autocannon" = process.env["BENCH_LOAD_TOOL"] === "autocannon" || !hasWrk() ? "autocannon" : "wrk";

function wrkScript(request: LoadRequest): string {
  const { method, headers } = REQUESTS[request];
  const path = join(OUT_DIR, `wrk-${request.replace(/\W+/g, "-")}.lua`);
  const lines = [`wrk.method = "${method}"`, ...Object.entries(headers).map(([name, value]) => `wrk.headers["${name}"] = "${value}"`)];
  // Count responses that are not 2xx as errors, so a misconfigured server cannot look fast.
  lines.push("bad = 0", "function response(status, headers, body) if status >= 300 then bad = bad + 1 end end");
  lines.push('done = function(summary, latency, requests) io.write(string.format("BAD %d\\n", bad)) end');
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(path, `${lines.join("\n")}\n`);
  return path;
}

/** One timed run: requests per second, and how many requests were completed. */
export interface LoadRun {
  readonly rps: number;
  readonly requests: number;
}

export async function loadOnce(port: number, request: LoadRequest, seconds: number): Promise<LoadRun> {
  const url = `http://127.0.0.1:${port}/`;
  if (TOOL === "wrk") {
    const script = wrkScript(request);
    const [command, args] = pinned(LOAD_CORE, "wrk", ["-t1", `-c${CONNECTIONS}`, `-d${seconds}s`, "-s", script, url]);
    const { stdout } = await run(command, args);
    const rate = /Requests\/sec:\s+([\d.]+)/.exec(stdout);
    const completed = /(\d+) requests in/.exec(stdout);
    const bad = /BAD (\d+)/.exec(stdout);
    const socketErrors = /Socket errors: (.*)/.exec(stdout);
    if (rate === null || completed === null) throw new Error(`bench: cannot read wrk's output:\n${stdout}`);
    if (bad !== null && Number(bad[1]) > 0) throw new Error(`bench: ${bad[1]} responses were not 2xx (${request} on port ${port})`);
    if (socketErrors !== null && !/connect 0, read 0, write 0, timeout 0/.test(socketErrors[1] ?? "")) {
      throw new Error(`bench: wrk socket errors: ${socketErrors[1]}`);
    }
    return { rps: Number(rate[1]), requests: Number(completed[1]) };
  }
  const { method, headers } = REQUESTS[request];
  const args = [join(ROOT, "node_modules", "autocannon", "autocannon.js"), "-c", String(CONNECTIONS), "-d", String(seconds), "-m", method, "--json"];
  for (const [name, value] of Object.entries(headers)) args.push("-H", `${name}=${value}`);
  args.push(url);
  const [command, commandArgs] = pinned(LOAD_CORE, process.execPath, args);
  const { stdout } = await run(command, commandArgs, { maxBuffer: 1 << 24 });
  const result = JSON.parse(stdout) as { requests: { average: number; total: number }; non2xx: number; errors: number };
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`bench: autocannon saw ${result.non2xx} non-2xx responses and ${result.errors} errors`);
  return { rps: result.requests.average, requests: result.requests.total };
}
