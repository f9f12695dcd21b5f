import { describe, expect, it } from "vitest";
import { createPolicy, evaluate } from "../../src/index.js";
import { fromGatewayApiCors, toGatewayApiCors } from "../../src/mesh/index.js";
import { issuesOf } from "./helpers.js";

describe("fromGatewayApiCors", () => {
  it("reads the documentation's credentials example, as the filter or its cors object", () => {
    const cors = { allowOrigins: ["https://example.com"], maxAge: 86400, allowCredentials: true };
    const expected = { allowOrigins: ["https://example.com"], maxAge: 86400, allowCredentials: true, unmatchedPreflights: "reject" };
    expect(fromGatewayApiCors(cors)).toEqual(expected);
    expect(fromGatewayApiCors({ type: "CORS", cors })).toEqual(expected);
  });

  it("a * origin with credentials opts into the escape hatch, and createPolicy warns", () => {
    const config = fromGatewayApiCors({ allowOrigins: ["*"], allowCredentials: true });
    expect(config.dangerouslyAllowAnyOriginWithCredentials).toBe(true);
    const policy = createPolicy(config);
    expect(policy.warnings.map((warning) => warning.code)).toContain("credentials-any-origin");
    // Gateway API requires the origin echoed, never *, with credentials.
    const decision = evaluate({ method: "GET", headers: { origin: "https://other.foo.com" } }, policy);
    expect(decision.headers).toEqual({ "access-control-allow-origin": "https://other.foo.com", "access-control-allow-credentials": "true" });
  });

  it("keeps a * origin without credentials plain", () => {
    expect(fromGatewayApiCors({ allowOrigins: ["*"] }).dangerouslyAllowAnyOriginWithCredentials).toBeUndefined();
  });

  it("reads scheme://* (any host of a scheme) as the regex that exports back to it", () => {
    const config = fromGatewayApiCors({ allowOrigins: ["https://*", "http://*:8080"] });
    expect(config.allowOrigins).toEqual([{ regex: "https://[a-z0-9-][a-z0-9.-]*" }, { regex: "http://[a-z0-9-][a-z0-9.-]*:8080" }]);
    const policy = createPolicy(config);
    const allowed = (origin: string): boolean => evaluate({ method: "GET", headers: { origin } }, policy).allowed;
    expect(allowed("https://anything.example")).toBe(true);
    expect(allowed("https://anything.example:8443")).toBe(false);
    expect(allowed("http://anything.example:8080")).toBe(true);
    expect(allowed("http://anything.example")).toBe(false);
    expect(toGatewayApiCors(policy).allowOrigins).toEqual(["https://*", "http://*:8080"]);
  });

  it("reports every problem at once", () => {
    const issues = issuesOf(() =>
      fromGatewayApiCors({ type: "CORS", cors: { allowOrigins: "https://a.example", maxAge: "600", allowCredentials: 1, allowMethod: ["GET"] } }, { path: "spec.rules[0].filters[0]" }),
    );
    expect(issues.map((issue) => [issue.code, issue.path, issue.hint])).toEqual([
      ["unknown-field", "spec.rules[0].filters[0].cors.allowMethod", "did you mean allowMethods?"],
      ["type-invalid", "spec.rules[0].filters[0].cors.allowOrigins", undefined],
      ["type-invalid", "spec.rules[0].filters[0].cors.allowCredentials", undefined],
      ["type-invalid", "spec.rules[0].filters[0].cors.maxAge", "write 600 without quotes"],
    ]);
  });

  it("refuses a filter of another type", () => {
    expect(issuesOf(() => fromGatewayApiCors({ type: "RequestHeaderModifier", cors: {} }))[0]).toMatchObject({ code: "type-invalid", path: "type" });
  });
});

describe("toGatewayApiCors", () => {
  it("writes what Gateway API holds, leaving out what a browser cannot tell apart", () => {
    expect(
      toGatewayApiCors({
        allowOrigins: ["https://www.foo.com", "https://*.bar.com", { exact: "https://exact.example" }],
        allowMethods: ["get", "OPTIONS"],
        allowHeaders: ["X-Header-1"],
        exposeHeaders: ["x-header-3"],
        maxAge: 3600,
        allowCredentials: true,
        preflightStatus: 200,
        unmatchedPreflights: "forward",
      }),
    ).toEqual({
      allowOrigins: ["https://www.foo.com", "https://*.bar.com", "https://exact.example"],
      allowMethods: ["GET", "OPTIONS"],
      allowHeaders: ["x-header-1"],
      exposeHeaders: ["x-header-3"],
      allowCredentials: true,
      maxAge: 3600,
    });
  });

  it("names every part Gateway API cannot hold", () => {
    const issues = issuesOf(() =>
      toGatewayApiCors({
        allowOrigins: [
          { prefix: "https://a.example:" },
          { regex: "https://[a-z]+\\.example\\.com" },
          { exact: "https://b.example", ignoreCase: true },
          "http://localhost:*",
          "chrome-extension://abcdefghijklmnop",
        ],
        allowMethods: ["PROPFIND"],
        maxAge: 0,
        allowPrivateNetwork: true,
      }),
    );
    expect(issues.map((issue) => [issue.code, issue.path])).toEqual([
      ["not-expressible", "allowOrigins[0].prefix"],
      ["not-expressible", "allowOrigins[1].regex"],
      ["not-expressible", "allowOrigins[2].ignoreCase"],
      ["not-expressible", "allowOrigins[3]"],
      ["not-expressible", "allowOrigins[4]"],
      ["not-expressible", "allowMethods[0]"],
      ["not-expressible", "maxAge"],
      ["not-expressible", "allowPrivateNetwork"],
    ]);
  });

  it("refuses more than 64 origins", () => {
    const allowOrigins = Array.from({ length: 65 }, (_, index) => `https://host${index}.example.com`);
    expect(issuesOf(() => toGatewayApiCors({ allowOrigins }))).toEqual([expect.objectContaining({ code: "not-expressible", path: "allowOrigins" })]);
  });
});
