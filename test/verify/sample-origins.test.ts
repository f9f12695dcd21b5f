// Probe origins: each origin entry yields an origin the policy really allows, and near misses it refuses.
import { describe, expect, it } from "vitest";
import { createPolicy } from "../../src/core/compile.js";
import { evaluate } from "../../src/core/evaluate.js";
import { allowedOrigins, probesForPolicy } from "../../src/verify/probes.js";
import { nearMisses, sampleFromRegex } from "../../src/verify/sample-origins.js";

describe("sample origins", () => {
  it.each([
    ["https://app\\.example\\.com", "https://app.example.com"],
    ["https://[a-z0-9-]+\\.example\\.com", "https://a.example.com"],
    ["https://(app|api)\\.example\\.com(:8443)?", "https://app.example.com"],
    ["https?://localhost:[0-9]+", "http://localhost:0"],
    ["https://\\w+\\.tenant\\.example", "https://a.tenant.example"],
  ])("a regex %s gives %s", (source, sample) => {
    expect(sampleFromRegex(source)).toBe(sample);
  });

  it("gives one allowed origin per entry: exact, pattern, any port, prefix and regex", () => {
    const policy = createPolicy({
      allowOrigins: ["https://app.example.com", "https://*.example.org", "http://localhost:*", { prefix: "https://b.example.net" }, { regex: "https://[a-z]+\\.c\\.example" }],
    });
    const origins = allowedOrigins(policy).map((entry) => entry.origin);
    expect(origins).toEqual(["https://app.example.com", "https://probe.example.org", "http://localhost:3000", "https://b.example.net", "https://a.c.example"]);
    for (const origin of origins) expect(evaluate({ method: "GET", headers: { origin } }, policy).allowed).toBe(true);
  });

  it("near misses are refused by an exact policy", () => {
    const policy = createPolicy({ allowOrigins: ["https://app.example.com"] });
    const misses = nearMisses("https://app.example.com");
    expect(misses.map((miss) => miss.origin)).toEqual([
      "http://app.example.com",
      "https://app.example.com:8443",
      "https://APP.EXAMPLE.COM",
      "https://app.example.com/",
      "https://www.app.example.com",
      "https://app.example.com.evil.test",
      "https://evilapp.example.com",
      "https://evil-app.example.com",
      "https://appxexample.com",
      "https://app.examplexcom",
    ]);
    for (const { origin } of misses) expect(evaluate({ method: "GET", headers: { origin } }, policy).allowed).toBe(false);
  });

  it("sends only GET and OPTIONS, whatever the policy allows", () => {
    const policy = createPolicy({ allowOrigins: ["https://app.example.com"], allowMethods: ["PUT", "DELETE", "PATCH", "PURGE"] });
    const probes = probesForPolicy(policy, "/");
    expect(new Set(probes.map((probe) => probe.method))).toEqual(new Set(["GET", "OPTIONS"]));
    expect(probes.filter((probe) => probe.kind === "preflight").map((probe) => probe.requestMethod)).toEqual(expect.arrayContaining(["PUT", "DELETE", "PATCH", "PURGE"]));
  });
});
