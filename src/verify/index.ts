/**
 * `corsgate/verify`: check a live server, gateway or mesh against its CORS policy (`verifyPolicy`), or for
 * the known misconfigurations (`auditServer`). Findings are data, for a team's own test suites. Node 18+.
 */
export { verifyPolicy } from "./verify-policy.js";
export type { VerifyOptions, VerifyResult, VerifyTarget, ProbeResult } from "./verify-policy.js";
export { auditServer } from "./audit.js";
export type { AuditCode, AuditFinding, AuditOptions, AuditResult } from "./audit.js";
export { VerifyUnreachableError } from "./options.js";
export type { RunOptions } from "./options.js";
export type { Finding, FindingCode, Expectation } from "./findings.js";
export type { Probe } from "./probes.js";
export type { Answer, BrowserRequest, BrowserVerdict } from "./browser-check.js";
export { browserVerdict, corsCheck } from "./browser-check.js";
export type { OriginTrick, ProbeOrigin } from "./sample-origins.js";
