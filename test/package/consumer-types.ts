/**
 * The TypeScript a consumer of "corsgate" writes, checked by `tsc` in a scratch project where the packed package
 * sits in node_modules. It is kept as text (not a .ts file) because the repository's own `tsc` runs before the
 * build, when dist/ (and so the package's types) does not exist yet.
 *
 * Every `@ts-expect-error` must be needed (tsc reports an unused one), so each line can fail.
 */
export const consumerSource = String.raw`
import {
  createPolicy,
  evaluate,
  explain,
  mergeVary,
  CorsConfigError,
  type ConfigIssue,
  type CorsDecision,
  type CorsPolicy,
  type CorsPolicyConfig,
  type CorsRequest,
  type DenyCode,
  type OriginMatcher,
} from "corsgate";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(_value?: T): void {}

// SPEC §1 signatures.
assertType<Equal<Parameters<typeof createPolicy>, [config: CorsPolicyConfig]>>();
assertType<Equal<ReturnType<typeof createPolicy>, CorsPolicy>>();
assertType<Equal<ReturnType<typeof evaluate>, CorsDecision>>();
assertType<Equal<ReturnType<typeof explain>, string>>();
assertType<Equal<ReturnType<typeof mergeVary>, string>>();
mergeVary(undefined, ["Origin"]);
mergeVary(null, []);
mergeVary("Accept", ["Origin"] as readonly string[]);

// class CorsConfigError extends Error { readonly issues: readonly ConfigIssue[] }
declare const error: CorsConfigError;
const asError: Error = error;
assertType<Equal<typeof CorsConfigError extends abstract new (...args: never[]) => Error ? true : false, true>>();
const issues: readonly ConfigIssue[] = error.issues;
// @ts-expect-error issues is readonly
error.issues = [];
// @ts-expect-error the array is readonly
error.issues.push({ code: "x", path: "", message: "" });

// interface ConfigIssue { code: string; path: string; message: string; hint?: string }
const issue: ConfigIssue = { code: "c", path: "p", message: "m" };
const withHint: ConfigIssue = { code: "c", path: "p", message: "m", hint: "h" };
assertType<Equal<ConfigIssue["code"], string>>();
assertType<Equal<ConfigIssue["hint"], string | undefined>>();

// CorsPolicy: warnings readonly ConfigIssue[], config.
const policy = createPolicy({ allowOrigins: ["https://app.example.com"] });
const warnings: readonly ConfigIssue[] = policy.warnings;
// @ts-expect-error warnings is a readonly array
policy.warnings.push(issue);
void policy.config;

// SPEC §1.1 configuration.
const full: CorsPolicyConfig = {
  allowOrigins: [
    "*",
    "https://app.example.com",
    "https://*.example.com",
    "http://localhost:*",
    { exact: "https://a.example" },
    { exact: "https://a.example", ignoreCase: true },
    { prefix: "https://a." },
    { prefix: "https://a.", ignoreCase: true },
    { regex: "https://a\\.example" },
    { regex: /https:\/\/a\.example/i },
    { exact: "*" },
  ],
  allowMethods: ["PUT"],
  allowHeaders: ["x-a"],
  exposeHeaders: ["x-total"],
  maxAge: "1h30m",
  allowCredentials: false,
  allowPrivateNetwork: false,
  unmatchedPreflights: "forward",
  preflightStatus: 200,
  dangerouslyAllowAnyOriginWithCredentials: false,
};
const seconds: CorsPolicyConfig = { allowOrigins: ["*"], maxAge: 600, unmatchedPreflights: "reject", preflightStatus: 204 };
const frozen = { allowOrigins: ["https://a.example"], allowMethods: ["PUT"] } as const;
createPolicy(frozen);
const matcher: OriginMatcher = { regex: /x/ };

// @ts-expect-error allowOrigins is required
const missing: CorsPolicyConfig = {};
// @ts-expect-error allowCredentials is a boolean
const wrongType: CorsPolicyConfig = { allowOrigins: ["*"], allowCredentials: "true" };
// @ts-expect-error preflightStatus is 200 | 204
const wrongStatus: CorsPolicyConfig = { allowOrigins: ["*"], preflightStatus: 201 };
// @ts-expect-error unmatchedPreflights is "reject" | "forward"
const wrongEnum: CorsPolicyConfig = { allowOrigins: ["*"], unmatchedPreflights: "ignore" };
// @ts-expect-error an unknown field (a typo) is refused at compile time too
const typo: CorsPolicyConfig = { allowOrigins: ["*"], allowCredential: true };
// @ts-expect-error exact is a string
const wrongExact: OriginMatcher = { exact: 443 };

// SPEC §2: the request.
const fromRecord: CorsRequest = { method: "GET", headers: { origin: "https://a.example", "x-list": ["a", "b"], absent: undefined } };
const fromGetter: CorsRequest = { method: "GET", headers: { get: (name: string) => (name === "origin" ? "https://a.example" : null) } };

// SPEC §5: the decision.
const decision = evaluate(fromRecord, policy);
assertType<Equal<CorsDecision["kind"], "non-cors" | "preflight" | "actual">>();
assertType<Equal<CorsDecision["action"], "respond" | "continue">>();
assertType<Equal<CorsDecision["allowed"], boolean>>();
assertType<Equal<CorsDecision["status"], number | undefined>>();
assertType<Equal<CorsDecision["origin"], string | undefined>>();
assertType<Equal<DenyCode, "origin-not-allowed" | "origin-invalid" | "method-not-allowed" | "headers-not-allowed" | "request-headers-invalid" | "private-network-not-allowed">>();
assertType<Equal<NonNullable<CorsDecision["reason"]>["code"], DenyCode>>();
const header: string | undefined = decision.headers["access-control-allow-origin"];
const vary: readonly string[] = decision.vary;
// @ts-expect-error headers are readonly
decision.headers["access-control-allow-origin"] = "*";
// @ts-expect-error vary is readonly
decision.vary.push("Origin");
const message: string | undefined = decision.reason?.message;
const hint: string | undefined = decision.reason?.hint;

export { asError, issues, withHint, warnings, full, seconds, matcher, missing, wrongType, wrongStatus, wrongEnum, typo, wrongExact, fromGetter, header, vary, message, hint };
`;

