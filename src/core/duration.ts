/**
 * Go / protobuf Duration notation, as Istio writes `maxAge`: `"24h"`, `"1h30m"`, `"86400s"`, `"1.5h"`, `"0"`.
 * One parser for the core (`maxAge` strings) and for `corsgate/mesh` (Istio import).
 */
const NANOSECONDS_PER_UNIT: Readonly<Record<string, bigint>> = {
  h: 3_600_000_000_000n,
  m: 60_000_000_000n,
  s: 1_000_000_000n,
  ms: 1_000_000n,
  us: 1_000n,
  "µs": 1_000n, // micro sign
  "μs": 1_000n, // Greek mu
  ns: 1n,
};

export const NANOSECONDS_PER_SECOND = 1_000_000_000n;

/** A Duration read into nanoseconds (non-negative; a leading `-` is reported, not applied), or why not. */
export type ParsedDuration =
  | { readonly ok: true; readonly nanoseconds: bigint; readonly negative: boolean }
  | { readonly ok: false; readonly why: string };

export function parseDurationText(text: string): ParsedDuration {
  let written = text.trim();
  if (written === "") return { ok: false, why: "it is empty" };
  const negative = written.startsWith("-");
  if (negative || written.startsWith("+")) written = written.slice(1);
  // Go's time.ParseDuration accepts "0" alone, without a unit.
  if (written === "0") return { ok: true, nanoseconds: 0n, negative };
  if (written === "") return { ok: false, why: "it has no number" };
  const part = /(\d+)(?:\.(\d+))?(h|ms|m|s|us|µs|μs|ns)/y;
  let total = 0n;
  let index = 0;
  while (index < written.length) {
    part.lastIndex = index;
    const match = part.exec(written);
    if (match === null) return { ok: false, why: `"${written.slice(index)}" is not a number followed by h, m, s, ms, us or ns` };
    const fraction = match[2] ?? "";
    const scale = NANOSECONDS_PER_UNIT[match[3] ?? "s"] ?? NANOSECONDS_PER_SECOND;
    const fractionScale = 10n ** BigInt(fraction.length);
    const fractionNanoseconds = BigInt(fraction === "" ? "0" : fraction) * scale;
    if (fractionNanoseconds % fractionScale !== 0n) return { ok: false, why: "it is finer than a nanosecond" };
    total += BigInt(match[1] ?? "0") * scale + fractionNanoseconds / fractionScale;
    index = part.lastIndex;
  }
  return { ok: true, nanoseconds: total, negative };
}
