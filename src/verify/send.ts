/**
 * Sends probes as real HTTP requests (node:http / node:https: the request goes out exactly as written, and
 * `insecure` can accept a test certificate), at most `concurrency` at a time and `rate` per second, so a
 * run is safe against production. Only the status and headers are read; the body is discarded.
 */
import { request as httpRequest } from "node:http";
import type { IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import type { Answer } from "./browser-check.js";

export interface SendOptions {
  /** Requests started per second at most. */
  readonly rate: number;
  readonly concurrency: number;
  /** Milliseconds to wait for the answer's headers. */
  readonly timeout: number;
  readonly insecure: boolean;
}

export interface Outgoing {
  readonly url: URL;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** No answer: the connection failed, or timed out. */
export class ProbeError extends Error {
  override readonly name = "ProbeError";
}

function readHeaders(raw: IncomingHttpHeaders): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

/** One request; resolves with its status and headers, rejects with a `ProbeError`. */
export function sendOne(outgoing: Outgoing, options: Pick<SendOptions, "timeout" | "insecure">): Promise<Answer> {
  const secure = outgoing.url.protocol === "https:";
  const send = secure ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(
      outgoing.url,
      { method: outgoing.method, headers: { ...outgoing.headers }, agent: false, ...(secure && options.insecure ? { rejectUnauthorized: false } : {}) },
      (response) => {
        resolve({ status: response.statusCode ?? 0, headers: readHeaders(response.headers) });
        response.destroy();
      },
    );
    request.setTimeout(options.timeout, () => request.destroy(new ProbeError(`no answer within ${options.timeout} ms`)));
    request.on("error", (error: NodeJS.ErrnoException) => {
      reject(error instanceof ProbeError ? error : new ProbeError(error.code ?? error.message));
    });
    request.end();
  });
}

/** Sends every request under the limits; results keep the input order. `onDone` is called after each one. */
export async function sendAll<T>(
  items: readonly T[],
  toOutgoing: (item: T) => Outgoing,
  options: SendOptions,
  onDone?: (done: number) => void,
  /** When the first request may start (after one sent before, so the rate holds across both calls). */
  notBefore = Date.now(),
): Promise<(Answer | ProbeError)[]> {
  const results: (Answer | ProbeError)[] = new Array(items.length);
  const interval = 1000 / options.rate;
  let nextStart = notBefore;
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      // Reserve a start time, so the rate holds across workers.
      const start = Math.max(nextStart, Date.now());
      nextStart = start + interval;
      const wait = start - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      try {
        results[index] = await sendOne(toOutgoing(items[index] as T), options);
      } catch (error) {
        if (!(error instanceof ProbeError)) throw error;
        results[index] = error;
      }
      done += 1;
      onDone?.(done);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, items.length)) }, worker));
  return results;
}
