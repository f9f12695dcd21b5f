import { expectTypeOf, test } from "vitest";
import type { CorsPolicy, CorsPolicyConfig } from "../../src/index.js";
import type { Route, RouteResolver } from "../../src/mesh/index.js";
import { auditServer, verifyPolicy } from "../../src/verify/index.js";
import type { AuditFinding, AuditOptions, AuditResult, Finding, FindingCode, VerifyOptions, VerifyResult, VerifyTarget } from "../../src/verify/index.js";

test("verifyPolicy takes a policy, a config or a route table, and resolves with findings as data", () => {
  expectTypeOf(verifyPolicy).parameter(0).toEqualTypeOf<VerifyTarget>();
  expectTypeOf<CorsPolicy>().toMatchTypeOf<VerifyTarget>();
  expectTypeOf<CorsPolicyConfig>().toMatchTypeOf<VerifyTarget>();
  expectTypeOf<RouteResolver>().toMatchTypeOf<VerifyTarget>();
  expectTypeOf<readonly Route[]>().toMatchTypeOf<VerifyTarget>();
  expectTypeOf(verifyPolicy).parameter(1).toEqualTypeOf<VerifyOptions>();
  expectTypeOf(verifyPolicy).returns.resolves.toEqualTypeOf<VerifyResult>();
  expectTypeOf<VerifyResult["findings"]>().toEqualTypeOf<readonly Finding[]>();
  expectTypeOf<Finding["code"]>().toEqualTypeOf<FindingCode>();
  expectTypeOf<Finding["severity"]>().toEqualTypeOf<"error" | "warning">();
  // @ts-expect-error: url is required
  void verifyPolicy({ allowOrigins: ["https://a.example"] }, {});
});

test("auditServer takes a URL and an optional trusted origin", () => {
  expectTypeOf(auditServer).parameter(0).toEqualTypeOf<AuditOptions>();
  expectTypeOf(auditServer).returns.resolves.toEqualTypeOf<AuditResult>();
  expectTypeOf<AuditFinding["fix"]>().toEqualTypeOf<CorsPolicyConfig>();
  expectTypeOf<AuditFinding["severity"]>().toEqualTypeOf<"high" | "medium" | "low">();
});
