/**
 * Both builds of the package, loaded by the package's own name so that Node (and Vite) resolve them through
 * the `exports` map of package.json: `import` gives dist/*.js, `require` gives dist/*.cjs. `npm test` builds
 * before the unit tests run. The specifier is a variable so that `tsc` (which runs before the build in a fresh
 * clone) does not need dist/ to exist; types come from ./api.ts, written from the SPEC.
 */
import { createRequire } from "node:module";
import type { CoreApi } from "./api.js";

const requireFromHere = createRequire(import.meta.url);

export const packageName = "corsgate";
export const subpaths = ["node", "express", "fastify", "fetch", "mesh", "verify"] as const;

export async function importEntry(specifier: string): Promise<Record<string, unknown>> {
  return (await import(/* @vite-ignore */ specifier)) as Record<string, unknown>;
}

export function requireEntry(specifier: string): Record<string, unknown> {
  return requireFromHere(specifier) as Record<string, unknown>;
}

export function resolveRequire(specifier: string): string {
  return requireFromHere.resolve(specifier);
}

export const esm = (await importEntry(packageName)) as unknown as CoreApi;
export const cjs = requireEntry(packageName) as unknown as CoreApi;

export interface Build {
  name: "esm" | "cjs";
  api: CoreApi;
}

/** For `describe.each(builds)("$name build", ...)`: every SPEC test runs against both builds. */
export const builds: readonly Build[] = [
  { name: "esm", api: esm },
  { name: "cjs", api: cjs },
];
