import type { ConfigIssue } from "./errors.js";
import { describe } from "./describe.js";

/** Above this Chromium caps a preflight cache at 7200 s. */
const CHROMIUM_CAP = 7200;
/** Above this every browser caps (Firefox's 24 hours is the largest). */
const ANY_BROWSER_CAP = 86_400;

const UNIT_NANOSECONDS: Readonly<Record<string, bigint>> = {
  h: 3_600_000_000_000n,
  m: 60_000_000_000n,
  s: 1_000_000_000n,
  ms: 1_000_000n,
  us: 1_000n,
  "µs": 1_000n,
  ns: 1n,
};

/** Parses an Istio / protobuf-JSON Duration (`"24h"`, `"1h30m"`, `"3600s"`, `"1.5h"`) into nanoseconds. */
function parseDurationNanoseconds(text: string): bigint | undefined {
  const part = /(\d+)(?:\.(\d+))?(h|ms|m|s|us|µs|ns)/y;
  if (text === "") return undefined;
  let total = 0n;
  let index = 0;
  while (index < text.length) {
    part.lastIndex = index;
    const match = part.exec(text);
    if (match === null) return undefined;
    const [, whole = "0", fraction = "", unit = "s"] = match;
    const scale = UNIT_NANOSECONDS[unit] ?? 0n;
    const fractionScale = 10n ** BigInt(fraction.length);
    total += BigInt(whole) * scale + (BigInt(fraction === "" ? "0" : fraction) * scale) / fractionScale;
    if ((BigInt(fraction === "" ? "0" : fraction) * scale) % fractionScale !== 0n) return -1n;
    index = part.lastIndex;
  }
  return total;
}

/** `Access-Control-Max-Age` in plain digits, also for numbers JavaScript would print as `1e+21`. */
export function maxAgeHeaderValue(seconds: number): string {
  return Number.isSafeInteger(seconds) ? String(seconds) : BigInt(seconds).toString();
}

/** Validates `maxAge` and returns whole seconds, or undefined after reporting an issue. */
export function compileMaxAge(
  value: unknown,
  errors: ConfigIssue[],
  warnings: ConfigIssue[],
): number | undefined {
  const path = "maxAge";
  let seconds: number | undefined;
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value < 0 || !Number.isInteger(value)) {
      const rounded = Math.round(value);
      const hint = Number.isFinite(value) && value > 0 && rounded !== value ? { hint: `did you mean ${Math.max(1, rounded)}?` } : {};
      errors.push({
        code: "maxage-invalid",
        path,
        message: `${String(value)} is not a whole, non-negative, finite number of seconds`,
        ...hint,
      });
      return undefined;
    }
    seconds = value;
  } else if (typeof value === "string") {
    const trimmed = value.trim();
    const negative = trimmed.startsWith("-");
    const nanoseconds = parseDurationNanoseconds(negative ? trimmed.slice(1) : trimmed);
    if (nanoseconds === undefined) {
      const hint = /^\d+$/.test(trimmed) ? { hint: `did you mean "${trimmed}s" (or the number ${trimmed})?` } : {};
      errors.push({
        code: "maxage-invalid",
        path,
        message: `"${value}" is not a duration such as "3600s", "1h30m" or "24h"`,
        ...hint,
      });
      return undefined;
    }
    if (negative && nanoseconds !== 0n) {
      errors.push({ code: "maxage-invalid", path, message: `"${value}" is negative` });
      return undefined;
    }
    if (nanoseconds < 0n || nanoseconds % 1_000_000_000n !== 0n) {
      errors.push({
        code: "maxage-invalid",
        path,
        message: `"${value}" is not a whole number of seconds (browsers take Access-Control-Max-Age in seconds)`,
      });
      return undefined;
    }
    seconds = Number(nanoseconds / 1_000_000_000n);
  } else {
    errors.push({
      code: "type-invalid",
      path,
      message: `maxAge must be a number of seconds or a duration string such as "24h", not ${describe(value)}`,
    });
    return undefined;
  }
  if (seconds > ANY_BROWSER_CAP) {
    warnings.push({
      code: "maxage-capped",
      path,
      message: `${seconds} s is above every browser's cap: Chromium caches a preflight for at most ${CHROMIUM_CAP} s, Firefox for ${ANY_BROWSER_CAP} s`,
      hint: `${ANY_BROWSER_CAP}`,
    });
  } else if (seconds > CHROMIUM_CAP) {
    warnings.push({
      code: "maxage-capped",
      path,
      message: `${seconds} s is above Chromium's cap: Chromium caches a preflight for at most ${CHROMIUM_CAP} s`,
      hint: `${CHROMIUM_CAP}`,
    });
  }
  return seconds;
}
