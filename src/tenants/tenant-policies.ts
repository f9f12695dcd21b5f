import { createPolicy } from "../core/compile.js";
import { isCorsPolicy } from "../core/compiled.js";
import { isCorsConfigError } from "../core/errors.js";
import type { ConfigIssue } from "../core/errors.js";
import type { CorsPolicyConfig } from "../core/config.js";
import type { CorsPolicy } from "../core/types.js";
import { closestName } from "../core/suggest.js";
import { describe } from "../core/describe.js";
import { denyAllPolicy } from "./deny-all.js";
import { fingerprint } from "./fingerprint.js";

/** What `load` may return for a tenant: its config, a compiled policy, or nothing (`undefined` / `null`: no such tenant). */
export type TenantPolicyValue = CorsPolicy | CorsPolicyConfig | undefined | null;

/** Why a tenant's policy could not be loaded. Codes are stable API. */
export type TenantFailureCode =
  /** `key(request)` threw, or returned something that is not a string or `undefined`. */
  | "key-failed"
  /** `load(key)` threw or rejected. */
  | "load-failed"
  /** `load(key)` did not settle within `timeout`. */
  | "load-timeout"
  /** `load(key)` returned something that is neither a config, a policy, `undefined` nor `null`. */
  | "load-result-invalid"
  /** `load(key)` returned a config that `createPolicy` refuses; `issues` lists its problems. */
  | "config-invalid";

/** One failure, reported once to `onError`. */
export interface TenantPolicyFailure {
  /** The tenant (undefined when `key(request)` itself failed). */
  readonly key: string | undefined;
  readonly code: TenantFailureCode;
  /** Every problem, each with a code, a path and a message: the config's issues for `config-invalid`, else one. */
  readonly issues: readonly ConfigIssue[];
  /** What `load` or `key` threw, or the `CorsConfigError`. */
  readonly error: unknown;
  /** What the tenant's requests get meanwhile: its last good policy, or `denyAllPolicy` (fail closed). */
  readonly serving: "last-good" | "deny-all";
}

/** The options of `tenantPolicies`. Times are in milliseconds. */
export interface TenantPoliciesOptions<Request> {
  /**
   * The tenant of a request (its host, a header, a path segment). `undefined`: the request has no tenant, and
   * gets `denyAllPolicy`. Keep it cheap and strict: every distinct key can cost one `load`.
   */
  readonly key: (request: Request) => string | undefined;
  /** The tenant's config or policy; `undefined` or `null` when there is no such tenant (it gets `denyAllPolicy`). */
  readonly load: (key: string) => TenantPolicyValue | PromiseLike<TenantPolicyValue>;
  /** How long a loaded policy is used without asking `load` again. Default 60,000. */
  readonly ttl?: number;
  /**
   * How long after `ttl` an entry is still served, at once, while one background load refreshes it. Past
   * `ttl + staleWhileRevalidate` a request waits for the new load. Default 60,000; 0 turns it off.
   */
  readonly staleWhileRevalidate?: number;
  /** How many tenants are kept; the least recently used one goes first. Default 1,000. */
  readonly maxEntries?: number;
  /** How long one `load` may take before it counts as failed (`load-timeout`). Default 5,000. */
  readonly timeout?: number;
  /**
   * Receives every failure, once (not once per waiting request). It must not throw (what it throws is
   * ignored). Default: one line on `console.error`.
   */
  readonly onError?: (failure: TenantPolicyFailure) => void;
  /** Receives a tenant's policy warnings when its config is compiled. Default: one line each on `console.warn`. */
  readonly onWarning?: (key: string, warnings: readonly ConfigIssue[]) => void;
}

/**
 * A resolver for every adapter: `(request) => CorsPolicy | Promise<CorsPolicy>`. It never throws, never rejects
 * and never returns `undefined`; a cached tenant is answered synchronously (no promise, no microtask).
 */
export interface TenantPolicyResolver<Request> {
  (request: Request): CorsPolicy | Promise<CorsPolicy>;
  /** Marks one tenant (or, without a key, every tenant) as expired: the next request loads it again. */
  invalidate(key?: string): void;
  /** How many tenants are cached. */
  readonly size: number;
}

