/**
 * `auditServer`: no policy, only a URL (and the origin the server is meant to trust). Probes for the known
 * misconfiguration classes and reports each with its severity and a fix written as a corsgate policy.
 */
import type { CorsPolicyConfig } from "../core/config.js";
import type { Answer } from "./browser-check.js";
import { corsCheck } from "./browser-check.js";
import type { RunOptions } from "./options.js";
import { runProbes } from "./options.js";
import type { OriginTrick } from "./sample-origins.js";
import { nearMisses } from "./sample-origins.js";

/** Stable codes of audit findings. */
export type AuditCode =
  | "any-origin-reflected"
  | "any-origin-reflected-with-credentials"
  | "null-origin-allowed"
  | "origin-suffix-match"
  | "origin-prefix-match"
  | "origin-unescaped-dot"
  | "origin-scheme-downgrade"
  | "vary-missing"
  | "request-headers-reflected"
  | "wildcard-with-credentials"
  | "max-age-long";

export interface AuditFinding {
  readonly code: AuditCode;
  readonly severity: "high" | "medium" | "low";
  readonly message: string;
  /** The origin sent by the probe that showed it. */
  readonly origin?: string;
  /** How to fix it, as a policy corsgate accepts (`createPolicy(fix)` works). */
  readonly fix: CorsPolicyConfig;
}

export interface AuditOptions extends RunOptions {
  /** The origin the server is meant to trust (`https://app.example.com`): bypasses are derived from it. */
  readonly origin?: string;
}

export interface AuditResult {
  readonly url: string;
  readonly findings: readonly AuditFinding[];
  /** How many requests were sent. */
  readonly probes: number;
}

interface AuditProbe {
  readonly kind: "actual" | "preflight";
  readonly path: string;
  readonly method: "GET" | "OPTIONS";
  readonly headers: Readonly<Record<string, string>>;
  readonly origin: string;
  readonly trick: OriginTrick;
}

const PLACEHOLDER = "https://app.example.com";
const TRICK_CODES: Partial<Record<OriginTrick, AuditCode>> = {
  "prefix-attach": "origin-suffix-match",
  "suffix-append": "origin-prefix-match",
  "unescaped-dot": "origin-unescaped-dot",
  "scheme-downgrade": "origin-scheme-downgrade",
};
const TRICK_WORDS: Partial<Record<OriginTrick, string>> = {
  "prefix-attach": "the server matches origins by suffix",
  "suffix-append": "the server matches origins by prefix",
  "unescaped-dot": "the server matches origins with a regex whose dot is not escaped",
  "scheme-downgrade": "the server ignores the scheme: a page on plain http (which anyone on the network can inject) can read the answer",
};

/**
 * Audits `options.url` for common CORS misconfigurations. Sends a few GET and OPTIONS requests under the
 * same limits as `verifyPolicy`.
 */
