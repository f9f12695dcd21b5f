/**
 * How evaluate reads a request and matches (SPEC §2, §4 "Cost", §5.6): header names looked up in lower
 * case; no regex runs on an invalid or over-long origin, nor for an exact origin, nor to parse ACRH;
 * exact origins work in any number.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPolicy, evaluate } from "../../src/index.js";

const APP = "https://app.example.com";

/** Counts every regex execution: `test`, `match`, `replace`, `split` with a regex all go through `exec`. */
let regexRuns = 0;
const originalExec = RegExp.prototype.exec;
beforeEach(() => {
  regexRuns = 0;
  RegExp.prototype.exec = function (this: RegExp, input: string) {
    regexRuns++;
    return originalExec.call(this, input);
  };
});
afterEach(() => {
  RegExp.prototype.exec = originalExec;
});

describe("no regex where SPEC §4 and §5.6 say none runs", () => {
  const regexPolicy = () => createPolicy({ allowOrigins: [{ regex: "https://[a-z]+\\.example\\.com" }, { regex: ".*" }] });

  it.each([
    ["an over-long origin", `https://${"a".repeat(3000)}.example.com`],
    ["an origin with a path", `${APP}/x`],
    ["an origin with a comma", `${APP}, ${APP}`],
    ["an origin without a scheme", "app.example.com"],
    ["an origin with CR LF", `${APP}\r\n`],
  ])("%s is refused without running a regex", (_what, origin) => {
    const policy = regexPolicy();
    regexRuns = 0;
    const decision = evaluate({ method: "GET", headers: { origin } }, policy);
    expect(decision.reason?.code).toBe("origin-invalid");
    expect(regexRuns).toBe(0);
  });

  it("a duplicated origin is refused without running a regex", () => {
    const policy = regexPolicy();
    regexRuns = 0;
    expect(evaluate({ method: "GET", headers: { origin: [APP, APP] } }, policy).reason?.code).toBe("origin-invalid");
    expect(regexRuns).toBe(0);
  });

  it("a valid origin does reach the regex (the counter works)", () => {
    const policy = regexPolicy();
    regexRuns = 0;
    expect(evaluate({ method: "GET", headers: { origin: "https://api.example.com" } }, policy).allowed).toBe(true);
    expect(regexRuns).toBeGreaterThan(0);
  });

  it("an exact origin is found before any regex is tried", () => {
    const policy = createPolicy({ allowOrigins: [{ regex: "https://[a-z]+\\.example\\.org" }, APP, "https://*.example.net"] });
    regexRuns = 0;
    expect(evaluate({ method: "GET", headers: { origin: APP } }, policy).allowed).toBe(true);
    expect(regexRuns).toBe(0);
  });

  it("ACRH is parsed without a regex", () => {
    const policy = createPolicy({ allowOrigins: [APP], allowMethods: ["PUT"], allowHeaders: ["*"] });
    regexRuns = 0;
    const decision = evaluate(
      {
        method: "OPTIONS",
        headers: { origin: APP, "access-control-request-method": "PUT", "access-control-request-headers": " X-A ,\tx-b,,x-c " },
      },
      policy,
    );
    expect(decision.headers["access-control-allow-headers"]).toBe("x-a, x-b, x-c");
    expect(regexRuns).toBe(0);
  });
});

describe("exact origins in any number", () => {
  it("finds the last of 20,000 exact origins and refuses a near miss", () => {
    const origins = Array.from({ length: 20_000 }, (_, i) => `https://tenant-${i}.example.com`);
    const policy = createPolicy({ allowOrigins: origins });
    regexRuns = 0;
    expect(evaluate({ method: "GET", headers: { origin: "https://tenant-19999.example.com" } }, policy).allowed).toBe(true);
    expect(regexRuns).toBe(0);
    expect(evaluate({ method: "GET", headers: { origin: "https://tenant-20000.example.com" } }, policy).allowed).toBe(false);
    expect(evaluate({ method: "GET", headers: { origin: "https://tenant-0.example.com" } }, policy).allowed).toBe(true);
  });
});

describe("header lookup (SPEC §2)", () => {
  it("asks a getter for lower-case names only", () => {
    const asked: string[] = [];
    const values: Record<string, string> = { origin: APP, "access-control-request-method": "PUT", "access-control-request-headers": "x-a" };
    const headers = {
      get(name: string): string | null {
        asked.push(name);
        return values[name] ?? null;
      },
    };
    const decision = evaluate({ method: "OPTIONS", headers }, createPolicy({ allowOrigins: [APP], allowMethods: ["PUT"], allowHeaders: ["x-a"] }));
    expect(decision.allowed).toBe(true);
    expect(asked.length).toBeGreaterThan(0);
    for (const name of asked) expect(name).toBe(name.toLowerCase());
  });

  it("reads a Node-style record with lower-case names, ignoring unrelated headers", () => {
    const decision = evaluate(
      { method: "GET", headers: { host: "api.example.com", origin: APP, "set-cookie": ["a=1", "b=2"], cookie: undefined } },
      createPolicy({ allowOrigins: [APP] }),
    );
    expect(decision.headers["access-control-allow-origin"]).toBe(APP);
  });

  it("reads a real fetch Request", () => {
    const request = new Request("https://api.example.com/x", {
      method: "OPTIONS",
      headers: { Origin: APP, "Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "X-A" },
    });
    const decision = evaluate(request, createPolicy({ allowOrigins: [APP], allowMethods: ["PUT"], allowHeaders: ["x-a"] }));
    expect(decision.kind).toBe("preflight");
    expect(decision.allowed).toBe(true);
    expect(decision.headers["access-control-allow-headers"]).toBe("x-a");
  });

  it("a request without a method (a Node IncomingMessage may have none) is never a preflight", () => {
    const policy = createPolicy({ allowOrigins: [APP], allowMethods: ["PUT"] });
    const decision = evaluate({ headers: { origin: APP, "access-control-request-method": "PUT" } }, policy);
    expect(decision.kind).toBe("actual");
    expect(decision.allowed).toBe(true);
    expect(decision.action).toBe("continue");
    expect(evaluate({ method: undefined, headers: {} }, policy).kind).toBe("non-cors");
  });

  it("an empty array Origin is no Origin: non-CORS, nothing granted", () => {
    const decision = evaluate({ method: "GET", headers: { origin: [] } }, createPolicy({ allowOrigins: ["https://app.example.com"] }));
    expect(decision.kind).toBe("non-cors");
    expect(decision.allowed).toBe(false);
    expect(decision.headers).toStrictEqual({});
    // Under "*" without credentials a non-CORS answer still carries * (SPEC §5.5), and is still not "allowed".
    const wildcard = evaluate({ method: "GET", headers: { origin: [] } }, createPolicy({ allowOrigins: ["*"] }));
    expect(wildcard.kind).toBe("non-cors");
    expect(wildcard.allowed).toBe(false);
    expect(wildcard.headers).toStrictEqual({ "access-control-allow-origin": "*" });
  });
});
