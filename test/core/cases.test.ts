/**
 * Runs the shared case table through `createPolicy` + `evaluate`, with the request headers given as a
 * plain record (Node style) and, where the same request can be written that way, as a fetch `Headers`.
 */
import { describe, expect, it } from "vitest";
import { createPolicy, evaluate } from "../../src/index.js";
import type { CorsDecision, CorsPolicy, HeaderSource } from "../../src/index.js";
import { cases } from "../fixtures/cases.js";
import type { CorsCase } from "../fixtures/cases.js";

/** SPEC §3: `decision.origin` is the Origin whenever it is a single non-empty string (a one-element array counts as its element). */
function expectedOrigin(headers: CorsCase["request"]["headers"]): string | undefined {
  const raw = headers.origin;
  const single = Array.isArray(raw) ? (raw.length === 1 ? raw[0] : undefined) : raw;
  return single === undefined || single === "" ? undefined : single;
}

/**
 * The same headers as a fetch `Headers`, or undefined when `Headers` cannot carry them unchanged:
 * several values of one header (other than ACRH, which both forms read as the joined list), values
 * `Headers` trims or refuses (surrounding whitespace, CR, LF, NUL, non-Latin-1).
 */
function asFetchHeaders(record: CorsCase["request"]["headers"]): Headers | undefined {
  const headers = new Headers();
  for (const [name, value] of Object.entries(record)) {
    const values = Array.isArray(value) ? value : [value];
    if (values.length === 0) return undefined;
    if (values.length > 1 && name !== "access-control-request-headers") return undefined;
    try {
      for (const v of values) headers.append(name, v);
    } catch {
      return undefined;
    }
    if (headers.get(name) !== values.join(", ")) return undefined;
  }
  return headers;
}

function expectDecision(decision: CorsDecision, testCase: CorsCase): void {
  const { want } = testCase;
  expect(decision.kind).toBe(want.kind);
  expect(decision.allowed).toBe(want.allowed);
  expect(decision.action).toBe(want.action);
  if (want.status === undefined) {
    expect(decision).not.toHaveProperty("status");
  } else {
    expect(decision.status).toBe(want.status);
  }
  expect({ ...decision.headers }).toStrictEqual(want.headers);
  expect([...decision.vary].sort()).toStrictEqual([...want.vary].sort());
  expect(new Set(decision.vary).size).toBe(decision.vary.length);
  if (want.reason === undefined) {
    expect(decision).not.toHaveProperty("reason");
  } else {
    expect(decision.reason?.code).toBe(want.reason);
    expect(typeof decision.reason?.message).toBe("string");
    expect(decision.reason?.message.length).toBeGreaterThan(0);
  }
  const origin = expectedOrigin(testCase.request.headers);
  if (origin === undefined) {
    expect(decision).not.toHaveProperty("origin");
  } else {
    expect(decision.origin).toBe(origin);
  }
  expect(Object.isFrozen(decision)).toBe(true);
  expect(Object.isFrozen(decision.headers)).toBe(true);
  expect(Object.isFrozen(decision.vary)).toBe(true);
  if (decision.reason !== undefined) expect(Object.isFrozen(decision.reason)).toBe(true);
}

describe("the shared case table", () => {
  it("has unique titles", () => {
    const titles = cases.map((c) => c.desc);
    expect(new Set(titles).size).toBe(titles.length);
  });

  it("is internally consistent (status iff respond, reason iff a CORS request is denied)", () => {
    for (const c of cases) {
      expect(c.want.status !== undefined, c.desc).toBe(c.want.action === "respond");
      expect(c.want.reason !== undefined, c.desc).toBe(c.want.kind !== "non-cors" && !c.want.allowed);
    }
  });
});

describe.each(cases.map((c) => [c.desc, c] as const))("%s", (_title, testCase) => {
  let policy: CorsPolicy | undefined;
  const compiled = (): CorsPolicy => (policy ??= createPolicy(testCase.config));

  it("with headers as a plain record", () => {
    const decision = evaluate({ method: testCase.request.method, headers: testCase.request.headers }, compiled());
    expectDecision(decision, testCase);
  });

  const fetchHeaders = asFetchHeaders(testCase.request.headers);
  it.skipIf(fetchHeaders === undefined)("with headers as a fetch Headers object", () => {
    const headers: HeaderSource = fetchHeaders as Headers;
    const decision = evaluate({ method: testCase.request.method, headers }, compiled());
    expectDecision(decision, testCase);
  });

  it.skipIf(fetchHeaders === undefined)("gives the same decision from both header forms", () => {
    const fromRecord = evaluate({ method: testCase.request.method, headers: testCase.request.headers }, compiled());
    const fromHeaders = evaluate({ method: testCase.request.method, headers: fetchHeaders as Headers }, compiled());
    expect(fromHeaders).toStrictEqual(fromRecord);
  });
});
