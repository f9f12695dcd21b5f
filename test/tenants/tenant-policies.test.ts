import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createPolicy, evaluate } from "../../src/index.js";
import type { CorsPolicy, CorsPolicyConfig } from "../../src/index.js";
import { denyAllPolicy, tenantPolicies } from "../../src/tenants/index.js";
import type { TenantPolicyFailure, TenantPolicyValue } from "../../src/tenants/index.js";
import { fingerprint } from "../../src/tenants/fingerprint.js";

const configOf = (origin: string): CorsPolicyConfig => ({ allowOrigins: [origin], allowMethods: ["PUT"] });
const preflight = (origin: string) => ({ method: "OPTIONS", headers: { origin, "access-control-request-method": "PUT" } });

/** A request is its tenant's name here. */
function resolverOver(
  load: (key: string) => TenantPolicyValue | PromiseLike<TenantPolicyValue>,
  extra: { ttl?: number; staleWhileRevalidate?: number; maxEntries?: number; timeout?: number } = {},
) {
  const failures: TenantPolicyFailure[] = [];
  const resolve = tenantPolicies<string>({ key: (tenant) => tenant, load, onError: (failure) => failures.push(failure), onWarning: () => {}, ...extra });
  return { resolve, failures };
}

async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  for (let round = 0; round < 500; round++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("condition not reached");
}