interface Entry {
  /** What the tenant's requests get: its last good policy, `denyAllPolicy`, or undefined before the first load. */
  policy: CorsPolicy | undefined;
  /** The fingerprint of the config `policy` was compiled from (undefined when `load` returned a policy). */
  config: string | undefined;
  freshUntil: number;
  staleUntil: number;
  /** The load under way, which every request that has to wait joins. */
  loading: Promise<CorsPolicy> | undefined;
}

type Outcome = { readonly value: unknown } | { readonly code: "load-failed" | "load-timeout"; readonly error: unknown };

const OPTION_NAMES = ["key", "load", "ttl", "staleWhileRevalidate", "maxEntries", "timeout", "onError", "onWarning"];

// Timers through globalThis, so this module type-checks and runs without Node's types (Workers, Deno, Bun, browsers).
const timers = globalThis as unknown as {
  setTimeout(callback: () => void, milliseconds: number): unknown;
  clearTimeout(handle: unknown): void;
};

// console through globalThis for the same reason (every runtime has one).
const log = globalThis as unknown as { console: { error(line: string): void; warn(line: string): void } };

class LoadTimeout extends Error {
  override readonly name = "LoadTimeout";
}

function checkOptions(options: unknown): string[] {
  if (typeof options !== "object" || options === null || Array.isArray(options)) return [`options: expected an object, got ${describe(options)}`];
  const problems: string[] = [];
  for (const name of Object.keys(options)) {
    if (OPTION_NAMES.includes(name)) continue;
    const suggestion = closestName(name, OPTION_NAMES);
    problems.push(`${name}: unknown option (${suggestion === undefined ? `the options are ${OPTION_NAMES.join(", ")}` : `did you mean ${suggestion}?`})`);
  }
  const record = options as Record<string, unknown>;
  for (const name of ["key", "load"]) {
    if (typeof record[name] !== "function") problems.push(`${name}: required, a function (got ${describe(record[name])})`);
  }
  for (const name of ["onError", "onWarning"]) {
    if (record[name] !== undefined && typeof record[name] !== "function") problems.push(`${name}: expected a function, got ${describe(record[name])}`);
  }
  for (const name of ["ttl", "staleWhileRevalidate", "timeout"]) {
    const value = record[name];
    if (value !== undefined && !(typeof value === "number" && Number.isFinite(value) && value >= 0)) {
      problems.push(`${name}: expected a number of milliseconds, 0 or more (got ${JSON.stringify(value) ?? describe(value)})`);
    }
  }
  const maxEntries = record["maxEntries"];
  if (maxEntries !== undefined && !(Number.isInteger(maxEntries) && (maxEntries as number) >= 1)) {
    problems.push(`maxEntries: expected a whole number, 1 or more (got ${JSON.stringify(maxEntries) ?? describe(maxEntries)})`);
  }
  return problems;
}

