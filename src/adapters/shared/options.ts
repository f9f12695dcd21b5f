import type { ConfigIssue, CorsDecision } from "../../index.js";
import { closestName } from "../../core/suggest.js";
import { isConfigField } from "../../core/config-fields.js";

/** Options shared by every adapter. */
export interface CorsAdapterOptions<Request> {
  /**
   * Called with every decision (also for non-CORS requests), for logs and metrics. It runs before the
   * response is written; an error it throws reaches the framework's error handling.
   */
  readonly onDecision?: (decision: CorsDecision, request: Request) => void;
  /**
   * `"enforce"` (default) answers preflights and writes the headers. `"shadow"` decides and reports through
   * `onDecision` but changes nothing, so corsgate can run beside an existing CORS middleware before a switch.
   */
  readonly mode?: "enforce" | "shadow";
  /**
   * Receives each warning of a policy the adapter compiles or is given (`policy.warnings`: problems that do not
   * stop it, such as `prefix-unbounded`), once: at set-up for the adapter's own policy or config, and when a
   * config a resolver returns is first compiled. Without it, warnings go to the framework's logger (Fastify's,
   * when logging is on) or else to `console.warn`, one line each.
   */
  readonly onWarning?: (warning: ConfigIssue) => void;
  /**
   * `true` makes warnings fatal, for CI and for teams that keep policies warning-free: set-up throws a
   * `CorsConfigError` listing every warning (its `issues`) instead of reporting them. A config a resolver
   * returns is then refused like an invalid one: its error reaches the framework's error handling.
   * Default `false`.
   */
  readonly failOnWarnings?: boolean;
}

/** The options after checking: what the request path reads. */
export interface ResolvedAdapterOptions<Request> {
  readonly onDecision: ((decision: CorsDecision, request: Request) => void) | undefined;
  readonly shadow: boolean;
  readonly onWarning: ((warning: ConfigIssue) => void) | undefined;
  readonly failOnWarnings: boolean;
}

/** The option names every adapter takes: anything else in its options object is refused. */
const ADAPTER_OPTIONS: readonly string[] = Object.freeze(["onDecision", "mode", "onWarning", "failOnWarnings"]);

/** What one adapter adds to the shared options: its own names, and a better word for some unknown ones. */
export interface AdapterOptionNames {
  /** Further names this adapter's options object takes (Fastify's `policy`, say). */
  readonly extra?: readonly string[];
  /** A problem line for an unknown name this adapter knows more about, or `undefined` for the general one. */
  readonly describeUnknown?: (name: string) => string | undefined;
  /** Where the policy goes for this adapter, for a policy field given as an option. */
  readonly policyPlace: string;
}

function unknownOption(name: string, known: readonly string[], names: AdapterOptionNames): string {
  const specific = names.describeUnknown?.(name);
  if (specific !== undefined) return specific;
  if (isConfigField(name)) return `${name}: a policy field, not an option: put it in ${names.policyPlace}`;
  const suggestion = closestName(name, known);
  const options = known.join(", ");
  return suggestion === undefined
    ? `${name}: unknown option (the options are ${options})`
    : `${name}: unknown option (did you mean ${suggestion}?)`;
}

/**
 * Every problem in an adapter's options object, one line each (empty when there is none). Unknown names are
 * problems, not ignored: a misspelt `mode` or `onDecision` would otherwise silently enforce, or log nothing.
 */
export function adapterOptionProblems(options: unknown, names: AdapterOptionNames): string[] {
  if (options === undefined || options === null) return [];
  if (typeof options !== "object" || Array.isArray(options)) {
    return [`options: expected an object, got ${Array.isArray(options) ? "an array" : typeof options}`];
  }
  const problems: string[] = [];
  const known = names.extra === undefined ? ADAPTER_OPTIONS : [...ADAPTER_OPTIONS, ...names.extra];
  for (const name of Object.keys(options)) {
    if (!known.includes(name)) problems.push(unknownOption(name, known, names));
  }
  const { mode, onDecision, onWarning, failOnWarnings } = options as Record<string, unknown>;
  if (mode !== undefined && mode !== "enforce" && mode !== "shadow") {
    problems.push(`mode: expected "enforce" or "shadow", got ${JSON.stringify(mode) ?? String(mode)}`);
  }
  if (onDecision !== undefined && typeof onDecision !== "function") {
    problems.push(`onDecision: expected a function, got ${typeof onDecision}`);
  }
  if (onWarning !== undefined && typeof onWarning !== "function") {
    problems.push(`onWarning: expected a function, got ${typeof onWarning}`);
  }
  if (failOnWarnings !== undefined && typeof failOnWarnings !== "boolean") {
    problems.push(`failOnWarnings: expected true or false, got ${JSON.stringify(failOnWarnings) ?? typeof failOnWarnings}`);
  }
  return problems;
}

/** The one error for every problem in an adapter's options: a first line saying where, then one line each. */
export function optionsError(where: string, problems: readonly string[], head?: string): TypeError {
  const first = head ?? `corsgate: ${problems.length} problem${problems.length === 1 ? "" : "s"} in the options of ${where}`;
  return new TypeError([first, ...problems.map((problem) => `  - ${problem}`)].join("\n"));
}

/**
 * Checks the options once, at set-up, and reports every problem together.
 * @throws TypeError listing each problem on its own line.
 */
export function resolveAdapterOptions<Request>(
  options: CorsAdapterOptions<Request> | undefined,
  where: string,
  names: AdapterOptionNames,
): ResolvedAdapterOptions<Request> {
  const problems = adapterOptionProblems(options, names);
  if (problems.length > 0) throw optionsError(where, problems);
  if (options === undefined || options === null) {
    return { onDecision: undefined, shadow: false, onWarning: undefined, failOnWarnings: false };
  }
  return {
    onDecision: options.onDecision,
    shadow: options.mode === "shadow",
    onWarning: options.onWarning,
    failOnWarnings: options.failOnWarnings === true,
  };
}
