import { createPolicy, evaluate } from "../../../src/index.js";
import type { CorsDecision, CorsPolicyConfig } from "../../../src/index.js";
import { cases } from "../../fixtures/cases.js";
import { corsHeaders, header, normalizedTokens, send, varyTokens } from "./http-client.js";

/** One case of the shared table, as it can travel over HTTP/1.1, with `evaluate`'s decision for it. */
export interface WireCase {
  readonly index: number;
  readonly desc: string;
  readonly config: CorsPolicyConfig;
  readonly method: string;
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  readonly expected: CorsDecision;
  /** The decision for the request as a fetch `Headers` holds it: a repeated header joined with ", ". */
  readonly expectedJoined: CorsDecision;
}

// What HTTP/1.1 itself does to a header value: leading and trailing spaces and tabs are not part of it.
function trimOws(value: string): string {
  return value.replace(/^[ \t]+|[ \t]+$/g, "");
}

// A field value may not hold control characters other than tab (RFC 9110 §5.5); clients refuse to send them.
function sendable(value: string): boolean {
  return !/[\u0000-\u0008\u000a-\u001f\u007f]/.test(value);
}

/**
 * The table split into the cases a real HTTP client can send and the ones it cannot (a lower-case method,
 * which Node's parser answers with 400 before any application code; a control character in a header, which
 * clients refuse). The expected decision is computed from the request as the server receives it.
 */
export function wireCases(): { runnable: WireCase[]; unsendable: { desc: string; why: string }[] } {
  const runnable: WireCase[] = [];
  const unsendable: { desc: string; why: string }[] = [];
  cases.forEach((corsCase, index) => {
    const { method } = corsCase.request;
    if (!/^[A-Z]+$/.test(method)) {
      unsendable.push({ desc: corsCase.desc, why: `method ${JSON.stringify(method)} is refused by HTTP parsers` });
      return;
    }
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(corsCase.request.headers)) {
      const values = (Array.isArray(value) ? value : [value]) as string[];
      if (!values.every(sendable)) {
        unsendable.push({ desc: corsCase.desc, why: `header ${name} holds a control character` });
        return;
      }
      headers[name] = Array.isArray(value) ? values.map(trimOws) : trimOws(value as string);
    }
    const policy = createPolicy(corsCase.config);
    const expected = evaluate({ method, headers }, policy);
    const joined = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(", ") : value]));
    const expectedJoined = evaluate({ method, headers: joined }, policy);
    runnable.push({ index, desc: corsCase.desc, config: corsCase.config, method, headers, expected, expectedJoined });
  });
  return { runnable, unsendable };
}

/** The path under which the parity servers serve case `index` (their resolver reads it back). */
export function casePath(index: number): string {
  return `/api/case/${index}`;
}

/** The case index in a request path, for the servers' policy resolver. */
export function caseIndexOf(path: string): number {
  const match = /^\/api\/case\/(\d+)$/.exec(path);
  if (match === null) throw new Error(`not a case path: ${path}`);
  return Number(match[1]);
}

export interface MismatchOptions {
  /** The decision to compare with; by default the one for the request with repeated headers kept apart. */
  readonly expected?: CorsDecision;
  /**
   * What a 204 answer carries. The adapters always set `Content-Length: 0` (SPEC §7); Node sends it, while
   * workerd, Bun and Deno drop it on a 204, as RFC 9110 §8.6 requires of a server.
   */
  readonly contentLengthOn204?: "0" | "absent";
}

/**
 * Sends one case to a server running the test application behind an adapter and lists every way the response
 * differs from the decision (empty when it matches). The application answers 200 with `X-Handler: yes` and
 * `Vary: Accept-Encoding`, so the union with the decision's Vary is checked too.
 */
export async function mismatches(
  origin: string,
  wireCase: WireCase,
  { expected = wireCase.expected, contentLengthOn204 = "0" }: MismatchOptions = {},
): Promise<string[]> {
  const response = await send(origin + casePath(wireCase.index), wireCase.method, wireCase.headers);
  const problems: string[] = [];
  const expect = (what: string, actual: unknown, wanted: unknown): void => {
    if (JSON.stringify(actual) !== JSON.stringify(wanted)) problems.push(`${what}: got ${JSON.stringify(actual)}, want ${JSON.stringify(wanted)}`);
  };
  let gotHeaders: Record<string, string>;
  try {
    gotHeaders = corsHeaders(response);
  } catch (error) {
    return [String(error)];
  }
  const sortedEntries = (record: Readonly<Record<string, string>>) => Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
  expect("CORS headers", sortedEntries(gotHeaders), sortedEntries(expected.headers));
  if (expected.action === "respond") {
    expect("status", response.status, expected.status);
    expect("vary", varyTokens(response), normalizedTokens(expected.vary));
    expect("content-length", header(response, "content-length"), response.status === 204 && contentLengthOn204 === "absent" ? undefined : "0");
    expect("body", response.body, "");
    expect("handler reached", header(response, "x-handler"), undefined);
  } else {
    expect("status", response.status, 200);
    expect("vary", varyTokens(response), normalizedTokens(["Accept-Encoding", ...expected.vary]));
    expect("handler reached", header(response, "x-handler"), "yes");
  }
  return problems;
}
