// SPEC §6 — the seven invariants, as fast-check properties on the built package, with hostile inputs.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CorsDecision, CorsPolicy } from "./api.js";
import { builds, cjs, esm } from "./builds.js";
import { anyMatches, isValidOrigin } from "./reference-matcher.js";
import { attempt } from "./requests.js";

const RUNS = Number(process.env["PACKAGE_PROPERTY_RUNS"] ?? 3000);

// Precomputed so that generating them costs nothing per run.
const HUGE = ["a".repeat(1 << 20), ",".repeat(1 << 20), `https://${"a".repeat(1 << 20)}.com`, "x-a, ".repeat(1 << 18), "\r\n".repeat(1 << 18)];

const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 2, arbitrary: fc.stringMatching(/^[\x00-\x1f\x7f ,;:\t]{0,12}$/) },
  { weight: 1, arbitrary: fc.constantFrom(...HUGE) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 300 }).map((count) => ",".repeat(count)) },
  { weight: 1, arbitrary: fc.constantFrom("", " ", "\t", "true", "TRUE", "null", "*", "GET", "OPTIONS") },
);

const origin = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        fc.constantFrom("https", "http", "HTTPS", "chrome-extension", "ftp", ""),
        fc.constantFrom(
          "app.example.com",
          "APP.example.com",
          "a.example.com",
          "a.b.example.com",
          "example.com",
          "b.example",
          "x.example.org",
          "localhost",
          "LOCALHOST",
          "127.0.0.1",
          "[::1]",
          "evil.net",
          "app.example.com.evil.net",
          "a_b.example.com",
          "",
          "a..example.com",
        ),
        fc.constantFrom("", "", ":443", ":80", ":3000", ":8443", ":0", ":99999", ":"),
        fc.constantFrom("", "", "", "/", "/x", " ", ",https://app.example.com", "\r\n", "\u0000"),
      )
      .map(([scheme, host, port, tail]) => `${scheme}://${host}${port}${tail}`),
  },
  { weight: 1, arbitrary: fc.constantFrom("null", "", "*", "https://app.example.com") },
  { weight: 2, arbitrary: hostileString },
);

const headerValue = fc.oneof(
  { weight: 3, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 3 }) },
);

const requestHeadersValue = fc.oneof(
  { weight: 3, arbitrary: fc.array(fc.constantFrom("x-a", "X-B", "content-type", "authorization", "x c", "", " ", "\t", "cookie"), { maxLength: 6 }).map((names) => names.join(",")) },
  { weight: 1, arbitrary: headerValue },
);

const request = fc.record({
  method: fc.oneof(fc.constantFrom("OPTIONS", "OPTIONS", "GET", "POST", "options", "PUT", ""), hostileString),
  headers: fc.record(
    {
      origin: fc.oneof({ weight: 5, arbitrary: origin }, { weight: 1, arbitrary: fc.array(origin, { maxLength: 3 }) }),
      "access-control-request-method": fc.oneof(fc.constantFrom("PUT", "DELETE", "GET", "patch", "PATCH", "X-Custom"), headerValue),
      "access-control-request-headers": requestHeadersValue,
      "access-control-request-private-network": fc.oneof(fc.constantFrom("true", "TRUE", "false"), headerValue),
    },
    { requiredKeys: [] },
  ),
});

const matcherPool = [
  "https://app.example.com",
  { exact: "https://app.example.com", ignoreCase: true },
  { exact: "https://b.example" },
  { prefix: "https://app." },
  { prefix: "https://app.example.com:", ignoreCase: true },
  { regex: "https://[a-z]+\\.example\\.org" },
  { regex: /https:\/\/b\.example(:443)?/i },
  "https://*.example.com",
  "https://*.example.com:8443",
  "http://localhost:*",
  "chrome-extension://abcdefghijklmnop",
  "http://[::1]:3000",
  "http://127.0.0.1:8080",
  "http://*.example.com",
  "https://*.b.example.com",
  "https://localhost:*",
  "http://localhost:3000",
  { exact: "http://LOCALHOST:3000".toLowerCase(), ignoreCase: true },
];

