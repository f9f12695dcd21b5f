import { describe, expect, it } from "vitest";
import { createPolicy, evaluate, explain } from "../../src/index.js";
import { APP, get, preflight } from "./helpers.js";

// The words of a denial are what a developer reads in a log: each variant says what happened and what to do.
describe("deny reasons: messages and hints", () => {
  it("origin-not-allowed names the origin and suggests adding it", () => {
    const reason = get({ allowOrigins: [APP] }, { origin: "https://other.example" }).reason;
    expect(reason).toEqual({
      code: "origin-not-allowed",
      message: 'The origin "https://other.example" is not allowed by the policy.',
      hint: 'if this origin should have access, add "https://other.example" to allowOrigins',
    });
  });

  it("origin-not-allowed for null says why null is never allowed", () => {
    const reason = get({ allowOrigins: ["*"], allowCredentials: true, dangerouslyAllowAnyOriginWithCredentials: true }, { origin: "null" }).reason;
    expect(reason?.code).toBe("origin-not-allowed");
    expect(reason?.message).toBe('The origin "null" is never allowed: it is shared by every sandboxed iframe, file: page and redirected request.');
    expect(reason?.hint).toBe("serve the page from a real origin and list that origin in allowOrigins");
  });

  it.each([
    [["https://a.example", "https://b.example"], "The Origin header was sent more than once (or not as text), so it cannot be trusted."],
    [`https://${"a".repeat(2050)}.example`, "The Origin header is longer than 2048 bytes."],
    ["https://a.example, https://b.example", 'The Origin header "https://a.example, https://b.example" holds more than one value.'],
    ["app.example.com", 'The Origin header "app.example.com" is not a serialized origin (scheme://host[:port]).'],
  ])("origin-invalid explains %j", (origin, message) => {
    const reason = get({ allowOrigins: [APP] }, { origin }).reason;
    expect(reason?.code).toBe("origin-invalid");
    expect(reason?.message).toBe(message);
    expect(reason?.hint).toBe("browsers never send such an Origin; look for a proxy or client that rewrites it");
  });

  it("origin-invalid with a trailing slash points at the allowed origin when the policy has it", () => {
    expect(get({ allowOrigins: ["https://other.example"] }, { origin: `${APP}/` }).reason?.hint).toBe(
      "browsers never send such an Origin; look for a proxy or client that rewrites it",
    );
    expect(get({ allowOrigins: [APP] }, { origin: `${APP}/` }).reason?.hint).toBe(`remove the trailing slash: the policy allows ${APP}`);
  });

  it("a non-string Origin in a one-element array is invalid, not a crash", () => {
    const decision = evaluate({ method: "GET", headers: { origin: [42 as unknown as string] } }, createPolicy({ allowOrigins: [APP] }));
    expect(decision.reason?.code).toBe("origin-invalid");
    expect(decision.origin).toBeUndefined();
  });

  it("request values are quoted JSON-escaped and cut at 100 characters", () => {
    const long = `https://${"a".repeat(120)}.example`;
    const reason = get({ allowOrigins: [APP] }, { origin: long }).reason;
    expect(reason?.message).toBe(`The origin ${JSON.stringify(`${long.slice(0, 100)}…`)} is not allowed by the policy.`);
  });

  it("method-not-allowed lists what the policy allows", () => {
    const none = preflight({ allowOrigins: [APP] }, { origin: APP, "access-control-request-method": "PUT" }).reason;
    expect(none?.message).toBe('The method "PUT" is not allowed: the policy lists no methods (GET, HEAD and POST never need a preflight).');
    expect(none?.hint).toBe('add "PUT" to allowMethods if it should be allowed');
    const some = preflight({ allowOrigins: [APP], allowMethods: ["PATCH", "DELETE"] }, { origin: APP, "access-control-request-method": "PUT" }).reason;
    expect(some?.message).toBe('The method "PUT" is not allowed: the policy allows PATCH, DELETE (GET, HEAD and POST never need a preflight).');
  });

  it("method-not-allowed says when only the letter case differs", () => {
    const reason = preflight({ allowOrigins: [APP], allowMethods: ["PATCH"] }, { origin: APP, "access-control-request-method": "patch" }).reason;
    expect(reason?.hint).toBe('methods are case-sensitive: the policy allows "PATCH"; send that, or add "patch" to allowMethods');
  });

  it.each([["GET POST"], ["x".repeat(257)], [["PUT", "PUT"]]])("an unusable request method %j is refused without a hint", (method) => {
    const reason = preflight({ allowOrigins: [APP], allowMethods: ["*"] }, { origin: APP, "access-control-request-method": method }).reason;
    expect(reason).toEqual({ code: "method-not-allowed", message: "The preflight's Access-Control-Request-Method is not a valid method." });
  });

  it("a 256-character method is still a method", () => {
    const method = "X".repeat(256);
    const decision = preflight({ allowOrigins: [APP], allowMethods: ["*"] }, { origin: APP, "access-control-request-method": method });
    expect(decision.allowed).toBe(true);
    expect(decision.headers["access-control-allow-methods"]).toBe(method);
  });

  it("headers-not-allowed: singular and plural, with or without allowed headers", () => {
    const one = preflight({ allowOrigins: [APP] }, { origin: APP, "access-control-request-method": "GET", "access-control-request-headers": "x-a" }).reason;
    expect(one?.message).toBe("The request header x-a is not allowed: the policy allows no request headers beyond the CORS-safelisted ones.");
    expect(one?.hint).toBe('add "x-a" to allowHeaders if it should be allowed');
    const two = preflight(
      { allowOrigins: [APP], allowHeaders: ["x-ok", "x-fine"] },
      { origin: APP, "access-control-request-method": "GET", "access-control-request-headers": "x-ok, x-a, x-b" },
    ).reason;
    expect(two?.message).toBe("The request headers x-a, x-b are not allowed: the policy allows x-ok, x-fine.");
    expect(two?.hint).toBe('add "x-a", "x-b" to allowHeaders if they should be allowed');
  });

  it.each([
    ["x-a, x y", "the Access-Control-Request-Headers value holds something that is not a header name"],
    [`x-${"a".repeat(4095)}`, "the Access-Control-Request-Headers value is longer than 4096 bytes"],
    [Array.from({ length: 65 }, (_, index) => `x-${index}`).join(","), "the preflight asks for more than 64 headers"],
  ])("request-headers-invalid says why (%#)", (value, why) => {
    const reason = preflight({ allowOrigins: [APP], allowHeaders: ["*"] }, { origin: APP, "access-control-request-method": "GET", "access-control-request-headers": value }).reason;
    expect(reason).toEqual({
      code: "request-headers-invalid",
      message: `The preflight was refused: ${why}.`,
      hint: "browsers never send such a value; look for a client or proxy that builds it",
    });
  });

  it("request-headers-invalid for a header source that hands over something that is not text", () => {
    const policy = createPolicy({ allowOrigins: [APP], allowHeaders: ["*"] });
    const decision = evaluate(
      { method: "OPTIONS", headers: { origin: APP, "access-control-request-method": "GET", "access-control-request-headers": [7 as unknown as string] } },
      policy,
    );
    expect(decision.reason?.message).toBe("The preflight was refused: the Access-Control-Request-Headers value is not text.");
  });

  it("private-network-not-allowed says how to allow it", () => {
    const reason = preflight({ allowOrigins: [APP] }, { origin: APP, "access-control-request-method": "GET", "access-control-request-private-network": "true" }).reason;
    expect(reason).toEqual({
      code: "private-network-not-allowed",
      message: "The preflight asks for private network access (Access-Control-Request-Private-Network: true), which the policy does not allow.",
      hint: "set allowPrivateNetwork: true if public sites may reach this private-network server",
    });
  });
});

