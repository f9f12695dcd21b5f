import type { ConfigIssue } from "./errors.js";
import { describe } from "./describe.js";
import { NANOSECONDS_PER_SECOND, parseDurationText } from "./duration.js";

/**
 * The longest each engine caches a preflight, in seconds, read in its source (docs/errors.md cites the files):
 * WebKit 600 (`maxPreflightCacheTimeout`), Chromium 7200 (`kMaxTimeout`, 2 hours), Firefox 86400 (24 hours).
 * Ordered from the smallest cap.
 */
const ENGINE_CAPS: readonly (readonly [engine: string, cap: number])[] = [
  ["WebKit (Safari)", 600],
  ["Chromium", 7200],
  ["Firefox", 86_400],
];
/** Above this every browser caps (Firefox's 24 hours is the largest). */
const ANY_BROWSER_CAP = 86_400;

/** `Access-Control-Max-Age` in plain digits, also for numbers JavaScript would print as `1e+21`. */
export function maxAgeHeaderValue(seconds: number): string {
  return Number.isSafeInteger(seconds) ? String(seconds) : BigInt(seconds).toString();
}

/** Validates `maxAge` and returns whole seconds, or undefined after reporting an issue. */
export function compileMaxAge(
  value: unknown,
  errors: ConfigIssue[],
  warnings: ConfigIssue[],
  notices: ConfigIssue[],
): number | undefined {
  const path = "maxAge";
  let seconds: number | undefined;
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value < 0 || !Number.isInteger(value)) {
      const rounded = Math.round(value);
      const hint =
        Number.isFinite(value) && value > 0 && rounded !== value ? { hint: `did you mean ${Math.max(1, rounded)}?`, fix: { path, replaceWith: [Math.max(1, rounded)] } } : {};
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
    const parsed = parseDurationText(trimmed);
    if (!parsed.ok) {
      const hint = /^\d+$/.test(trimmed) ? { hint: `did you mean "${trimmed}s" (or the number ${trimmed})?`, fix: { path, replaceWith: [`${trimmed}s`] } } : {};
      errors.push({
        code: "maxage-invalid",
        path,
        message: `"${value}" is not a duration such as "3600s", "1h30m" or "24h"`,
        ...hint,
      });
      return undefined;
    }
    if (parsed.negative && parsed.nanoseconds !== 0n) {
      errors.push({ code: "maxage-invalid", path, message: `"${value}" is negative` });
      return undefined;
    }
    if (parsed.nanoseconds % NANOSECONDS_PER_SECOND !== 0n) {
      errors.push({
        code: "maxage-invalid",
        path,
        message: `"${value}" is not a whole number of seconds (browsers take Access-Control-Max-Age in seconds)`,
      });
      return undefined;
    }
    seconds = Number(parsed.nanoseconds / NANOSECONDS_PER_SECOND);
  } else {
    errors.push({
      code: "type-invalid",
      path,
      message: `maxAge must be a number of seconds or a duration string such as "24h", not ${describe(value)}`,
    });
    return undefined;
  }
  if (seconds > ANY_BROWSER_CAP) {
    // Capped everywhere: the value as written never takes effect, which is worth a warning.
    warnings.push({
      code: "maxage-capped",
      path,
      message: `${seconds} s is above every browser's cap: ${ENGINE_CAPS.map(([engine, cap]) => `${engine} caches a preflight for at most ${cap} s`).join(", ")}`,
      hint: `maxAge: ${ANY_BROWSER_CAP}`,
      fix: { path, replaceWith: [ANY_BROWSER_CAP] },
    });
  } else {
    // Capped by some engines only: it works, each browser keeps what it can. Information, not a problem.
    const capping = ENGINE_CAPS.filter(([, cap]) => seconds > cap);
    if (capping.length > 0) {
      notices.push({
        code: "maxage-capped-in-some-browsers",
        path,
        message: `${seconds} s is kept in full by ${ENGINE_CAPS.filter(([, cap]) => seconds <= cap).map(([engine]) => engine).join(" and ")}; ${capping
          .map(([engine, cap]) => `${engine} caps it to ${cap} s`)
          .join(", ")}`,
      });
    }
  }
  return seconds;
}
