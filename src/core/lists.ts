import type { ConfigIssue } from "./errors.js";
import { isToken } from "./http-token.js";
import { describe } from "./describe.js";

/** The six methods the Fetch standard upper-cases; every other method keeps its case. */
const NORMALIZED_METHODS = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]);
const FORBIDDEN_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);

/** Request headers a browser never lets a script set (Fetch: forbidden request-header names). */
const FORBIDDEN_REQUEST_HEADERS = new Set([
  "accept-charset", "accept-encoding", "access-control-request-headers", "access-control-request-method",
  "access-control-request-private-network", "connection", "content-length", "cookie", "cookie2", "date", "dnt",
  "expect", "host", "keep-alive", "origin", "referer", "set-cookie", "te", "trailer", "transfer-encoding",
  "upgrade", "via",
]);
/** Response headers a script can never read, exposed or not. */
const NEVER_READABLE_RESPONSE_HEADERS = new Set(["set-cookie", "set-cookie2"]);

/** The Fetch standard's method normalization: the six well-known methods in any case become upper case. */
export function normalizeMethod(method: string): string {
  if (method.length > 7) return method;
  const upper = method.toUpperCase();
  return NORMALIZED_METHODS.has(upper) ? upper : method;
}

export interface CompiledList {
  /** `["*"]`: any value. */
  readonly any: boolean;
  /** The normalized, de-duplicated entries (empty when `any`). */
  readonly values: readonly string[];
}

type ListKind = "allowMethods" | "allowHeaders" | "exposeHeaders";

/** Validates and normalizes one of the three token lists, reporting every problem. */
export function compileList(
  kind: ListKind,
  input: unknown,
  errors: ConfigIssue[],
  warnings: ConfigIssue[],
): CompiledList {
  if (input === undefined) return { any: false, values: [] };
  if (!Array.isArray(input)) {
    errors.push({ code: "type-invalid", path: kind, message: `${kind} must be a list of strings, not ${describe(input)}` });
    return { any: false, values: [] };
  }
  const values: string[] = [];
  const seen = new Set<string>();
  let starIndex = -1;
  for (let index = 0; index < input.length; index++) {
    const entry: unknown = input[index];
    const path = `${kind}[${index}]`;
    if (typeof entry !== "string") {
      errors.push({ code: "type-invalid", path, message: `must be a string, not ${describe(entry)}` });
      continue;
    }
    if (entry === "*") {
      starIndex = index;
      continue;
    }
    if (!isToken(entry)) {
      const trimmed = entry.trim();
      const hint = trimmed !== entry && isToken(trimmed) ? { hint: `did you mean ${JSON.stringify(trimmed)}?`, fix: { path, replaceWith: [trimmed] } } : {};
      errors.push({
        code: kind === "allowMethods" ? "method-invalid" : "header-invalid",
        path,
        message: `${JSON.stringify(entry)} is not a valid HTTP ${kind === "allowMethods" ? "method" : "header name"} (a token: letters, digits and !#$%&'*+-.^_\`|~)`,
        ...hint,
      });
      continue;
    }
    let value: string;
    if (kind === "allowMethods") {
      if (FORBIDDEN_METHODS.has(entry.toUpperCase())) {
        errors.push({
          code: "method-forbidden",
          path,
          message: `${entry} is a forbidden method: browsers never send it, and allowing it only widens what the server accepts`,
          hint: "remove it",
          fix: { path, replaceWith: [] },
        });
        continue;
      }
      value = normalizeMethod(entry);
    } else {
      value = entry.toLowerCase();
      if (kind === "allowHeaders" && (FORBIDDEN_REQUEST_HEADERS.has(value) || value.startsWith("proxy-") || value.startsWith("sec-"))) {
        warnings.push({
          code: "header-never-sent",
          path,
          message: `${value} is a forbidden request header: browsers set it themselves and never ask to send it, so listing it has no effect`,
          hint: "remove it",
          fix: { path, replaceWith: [] },
        });
      }
      if (kind === "exposeHeaders" && NEVER_READABLE_RESPONSE_HEADERS.has(value)) {
        warnings.push({
          code: "expose-never-readable",
          path,
          message: `${value} is never readable by scripts, exposed or not`,
          hint: "remove it",
          fix: { path, replaceWith: [] },
        });
      }
    }
    if (!seen.has(value)) {
      seen.add(value);
      values.push(value);
    }
  }
  if (starIndex >= 0) {
    if (input.length > 1) {
      errors.push({
        code: "wildcard-mixed",
        path: `${kind}[${starIndex}]`,
        message: `"*" already means any ${kind === "allowMethods" ? "method" : "header"}; listing others beside it is a mistake`,
        hint: 'remove "*" to allow only the listed ones, or keep "*" alone',
        fix: { path: `${kind}[${starIndex}]`, replaceWith: [] },
      });
      return { any: false, values };
    }
    return { any: true, values: [] };
  }
  return { any: false, values };
}
