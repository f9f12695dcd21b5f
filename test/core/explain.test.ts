/**
 * explain (SPEC §1, issue 2): one paragraph a developer can act on. It names the origin and what was
 * refused, and when a refused origin, method or header is a near miss of an allowed one it says what
 * differs and names the allowed value.
 */
import { describe, expect, it } from "vitest";
import { createPolicy, evaluate, explain } from "../../src/index.js";
import type { CorsPolicyConfig } from "../../src/index.js";
import { cases } from "../fixtures/cases.js";

const APP = "https://app.example.com";

function explainRequest(config: CorsPolicyConfig, method: string, headers: Record<string, string | string[]>): string {
  const text = explain(evaluate({ method, headers }, createPolicy(config)));
  expect(typeof text).toBe("string");
  expect(text.trim().length).toBeGreaterThan(0);
  // One paragraph: no blank line inside.
  expect(text.trim()).not.toMatch(/\n\s*\n/);
  return text;
}

const preflight = (origin: string, method: string, more: Record<string, string> = {}) => ({
  origin,
  "access-control-request-method": method,
  ...more,
});

describe("explain names what happened", () => {
  it("an allowed actual request names the origin", () => {
    expect(explainRequest({ allowOrigins: [APP] }, "GET", { origin: APP })).toContain(APP);
  });

  it("an allowed preflight names the origin and the method", () => {
    const text = explainRequest({ allowOrigins: [APP], allowMethods: ["PUT"] }, "OPTIONS", preflight(APP, "PUT"));
    expect(text).toContain(APP);
    expect(text).toContain("PUT");
  });

  it("a refused origin is named", () => {
    const text = explainRequest({ allowOrigins: [APP] }, "GET", { origin: "https://evil.example" });
    expect(text).toContain("https://evil.example");
  });

  it("a refused method is named, with the origin and the methods the policy allows instead", () => {
    const text = explainRequest({ allowOrigins: [APP], allowMethods: ["PUT"] }, "OPTIONS", preflight(APP, "DELETE"));
    expect(text).toContain("DELETE");
    expect(text).toContain(APP);
    expect(text).toContain("PUT");
  });

  it("a refused header is named with the headers the policy allows instead", () => {
    const text = explainRequest({ allowOrigins: [APP], allowHeaders: ["x-allowed-one"] }, "OPTIONS", preflight(APP, "GET", { "access-control-request-headers": "x-secret" }));
    expect(text).toContain("x-secret");
    expect(text).toContain("x-allowed-one");
  });

  it("every refused header is named", () => {
    const text = explainRequest(
      { allowOrigins: [APP], allowHeaders: ["content-type"] },
      "OPTIONS",
      preflight(APP, "POST", { "access-control-request-headers": "content-type, x-secret, x-other" }),
    );
    expect(text).toContain("x-secret");
    expect(text).toContain("x-other");
  });

  it("the reason of a refused header names every refused header", () => {
    const decision = evaluate(
      { method: "OPTIONS", headers: preflight(APP, "POST", { "access-control-request-headers": "x-secret, content-type, x-other" }) },
      createPolicy({ allowOrigins: [APP], allowHeaders: ["content-type"] }),
    );
    expect(decision.reason?.code).toBe("headers-not-allowed");
    expect(decision.reason?.message).toContain("x-secret");
    expect(decision.reason?.message).toContain("x-other");
  });

  it("a refused private network request says so", () => {
    const text = explainRequest({ allowOrigins: [APP] }, "OPTIONS", preflight(APP, "GET", { "access-control-request-private-network": "true" }));
    expect(text).toMatch(/private.network/i);
  });

  it("an invalid origin names the problem", () => {
    const text = explainRequest({ allowOrigins: [APP] }, "GET", { origin: [APP, APP] });
    expect(text).toMatch(/invalid|more than once|duplicat|several|twice/i);
  });

  it("invalid request headers are explained", () => {
    const text = explainRequest({ allowOrigins: [APP], allowHeaders: ["*"] }, "OPTIONS", preflight(APP, "GET", { "access-control-request-headers": "x a" }));
    expect(text).toMatch(/Access-Control-Request-Headers|request headers/i);
  });

  it("a non-CORS request says that there is no Origin", () => {
    const text = explainRequest({ allowOrigins: [APP] }, "GET", {});
    expect(text).toMatch(/origin/i);
  });

  it("does not write raw control characters of the request into the text", () => {
    const text = explainRequest({ allowOrigins: [APP] }, "GET", { origin: `${APP}\r\nx-injected: 1` });
    expect(text).not.toContain("\r\nx-injected");
  });
});