describe("tenantPolicies", () => {
  it("answers a cached tenant synchronously, with the same policy object", async () => {
    const { resolve } = resolverOver(async (key) => configOf(`https://${key}.example`));
    const first = await resolve("acme");
    const again = resolve("acme");
    expect(again).toBe(first); // not a promise: the same policy object
    expect(evaluate(preflight("https://acme.example"), again as CorsPolicy).allowed).toBe(true);
  });

  it("answers synchronously the first time too when load is synchronous", () => {
    const { resolve } = resolverOver((key) => configOf(`https://${key}.example`));
    const policy = resolve("acme");
    expect(evaluate(preflight("https://acme.example"), policy as CorsPolicy).allowed).toBe(true);
  });

  it("compiles a config once per change: an equal config (new object, other key order) keeps the policy", async () => {
    let version = 1;
    const { resolve } = resolverOver((key) =>
      version < 3 ? { allowMethods: ["PUT"], allowOrigins: [`https://${key}.example`] } : configOf(`https://${key}-v3.example`),
      { ttl: 0, staleWhileRevalidate: 0 },
    );
    const first = await resolve("acme");
    version = 2;
    expect(await resolve("acme")).toBe(first);
    version = 3;
    const changed = await resolve("acme");
    expect(changed).not.toBe(first);
    expect(evaluate(preflight("https://acme-v3.example"), changed).allowed).toBe(true);
  });

  it("shares one compiled policy between tenants whose configs are equal", () => {
    const { resolve } = resolverOver(() => configOf("https://shared.example"));
    expect(resolve("a")).toBe(resolve("b"));
  });

  it("merges concurrent loads of one tenant into one", async () => {
    let loads = 0;
    let release: (value: CorsPolicyConfig) => void = () => {};
    const { resolve } = resolverOver(() => {
      loads++;
      return new Promise<CorsPolicyConfig>((settle) => (release = settle));
    });
    const waiting = Array.from({ length: 20 }, () => resolve("acme"));
    release(configOf("https://acme.example"));
    const policies = await Promise.all(waiting);
    expect(loads).toBe(1);
    expect(new Set(policies).size).toBe(1);
  });

  it("keeps at most maxEntries tenants, evicting the least recently used", () => {
    const loaded: string[] = [];
    const { resolve } = resolverOver((key) => (loaded.push(key), configOf(`https://${key}.example`)), { maxEntries: 2 });
    resolve("a");
    resolve("b");
    resolve("a"); // a is now the most recent
    resolve("c"); // evicts b
    expect(resolve.size).toBe(2);
    resolve("a");
    resolve("b");
    expect(loaded).toEqual(["a", "b", "c", "b"]);
  });

  it("serves a stale entry at once while one background load refreshes it", async () => {
    let version = 1;
    let loads = 0;
    let release: () => void = () => {};
    const { resolve } = resolverOver(
      async (key) => {
        loads++;
        if (version > 1) await new Promise<void>((settle) => (release = settle));
        return configOf(`https://${key}-v${version}.example`);
      },
      { ttl: 0, staleWhileRevalidate: 60_000 },
    );
    const first = await resolve("acme");
    version = 2;
    expect(resolve("acme")).toBe(first); // stale, served synchronously; a refresh started
    expect(resolve("acme")).toBe(first); // still stale; no second refresh
    expect(loads).toBe(2);
    release();
    await until(() => resolve("acme") !== first && !(resolve("acme") instanceof Promise));
    expect(evaluate(preflight("https://acme-v2.example"), resolve("acme") as CorsPolicy).allowed).toBe(true);
  });

  it("fails closed when the first load fails, and reports it once with the key", async () => {
    const { resolve, failures } = resolverOver(async () => {
      throw new Error("store down");
    });
    const policies = await Promise.all([resolve("acme"), resolve("acme"), resolve("acme")]);
    expect(policies.every((policy) => policy === denyAllPolicy)).toBe(true);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ key: "acme", code: "load-failed", serving: "deny-all" });
    expect(failures[0]?.issues[0]?.message).toContain("store down");
  });

  it("keeps the last good policy when a later load fails, times out, or returns an invalid config", async () => {
    const faults: (() => TenantPolicyValue | PromiseLike<TenantPolicyValue>)[] = [
      () => {
        throw new Error("store down");
      },
      () => Promise.reject(new Error("connection reset")),
      () => new Promise(() => {}), // never settles
      () => ({ allowOrigins: [] }),
      () => 42 as never,
    ];
    for (const fault of faults) {
      let broken = false;
      const { resolve, failures } = resolverOver((key) => (broken ? fault() : configOf(`https://${key}.example`)), {
        ttl: 0,
        staleWhileRevalidate: 0,
        timeout: 20,
      });
      const good = await resolve("acme");
      broken = true;
      expect(await resolve("acme")).toBe(good);
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatchObject({ key: "acme", serving: "last-good" });
    }
  });

  it("reports each failure with its code and every issue of an invalid config", async () => {
    const cases: [() => TenantPolicyValue | PromiseLike<TenantPolicyValue>, string][] = [
      [() => Promise.reject(new Error("x")), "load-failed"],
      [() => new Promise(() => {}), "load-timeout"],
      [() => "allowOrigins" as never, "load-result-invalid"],
      [() => ({ allowOrigins: ["https://App.example.com/"], allowCredentials: "yes" }) as never, "config-invalid"],
    ];
    for (const [load, code] of cases) {
      const { resolve, failures } = resolverOver(load, { timeout: 20 });
      expect(await resolve("acme")).toBe(denyAllPolicy);
      expect(failures.map((failure) => failure.code)).toEqual([code]);
      if (code === "config-invalid") expect(failures[0]?.issues.map((one) => one.path).sort()).toEqual(["allowCredentials", "allowOrigins[0]"]);
    }
  });

  it("tries a failed tenant again after ttl, not on every request", async () => {
    let loads = 0;
    const { resolve } = resolverOver(
      () => {
        loads++;
        throw new Error("store down");
      },
      { ttl: 60_000 },
    );
    for (let index = 0; index < 10; index++) expect(resolve("acme")).toBe(denyAllPolicy);
    expect(loads).toBe(1);
  });

  it("gives a request without a tenant, or an unknown tenant, the deny-all policy (never undefined)", () => {
    const failures: TenantPolicyFailure[] = [];
    const resolve = tenantPolicies<string>({
      key: (request) => (request === "" ? undefined : request === "boom" ? (() => { throw new Error("bad host"); })() : request),
      load: () => undefined,
      onError: (failure) => failures.push(failure),
    });
    expect(resolve("")).toBe(denyAllPolicy);
    expect(resolve("ghost")).toBe(denyAllPolicy);
    expect(resolve("boom")).toBe(denyAllPolicy);
    expect(failures.map((failure) => failure.code)).toEqual(["key-failed"]);
  });

  it("invalidate(key) makes the next request load again", () => {
    let origin = "https://one.example";
    const { resolve } = resolverOver(() => configOf(origin));
    const first = resolve("acme");
    origin = "https://two.example";
    expect(resolve("acme")).toBe(first);
    resolve.invalidate("acme");
    expect(evaluate(preflight("https://two.example"), resolve("acme") as CorsPolicy).allowed).toBe(true);
  });

  it("survives an onError that throws", async () => {
    const resolve = tenantPolicies<string>({
      key: (tenant) => tenant,
      load: () => Promise.reject(new Error("x")),
      onError: () => {
        throw new Error("logger down");
      },
    });
    expect(await resolve("acme")).toBe(denyAllPolicy);
  });

  it("refuses bad options at set-up, every problem at once, with did-you-mean", () => {
    expect(() => tenantPolicies({ key: "host", lod: () => undefined, ttl: -1, maxEntries: 0 } as never)).toThrow(
      /5 problems[\s\S]*lod: unknown option \(did you mean load\?\)[\s\S]*key: required[\s\S]*load: required, a function \(got undefined\)[\s\S]*ttl:[\s\S]*maxEntries:/,
    );
  });
});