describe("explain: one paragraph per outcome", () => {
  const policy = createPolicy({ allowOrigins: [APP], allowMethods: ["PUT"], exposeHeaders: ["x-id"] });
  const run = (method: string, headers: Record<string, string>) => explain(evaluate({ method, headers }, policy));

  it("non-CORS", () => {
    expect(run("GET", {})).toBe(
      "Not a CORS request (no Origin header): corsgate adds no CORS headers and the handler runs as usual. Vary gets Origin, so caches keep one copy per origin.",
    );
    // Under an origin-independent "*", the non-CORS answer carries * too (SPEC §5.5), and explain says so.
    expect(explain(evaluate({ method: "GET", headers: {} }, createPolicy({ allowOrigins: ["*"] })))).toBe(
      "Not a CORS request (no Origin header): the handler runs as usual, and since the policy gives every origin the same answer, corsgate still adds access-control-allow-origin: *, so a cache can serve this copy to browsers too.",
    );
  });

  it("allowed actual request and preflight", () => {
    expect(run("GET", { origin: APP })).toBe(
      `Request from "${APP}" allowed: the handler runs and the browser lets the page read the response if the page sent it without credentials; a credentialed request (credentials: "include") also needs Access-Control-Allow-Credentials: true (allowCredentials: true), so the browser refuses it. Headers: access-control-allow-origin: ${APP}; access-control-expose-headers: x-id. Vary gets Origin, so caches keep one copy per origin.`,
    );
    expect(run("OPTIONS", { origin: APP, "access-control-request-method": "PUT" })).toBe(
      `Preflight from "${APP}" allowed: corsgate answers 204 without calling the handler, so the browser goes on to send the real request if the page sends it without credentials; for a credentialed one (credentials: "include") the browser stops here, as the answer has no Access-Control-Allow-Credentials: true (allowCredentials: true). Headers: access-control-allow-origin: ${APP}; access-control-allow-methods: PUT; access-control-expose-headers: x-id. Vary gets Origin, Access-Control-Request-Method, Access-Control-Request-Headers, so caches keep one copy per origin.`,
    );
  });

  it("allowed with credentials: the browser lets the page read, credentials or not (issue 11, item 8)", () => {
    const withCredentials = createPolicy({ allowOrigins: [APP], allowMethods: ["PUT"], allowCredentials: true });
    expect(explain(evaluate({ method: "GET", headers: { origin: APP } }, withCredentials))).toBe(
      `Request from "${APP}" allowed: the handler runs and the browser lets the page read the response. Headers: access-control-allow-origin: ${APP}; access-control-allow-credentials: true. Vary gets Origin, so caches keep one copy per origin.`,
    );
    expect(explain(evaluate({ method: "OPTIONS", headers: { origin: APP, "access-control-request-method": "PUT" } }, withCredentials))).toBe(
      `Preflight from "${APP}" allowed: corsgate answers 204 without calling the handler, so the browser goes on to send the real request. Headers: access-control-allow-origin: ${APP}; access-control-allow-credentials: true; access-control-allow-methods: PUT. Vary gets Origin, Access-Control-Request-Method, Access-Control-Request-Headers, so caches keep one copy per origin.`,
    );
    // A "*" answer never lets a credentialed request through: the sentence says so.
    expect(explain(evaluate({ method: "GET", headers: { origin: APP } }, createPolicy({ allowOrigins: ["*"] })))).toContain(
      'a credentialed request (credentials: "include") also needs Access-Control-Allow-Credentials: true',
    );
  });

  it("refused actual request: the handler still runs", () => {
    const text = run("GET", { origin: "https://evil.example" });
    expect(text).toMatch(/^Request from "https:\/\/evil\.example" refused/);
    expect(text).toContain(
      'The origin "https://evil.example" is not allowed by the policy. Fix: if this origin should have access, add "https://evil.example" to allowOrigins. The handler still runs (CORS is not access control), but without CORS headers the browser will not let the page read the response. Vary gets Origin, so caches keep one copy per origin.',
    );
  });

  it("refused preflights: rejected, forwarded, or answered with what is allowed", () => {
    expect(run("OPTIONS", { origin: "https://evil.example", "access-control-request-method": "PUT" })).toMatch(
      /^Preflight from "https:\/\/evil\.example" refused.* corsgate answers 403 with no CORS headers, so the browser blocks the request\. Vary gets/,
    );
    const forward = createPolicy({ allowOrigins: [APP], unmatchedPreflights: "forward" });
    expect(explain(evaluate({ method: "OPTIONS", headers: { origin: "https://evil.example", "access-control-request-method": "PUT" } }, forward))).toMatch(
      /The preflight is passed on to the application \(unmatchedPreflights: forward\), without CORS headers\. Vary gets Origin, so/,
    );
    expect(run("OPTIONS", { origin: APP, "access-control-request-method": "DELETE" })).toMatch(
      /corsgate answers 204 with what the policy does allow \(access-control-allow-origin: https:\/\/app\.example\.com; access-control-allow-methods: PUT\), so the browser blocks the request and its console names what is missing\./,
    );
  });

  it("an unusable Origin and a reason without hint", () => {
    expect(run("OPTIONS", { origin: APP, "access-control-request-method": "GET POST" })).toContain(
      "The preflight's Access-Control-Request-Method is not a valid method. corsgate answers 204",
    );
    const invalid = explain(evaluate({ method: "GET", headers: { origin: [APP, APP] } }, policy));
    expect(invalid).toMatch(/^Request with an unusable Origin header refused\. The Origin header was sent more than once/);
  });

  it("keeps a sentence's own final punctuation", () => {
    const text = run("GET", { origin: "null" });
    expect(text).toContain("redirected request. Fix: serve the page from a real origin and list that origin in allowOrigins. The handler");
  });
});
