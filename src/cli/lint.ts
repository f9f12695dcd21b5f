/**
 * `corsgate lint`: every error and warning of a policy file, with its code, path and hint; exit 1 on errors, and
 * with `--strict` on warnings too (for CI, where a warning nobody reads is a warning lost).
 */
import { createPolicy } from "../core/compile.js";
import type { CorsPolicyConfig } from "../core/config.js";
import type { ConfigIssue } from "../core/errors.js";
import { isCorsConfigError } from "../core/errors.js";
import { joinPath } from "../mesh/issues.js";
import { isCorsPolicy } from "../mesh/policy-input.js";
import { routePolicies } from "../mesh/routes.js";
import type { ParsedArguments } from "./args.js";
import { UsageError } from "./args.js";
import type { Io } from "./io.js";
import { issueLines } from "./io.js";
import type { Loaded } from "./load.js";
import { FileError, loadPolicyFile } from "./load.js";
import { styles } from "./output.js";
import { routeSourceLines, routeSources } from "./attachment-report.js";

interface Found {
  readonly severity: "error" | "warning" | "note";
  readonly issue: ConfigIssue;
}

function prefixed(issues: readonly ConfigIssue[], prefix: string): ConfigIssue[] {
  return issues.map((issue) => ({ ...issue, path: joinPath(prefix, issue.path) }));
}

/** Compiles one policy and collects its errors and warnings under `prefix`. */
function lintPolicy(config: CorsPolicyConfig, prefix: string, found: Found[]): void {
  try {
    const policy = isCorsPolicy(config) ? config : createPolicy(config);
    for (const issue of prefixed(policy.warnings, prefix)) found.push({ severity: "warning", issue });
    // Notices are information (a maxAge some browsers shorten): shown, never fatal, not even with --strict.
    for (const issue of prefixed(policy.notices ?? [], prefix)) found.push({ severity: "note", issue });
  } catch (error) {
    if (!isCorsConfigError(error)) throw error;
    for (const issue of prefixed(error.issues, prefix)) found.push({ severity: "error", issue });
  }
}

function lintLoaded(loaded: Loaded, found: Found[]): void {
  if (loaded.shape === "policy") {
    lintPolicy(loaded.config, loaded.source ?? "", found);
    return;
  }
  const linted = new Set<string>(); // a policy attached to several routes is reported once
  loaded.routes.forEach((route, index) => {
    const source = route.policySource ?? `routes[${index}].policy`;
    if (route.policy !== undefined && !linted.has(source)) lintPolicy(route.policy as CorsPolicyConfig, source, found);
    linted.add(source);
  });
  // The matches (an unsafe path regex, say), without the policies already reported above.
  try {
    routePolicies(loaded.routes.map(({ policy: _policy, ...rest }) => rest));
  } catch (error) {
    if (!isCorsConfigError(error)) throw error;
    for (const issue of error.issues) found.push({ severity: "error", issue });
  }
}

export function runLint(parsed: ParsedArguments, io: Io): number {
  if (parsed.file === undefined) throw new UsageError("lint needs a FILE");
  const found: Found[] = [];
  let format: string | undefined;
  let sources: ReturnType<typeof routeSources>;
  try {
    const loaded = loadPolicyFile(parsed.file);
    format = loaded.format;
    sources = routeSources(loaded);
    for (const issue of loaded.warnings) found.push({ severity: "warning", issue });
    lintLoaded(loaded, found);
  } catch (error) {
    if (error instanceof FileError) {
      io.err(`corsgate: ${error.message}`);
      return 2;
    }
    if (!isCorsConfigError(error)) throw error;
    for (const issue of error.issues) found.push({ severity: "error", issue });
  }
  const errors = found.filter((entry) => entry.severity === "error");
  const warnings = found.filter((entry) => entry.severity === "warning");
  const notes = found.filter((entry) => entry.severity === "note");
  if (parsed.flags.has("json")) {
    io.out(
      JSON.stringify(
        {
          file: parsed.file,
          format: format ?? null,
          strict: parsed.flags.has("strict"),
          errors: errors.map((entry) => entry.issue),
          warnings: warnings.map((entry) => entry.issue),
          notes: notes.map((entry) => entry.issue),
          ...(sources === undefined ? {} : { routes: sources }),
        },
        null,
        2,
      ),
    );
  } else {
    const style = styles(io.colour);
    const count = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
    const summary = `${parsed.file}: ${count(errors.length, "error")}, ${count(warnings.length, "warning")}${notes.length > 0 ? `, ${count(notes.length, "note")}` : ""}`;
    io.out(errors.length > 0 ? style.red(style.bold(summary)) : warnings.length > 0 ? style.yellow(style.bold(summary)) : style.green(style.bold(summary)));
    for (const line of issueLines([...errors, ...warnings, ...notes], io.colour)) io.out(line);
    if (sources !== undefined) {
      io.out(style.bold("Effective CORS policy per route:"));
      for (const line of routeSourceLines(sources)) io.out(line);
    }
  }
  const strict = parsed.flags.has("strict");
  if (strict && errors.length === 0 && warnings.length > 0 && !parsed.flags.has("json")) {
    io.err("corsgate: --strict: warnings are fatal; fix them, or lint without --strict");
  }
  return errors.length > 0 || (strict && warnings.length > 0) ? 1 : 0;
}