describe("denyAllPolicy", () => {
  it("grants nothing to any origin, for any request", () => {
    fc.assert(
      fc.property(fc.oneof(fc.webUrl().map((url) => new URL(url).origin), fc.string()), fc.constantFrom("GET", "POST", "OPTIONS", "PUT"), (origin, method) => {
        const decision = evaluate({ method, headers: { origin, "access-control-request-method": "PUT" } }, denyAllPolicy);
        expect(decision.allowed).toBe(false);
        expect(Object.keys(decision.headers)).toEqual([]);
      }),
    );
  });
});

describe("fingerprint", () => {
  it("is equal for configs equal in structure, whatever the key order", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (record) => {
        const reversed = Object.fromEntries(Object.entries(record).reverse());
        expect(fingerprint(reversed)).toBe(fingerprint(record));
      }),
    );
  });

  it("tells apart values JSON would confuse", () => {
    const pairs: [unknown, unknown][] = [
      [{ regex: /a/ }, { regex: /b/ }],
      [{ regex: /a/i }, { regex: /a/ }],
      [{ a: undefined }, { a: null }],
      [[0], [-0]],
      [["1"], [1]],
      [{ regex: /a/ }, { regex: {} }],
    ];
    for (const [left, right] of pairs) expect(fingerprint(left)).not.toBe(fingerprint(right));
  });

  it("refuses a cycle and unbounded depth", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic["self"] = cyclic;
    expect(() => fingerprint(cyclic)).toThrow(RangeError);
    let deep: unknown = 1;
    for (let index = 0; index < 40; index++) deep = [deep];
    expect(() => fingerprint(deep)).toThrow(RangeError);
  });

  it("a cyclic config from load is a config-invalid failure, not a crash", async () => {
    const cyclic: Record<string, unknown> = { allowOrigins: ["https://a.example"] };
    cyclic["self"] = cyclic;
    const { resolve, failures } = resolverOver(() => cyclic as never);
    expect(await resolve("acme")).toBe(denyAllPolicy);
    expect(failures[0]?.code).toBe("config-invalid");
  });

  it("keeps the policy object (and its origin cache) when the store returns equal copies", async () => {
    const stored = JSON.stringify(configOf("https://acme.example"));
    const { resolve } = resolverOver(() => JSON.parse(stored) as CorsPolicyConfig, { ttl: 0, staleWhileRevalidate: 0 });
    const policies = new Set<CorsPolicy>();
    for (let index = 0; index < 5; index++) policies.add(await resolve("acme"));
    expect(policies.size).toBe(1);
    expect(createPolicy(JSON.parse(stored) as CorsPolicyConfig)).not.toBe([...policies][0]);
  });
});

describe("tenantPolicies with hostile or synchronous loads", () => {
  it("a load whose result has a throwing then getter is a load-failed failure, not a thrown error", () => {
    const hostile = Object.defineProperty({}, "then", {
      get() {
        throw new Error("gotcha");
      },
    });
    const { resolve, failures } = resolverOver(() => hostile as never);
    expect(resolve("acme")).toBe(denyAllPolicy);
    expect(failures.map((failure) => failure.code)).toEqual(["load-failed"]);
  });

  it("a stale entry refreshed by a synchronous load answers with the new policy at once", () => {
    let origin = "https://one.example";
    const { resolve } = resolverOver(() => configOf(origin), { ttl: 0, staleWhileRevalidate: 60_000 });
    resolve("acme");
    origin = "https://two.example";
    expect(evaluate(preflight("https://two.example"), resolve("acme") as CorsPolicy).allowed).toBe(true);
  });
});
