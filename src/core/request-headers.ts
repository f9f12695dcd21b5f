import { isTokenCode } from "./http-token.js";

/** Longest `Access-Control-Request-Headers` value read; longer ones are refused unread. */
export const MAX_REQUEST_HEADERS_LENGTH = 4096;
/** Most header names a preflight may ask for. */
export const MAX_REQUEST_HEADER_NAMES = 64;

export type ParsedRequestHeaders =
  | { readonly ok: true; readonly names: readonly string[] }
  | { readonly ok: false; readonly why: string };

const TOO_LONG: ParsedRequestHeaders = Object.freeze({
  ok: false,
  why: `the Access-Control-Request-Headers value is longer than ${MAX_REQUEST_HEADERS_LENGTH} bytes`,
});
const TOO_MANY: ParsedRequestHeaders = Object.freeze({
  ok: false,
  why: `the preflight asks for more than ${MAX_REQUEST_HEADER_NAMES} headers`,
});
const NOT_A_TOKEN: ParsedRequestHeaders = Object.freeze({
  ok: false,
  why: "the Access-Control-Request-Headers value holds something that is not a header name",
});
const NONE: ParsedRequestHeaders = Object.freeze({ ok: true, names: Object.freeze([]) });

const SPACE = 32;
const TAB = 9;
const COMMA = 44;

/**
 * Parses `Access-Control-Request-Headers` in one pass, without regex or split: comma-separated names with
 * optional spaces and tabs, empty elements skipped, names lower-cased. Work is linear in the value's length
 * and bounded by the length cap.
 */
export function parseRequestHeaders(value: string): ParsedRequestHeaders {
  const length = value.length;
  if (length > MAX_REQUEST_HEADERS_LENGTH) return TOO_LONG;
  let names: string[] | undefined;
  let count = 0;
  let i = 0;
  while (i < length) {
    let code = value.charCodeAt(i);
    while (code === SPACE || code === TAB) code = value.charCodeAt(++i);
    if (i >= length) break;
    if (code === COMMA) {
      i++;
      continue;
    }
    const start = i;
    let upper = false;
    while (i < length && isTokenCode(code)) {
      if (code >= 65 && code <= 90) upper = true;
      code = value.charCodeAt(++i);
    }
    if (i === start) return NOT_A_TOKEN;
    const end = i;
    while (code === SPACE || code === TAB) code = value.charCodeAt(++i);
    if (i < length && code !== COMMA) return NOT_A_TOKEN;
    i++;
    if (++count > MAX_REQUEST_HEADER_NAMES) return TOO_MANY;
    const name = value.slice(start, end);
    (names ??= []).push(upper ? name.toLowerCase() : name);
  }
  return names === undefined ? NONE : { ok: true, names };
}
