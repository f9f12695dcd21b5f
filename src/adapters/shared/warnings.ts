import { CorsConfigError } from "../../index.js";
import type { ConfigIssue, CorsPolicy } from "../../index.js";

/** Where a warning goes: `onWarning`, a framework's logger, or `console.warn`. */
export type WarningReporter = (warning: ConfigIssue) => void;

/**
 * One line a person can act on: `corsgate warning [prefix-unbounded] allowOrigins[0].prefix: … (hint)`.
 * Line breaks inside a message are folded, so one warning stays one log line.
 */
export function warningLine(warning: ConfigIssue): string {
  const where = warning.path === "" ? "(policy)" : warning.path;
  const hint = warning.hint === undefined ? "" : ` (${warning.hint})`;
  return `corsgate warning [${warning.code}] ${where}: ${warning.message}${hint}`.replace(/\s*[\r\n]+\s*/g, " ");
}

function consoleReporter(warning: ConfigIssue): void {
  console.warn(warningLine(warning));
}

/** The error `failOnWarnings` throws: a `CorsConfigError` whose `issues` are the warnings. */
function warningsError(warnings: readonly ConfigIssue[], where: string): CorsConfigError {
  const error = new CorsConfigError(warnings);
  const count = `${warnings.length} warning${warnings.length === 1 ? "" : "s"}`;
  // The core's message lists each issue on its own line after its first line; only the first line changes.
  const lines = error.message.split("\n").slice(1);
  error.message = [`corsgate: ${count} in the CORS policy of ${where}, fatal because failOnWarnings is set`, ...lines].join("\n");
  return error;
}

/**
 * What an adapter does with the warnings of a policy it uses: report each one (to `onWarning`, else the
 * framework's reporter, else `console.warn`), or, with `failOnWarnings`, throw them all in one error. The
 * adapter calls the returned check once per policy (see `policyLookup`), never per request.
 */
export function warningCheck(
  options: { readonly onWarning: WarningReporter | undefined; readonly failOnWarnings: boolean },
  where: string,
  frameworkReporter?: WarningReporter,
): (policy: CorsPolicy) => void {
  const report = options.onWarning ?? frameworkReporter ?? consoleReporter;
  const fail = options.failOnWarnings;
  return (policy) => {
    const warnings = policy.warnings;
    if (warnings.length === 0) return;
    if (fail) throw warningsError(warnings, where);
    for (const warning of warnings) report(warning);
  };
}
