/** Type tests for every public signature of the core entry (SPEC §1, §2, §5). */
import type { IncomingMessage } from "node:http";
import { describe, expectTypeOf, it } from "vitest";
import { CorsConfigError, createPolicy, evaluate, explain, isCorsConfigError, mergeVary } from "../../src/index.js";
import type * as corsgate from "../../src/index.js";
import type {
  ConfigErrorCode,
  ConfigIssue,
  ConfigFix,
  ConfigWarningCode,
  CorsDecision,
  CorsPolicy,
  CorsPolicyConfig,
  CorsRequest,
  DenyCode,
  DenyReason,
  ExactOriginMatcher,
  HeaderGetter,
  HeaderRecord,
  HeaderSource,
  MaxAge,
  NormalizedCorsPolicyConfig,
  OriginMatcher,
  PrefixOriginMatcher,
  RegexOriginMatcher,
  RequestKind,
  UnmatchedPreflights,
} from "../../src/index.js";

describe("functions", () => {
  it("createPolicy(config: CorsPolicyConfig): CorsPolicy", () => {
    expectTypeOf(createPolicy).toEqualTypeOf<(config: CorsPolicyConfig) => CorsPolicy>();
    expectTypeOf(createPolicy).parameters.toEqualTypeOf<[CorsPolicyConfig]>();
    expectTypeOf(createPolicy).returns.toEqualTypeOf<CorsPolicy>();
  });

  it("evaluate(request: CorsRequest, policy: CorsPolicy): CorsDecision", () => {
    expectTypeOf(evaluate).toEqualTypeOf<(request: CorsRequest, policy: CorsPolicy) => CorsDecision>();
    expectTypeOf(evaluate).returns.not.toEqualTypeOf<Promise<CorsDecision>>();
  });

  it("explain(decision: CorsDecision): string", () => {
    expectTypeOf(explain).toEqualTypeOf<(decision: CorsDecision) => string>();
  });

  it("mergeVary(existing: string | undefined | null, tokens: readonly string[]): string", () => {
    expectTypeOf(mergeVary).toEqualTypeOf<(existing: string | undefined | null, tokens: readonly string[]) => string>();
    expectTypeOf(mergeVary).toBeCallableWith(undefined, ["Origin"]);
    expectTypeOf(mergeVary).toBeCallableWith(null, ["Origin"] as const);
    expectTypeOf(mergeVary).toBeCallableWith("Accept", []);
  });

  it("isCorsConfigError is a type guard on unknown", () => {
    expectTypeOf(isCorsConfigError).toEqualTypeOf<(value: unknown) => value is CorsConfigError>();
    const caught: unknown = undefined;
    if (isCorsConfigError(caught)) expectTypeOf(caught).toEqualTypeOf<CorsConfigError>();
  });
});

describe("CorsConfigError and ConfigIssue", () => {
  it("is an Error class with readonly issues", () => {
    expectTypeOf<CorsConfigError>().toExtend<Error>();
    expectTypeOf<CorsConfigError["issues"]>().toEqualTypeOf<readonly ConfigIssue[]>();
    expectTypeOf(CorsConfigError).constructorParameters.toEqualTypeOf<[issues: readonly ConfigIssue[]]>();
    expectTypeOf(CorsConfigError).instance.toEqualTypeOf<CorsConfigError>();
  });

  it("ConfigIssue has code, path, message and an optional hint and fix", () => {
    expectTypeOf<ConfigIssue>().toEqualTypeOf<{
      readonly code: string;
      readonly path: string;
      readonly message: string;
      readonly hint?: string;
      readonly fix?: ConfigFix;
    }>();
    expectTypeOf<ConfigFix>().toEqualTypeOf<{ readonly path: string; readonly replaceWith?: readonly unknown[]; readonly renameTo?: string }>();
  });

  it("error and warning codes are the fixed unions of SPEC §1.2", () => {
    expectTypeOf<ConfigErrorCode>().toEqualTypeOf<
      | "unknown-field"
      | "type-invalid"
      | "origins-missing"
      | "origin-invalid"
      | "origin-noncanonical"
      | "origin-null"
      | "wildcard-mixed"
      | "credentials-any-origin"
      | "credentials-insecure-origin"
      | "credentials-expose-wildcard"
      | "prefix-unbounded"
      | "regex-invalid"
      | "regex-flags"
      | "regex-unsafe"
      | "method-invalid"
      | "method-forbidden"
      | "header-invalid"
      | "maxage-invalid"
    >();
    // The six warnings of SPEC §1.2, then the additions (a new warning code is a minor change).
    expectTypeOf<ConfigWarningCode>().toEqualTypeOf<
      | "prefix-unbounded"
      | "regex-unescaped-dot"
      | "maxage-capped"
      | "header-never-sent"
      | "expose-never-readable"
      | "credentials-any-origin"
      | "origin-pattern-too-broad"
      | "regex-matches-null"
      | "credentials-insecure-regex"
    >();
    expectTypeOf<ConfigErrorCode>().toExtend<ConfigIssue["code"]>();
  });
});

