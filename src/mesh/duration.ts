/**
 * Istio writes `maxAge` as a protobuf Duration in Go's notation (`"24h"`, `"1h30m"`, `"86400s"`, `"1.5h"`);
 * browsers take `Access-Control-Max-Age` in whole seconds. Both directions live here.
 */

const NANOSECONDS_PER_UNIT: Readonly<Record<string, bigint>> = {
  h: 3_600_000_000_000n,
  m: 60_000_000_000n,
  s: 1_000_000_000n,
  ms: 1_000_000n,
  us: 1_000n,
  "µs": 1_000n,
  "μs": 1_000n,
  ns: 1n,
};
const NANOSECONDS_PER_SECOND = 1_000_000_000n;

/** The outcome of reading a Duration: whole seconds, or why not. */
export type DurationResult = { readonly ok: true; readonly seconds: number } | { readonly ok: false; readonly why: string };

/**
 * Reads a Duration string into whole seconds. Refuses what a browser could not be sent: a negative or
 * fractional number of seconds (`"500ms"`, `"1.5s"`), or text that is not a duration.
 */
export function parseDuration(text: string): DurationResult {
  const written = text.trim();
  if (written === "") return { ok: false, why: "it is empty" };
  if (written.startsWith("-")) return { ok: false, why: "it is negative" };
  // Go's time.ParseDuration accepts "0" alone.
  if (written === "0") return { ok: true, seconds: 0 };
  const part = /(\d+)(?:\.(\d*))?(h|ms|m|s|us|µs|μs|ns)/y;
  let total = 0n;
  let index = written.startsWith("+") ? 1 : 0;
  if (index >= written.length) return { ok: false, why: "it has no number" };
  while (index < written.length) {
    part.lastIndex = index;
    const match = part.exec(written);
    if (match === null) return { ok: false, why: `"${written.slice(index)}" is not a number followed by h, m, s, ms, us or ns` };
    const whole = BigInt(match[1] ?? "0");
    const fraction = match[2] ?? "";
    const scale = NANOSECONDS_PER_UNIT[match[3] ?? "s"] ?? NANOSECONDS_PER_SECOND;
    const fractionScale = 10n ** BigInt(fraction.length);
    const fractionNanoseconds = BigInt(fraction === "" ? "0" : fraction) * scale;
    if (fractionNanoseconds % fractionScale !== 0n) return { ok: false, why: "it is finer than a nanosecond" };
    total += whole * scale + fractionNanoseconds / fractionScale;
    index = part.lastIndex;
  }
  if (total % NANOSECONDS_PER_SECOND !== 0n) {
    return { ok: false, why: "it is not a whole number of seconds (browsers take Access-Control-Max-Age in seconds)" };
  }
  const seconds = total / NANOSECONDS_PER_SECOND;
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
