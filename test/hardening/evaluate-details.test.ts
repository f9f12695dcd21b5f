import { describe, expect, it } from "vitest";
import { createPolicy, evaluate, mergeVary } from "../../src/index.js";
import type { CorsPolicy, HeaderSource } from "../../src/index.js";
import { parseRequestHeaders } from "../../src/core/request-headers.js";
import { isToken } from "../../src/core/http-token.js";
import { APP } from "./helpers.js";

const ACAO = "access-control-allow-origin";
const ACAM = "access-control-allow-methods";
const ACAH = "access-control-allow-headers";
const ACAPN = "access-control-allow-private-network";

function preflightOf(policy: CorsPolicy, more: Record<string, string | string[]> = {}, origin = APP) {
  return evaluate({ method: "OPTIONS", headers: { origin, "access-control-request-method": "GET", ...more } }, policy);
}

describe("per-origin caching never leaks one request's answer into another's", () => {
  it("the allowed answer for an exact origin is built once and reused", () => {
    const policy = createPolicy({ allowOrigins: [APP], allowMethods: ["PUT"] });
    expect(evaluate({ method: "GET", headers: { origin: APP } }, policy)).toBe(evaluate({ method: "GET", headers: { origin: APP } }, policy));
    expect(preflightOf(policy)).toBe(preflightOf(policy, { "access-control-request-method": "PUT" }));
  });

  it("echoed methods and headers are not cached", () => {
    const anyMethod = createPolicy({ allowOrigins: [APP], allowMethods: ["*"] });
    expect(preflightOf(anyMethod, { "access-control-request-method": "PUT" }).headers[ACAM]).toBe("PUT");
    expect(preflightOf(anyMethod, { "access-control-request-method": "DELETE" }).headers[ACAM]).toBe("DELETE");
    const anyHeader = createPolicy({ allowOrigins: [APP], allowHeaders: ["*"] });
    expect(preflightOf(anyHeader, { "access-control-request-headers": "x-a" }).headers[ACAH]).toBe("x-a");
    expect(preflightOf(anyHeader, { "access-control-request-headers": "X-B, x-c" }).headers[ACAH]).toBe("x-b, x-c");
    expect(preflightOf(anyHeader).headers[ACAH]).toBeUndefined();
  });

  it("a private-network answer is not cached for the next preflight", () => {
    const policy = createPolicy({ allowOrigins: [APP], allowPrivateNetwork: true });
    expect(preflightOf(policy, { "access-control-request-private-network": "true" }).headers[ACAPN]).toBe("true");
    expect(preflightOf(policy).headers[ACAPN]).toBeUndefined();
    expect(preflightOf(policy, { "access-control-request-private-network": "true" }).headers[ACAPN]).toBe("true");
  });

  it("ACRPN must be exactly true", () => {
    const policy = createPolicy({ allowOrigins: [APP] });
    for (const value of ["TRUE", "false", "", "true "]) expect(preflightOf(policy, { "access-control-request-private-network": value }).allowed).toBe(true);
    expect(preflightOf(policy, { "access-control-request-private-network": ["true"] }).reason?.code).toBe("private-network-not-allowed");
    expect(preflightOf(policy, { "access-control-request-private-network": ["true", "true"] }).allowed).toBe(true);
  });

  it("refusal order: method, then headers, then private network", () => {
    const policy = createPolicy({ allowOrigins: [APP] });
    const all = { "access-control-request-method": "PUT", "access-control-request-headers": "x-a", "access-control-request-private-network": "true" };
    expect(preflightOf(policy, all).reason?.code).toBe("method-not-allowed");
    expect(preflightOf(policy, { ...all, "access-control-request-method": "POST" }).reason?.code).toBe("headers-not-allowed");
    expect(preflightOf(policy, { ...all, "access-control-request-method": "POST", "access-control-request-headers": "" }).reason?.code).toBe("private-network-not-allowed");
  });
});

