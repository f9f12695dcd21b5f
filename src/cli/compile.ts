/** `corsgate compile`: a policy file validated now and written as a module for `corsgate/precompiled`. */
import { writeFileSync } from "node:fs";
import { createPolicy } from "../core/compile.js";
import { precompilePolicy } from "../core/precompile.js";
import type { ParsedArguments } from "./args.js";
import { UsageError, single } from "./args.js";
import type { Io } from "./io.js";
import { issueLines, loadOrReport } from "./io.js";

const FORMATS = ["esm", "cjs"] as const;

/** The format Node gives a file by its extension alone (`.js` and `.ts` depend on package.json, so: undefined). */
function formatOfFile(file: string | undefined): "esm" | "cjs" | undefined {
  if (file === undefined) return undefined;
  if (/\.c[jt]s$/.test(file)) return "cjs";
  if (/\.m[jt]s$/.test(file)) return "esm";
  return undefined;
}

export function runCompile(parsed: ParsedArguments, io: Io): number {
  if (parsed.flags.has("json")) throw new UsageError("compile writes a JavaScript module; --json does not apply");
  const out = single(parsed, "out");
  const format = single(parsed, "format") ?? formatOfFile(out) ?? "esm";
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`compile needs --format ${FORMATS.join("|")}, not ${JSON.stringify(format)}`);
  const implied = formatOfFile(out);
  // Node decides by the extension: an ES module in a .cjs file (or the reverse) would fail when imported.
  if (implied !== undefined && implied !== format) throw new UsageError(`--out ${out} is read by Node as ${implied === "cjs" ? "CommonJS" : "an ES module"}; use --format ${implied} or another extension`);
  const importFrom = single(parsed, "import-from");
  const loaded = loadOrReport(parsed, io);
  if (loaded === undefined) return 2;
  if (loaded.shape !== "policy") {
    io.err("corsgate: compile takes one policy; this file holds a route table (compile each route's policy on its own)");
    return 2;
  }
  const policy = io.compileOrReport(() => createPolicy(loaded.config), "compile the policy");
  if (policy === undefined) return 2;
  const source = precompilePolicy(policy, { format: format as (typeof FORMATS)[number], ...(importFrom === undefined ? {} : { importFrom }) });
  // Warnings go to stderr, so that stdout stays the module when no --out is given.
  const warnings = [...loaded.warnings, ...policy.warnings];
  for (const line of issueLines(warnings.map((issue) => ({ severity: "warning" as const, issue })), false)) io.err(line);
  if (out === undefined) {
    io.out(source.trimEnd());
    return 0;
  }
  try {
    writeFileSync(out, source);
  } catch (error) {
    io.err(`corsgate: cannot write ${out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    return 2;
  }
  io.err(`corsgate: wrote ${out} (load it with corsgate/precompiled)`);
  return 0;
}