describe("explain says what differs in a near-miss origin and names the allowed origin", () => {
  const config: CorsPolicyConfig = { allowOrigins: [APP, "https://other.example"] };
  it.each([
    ["scheme", "http://app.example.com", /scheme|https?:|protocol/i],
    ["port", "https://app.example.com:8443", /port/i],
    ["letter case", "https://APP.example.com", /case/i],
    ["trailing slash", "https://app.example.com/", /slash/i],
    ["www.", "https://www.app.example.com", /www/i],
  ])("the %s differs", (_what, origin, says) => {
    const text = explainRequest(config, "GET", { origin });
    expect(text).toMatch(says);
    expect(text).toContain(APP);
  });

  it("www. missing from the request", () => {
    const text = explainRequest({ allowOrigins: ["https://www.example.com"] }, "GET", { origin: "https://example.com" });
    expect(text).toMatch(/www/i);
    expect(text).toContain("https://www.example.com");
  });

  it("the default port written out", () => {
    const text = explainRequest(config, "GET", { origin: "https://app.example.com:443" });
    expect(text).toMatch(/port/i);
    expect(text).toContain(APP);
  });

  it("a preflight from a near-miss origin is explained the same way", () => {
    const text = explainRequest(config, "OPTIONS", preflight("https://app.example.com:8443", "GET"));
    expect(text).toMatch(/port/i);
    expect(text).toContain(APP);
  });
});

describe("explain says when a refused method differs only by case", () => {
  it("patch requested, PATCH allowed", () => {
    const text = explainRequest({ allowOrigins: [APP], allowMethods: ["PATCH"] }, "OPTIONS", preflight(APP, "patch"));
    expect(text).toMatch(/case/i);
    expect(text).toContain("PATCH");
    expect(text).toContain("patch");
  });

  it("PATCH requested, patch allowed", () => {
    const text = explainRequest({ allowOrigins: [APP], allowMethods: ["patch"] }, "OPTIONS", preflight(APP, "PATCH"));
    expect(text).toMatch(/case/i);
    expect(text).toContain("patch");
  });

  it("a refused method that is not a near miss does not talk about case", () => {
    const text = explainRequest({ allowOrigins: [APP], allowMethods: ["PUT"] }, "OPTIONS", preflight(APP, "DELETE"));
    expect(text).not.toMatch(/letter case|differs only/i);
  });
});

describe("explain handles every decision of the shared table", () => {
  it.each(cases.map((c) => [c.desc, c] as const))("%s", (_desc, testCase) => {
    const decision = evaluate({ method: testCase.request.method, headers: testCase.request.headers }, createPolicy(testCase.config));
    const text = explain(decision);
    expect(text.trim().length).toBeGreaterThan(0);
    expect(text.trim()).not.toMatch(/\n\s*\n/);
    // A short, printable origin is named as received.
    if (decision.origin !== undefined && /^[\x20-\x7e]{1,200}$/.test(decision.origin)) expect(text).toContain(decision.origin);
    if (decision.reason?.code === "method-not-allowed") {
      const requested = testCase.request.headers["access-control-request-method"];
      const method = Array.isArray(requested) ? requested[0] : requested;
      if (method !== undefined && /^[\x21-\x7e]+$/.test(method)) expect(text).toContain(method);
    }
  });
});
