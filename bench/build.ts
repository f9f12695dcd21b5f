/**
 * Bundles the benchmark entry points with esbuild, as tsup bundles the package: the core's `const enum`s are
 * inlined and no TypeScript loader runs while measuring. Peer libraries stay external (loaded from
 * node_modules as users load them). Output: .cache/bench/*.mjs.
 */
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const OUT_DIR = join(ROOT, ".cache", "bench");

const ENTRIES = {
  "compare-main": "bench/micro/compare-main.ts",
  "scale-main": "bench/micro/scale-main.ts",
  "memory-main": "bench/micro/memory-main.ts",
  "server-main": "bench/servers/server-main.ts",
  "pipeline-main": "bench/servers/pipeline-main.ts",
  "profile-main": "bench/micro/profile-main.ts",
} as const;

export type EntryName = keyof typeof ENTRIES;

export async function buildEntries(): Promise<Record<EntryName, string>> {
  await build({
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, path]) => [name, join(ROOT, path)])),
    outdir: OUT_DIR,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: "linked", // readable --cpu-prof output
    logLevel: "warning",
  });
  const paths = {} as Record<EntryName, string>;
  for (const name of Object.keys(ENTRIES) as EntryName[]) paths[name] = join(OUT_DIR, `${name}.mjs`);
  return paths;
}