export async function auditServer(options: AuditOptions): Promise<AuditResult> {
  const base = new URL(options.url);
  const path = base.pathname + base.search;
  const trusted = options.origin;
  const origins: { origin: string; trick: OriginTrick }[] = [
    { origin: "https://corsgate-audit.invalid", trick: "any-origin" },
    { origin: "null", trick: "null" },
  ];
  if (trusted !== undefined) {
    origins.unshift({ origin: trusted, trick: "allowed" });
    for (const miss of nearMisses(trusted)) if (miss.trick in TRICK_CODES) origins.push(miss);
  }
  const probes: AuditProbe[] = origins.map(({ origin, trick }) => ({ kind: "actual", path, method: "GET", headers: { origin }, origin, trick }));
  const preflightOrigin = trusted ?? "https://corsgate-audit.invalid";
  probes.push({
    kind: "preflight",
    path,
    method: "OPTIONS",
    headers: { origin: preflightOrigin, "access-control-request-method": "GET", "access-control-request-headers": "x-corsgate-audit-one,x-corsgate-audit-two" },
    origin: preflightOrigin,
    trick: trusted === undefined ? "any-origin" : "allowed",
  });
  const answers = await runProbes(base, probes, options);
  const trustedAnswer = answers[0];
  const credentialsSeen = answers.some((answer) => !(answer instanceof Error) && answer.headers["access-control-allow-credentials"] === "true");
  const fix: CorsPolicyConfig = { allowOrigins: [trusted ?? PLACEHOLDER], ...(credentialsSeen ? { allowCredentials: true } : {}) };
  const findings: AuditFinding[] = [];
  const seen = new Set<AuditCode>();
  const add = (finding: AuditFinding): void => {
    if (seen.has(finding.code)) return;
    seen.add(finding.code);
    findings.push(finding);
  };
  const trustedAllowed = trusted !== undefined && trustedAnswer !== undefined && !(trustedAnswer instanceof Error) && corsCheck(trustedAnswer, trusted, false).allowed;
  probes.forEach((probe, index) => {
    const answer = answers[index];
    if (answer === undefined || answer instanceof Error) return;
    const allowOrigin = answer.headers["access-control-allow-origin"];
    const credentials = answer.headers["access-control-allow-credentials"] === "true";
    if (allowOrigin === "*" && credentials) {
      add({ code: "wildcard-with-credentials", severity: "low", message: "Access-Control-Allow-Origin: * with Access-Control-Allow-Credentials: true — browsers refuse this for requests with credentials; list the trusted origins instead", fix });
    }
    if (probe.kind === "preflight") {
      checkPreflight(answer, fix, add);
      return;
    }
    if (allowOrigin !== probe.origin) return;
    const vary = (answer.headers["vary"] ?? "").toLowerCase().split(",").map((token) => token.trim());
    if (!vary.includes("origin") && !vary.includes("*")) {
      add({ code: "vary-missing", severity: "medium", origin: probe.origin, message: `Access-Control-Allow-Origin echoes ${probe.origin} without Vary: Origin: shared caches can serve one origin's answer to another`, fix });
    }
    if (probe.trick === "any-origin") {
      add(
        credentials
          ? { code: "any-origin-reflected-with-credentials", severity: "high", origin: probe.origin, message: `any origin is reflected with credentials (${probe.origin} was allowed, with Access-Control-Allow-Credentials: true): every website can read this server's answers with the user's cookies`, fix }
          : { code: "any-origin-reflected", severity: "medium", origin: probe.origin, message: `any origin is reflected (${probe.origin} was allowed): every website can read this server's answers`, fix },
      );
    } else if (probe.trick === "null") {
      add({ code: "null-origin-allowed", severity: credentials ? "high" : "medium", origin: probe.origin, message: "the null origin is allowed: every sandboxed iframe and file: page sends it, so any website can read the answers through one", fix });
    } else {
      const code = TRICK_CODES[probe.trick];
      if (code === undefined || !trustedAllowed) return;
      add({ code, severity: credentials ? "high" : "medium", origin: probe.origin, message: `${probe.origin} was allowed: ${TRICK_WORDS[probe.trick] ?? ""} (the trusted origin is ${trusted ?? ""})`, fix });
    }
  });
  return { url: base.href, findings, probes: probes.length };
}

function checkPreflight(answer: Answer, fix: CorsPolicyConfig, add: (finding: AuditFinding) => void): void {
  const allowHeaders = (answer.headers["access-control-allow-headers"] ?? "").toLowerCase();
  if (allowHeaders.includes("x-corsgate-audit-one") && allowHeaders.includes("x-corsgate-audit-two")) {
    add({
      code: "request-headers-reflected",
      severity: "low",
      message: "Access-Control-Allow-Headers echoes whatever Access-Control-Request-Headers asks for: scripts may send any header; list the headers the API reads",
      fix: { ...fix, allowHeaders: ["content-type"] },
    });
  }
  const maxAge = Number(answer.headers["access-control-max-age"]);
  if (maxAge > 7200) {
    add({
      code: "max-age-long",
      severity: "low",
      message: `Access-Control-Max-Age ${maxAge}: browsers keep this preflight 2 h (Chromium) / ${Math.round(Math.min(maxAge, 86400) / 360) / 10} h (Firefox) after a policy change`,
      fix: { ...fix, maxAge: 600 },
    });
  }
}
