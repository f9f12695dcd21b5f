// Proves the core (and corsgate/precompiled, corsgate/tenants) runs on every runtime: it type-checks without Node's types, bundles for a neutral
// platform, and the bundle mentions no `node:` module and no `process`.
import { build } from "esbuild";
import { execFileSync } from "node:child_process";

execFileSync("npx", ["tsc", "--noEmit", "-p", "tsconfig.core.json"], { stdio: "inherit" });

for (const entry of ["src/index.ts", "src/precompiled.ts", "src/tenants/index.ts"]) {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: "neutral",
    format: "esm",
    write: false,
    logLevel: "silent",
  });
  const code = result.outputFiles[0].text;
  const problems = [];
  if (/\bfrom\s*["']node:|require\(\s*["']node:|import\(\s*["']node:/.test(code)) problems.push("imports a node: module");
  if (/\bprocess\b/.test(code)) problems.push("mentions process");
  if (/\bBuffer\b/.test(code)) problems.push("mentions Buffer");
  if (problems.length > 0) {
    console.error(`check-neutral: the ${entry} bundle ${problems.join(" and ")}`);
    process.exit(1);
  }
  console.log(`check-neutral: ${entry} bundles for a neutral platform (${code.length} bytes, no node: imports, no process)`);
}
