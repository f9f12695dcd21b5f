/** The sending options shared by `verifyPolicy` and `auditServer`, with their production-safe defaults. */
import type { Answer } from "./browser-check.js";
import type { ProbeError } from "./send.js";
import { sendAll, sendOne } from "./send.js";

/** How to reach the server. */
export interface RunOptions {
  /** The server (or gateway) to probe; probes keep its scheme, host and port. */
  readonly url: string | URL;
  /** Headers added to every request except preflights (browsers never send them there), e.g. `{ authorization: "Bearer …" }`. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Accept any TLS certificate (test deployments). Default false. */
  readonly insecure?: boolean;
  /** Requests in flight at most. Default 2. */
  readonly concurrency?: number;
  /** Requests started per second at most. Default 10. */
  readonly rate?: number;
  /** Milliseconds to wait for each answer. Default 10000. */
  readonly timeout?: number;
  /** Called after each answer, for a progress display. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** The server did not answer the first request at all: nothing could be checked. */
export class VerifyUnreachableError extends Error {
  override readonly name = "VerifyUnreachableError";
}

interface Sendable {
  readonly path: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly kind: string;
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`corsgate: ${name} must be a positive number, not ${String(value)}`);
  return value;
}

/** Sends the probes against `base`: the first alone (to fail early and plainly when the server is unreachable), then the rest. */
export async function runProbes(base: URL, probes: readonly Sendable[], options: RunOptions): Promise<(Answer | ProbeError)[]> {
  const send = {
    rate: positive(options.rate, 10, "rate"),
    concurrency: Math.floor(positive(options.concurrency, 2, "concurrency")),
    timeout: positive(options.timeout, 10_000, "timeout"),
    insecure: options.insecure === true,
  };
  const outgoing = (probe: Sendable) => ({
    url: new URL(probe.path, base),
    method: probe.method,
    headers: probe.kind === "preflight" ? probe.headers : { ...options.headers, ...probe.headers },
  });
  if (probes.length === 0) return [];
  const first = probes[0] as Sendable;
  let firstAnswer: Answer;
  const firstStart = Date.now();
  try {
    firstAnswer = await sendOne(outgoing(first), send);
  } catch (error) {
    throw new VerifyUnreachableError(`cannot reach ${base.origin}: ${(error as Error).message}`);
  }
  options.onProgress?.(1, probes.length);
  const rest = await sendAll(probes.slice(1), outgoing, send, (done) => options.onProgress?.(done + 1, probes.length), firstStart + 1000 / send.rate);
  return [firstAnswer, ...rest];
}