function issue(code: TenantFailureCode, message: string): ConfigIssue {
  return { code, path: "", message };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function defaultOnError(failure: TenantPolicyFailure): void {
  const lines = failure.issues.map((one) => `${one.path === "" ? "" : `${one.path}: `}${one.message}`).join("; ");
  log.console.error(`corsgate tenantPolicies [${failure.code}] tenant ${JSON.stringify(failure.key ?? null)} (serving ${failure.serving}): ${lines}`);
}

function defaultOnWarning(key: string, warnings: readonly ConfigIssue[]): void {
  for (const warning of warnings) log.console.warn(`corsgate tenantPolicies warning [${warning.code}] tenant ${JSON.stringify(key)} ${warning.path}: ${warning.message}`);
}

/**
 * A resolver that loads each tenant's CORS policy from a store (a database, Redis, a config service) and
 * keeps it: every adapter takes it in place of a policy.
 *
 * - Each tenant's config is compiled once per change: a config equal in structure to the last one (key order
 *   aside) reuses its policy, and tenants with equal configs share one.
 * - Concurrent requests for a tenant that must be loaded share one `load`.
 * - At most `maxEntries` tenants are kept (least recently used out first); each expires after `ttl`, and for
 *   `staleWhileRevalidate` more it is still served at once while one background load refreshes it.
 * - A `load` that throws, rejects, times out, or gives an invalid config keeps the tenant on its last good
 *   policy, or, when it has none, on `denyAllPolicy` (fail closed: no CORS header, never an error); the
 *   failure reaches `onError` once, and the load is tried again after `ttl`.
 *
 * @throws TypeError at set-up, listing every problem in the options.
 */
export function tenantPolicies<Request>(options: TenantPoliciesOptions<Request>): TenantPolicyResolver<Request> {
  const problems = checkOptions(options);
  if (problems.length > 0) {
    const head = `corsgate: ${problems.length} problem${problems.length === 1 ? "" : "s"} in the options of tenantPolicies`;
    throw new TypeError([head, ...problems.map((problem) => `  - ${problem}`)].join("\n"));
  }
  const { key: keyOf, load } = options;
  const ttl = options.ttl ?? 60_000;
  const staleWhileRevalidate = options.staleWhileRevalidate ?? 60_000;
  const maxEntries = options.maxEntries ?? 1_000;
  const timeout = options.timeout ?? 5_000;
  const onError = options.onError ?? defaultOnError;
  const onWarning = options.onWarning ?? defaultOnWarning;

  const entries = new Map<string, Entry>();
  // Compiled policies by config fingerprint, shared between tenants and across reloads; as bounded as the tenants.
  const compiled = new Map<string, CorsPolicy>();

  function report(failure: TenantPolicyFailure): void {
    try {
      onError(failure);
    } catch {
      // A failing reporter must not turn a policy problem into a failed request.
    }
  }

  function remember(map: Map<string, unknown>, key: string, value: never): void {
    if (map.size >= maxEntries) {
      const oldest = map.keys().next();
      if (oldest.done !== true) map.delete(oldest.value);
    }
    map.set(key, value);
  }

  function fail(key: string, entry: Entry, code: TenantFailureCode, issues: readonly ConfigIssue[], error: unknown): void {
    const serving = entry.policy !== undefined && entry.policy !== denyAllPolicy ? "last-good" : "deny-all";
    if (entry.policy === undefined) entry.policy = denyAllPolicy;
    report({ key, code, issues, error, serving });
  }

  /** Turns what `load` gave into the entry's policy (or a reported failure); returns the policy to serve. */
  function settle(key: string, entry: Entry, outcome: Outcome): CorsPolicy {
    const now = Date.now();
    entry.loading = undefined;
    entry.freshUntil = now + ttl;
    entry.staleUntil = now + ttl + staleWhileRevalidate;
    if ("code" in outcome) {
      const message =
        outcome.code === "load-timeout" ? `load(${JSON.stringify(key)}) did not settle within ${timeout} ms` : `load(${JSON.stringify(key)}) failed: ${errorText(outcome.error)}`;
      fail(key, entry, outcome.code, [issue(outcome.code, message)], outcome.error);
      return entry.policy as CorsPolicy;
    }
    const value = outcome.value;
    if (value === undefined || value === null) {
      entry.policy = denyAllPolicy;
      entry.config = undefined;
    } else if (isCorsPolicy(value)) {
      entry.policy = value;
      entry.config = undefined;
    } else if (typeof value === "object" && !Array.isArray(value)) {
      compileInto(key, entry, value as CorsPolicyConfig);
    } else {
      const message = `load(${JSON.stringify(key)}) returned ${describe(value)}; expected a CorsPolicyConfig, a CorsPolicy, undefined or null`;
      fail(key, entry, "load-result-invalid", [issue("load-result-invalid", message)], new TypeError(message));
    }
    return entry.policy as CorsPolicy;
  }

  function compileInto(key: string, entry: Entry, config: CorsPolicyConfig): void {
    let text: string;
    try {
      text = fingerprint(config);
    } catch (error) {
      fail(key, entry, "config-invalid", [issue("config-invalid", `the config of ${JSON.stringify(key)} cannot be read: ${errorText(error)}`)], error);
      return;
    }
    if (text === entry.config && entry.policy !== undefined) return; // unchanged: keep the policy (and its caches)
    let policy = compiled.get(text);
    if (policy === undefined) {
      try {
        policy = createPolicy(config);
      } catch (error) {
        const issues = isCorsConfigError(error) ? error.issues : [issue("config-invalid", errorText(error))];
        fail(key, entry, "config-invalid", issues, error);
        return;
      }
      remember(compiled, text, policy as never);
      if (policy.warnings.length > 0) {
        try {
          onWarning(key, policy.warnings);
        } catch {
          // As for onError: reporting must not fail the request.
        }
      }
    }
    entry.policy = policy;
    entry.config = text;
  }

  /** Starts a load for the entry; returns its policy at once when `load` answered synchronously. */
  function startLoad(key: string, entry: Entry): CorsPolicy | Promise<CorsPolicy> {
    let answer: TenantPolicyValue | PromiseLike<TenantPolicyValue>;
    try {
      answer = load(key);
    } catch (error) {
      return settle(key, entry, { code: "load-failed", error });
    }
    let then: unknown;
    try {
      then = (answer as { then?: unknown } | null | undefined)?.then;
    } catch (error) {
      return settle(key, entry, { code: "load-failed", error }); // a hostile thenable
    }
    if (typeof then !== "function") return settle(key, entry, { value: answer });
    const loading: Promise<CorsPolicy> = new Promise<Outcome>((resolve) => {
      const timer = timers.setTimeout(() => resolve({ code: "load-timeout", error: new LoadTimeout(`load(${JSON.stringify(key)}) timed out after ${timeout} ms`) }), timeout);
      // In Node, a pending timer would keep the process alive for up to `timeout`; other runtimes have no unref.
      (timer as { unref?: () => void } | null)?.unref?.();
      Promise.resolve(answer).then(
        (value) => {
          timers.clearTimeout(timer);
          resolve({ value });
        },
        (error: unknown) => {
          timers.clearTimeout(timer);
          resolve({ code: "load-failed", error });
        },
      );
    }).then((outcome) => (entry.loading === loading ? settle(key, entry, outcome) : (entry.policy ?? denyAllPolicy)));
    entry.loading = loading;
    return loading;
  }

  const resolver = function tenantPolicy(request: Request): CorsPolicy | Promise<CorsPolicy> {
    let key: unknown;
    try {
      key = keyOf(request);
    } catch (error) {
      report({ key: undefined, code: "key-failed", issues: [issue("key-failed", `key(request) threw: ${errorText(error)}`)], error, serving: "deny-all" });
      return denyAllPolicy;
    }
    if (typeof key !== "string") {
      if (key !== undefined) {
        const message = `key(request) returned ${describe(key)}; expected a string or undefined`;
        report({ key: undefined, code: "key-failed", issues: [issue("key-failed", message)], error: new TypeError(message), serving: "deny-all" });
      }
      return denyAllPolicy;
    }
    let entry = entries.get(key);
    if (entry === undefined) {
      entry = { policy: undefined, config: undefined, freshUntil: 0, staleUntil: 0, loading: undefined };
      remember(entries, key, entry as never);
      return startLoad(key, entry);
    }
    // Most recently used goes last: the first key of the Map is the one to evict.
    entries.delete(key);
    entries.set(key, entry);
    const policy = entry.policy;
    if (policy !== undefined) {
      const now = Date.now();
      if (now < entry.freshUntil) return policy;
      if (now < entry.staleUntil) {
        if (entry.loading === undefined) {
          const refreshed = startLoad(key, entry);
          if (!(refreshed instanceof Promise)) return refreshed; // a synchronous load answered at once
        }
        return policy;
      }
    }
    return entry.loading ?? startLoad(key, entry);
  } as TenantPolicyResolver<Request>;

  Object.defineProperties(resolver, {
    invalidate: {
      value(key?: string): void {
        const expire = (entry: Entry): void => {
          entry.freshUntil = 0;
          entry.staleUntil = 0;
        };
        if (key === undefined) entries.forEach(expire);
        else {
          const entry = entries.get(key);
          if (entry !== undefined) expire(entry);
        }
      },
    },
    size: { get: () => entries.size },
  });
  return resolver;
}