describe("decisions by policy shape", () => {
  it("\"*\" without credentials: ACAO *, no Vary on actual and non-CORS requests, Vary on preflights", () => {
    const policy = createPolicy({ allowOrigins: ["*"], exposeHeaders: ["x-id"] });
    const actual = evaluate({ method: "GET", headers: { origin: "https://a.example" } }, policy);
    expect(actual).toEqual({ kind: "actual", allowed: true, action: "continue", headers: { [ACAO]: "*", "access-control-expose-headers": "x-id" }, vary: [], origin: "https://a.example" });
    expect(evaluate({ method: "GET", headers: {} }, policy).vary).toEqual([]);
    expect(evaluate({ method: "GET", headers: { origin: "null" } }, policy).vary).toEqual([]);
    expect(preflightOf(policy, {}, "https://a.example").headers[ACAO]).toBe("*");
    expect(preflightOf(policy, {}, "https://a.example").vary).toEqual(["Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers"]);
  });

  it("\"*\" with credentials (opted in) echoes the origin and varies on it", () => {
    const policy = createPolicy({ allowOrigins: ["*"], allowCredentials: true, dangerouslyAllowAnyOriginWithCredentials: true });
    const actual = evaluate({ method: "GET", headers: { origin: "https://a.example" } }, policy);
    expect(actual.headers).toEqual({ [ACAO]: "https://a.example", "access-control-allow-credentials": "true" });
    expect(actual.vary).toEqual(["Origin"]);
    expect(preflightOf(policy, {}, "https://a.example").headers[ACAO]).toBe("https://a.example");
  });

  it("{ exact: \"*\" } is \"*\"", () => {
    const policy = createPolicy({ allowOrigins: [{ exact: "*" }] });
    expect(evaluate({ method: "GET", headers: { origin: APP } }, policy).headers[ACAO]).toBe("*");
    expect(policy.config.allowOrigins).toEqual(["*"]);
  });

  it("a refused preflight from a trusted origin lists what is allowed, never an echo", () => {
    const listed = createPolicy({ allowOrigins: [APP], allowMethods: ["PUT"], allowHeaders: ["x-a"], exposeHeaders: ["x-id"], maxAge: 60, allowCredentials: true, preflightStatus: 200 });
    expect(preflightOf(listed, { "access-control-request-method": "DELETE" })).toEqual({
      kind: "preflight",
      allowed: false,
      action: "respond",
      status: 200,
      headers: { [ACAO]: APP, "access-control-allow-credentials": "true", [ACAM]: "PUT", [ACAH]: "x-a" },
      vary: ["Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers"],
      origin: APP,
      reason: expect.objectContaining({ code: "method-not-allowed" }),
    });
    const any = createPolicy({ allowOrigins: [APP], allowMethods: ["*"], allowHeaders: ["*"] });
    expect(preflightOf(any, { "access-control-request-headers": "x a" }).headers).toEqual({ [ACAO]: APP });
  });

  it("an allowed preflight carries everything configured", () => {
    const policy = createPolicy({ allowOrigins: [APP], allowMethods: ["PUT", "patch"], allowHeaders: ["x-a", "x-b"], exposeHeaders: ["x-id", "x-n"], maxAge: 0, allowCredentials: true });
    expect(preflightOf(policy, { "access-control-request-method": "patch", "access-control-request-headers": "X-B" })).toEqual({
      kind: "preflight",
      allowed: true,
      action: "respond",
      status: 204,
      headers: {
        [ACAO]: APP,
        "access-control-allow-credentials": "true",
        [ACAM]: "PUT, patch",
        [ACAH]: "x-a, x-b",
        "access-control-max-age": "0",
        "access-control-expose-headers": "x-id, x-n",
      },
      vary: ["Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers"],
      origin: APP,
    });
  });

  it("requested methods are normalized like the Fetch standard does", () => {
    const policy = createPolicy({ allowOrigins: [APP], allowMethods: ["PUT"] });
    expect(preflightOf(policy, { "access-control-request-method": "put" }).allowed).toBe(true);
    expect(preflightOf(policy, { "access-control-request-method": "get" }).allowed).toBe(true);
    expect(preflightOf(policy, { "access-control-request-method": "Head" }).allowed).toBe(true);
    expect(preflightOf(policy, { "access-control-request-method": "PUTS" }).allowed).toBe(false);
  });

  it("classification: only OPTIONS with a non-empty ACRM is a preflight", () => {
    const policy = createPolicy({ allowOrigins: [APP] });
    expect(evaluate({ method: "options", headers: { origin: APP, "access-control-request-method": "GET" } }, policy).kind).toBe("actual");
    expect(evaluate({ method: "OPTIONS", headers: { origin: APP, "access-control-request-method": "" } }, policy).kind).toBe("actual");
    expect(evaluate({ method: "OPTIONS", headers: { origin: APP, "access-control-request-method": [] } }, policy).kind).toBe("actual");
    expect(evaluate({ method: "OPTIONS", headers: { origin: APP } }, policy).kind).toBe("actual");
    expect(evaluate({ method: "OPTIONS", headers: { origin: APP, "access-control-request-method": ["GET", "GET"] } }, policy).kind).toBe("preflight");
    expect(evaluate({ method: "GET", headers: { origin: "" } }, policy).kind).toBe("non-cors");
    expect(evaluate({ method: "GET", headers: { origin: [] } }, policy).kind).toBe("non-cors");
    expect(evaluate({ method: "GET", headers: { origin: [""] } }, policy).kind).toBe("non-cors");
  });

  it("unmatched preflights: reject answers 403 with preflight Vary; forward continues with Origin only", () => {
    const reject = createPolicy({ allowOrigins: [APP] });
    expect(preflightOf(reject, {}, "https://evil.example")).toMatchObject({ action: "respond", status: 403, headers: {}, vary: ["Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers"] });
    const forward = createPolicy({ allowOrigins: [APP], unmatchedPreflights: "forward" });
    const decision = preflightOf(forward, {}, "https://evil.example");
    expect(decision).toMatchObject({ kind: "preflight", allowed: false, action: "continue", headers: {}, vary: ["Origin"] });
    expect("status" in decision).toBe(false);
    expect(preflightOf(forward, {}, "bad origin").reason?.code).toBe("origin-invalid");
  });
});