const config = fc.record(
  {
    allowOrigins: fc.oneof(
      { weight: 5, arbitrary: fc.subarray(matcherPool, { minLength: 1 }) },
      { weight: 1, arbitrary: fc.constantFrom(["*"], [{ exact: "*" }], [{ regex: ".*" }], [{ prefix: "" }]) },
    ),
    allowMethods: fc.oneof(fc.constant(["*"]), fc.subarray(["PUT", "patch", "DELETE", "get", "X-Custom"])),
    allowHeaders: fc.oneof(fc.constant(["*"]), fc.subarray(["x-a", "X-B", "content-type"])),
    exposeHeaders: fc.oneof(fc.constant(["*"]), fc.subarray(["x-total", "X-Page"])),
    maxAge: fc.oneof(fc.nat({ max: 100000 }), fc.constantFrom("1h", "90s", "1h30m")),
    allowCredentials: fc.boolean(),
    allowPrivateNetwork: fc.boolean(),
    unmatchedPreflights: fc.constantFrom("reject", "forward"),
    preflightStatus: fc.constantFrom(200, 204),
    dangerouslyAllowAnyOriginWithCredentials: fc.boolean(),
  },
  { requiredKeys: ["allowOrigins"] },
);

type Request = { method: string; headers: Record<string, unknown> };

/** The request's Origin when it is a single string (a one-element array counts as its element). */
function singleOrigin(request: Request): string | undefined {
  const value = request.headers["origin"];
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.length === 1 && typeof value[0] === "string") return value[0];
  return undefined;
}

const FIELD_VALUE = /^(?:[\x21-\x7e\x80-\xff](?:[\t\x20-\x7e\x80-\xff]*[\x21-\x7e\x80-\xff])?)?$/;
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const TOKEN_LIST = new RegExp(`^${TOKEN}(?:, ${TOKEN})*$`);
const ORIGIN_REFUSED_CODES = ["origin-not-allowed", "origin-invalid"];

/** SPEC §5: origin-independent = a policy whose only origin is "*" (or `{ exact: "*" }`) without credentials. */
function originIndependent(candidate: Record<string, unknown>): boolean {
  const origins = candidate["allowOrigins"] as unknown[];
  const only = origins.length === 1 ? origins[0] : undefined;
  const isAny = only === "*" || (typeof only === "object" && only !== null && (only as { exact?: unknown }).exact === "*");
  return isAny && candidate["allowCredentials"] !== true;
}