describe("CorsPolicyConfig", () => {
  it("only allowOrigins is required", () => {
    expectTypeOf<{ allowOrigins: string[] }>().toExtend<CorsPolicyConfig>();
    expectTypeOf<{ allowMethods: string[] }>().not.toExtend<CorsPolicyConfig>();
  });

  it("fields have the types of SPEC §1.1", () => {
    expectTypeOf<CorsPolicyConfig["allowOrigins"]>().toEqualTypeOf<readonly OriginMatcher[]>();
    expectTypeOf<CorsPolicyConfig["allowMethods"]>().toEqualTypeOf<readonly string[] | undefined>();
    expectTypeOf<CorsPolicyConfig["allowHeaders"]>().toEqualTypeOf<readonly string[] | undefined>();
    expectTypeOf<CorsPolicyConfig["exposeHeaders"]>().toEqualTypeOf<readonly string[] | undefined>();
    expectTypeOf<CorsPolicyConfig["maxAge"]>().toEqualTypeOf<MaxAge | undefined>();
    expectTypeOf<MaxAge>().toEqualTypeOf<number | string>();
    expectTypeOf<CorsPolicyConfig["allowCredentials"]>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<CorsPolicyConfig["allowPrivateNetwork"]>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<CorsPolicyConfig["unmatchedPreflights"]>().toEqualTypeOf<UnmatchedPreflights | undefined>();
    expectTypeOf<UnmatchedPreflights>().toEqualTypeOf<"reject" | "forward">();
    expectTypeOf<CorsPolicyConfig["preflightStatus"]>().toEqualTypeOf<200 | 204 | undefined>();
    expectTypeOf<CorsPolicyConfig["dangerouslyAllowAnyOriginWithCredentials"]>().toEqualTypeOf<boolean | undefined>();
  });

  it("accepts every matcher form", () => {
    const config: CorsPolicyConfig = {
      allowOrigins: [
        "*",
        "https://app.example.com",
        "https://*.example.com",
        "http://localhost:*",
        { exact: "https://a.example" },
        { exact: "https://a.example", ignoreCase: true },
        { prefix: "https://a.example" },
        { prefix: "https://a.example", ignoreCase: false },
        { regex: "https://[a-z]+\\.example\\.com" },
        { regex: /https:\/\/[a-z]+\.example\.com/i },
      ],
      maxAge: "1h30m",
      preflightStatus: 200,
      unmatchedPreflights: "forward",
    };
    expectTypeOf(config).toEqualTypeOf<CorsPolicyConfig>();
    expectTypeOf<OriginMatcher>().toEqualTypeOf<string | ExactOriginMatcher | PrefixOriginMatcher | RegexOriginMatcher>();
    expectTypeOf<RegexOriginMatcher["regex"]>().toEqualTypeOf<string | RegExp>();
    expectTypeOf<ExactOriginMatcher["ignoreCase"]>().toEqualTypeOf<boolean | undefined>();
  });

  it("refuses wrong types and unknown fields at compile time", () => {
    // @ts-expect-error allowCredentials is a boolean, not a string
    createPolicy({ allowOrigins: ["*"], allowCredentials: "true" });
    // @ts-expect-error preflightStatus is 200 or 204
    createPolicy({ allowOrigins: ["*"], preflightStatus: 201 });
    // @ts-expect-error unmatchedPreflights uses corsgate's words, not Istio's
    createPolicy({ allowOrigins: ["*"], unmatchedPreflights: "IGNORE" });
    // @ts-expect-error exact must be a string
    createPolicy({ allowOrigins: [{ exact: 443 }] });
    // @ts-expect-error an unknown field is a typo
    createPolicy({ allowOrigins: ["*"], allowOrigin: ["*"] });
    // @ts-expect-error allowOrigins is required
    createPolicy({ allowMethods: ["PUT"] });
  });

  it("accepts a readonly (as const) configuration", () => {
    const config = { allowOrigins: ["https://app.example.com"], allowMethods: ["PUT"], maxAge: 600 } as const;
    expectTypeOf(createPolicy).toBeCallableWith(config);
  });
});

