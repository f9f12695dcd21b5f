import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "esbuild";

const root = resolve(import.meta.dirname, "../../..");

/** Bundles test/adapters/runtime/<entry>.ts (and the src/ it imports) into one ES module file. */
export async function bundle(directory: string, entry: string, platform: "neutral" | "node"): Promise<string> {
  const outfile = join(directory, `${entry}.js`);
  await build({
    entryPoints: [join(root, "test/adapters/runtime", `${entry}.ts`)],
    outfile,
    bundle: true,
    format: "esm",
    platform,
    target: "es2022",
    logLevel: "silent",
  });
  return outfile;
}

export function temporaryDirectory(): Promise<string> {
  return mkdtemp(join(tmpdir(), "corsgate-runtimes-"));
}

export function removeDirectory(directory: string): Promise<void> {
  return rm(directory, { recursive: true, force: true });
}

/** A server process that printed `{"port": n}` on its first line of output. */
export interface SpawnedServer {
  readonly origin: string;
  stop(): Promise<void>;
}

/** Starts `node_modules/.bin/<binary> ...args` and waits for it to print its port. */
export function spawnServer(binary: string, args: readonly string[], environment: Record<string, string> = {}): Promise<SpawnedServer> {
  const child: ChildProcess = spawn(join(root, "node_modules/.bin", binary), args, {
    env: { ...process.env, NO_COLOR: "1", DO_NOT_TRACK: "1", ...environment },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stop = (): Promise<void> =>
    new Promise((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once("exit", () => done());
      child.kill("SIGTERM");
    });
  return new Promise((resolvePromise, reject) => {
    let output = "";
    let errors = "";
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${binary} printed no port within 30 s; stdout: ${output}; stderr: ${errors}`));
    }, 30_000);
    child.stderr?.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const line = /\{"port":\d+\}/.exec(output);
      if (line !== null) {
        clearTimeout(timer);
        resolvePromise({ origin: `http://127.0.0.1:${(JSON.parse(line[0]) as { port: number }).port}`, stop });
      }
    });
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${binary} exited with ${code}; stdout: ${output}; stderr: ${errors}`));
    });
  });
}
