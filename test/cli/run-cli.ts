/** Runs the `corsgate` command as a real process: tsx on the source, so no build is needed. Shared by the CLI suites. */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
export const root = join(import.meta.dirname, "..", "..");
export const tsx = join(root, "node_modules", ".bin", "tsx");
export const CLI_SOURCE = join(root, "src", "cli", "main.ts");
export const fixture = (name: string): string => join(root, "test", "fixtures", "mesh", name);
export const ISTIO = fixture("istio-virtualservice.yaml");
export const GATEWAY = fixture("gateway-httproute.yaml");
export const CORSGATE = fixture("corsgate-policy.yaml");

export interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The command's exit code and output; a non-zero exit is a result, not an exception. */
export async function corsgate(args: readonly string[], environment: Record<string, string> = {}): Promise<Result> {
  try {
    const { stdout, stderr } = await run(tsx, [CLI_SOURCE, ...args], { cwd: root, env: { ...process.env, NO_COLOR: "", ...environment } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof failed.code !== "number") throw error;
    return { code: failed.code, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}