/** The same names through require(): a CommonJS consumer gets the .d.cts types. */
export const commonJsConsumerSource = String.raw`
import corsgate = require("corsgate");
const policy: corsgate.CorsPolicy = corsgate.createPolicy({ allowOrigins: ["https://app.example.com"] });
const decision: corsgate.CorsDecision = corsgate.evaluate({ method: "GET", headers: {} }, policy);
const text: string = corsgate.explain(decision);
const merged: string = corsgate.mergeVary(undefined, decision.vary);
declare const caught: unknown;
const isError: boolean = caught instanceof corsgate.CorsConfigError && caught.issues.length > 0 && caught instanceof Error;
// @ts-expect-error allowOrigins is required
corsgate.createPolicy({});
export = { text, merged, isError };
`;

/** Every subpath of the exports map resolves with types (the adapters' and mesh's own APIs are tested elsewhere). */
export const subpathConsumerSource = String.raw`
import { withCors as nodeWithCors } from "corsgate/node";
import { cors } from "corsgate/express";
import { corsPlugin } from "corsgate/fastify";
import { withCors as fetchWithCors } from "corsgate/fetch";
import { fromIstioCorsPolicy, toIstioCorsPolicy, parseDuration } from "corsgate/mesh";
import { createPolicy } from "corsgate";

type AnyFunction = (...args: never[]) => unknown;
const functions: AnyFunction[] = [nodeWithCors, cors, corsPlugin, fetchWithCors, fromIstioCorsPolicy, toIstioCorsPolicy, parseDuration];
const policy = createPolicy({ allowOrigins: ["https://app.example.com"] });
// SPEC §7: "Each adapter takes a CorsPolicy, a CorsPolicyConfig (compiled once, at set-up), or a resolver".
const handler = fetchWithCors(policy, () => new Response("ok"));
const fromConfig = fetchWithCors({ allowOrigins: ["https://app.example.com"] }, () => new Response("ok"));
// @ts-expect-error not a policy, a config or a resolver
fetchWithCors(42, () => new Response("ok"));
export { functions, handler, fromConfig };
`;