describe.each(builds)("SPEC §6 invariants ($name build)", ({ api }) => {
  const withPolicy = fc.tuple(config, request).filter(([candidate]) => attempt(api, candidate).ok);

  function run(property: (decision: CorsDecision, request: Request, config: Record<string, unknown>, policy: CorsPolicy) => void) {
    fc.assert(
      fc.property(withPolicy, ([candidate, generated]) => {
        const policy = api.createPolicy(candidate);
        property(api.evaluate(generated as never, policy), generated as Request, candidate as Record<string, unknown>, policy);
      }),
      { numRuns: RUNS },
    );
  }

  it("1. evaluate never throws, for any method string and any header values", () => {
    const policy = api.createPolicy({ allowOrigins: ["https://app.example.com", "https://*.example.com"], allowMethods: ["*"], allowHeaders: ["*"] });
    fc.assert(
      fc.property(request, (generated) => {
        expect(() => api.evaluate(generated as never, policy)).not.toThrow();
      }),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(fc.dictionary(hostileString, headerValue, { maxKeys: 5 }), fc.option(hostileString), (headers, method) => {
        expect(() => api.evaluate({ method: method as string, headers: headers as never }, policy)).not.toThrow();
      }),
      { numRuns: RUNS },
    );
  });

  it("1. evaluate never throws on a fetch Headers source or a headers.get that returns odd values", () => {
    const policy = api.createPolicy({ allowOrigins: ["https://app.example.com"] });
    const odd = [null, "", "https://app.example.com", ",", "\u0000"];
    for (const value of odd) {
      expect(() => api.evaluate({ method: "OPTIONS", headers: { get: () => value } }, policy)).not.toThrow();
    }
    expect(() => api.evaluate({ method: "OPTIONS", headers: new Headers({ origin: "https://app.example.com", "access-control-request-method": "PUT" }) }, policy)).not.toThrow();
  });

  // SPEC §1: "evaluate(request, policy): CorsDecision   // pure, synchronous, never throws" — also for a request
  // whose headers are missing or whose `get` throws (a broken framework object must not crash the server).
  it("1. evaluate never throws on a malformed request object", () => {
    const policy = api.createPolicy({ allowOrigins: ["https://app.example.com"] });
    const malformed: unknown[] = [
      { method: "GET", headers: null },
      { method: "GET" },
      null,
      undefined,
      { method: 5, headers: { origin: "https://app.example.com" } },
      { method: "GET", headers: { get: () => { throw new Error("broken"); } } },
      { method: "GET", headers: { origin: 5 } },
      { method: "GET", headers: { origin: [5, null] } },
      { method: "OPTIONS", headers: { get: () => 5 } },
    ];
    for (const request of malformed) {
      const decision = api.evaluate(request as never, policy);
      expect(decision.headers["access-control-allow-origin"] ?? "https://app.example.com").toBe("https://app.example.com");
    }
  });

  // SPEC §1 (2026-12-05): a `policy` not made by createPolicy is a programming error: TypeError (requests never throw).
  it("1. evaluate throws a TypeError when the policy is not a policy", () => {
    const request = { method: "GET", headers: { origin: "https://app.example.com" } };
    const notPolicies: unknown[] = [undefined, null, {}, "policy", 5, { allowOrigins: ["*"] }, { warnings: [], config: { allowOrigins: ["*"] } }];
    for (const notAPolicy of notPolicies) {
      expect(() => api.evaluate(request, notAPolicy as never)).toThrow(TypeError);
    }
    const policy = api.createPolicy({ allowOrigins: ["https://app.example.com"] });
    expect(() => api.evaluate(null as never, policy)).not.toThrow();
  });

  it("2. every header value is a valid HTTP field value, and echoed values come from validated tokens or origins", () => {
    run((decision, generated) => {
      for (const [name, value] of Object.entries(decision.headers)) {
        expect(name).toBe(name.toLowerCase());
        expect(typeof value).toBe("string");
        expect(value).not.toMatch(/[\r\n\0]/);
        expect(value).toMatch(FIELD_VALUE);
      }
      const { headers } = decision;
      const methods = headers["access-control-allow-methods"];
      if (methods !== undefined) expect(methods).toMatch(TOKEN_LIST);
      const allowHeaders = headers["access-control-allow-headers"];
      if (allowHeaders !== undefined) expect(allowHeaders).toMatch(TOKEN_LIST);
      const expose = headers["access-control-expose-headers"];
      if (expose !== undefined) expect(expose).toMatch(TOKEN_LIST);
      const maxAge = headers["access-control-max-age"];
      if (maxAge !== undefined) expect(maxAge).toMatch(/^(0|[1-9][0-9]*)$/);
      const allowOrigin = headers["access-control-allow-origin"];
      if (allowOrigin !== undefined && allowOrigin !== "*") expect(allowOrigin).toBe(singleOrigin(generated));
      for (const name of ["access-control-allow-credentials", "access-control-allow-private-network"]) {
        if (headers[name] !== undefined) expect(headers[name]).toBe("true");
      }
    });
  });

  // SPEC §6.3 (2026-12-05): ACAO is present only when the origin is allowed, or it is `*` under an
  // origin-independent policy (5.5); otherwise it is byte-equal to the request origin.
  it("3. ACAO is present only when the origin is allowed, or * under an origin-independent policy; otherwise byte-equal to the request origin", () => {
    run((decision, generated, candidate) => {
      const allowOrigin = decision.headers["access-control-allow-origin"];
      if (originIndependent(candidate)) {
        // The answer is the same for everyone: `*` on every actual and non-CORS response, never an echo.
        if (decision.kind !== "preflight") expect(allowOrigin).toBe("*");
        if (allowOrigin === undefined) return;
        expect(allowOrigin).toBe("*");
        if (decision.kind !== "non-cors") expect(ORIGIN_REFUSED_CODES).not.toContain(decision.reason?.code);
        return;
      }
      if (allowOrigin === undefined) return;
      const received = singleOrigin(generated);
      expect(received).toBeDefined();
      expect(decision.kind).not.toBe("non-cors");
      expect(ORIGIN_REFUSED_CODES).not.toContain(decision.reason?.code);
      expect(anyMatches(candidate["allowOrigins"] as unknown[], received ?? "")).toBe(true);
      expect(allowOrigin).toBe(received);
    });
  });

  it("4. ACAO * never appears together with ACAC; ACAC is only ever true", () => {
    run((decision) => {
      const credentials = decision.headers["access-control-allow-credentials"];
      if (credentials !== undefined) {
        expect(credentials).toBe("true");
        expect(decision.headers["access-control-allow-origin"]).not.toBe("*");
      }
    });
  });

  it("5. if ACAO is the request origin, vary contains Origin", () => {
    run((decision, generated) => {
      const allowOrigin = decision.headers["access-control-allow-origin"];
      if (allowOrigin !== undefined && allowOrigin !== "*" && allowOrigin === singleOrigin(generated)) {
        expect(decision.vary.map((token) => token.toLowerCase())).toContain("origin");
      }
    });
  });

  it("6. evaluate is deterministic and does not mutate the request or the policy", () => {
    fc.assert(
      fc.property(withPolicy, ([candidate, generated]) => {
        const policy = api.createPolicy(candidate);
        const requestBefore = structuredClone(generated);
        const configBefore = JSON.stringify(policy.config, (_key, value: unknown) => (value instanceof RegExp ? String(value) : value));
        const warningsBefore = JSON.stringify(policy.warnings);
        const first = api.evaluate(generated as never, policy);
        const second = api.evaluate(generated as never, policy);
        const fresh = api.evaluate(generated as never, api.createPolicy(candidate));
        expect(second).toEqual(first);
        expect(fresh).toEqual(first);
        expect(generated).toEqual(requestBefore);
        expect(JSON.stringify(policy.config, (_key, value: unknown) => (value instanceof RegExp ? String(value) : value))).toBe(configBefore);
        expect(JSON.stringify(policy.warnings)).toBe(warningsBefore);
        expect(Object.isFrozen(policy)).toBe(true);
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });

  it("6. evaluate works on a deeply frozen request", () => {
    const policy = api.createPolicy({ allowOrigins: ["https://app.example.com"], allowHeaders: ["*"] });
    const headers = Object.freeze({ origin: "https://app.example.com", "access-control-request-method": "PUT", "access-control-request-headers": Object.freeze(["x-a", "x-b"]) });
    const decision = api.evaluate(Object.freeze({ method: "OPTIONS", headers }), policy);
    expect(decision.kind).toBe("preflight");
  });

  it("7. a policy that createPolicy accepts never allows an origin that none of its matchers matches", () => {
    run((decision, generated, candidate) => {
      if (!decision.allowed) return;
      if (originIndependent(candidate)) {
        // "*" without credentials matches every origin by design (SPEC §4); a preflight still needs a valid Origin.
        if (decision.kind === "preflight") expect(isValidOrigin(singleOrigin(generated) ?? "")).toBe(true);
        return;
      }
      expect(anyMatches(candidate["allowOrigins"] as unknown[], singleOrigin(generated) ?? "")).toBe(true);
    });
  });

  it("explain is one paragraph for any decision, whatever bytes the request held", () => {
    run((decision) => {
      const text = api.explain(decision);
      expect(typeof text).toBe("string");
      expect(text).not.toMatch(/[\r\0]|\n\s*\n/);
      expect(decision.reason?.message ?? "").not.toMatch(/[\r\n\0]/);
    });
  });

  it("7. and the converse on well-formed origins: what a matcher matches is allowed (actual request)", () => {
    const wellFormed = fc
      .tuple(
        fc.constantFrom("https", "http"),
        fc.constantFrom("app.example.com", "APP.example.com", "a.example.com", "a.b.example.com", "x.b.example.com", "b.example.com", "example.com", "b.example", "B.example", "x.example.org", "localhost", "LocalHost", "127.0.0.1", "[::1]", "evil.net", "app.example.com.evil.net"),
        fc.constantFrom("", ":443", ":3000", ":8443", ":8080", ":80"),
      )
      .map(([scheme, host, port]) => `${scheme}://${host}${port}`);
    fc.assert(
      fc.property(fc.subarray(matcherPool, { minLength: 1 }), wellFormed, (matchers, candidateOrigin) => {
        const decision = api.evaluate({ method: "GET", headers: { origin: candidateOrigin } }, api.createPolicy({ allowOrigins: matchers }));
        expect(decision.allowed).toBe(anyMatches(matchers, candidateOrigin));
      }),
      { numRuns: RUNS },
    );
  });
});

describe("the two builds", () => {
  it("agree on every generated config and request, also when each evaluates the other's policy", () => {
    fc.assert(
      fc.property(config, request, (candidate, generated) => {
        const fromEsm = attempt(esm, candidate);
        const fromCjs = attempt(cjs, candidate);
        expect(fromCjs.ok).toBe(fromEsm.ok);
        if (!fromEsm.ok || !fromCjs.ok) {
          if (!fromEsm.ok && !fromCjs.ok) expect(fromCjs.issues).toEqual(fromEsm.issues);
          return;
        }
        const reference = esm.evaluate(generated as never, fromEsm.policy);
        expect(cjs.evaluate(generated as never, fromCjs.policy)).toEqual(reference);
        expect(cjs.evaluate(generated as never, fromEsm.policy)).toEqual(reference);
        expect(esm.evaluate(generated as never, fromCjs.policy)).toEqual(reference);
        expect(cjs.explain(reference)).toBe(esm.explain(reference));
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });
});
