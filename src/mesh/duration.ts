/**
 * Istio writes `maxAge` as a protobuf Duration in Go's notation (`"24h"`, `"1h30m"`, `"86400s"`, `"1.5h"`);
 * browsers take `Access-Control-Max-Age` in whole seconds. Both directions live here.
 */

import { NANOSECONDS_PER_SECOND, parseDurationText } from "../core/duration.js";

/** The outcome of reading a Duration: whole seconds, or why not. */
export type DurationResult = { readonly ok: true; readonly seconds: number } | { readonly ok: false; readonly why: string };

/**
 * Reads a Duration string into whole seconds. Refuses what a browser could not be sent: a negative or
 * fractional number of seconds (`"500ms"`, `"1.5s"`), or text that is not a duration.
 */
export function parseDuration(text: string): DurationResult {
  const parsed = parseDurationText(text);
  if (!parsed.ok) return parsed;
  if (parsed.negative && parsed.nanoseconds !== 0n) return { ok: false, why: "it is negative" };
  if (parsed.nanoseconds % NANOSECONDS_PER_SECOND !== 0n) {
    return { ok: false, why: "it is not a whole number of seconds (browsers take Access-Control-Max-Age in seconds)" };
  }
  const seconds = parsed.nanoseconds / NANOSECONDS_PER_SECOND;
  if (seconds > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, why: "it is too large" };
  return { ok: true, seconds: Number(seconds) };
}

/** Writes whole seconds as the shortest Duration: 86400 → `"24h"`, 5400 → `"1h30m"`, 90 → `"1m30s"`, 0 → `"0s"`. */
export function formatDuration(seconds: number): string {
  if (!Number.isSafeInteger(seconds) || seconds < 0) throw new RangeError(`${seconds} is not a whole number of seconds`);
  if (seconds === 0) return "0s";
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  return `${hours > 0 ? `${hours}h` : ""}${minutes > 0 ? `${minutes}m` : ""}${rest > 0 ? `${rest}s` : ""}`;
}