describe("CorsPolicy", () => {
  it("exposes the normalized config and readonly warnings", () => {
    expectTypeOf<CorsPolicy["config"]>().toEqualTypeOf<NormalizedCorsPolicyConfig>();
    expectTypeOf<CorsPolicy["warnings"]>().toEqualTypeOf<readonly ConfigIssue[]>();
    expectTypeOf<CorsPolicy["notices"]>().toEqualTypeOf<readonly ConfigIssue[]>();
    expectTypeOf<NormalizedCorsPolicyConfig["allowOrigins"]>().toEqualTypeOf<readonly OriginMatcher[]>();
    expectTypeOf<NormalizedCorsPolicyConfig["allowMethods"]>().toEqualTypeOf<readonly string[]>();
    // policy.config is valid input again.
    expectTypeOf<NormalizedCorsPolicyConfig>().toExtend<CorsPolicyConfig>();
    expectTypeOf<NormalizedCorsPolicyConfig["maxAge"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<NormalizedCorsPolicyConfig["allowCredentials"]>().toEqualTypeOf<boolean>();
    expectTypeOf<NormalizedCorsPolicyConfig["preflightStatus"]>().toEqualTypeOf<200 | 204>();
    expectTypeOf<NormalizedCorsPolicyConfig["unmatchedPreflights"]>().toEqualTypeOf<UnmatchedPreflights>();
  });

  it("is read-only", () => {
    const policy = createPolicy({ allowOrigins: ["*"] });
    // @ts-expect-error the policy is frozen
    policy.warnings = [];
    // @ts-expect-error the config is frozen
    policy.config.allowCredentials = true;
  });
});

describe("CorsRequest and HeaderSource", () => {
  it("has a method and headers", () => {
    // method is optional: a Node IncomingMessage's may be undefined (SPEC §2: it can be passed as it is).
    expectTypeOf<CorsRequest>().toEqualTypeOf<{ readonly method?: string | undefined; readonly headers: HeaderSource }>();
    expectTypeOf<HeaderSource>().toEqualTypeOf<HeaderGetter | HeaderRecord>();
    expectTypeOf<HeaderGetter["get"]>().toEqualTypeOf<(name: string) => string | null>();
    expectTypeOf<HeaderRecord>().toEqualTypeOf<Readonly<Record<string, string | readonly string[] | undefined>>>();
  });

  it("a fetch Request and a Node IncomingMessage can be passed as they are", () => {
    expectTypeOf<Request>().toExtend<CorsRequest>();
    expectTypeOf<IncomingMessage>().toExtend<CorsRequest>();
    expectTypeOf(evaluate).toBeCallableWith({} as IncomingMessage, createPolicy({ allowOrigins: ["*"] }));
    expectTypeOf(evaluate).toBeCallableWith(new Request("https://api.example.com"), createPolicy({ allowOrigins: ["*"] }));
    expectTypeOf<Headers>().toExtend<HeaderSource>();
  });

  it("a plain record with arrays and undefined is a header source", () => {
    expectTypeOf<{ origin: string; "access-control-request-headers": string[]; cookie: undefined }>().toExtend<HeaderSource>();
    expectTypeOf<{ method: number; headers: HeaderRecord }>().not.toExtend<CorsRequest>();
    expectTypeOf<{ method: string }>().not.toExtend<CorsRequest>();
  });
});

describe("CorsDecision", () => {
  it("has the fields of SPEC §5", () => {
    expectTypeOf<CorsDecision["kind"]>().toEqualTypeOf<RequestKind>();
    expectTypeOf<RequestKind>().toEqualTypeOf<"non-cors" | "preflight" | "actual">();
    expectTypeOf<CorsDecision["allowed"]>().toEqualTypeOf<boolean>();
    expectTypeOf<CorsDecision["action"]>().toEqualTypeOf<"respond" | "continue">();
    expectTypeOf<CorsDecision["status"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<CorsDecision["headers"]>().toEqualTypeOf<Readonly<Record<string, string>>>();
    expectTypeOf<CorsDecision["vary"]>().toEqualTypeOf<readonly string[]>();
    expectTypeOf<CorsDecision["origin"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<CorsDecision["reason"]>().toEqualTypeOf<DenyReason | undefined>();
  });

  it("a deny reason has a stable code, a message and an optional hint", () => {
    expectTypeOf<DenyReason>().toEqualTypeOf<{ readonly code: DenyCode; readonly message: string; readonly hint?: string }>();
    expectTypeOf<DenyCode>().toEqualTypeOf<
      "origin-not-allowed" | "origin-invalid" | "method-not-allowed" | "headers-not-allowed" | "request-headers-invalid" | "private-network-not-allowed"
    >();
  });

  it("is read-only", () => {
    const decision = evaluate({ method: "GET", headers: {} }, createPolicy({ allowOrigins: ["*"] }));
    // @ts-expect-error decisions are frozen
    decision.allowed = true;
    // @ts-expect-error decision headers are frozen
    decision.headers["access-control-allow-origin"] = "*";
    // @ts-expect-error vary is frozen
    decision.vary.push("Origin");
  });
});

describe("the entry exports exactly the core API", () => {
  it("runtime exports", () => {
    expectTypeOf<keyof typeof corsgate>().toEqualTypeOf<
      "createPolicy" | "evaluate" | "explain" | "mergeVary" | "precompilePolicy" | "CorsConfigError" | "isCorsConfigError"
    >();
  });
});
