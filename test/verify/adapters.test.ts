// Every corsgate adapter serving a policy: verify with the same policy finds nothing.
import { afterAll, describe, expect, it } from "vitest";
import type { CorsPolicyConfig } from "../../src/core/config.js";
import { verifyPolicy } from "../../src/verify/index.js";
import { adapterNames, startAdapter } from "../adapters/helpers/servers.js";
import type { RunningServer } from "../adapters/helpers/servers.js";

const policies: { title: string; config: CorsPolicyConfig }[] = [
  {
    title: "exact origins, methods, headers, credentials, max age, expose",
    config: {
      allowOrigins: ["https://app.example.com", "http://localhost:3000", { regex: "https://[a-z]+\\.tenant\\.example" }, "https://*.example.org"],
      allowMethods: ["PUT", "DELETE", "PATCH"],
      allowHeaders: ["content-type", "x-request-id"],
      exposeHeaders: ["x-total"],
      allowCredentials: true,
      maxAge: 600,
    },
  },
  { title: "any origin without credentials", config: { allowOrigins: ["*"], allowMethods: ["*"], allowHeaders: ["*"] } },
  { title: "private network, forwarded unmatched preflights", config: { allowOrigins: [{ prefix: "https://app.example.com" }], allowPrivateNetwork: true, unmatchedPreflights: "forward", preflightStatus: 200 } },
];

const servers: RunningServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

describe("verify against corsgate's own adapters", () => {
  for (const adapter of adapterNames) {
    for (const { title, config } of policies) {
      it(`${adapter}: ${title}: no finding`, async () => {
        const server = await startAdapter(adapter, config);
        servers.push(server);
        const result = await verifyPolicy(config, { url: `${server.origin}/api/items`, rate: 1000, concurrency: 4 });
        expect(result.probes.length).toBeGreaterThan(10);
        expect(result.probes.every((probe) => probe.answer !== undefined)).toBe(true);
        expect(result.findings.map((finding) => finding.message)).toEqual([]);
      });
    }
  }
});
