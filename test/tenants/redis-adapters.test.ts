import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Redis from "ioredis";
import type { CorsPolicyConfig } from "../../src/index.js";
import { tenantPolicies } from "../../src/tenants/index.js";
import type { TenantPolicyFailure } from "../../src/tenants/index.js";
import { adapterNames, startAdapter } from "../adapters/helpers/servers.js";
import type { RunningServer } from "../adapters/helpers/servers.js";
import { corsHeaders, send } from "../adapters/helpers/http-client.js";
import { startRedisServer } from "./helpers/redis-server.js";
import type { RedisServer } from "./helpers/redis-server.js";

/**
 * A real store behind every adapter: Debian's redis-server on 127.0.0.1, tenants' configs in it as JSON,
 * read with a real Redis client. Changing a tenant in Redis shows in the answers after `ttl`, no restart.
 */
let redisServer: RedisServer;
let redis: Redis;

beforeAll(async () => {
  redisServer = await startRedisServer();
  redis = new Redis(redisServer.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
});

afterAll(async () => {
  await redis?.quit();
  await redisServer?.stop();
});

/** The tenant of a request: its `X-Tenant` header, from a Node request or a fetch `Request` alike. */
function tenantOf(request: unknown): string | undefined {
  const headers = (request as { headers: unknown }).headers;
  const value = headers instanceof Headers ? headers.get("x-tenant") : (headers as Record<string, unknown>)["x-tenant"];
  return typeof value === "string" && /^[a-z0-9-]{1,63}$/.test(value) ? value : undefined;
}

const configFor = (origin: string): CorsPolicyConfig => ({ allowOrigins: [origin], allowMethods: ["PUT"] });

function preflight(server: RunningServer, tenant: string, origin: string) {
  return send(`${server.origin}/api/items`, "OPTIONS", { origin, "access-control-request-method": "PUT", "x-tenant": tenant });
}

async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let round = 0; round < 300; round++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("the change never showed");
}

describe.each(adapterNames)("tenantPolicies over Redis behind %s", (adapter) => {
  it("answers each tenant from its config in Redis, and follows a change after ttl without a restart", async () => {
    const prefix = `cors:${adapter}:`;
    await redis.set(`${prefix}acme`, JSON.stringify(configFor("https://app.acme.example")));
    await redis.set(`${prefix}globex`, JSON.stringify(configFor("https://portal.globex.example")));
    const failures: TenantPolicyFailure[] = [];
    const resolver = tenantPolicies<unknown>({
      key: tenantOf,
      load: async (key) => {
        const text = await redis.get(`${prefix}${key}`);
        return text === null ? undefined : (JSON.parse(text) as CorsPolicyConfig);
      },
      ttl: 100,
      staleWhileRevalidate: 0,
      onError: (failure) => failures.push(failure),
    });
    const server = await startAdapter(adapter, resolver as never);
    try {
      const acme = await preflight(server, "acme", "https://app.acme.example");
      expect(acme.status).toBe(204);
      expect(corsHeaders(acme)["access-control-allow-origin"]).toBe("https://app.acme.example");
      // One tenant's origin is nothing to another tenant.
      const crossed = await preflight(server, "globex", "https://app.acme.example");
      expect(crossed.status).toBe(403);
      expect(corsHeaders(crossed)).toEqual({});

      await redis.set(`${prefix}acme`, JSON.stringify(configFor("https://new.acme.example")));
      await eventually(async () => corsHeaders(await preflight(server, "acme", "https://new.acme.example"))["access-control-allow-origin"] === "https://new.acme.example");
      expect(corsHeaders(await preflight(server, "acme", "https://app.acme.example"))).toEqual({});

      // An unknown tenant, and one whose stored value is not JSON, fail closed: refused, no CORS header.
      await redis.set(`${prefix}broken`, "{not json");
      for (const tenant of ["ghost", "broken"]) {
        const refused = await preflight(server, tenant, "https://app.acme.example");
        expect(refused.status).toBe(403);
        expect(corsHeaders(refused)).toEqual({});
      }
      expect(failures.map((failure) => [failure.key, failure.code])).toEqual([["broken", "load-failed"]]);

      // An invalid edit keeps the tenant on its last good policy, and is reported.
      await redis.set(`${prefix}globex`, JSON.stringify({ allowOrigins: ["https://portal.globex.example"], allowCredentials: "yes" }));
      // Loads happen on requests: keep asking until the reload after ttl has seen the edit.
      await eventually(async () => {
        await preflight(server, "globex", "https://portal.globex.example");
        return failures.some((failure) => failure.key === "globex");
      });
      const kept = await preflight(server, "globex", "https://portal.globex.example");
      expect(corsHeaders(kept)["access-control-allow-origin"]).toBe("https://portal.globex.example");
      expect(failures.find((failure) => failure.key === "globex")).toMatchObject({ code: "config-invalid", serving: "last-good" });
      expect(failures.find((failure) => failure.key === "globex")?.issues[0]?.path).toBe("allowCredentials");

      // The handler still runs for an actual request, with the tenant's decision applied.
      const actual = await send(`${server.origin}/api/items`, "GET", { origin: "https://new.acme.example", "x-tenant": "acme" });
      expect(actual.status).toBe(200);
      expect(corsHeaders(actual)["access-control-allow-origin"]).toBe("https://new.acme.example");
    } finally {
      await server.close();
    }
  });
});
