/**
 * `corsgate compile`: a policy file validated now and written as a module for `corsgate/precompiled`. From a
 * VirtualService, HTTPRoute or route table, one route's policy (`--route`, needed when several have one).
 */
import { writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { createPolicy } from "../core/compile.js";
import type { CorsPolicyConfig } from "../core/config.js";
import type { CorsPolicy } from "../core/types.js";
import { joinPath } from "../mesh/issues.js";
import { isCorsPolicy } from "../mesh/policy-input.js";
import { precompilePolicy } from "../core/precompile.js";
import type { ParsedArguments } from "./args.js";
import { UsageError, single } from "./args.js";
import type { Io } from "./io.js";
import type { Loaded } from "./load.js";
import { issueLines, loadOrReport } from "./io.js";

const FORMATS = ["esm", "cjs"] as const;

/** The format Node gives a file by its extension alone (`.js` and `.ts` depend on package.json, so: undefined). */
function formatOfFile(file: string | undefined): "esm" | "cjs" | undefined {
  if (file === undefined) return undefined;
  if (/\.c[jt]s$/.test(file)) return "cjs";
  if (/\.m[jt]s$/.test(file)) return "esm";
  return undefined;
}

/** One policy of the file: the file's policy, or one route's (`--route`, or the only route with a policy). */
function pickPolicy(loaded: Loaded, choice: string | undefined, file: string, io: Io): { config: CorsPolicyConfig | CorsPolicy; path: string } | undefined {
  if (loaded.shape === "policy") {
    if (choice !== undefined) throw new UsageError(`--route picks a route of a VirtualService, HTTPRoute or route table; ${file} holds one policy`);
    return { config: loaded.config, path: "" };
  }
  const routes = loaded.routes.map((route, index) => ({ route, index, label: route.name ?? `routes[${index}]` }));
  const withPolicy = routes.filter((entry) => entry.route.policy !== undefined);
  // Several matches of one Gateway API rule share its policy: one choice.
  const distinct = withPolicy.filter((entry, position) => withPolicy.findIndex((other) => other.route.policy === entry.route.policy) === position);
  const listing = (): string =>
    withPolicy.map(({ route, index, label }) => `  --route ${index}  or  --route ${JSON.stringify(label)}  (${route.source ?? `routes[${index}]`})`).join("\n");
  let chosen: (typeof routes)[number] | undefined;
  if (choice === undefined) {
    if (distinct.length === 0) throw new UsageError(`no route of ${file} has a CORS policy: nothing to compile`);
    if (distinct.length > 1) throw new UsageError(`${file} holds ${distinct.length} routes with a CORS policy; pick one:\n${listing()}`);
    chosen = distinct[0];
  } else {
    chosen = routes.find(({ route, index, label }) => choice === String(index) || choice === label || choice === route.source || label.endsWith(`/${choice}`));
    if (chosen === undefined) throw new UsageError(`${file} has no route ${JSON.stringify(choice)}; its routes with a CORS policy:\n${listing()}`);
    if (chosen.route.policy === undefined) throw new UsageError(`route ${JSON.stringify(chosen.label)} has no CORS policy; its routes with one:\n${listing()}`);
  }
  const { route, index, label } = chosen as (typeof routes)[number];
  // The module holds the policy only: the route's match conditions stay in the manifest.
  io.err(`corsgate: compiling the policy of route ${JSON.stringify(label)} (${route.source ?? `routes[${index}]`}); the route's match conditions are not part of the module`);
  return { config: route.policy as CorsPolicyConfig | CorsPolicy, path: route.policySource ?? `routes[${index}].policy` };
}

/** Why `--out` cannot be written, in words. */
function whyUnwritable(out: string, error: NodeJS.ErrnoException): string {
  if (error.code === "ENOENT") return `the directory ${dirname(out)} does not exist`;
  if (error.code === "EISDIR") return "it is a directory";
  if (error.code === "EACCES" || error.code === "EPERM") return "permission denied";
  return error.message;
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
  const route = single(parsed, "route");
  const loaded = loadOrReport(parsed, io);
  if (loaded === undefined) return 2;
  const picked = pickPolicy(loaded, route, parsed.file ?? "", io);
  if (picked === undefined) return 2;
  const policy = io.compileOrReport(() => (isCorsPolicy(picked.config) ? picked.config : createPolicy(picked.config)), "compile the policy");
  if (policy === undefined) return 2;
  const source = precompilePolicy(policy, { format: format as (typeof FORMATS)[number], ...(importFrom === undefined ? {} : { importFrom }) });
  // Warnings go to stderr, so that stdout stays the module when no --out is given.
  const warnings = [...loaded.warnings, ...policy.warnings.map((issue) => ({ ...issue, path: joinPath(picked.path, issue.path) }))];
  for (const line of issueLines(warnings.map((issue) => ({ severity: "warning" as const, issue })), false)) io.err(line);
  if (out === undefined) {
    io.out(source.trimEnd());
    return 0;
  }
  try {
    writeFileSync(out, source);
  } catch (error) {
    io.err(`corsgate: cannot write ${out}: ${whyUnwritable(out, error as NodeJS.ErrnoException)}`);
    return 2;
  }
  io.err(`corsgate: wrote ${out} (load it with corsgate/precompiled)`);
  return 0;
}