describe("header sources", () => {
  const policy = createPolicy({ allowOrigins: [APP], allowHeaders: ["x-a", "x-b"] });

  it("a getter (fetch Headers) is asked in lower case", () => {
    const asked: string[] = [];
    const headers: HeaderSource = {
      get(name: string) {
        asked.push(name);
        return ({ origin: APP, "access-control-request-method": "GET", "access-control-request-headers": "x-a" } as Record<string, string>)[name] ?? null;
      },
    };
    expect(evaluate({ method: "OPTIONS", headers }, policy).allowed).toBe(true);
    expect(asked.every((name) => name === name.toLowerCase())).toBe(true);
    expect(evaluate({ method: "GET", headers: new Headers({ Origin: APP }) }, policy).allowed).toBe(true);
  });

  it("a getter that throws grants nothing and does not throw", () => {
    const hostile: HeaderSource = {
      get() {
        throw new Error("boom");
      },
    };
    expect(evaluate({ method: "GET", headers: hostile }, policy)).toEqual({ kind: "non-cors", allowed: false, action: "continue", headers: {}, vary: ["Origin"] });
  });

  it("ACRH given as several values is read as their list", () => {
    expect(preflightOf(policy, { "access-control-request-headers": ["x-a", "x-b"] }).allowed).toBe(true);
    expect(preflightOf(policy, { "access-control-request-headers": ["x-a", "x-c"] }).reason?.message).toContain("x-c");
    const flood = Array.from({ length: 5000 }, () => "x-a");
    expect(preflightOf(policy, { "access-control-request-headers": flood }).reason?.code).toBe("request-headers-invalid");
    expect(preflightOf(policy, { "access-control-request-headers": [] }).allowed).toBe(true);
  });

  it("anything but a policy made by createPolicy is a programming error: a TypeError naming createPolicy", () => {
    const request = { method: "GET", headers: { origin: APP } };
    // The config itself, passed as it is (the slip this catches): the message says what to call.
    expect(() => evaluate(request, { allowOrigins: [APP] } as unknown as CorsPolicy)).toThrow(
      new TypeError(
        "corsgate: evaluate() was given a policy config, not a compiled policy: pass createPolicy(config) (or, with corsgate/precompiled, loadPrecompiledPolicy(generated))",
      ),
    );
    for (const [fake, described] of [
      [{}, "an object"],
      [null, "null"],
      [undefined, "undefined"],
      [{ config: {}, warnings: [] }, "an object"],
      ["policy", 'the string "policy"'],
    ] as const) {
      expect(() => evaluate(request, fake as unknown as CorsPolicy)).toThrow(
        new TypeError(
          `corsgate: evaluate() takes a policy made by createPolicy(config) (or, with corsgate/precompiled, loadPrecompiledPolicy(generated)), not ${described}`,
        ),
      );
    }
  });
});

