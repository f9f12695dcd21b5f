import { describe, expect, it } from "vitest";
import { createPolicy, evaluate } from "../../src/index.js";
import { compiledOf } from "../../src/core/compiled.js";

// evaluate remembers per-origin verdicts and passing Access-Control-Request-Headers values; a flood of distinct
// values must cost time, never memory (src/core/evaluate.ts): 512 origins beyond the listed ones, 64 ACRH values,
// and no key longer than 512 characters.
const APP = "https://app.example.com";

function caches(policy: ReturnType<typeof createPolicy>) {
  const compiled = compiledOf(policy);
  if (compiled === undefined) throw new Error("not a policy");
  return compiled;
}

describe("the per-origin cache is bounded", () => {
  it("holds at most 512 origins beyond the listed ones, then starts over", () => {
    const policy = createPolicy({ allowOrigins: [APP, "https://*.example.org"] });
    const cache = caches(policy).originCache;
    for (let index = 0; index < 513; index++) evaluate({ method: "GET", headers: { origin: `https://h${index}.example.org` } }, policy);
    expect(cache.size).toBe(513);
    evaluate({ method: "GET", headers: { origin: "https://h513.example.org" } }, policy);
    expect(cache.size).toBe(1);
    expect(evaluate({ method: "GET", headers: { origin: "https://h1.example.org" } }, policy).allowed).toBe(true);
    expect(evaluate({ method: "GET", headers: { origin: "https://h1.example.net" } }, policy).allowed).toBe(false);
  });

  it("does not remember origins longer than 512 characters", () => {
    const policy = createPolicy({ allowOrigins: ["https://*.example.org"] });
    const cache = caches(policy).originCache;
    const exactly512 = `https://${"a".repeat(512 - 20)}.example.org`;
    expect(exactly512).toHaveLength(512);
    evaluate({ method: "GET", headers: { origin: exactly512 } }, policy);
    expect(cache.size).toBe(1);
    const longer = `https://${"a".repeat(513 - 20)}.example.org`;
    expect(longer).toHaveLength(513);
    expect(evaluate({ method: "GET", headers: { origin: longer } }, policy).allowed).toBe(true);
    expect(cache.size).toBe(1);
  });

  it("a cached verdict gives the same decisions as a fresh one", () => {
    const policy = createPolicy({ allowOrigins: [APP], allowMethods: ["PUT"] });
    const fresh = createPolicy({ allowOrigins: [APP], allowMethods: ["PUT"] });
    const requests = [
      { method: "GET", headers: { origin: "https://evil.example" } },
      { method: "OPTIONS", headers: { origin: "https://evil.example", "access-control-request-method": "PUT" } },
      { method: "OPTIONS", headers: { origin: APP, "access-control-request-method": "PUT" } },
      { method: "OPTIONS", headers: { origin: APP, "access-control-request-method": "DELETE" } },
      { method: "GET", headers: { origin: APP } },
    ];
    for (const request of [...requests, ...requests]) expect(evaluate(request, policy)).toEqual(evaluate(request, createPolicy({ allowOrigins: [APP], allowMethods: ["PUT"] })));
    expect(evaluate(requests[1] as (typeof requests)[number], policy)).toBe(evaluate(requests[1] as (typeof requests)[number], policy));
    expect(fresh).not.toBe(policy);
  });
});

describe("the Access-Control-Request-Headers cache is bounded and only holds passing values", () => {
  const preflight = (policy: ReturnType<typeof createPolicy>, value: string) =>
    evaluate({ method: "OPTIONS", headers: { origin: APP, "access-control-request-method": "GET", "access-control-request-headers": value } }, policy);

  it("remembers passing values, up to 64, then starts over", () => {
    const policy = createPolicy({ allowOrigins: [APP], allowHeaders: ["*"] });
    const cache = caches(policy).requestHeadersCache;
    for (let index = 0; index < 64; index++) preflight(policy, `x-${index}`);
    expect(cache.size).toBe(64);
    preflight(policy, "x-64");
    expect(cache.size).toBe(1);
    expect(preflight(policy, "X-A, x-b").headers["access-control-allow-headers"]).toBe("x-a, x-b");
    expect(preflight(policy, "X-A, x-b").headers["access-control-allow-headers"]).toBe("x-a, x-b");
    expect(cache.get("X-A, x-b")).toEqual(["x-a", "x-b"]);
    expect(Object.isFrozen(cache.get("X-A, x-b"))).toBe(true);
  });

  it("never remembers a refused value, nor one longer than 512 characters", () => {
    const policy = createPolicy({ allowOrigins: [APP], allowHeaders: ["x-a"] });
    const cache = caches(policy).requestHeadersCache;
    expect(preflight(policy, "x-b").allowed).toBe(false);
    expect(preflight(policy, "x a").allowed).toBe(false);
    expect(cache.size).toBe(0);
    expect(preflight(policy, "x-b").reason?.code).toBe("headers-not-allowed");
    const at512 = `x-a${" ".repeat(509)}`;
    expect(at512).toHaveLength(512);
    expect(preflight(policy, `${at512} `).allowed).toBe(true);
    expect(cache.size).toBe(0);
    expect(preflight(policy, at512).allowed).toBe(true);
    expect(cache.size).toBe(1);
  });
});
