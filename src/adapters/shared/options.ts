import type { CorsDecision } from "../../index.js";

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
}

/** The options after checking: what the request path reads. */
export interface ResolvedAdapterOptions<Request> {
  readonly onDecision: ((decision: CorsDecision, request: Request) => void) | undefined;
  readonly shadow: boolean;
}

/**
 * Checks the options once, at set-up, and reports every problem together.
 * @throws TypeError listing each problem on its own line.
 */
export function resolveAdapterOptions<Request>(
  options: CorsAdapterOptions<Request> | undefined,
  where: string,
): ResolvedAdapterOptions<Request> {
  if (options === undefined || options === null) return { onDecision: undefined, shadow: false };
  const problems: string[] = [];
  if (typeof options !== "object") {
    problems.push(`options: expected an object, got ${typeof options}`);
  } else {
    const { mode, onDecision } = options as { mode?: unknown; onDecision?: unknown };
    if (mode !== undefined && mode !== "enforce" && mode !== "shadow") {
      problems.push(`mode: expected "enforce" or "shadow", got ${JSON.stringify(mode) ?? String(mode)}`);
    }
    if (onDecision !== undefined && typeof onDecision !== "function") {
      problems.push(`onDecision: expected a function, got ${typeof onDecision}`);
    }
  }
  if (problems.length > 0) {
    const head = `corsgate: ${problems.length} problem${problems.length === 1 ? "" : "s"} in the options of ${where}`;
    throw new TypeError([head, ...problems.map((problem) => `  - ${problem}`)].join("\n"));
  }
  return { onDecision: options.onDecision, shadow: options.mode === "shadow" };
}