describe("Access-Control-Request-Headers parser", () => {
  it.each([
    ["", []],
    ["x-a", ["x-a"]],
    ["X-A,x-b", ["x-a", "x-b"]],
    [" \tx-a \t, \tX-B\t ", ["x-a", "x-b"]],
    [",,x-a,,", ["x-a"]],
    [" , ", []],
    ["a!#$%&'*+-.^_`|~1", ["a!#$%&'*+-.^_`|~1"]],
  ])("%j → %j", (value, names) => {
    expect(parseRequestHeaders(value)).toEqual({ ok: true, names });
  });

  it.each(["x a", "x-a;", "x-a, y b", "é", "x-a,\u0000", "\"x\"", "x-a x-b"])("%j is not a list of names", (value) => {
    expect(parseRequestHeaders(value)).toEqual({ ok: false, why: "the Access-Control-Request-Headers value holds something that is not a header name" });
  });

  it("limits: 64 names and 4096 bytes are fine, one more is not", () => {
    const names = (count: number) => Array.from({ length: count }, (_, index) => `h${index}`);
    expect(parseRequestHeaders(names(64).join(","))).toEqual({ ok: true, names: names(64) });
    expect(parseRequestHeaders(names(65).join(","))).toEqual({ ok: false, why: "the preflight asks for more than 64 headers" });
    expect(parseRequestHeaders(`${"x,".repeat(64)}`)).toMatchObject({ ok: true });
    const exact = `x-${"a".repeat(4094)}`;
    expect(parseRequestHeaders(exact)).toEqual({ ok: true, names: [exact] });
    expect(parseRequestHeaders(`${exact}a`)).toEqual({ ok: false, why: "the Access-Control-Request-Headers value is longer than 4096 bytes" });
  });
});

describe("HTTP tokens", () => {
  it("accepts every tchar and refuses the rest", () => {
    expect(isToken("!#$%&'*+-.^_`|~09azAZ")).toBe(true);
    for (const value of ["", " ", "a b", "a,b", "a;b", "(a)", "a\"b", "é", "a\u0000", "a\u007f", "a/b", "a:b", "[a]", "{a}", "a@b", "a=b", "a?b", "a\\b"]) {
      expect(isToken(value)).toBe(false);
    }
  });
});

describe("mergeVary", () => {
  it.each([
    [undefined, ["Origin"], "Origin"],
    [null, ["Origin"], "Origin"],
    ["", ["Origin"], "Origin"],
    ["Accept-Encoding", ["Origin"], "Accept-Encoding, Origin"],
    ["accept-encoding, origin", ["Origin", "Access-Control-Request-Method"], "accept-encoding, origin, Access-Control-Request-Method"],
    [" a ,, b ", ["B", " c "], "a, b, c"],
    ["*", ["Origin"], "*"],
    ["a, *", ["Origin"], "*"],
    ["a", ["*"], "*"],
    ["a", [], "a"],
    [undefined, [], ""],
  ])("%j + %j → %j", (existing, tokens, merged) => {
    expect(mergeVary(existing, tokens)).toBe(merged);
  });
});
