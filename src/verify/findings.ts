/**
 * Compares what the policy says about one probe with what the server answered, through the browser's
 * eyes, and words each difference as something a person can act on.
 */
import type { CorsDecision } from "../core/types.js";
import type { Answer, BrowserRequest, BrowserVerdict } from "./browser-check.js";
import { browserVerdict } from "./browser-check.js";
import type { Probe } from "./probes.js";
import { TRICK_DIAGNOSIS } from "./sample-origins.js";

/** Stable codes of verify findings. */
export type FindingCode =
  | "refused-by-server"
  | "allowed-by-server"
  | "vary-missing"
  | "max-age-differs"
  | "expose-headers-differ"
  | "no-answer";

/** One difference between the policy and the live server. */
export interface Finding {
  readonly code: FindingCode;
  /** `error`: a browser concludes something else than the policy says, or a cache can leak; `warning`: the rest. */
  readonly severity: "error" | "warning";
  readonly message: string;
  readonly probe: Probe;
  /** The route whose policy applies (route tables only). */
  readonly route?: string;
}

/** What the policy says about one probe: its decision, or none when no policy applies (a route without CORS). */
export interface Expectation {
  readonly decision: CorsDecision | undefined;
  readonly route?: string;
}

/** Chromium keeps a preflight at most 2 h, Firefox 24 h. */
const CHROMIUM_MAX_AGE = 7200;

function browserRequests(probe: Probe): BrowserRequest[] {
  const origin = probe.origin?.origin ?? "";
  return [false, true].map((credentials) =>
    probe.kind === "preflight"
      ? {
          kind: "preflight" as const,
          origin,
          method: probe.requestMethod ?? "GET",
          headerNames: probe.requestHeaders ?? [],
          credentials,
          ...(probe.privateNetwork === true ? { privateNetwork: true } : {}),
        }
      : { kind: "actual" as const, origin, method: "GET", headerNames: [], credentials },
  );
}

/** The answer the policy asks for: corsgate's own for a preflight it answers, else the live status with the decision's headers. */
function expectedAnswer(expectation: Expectation, live: Answer): Answer {
  const decision = expectation.decision;
  if (decision === undefined) return { status: live.status, headers: {} };
  return { status: decision.action === "respond" ? (decision.status ?? live.status) : live.status, headers: decision.headers };
}

function describeRequest(probe: Probe): string {
  const from = probe.origin === undefined ? "" : ` from ${probe.origin.origin}`;
  if (probe.kind !== "preflight") return `GET ${probe.path}${from}`;
  const headers = probe.requestHeaders !== undefined && probe.requestHeaders.length > 0 ? ` with ${probe.requestHeaders.join(", ")}` : "";
  const network = probe.privateNetwork === true ? " with private network access" : "";
  return `preflight for ${probe.requestMethod ?? ""}${headers}${network} on ${probe.path}${from}`;
}

function varyTokens(answer: Answer): Set<string> {
  return new Set((answer.headers["vary"] ?? "").split(",").map((token) => token.trim().toLowerCase()).filter((token) => token !== ""));
}

function listOf(value: string | undefined): string[] {
  return (value ?? "").split(",").map((item) => item.trim().toLowerCase()).filter((item) => item !== "").sort();
}

function refusedWording(probe: Probe, answer: Answer, verdict: BrowserVerdict & { allowed: false }, credentials: boolean): string {
  const origin = probe.origin?.origin ?? "";
  const withCredentials = credentials ? " with credentials" : "";
  if (probe.kind === "preflight" && (answer.status < 200 || answer.status > 299)) {
    const asked = probe.requestHeaders !== undefined && probe.requestHeaders.length > 0 ? ` with ${probe.requestHeaders.join(", ")}` : "";
    return `preflight for ${probe.requestMethod ?? ""}${asked} from ${origin} answered ${answer.status} — the policy allows ${probe.requestMethod ?? ""}${asked}`;
  }
  if (probe.kind === "actual" && verdict.missingOrigin) {
    if (answer.status >= 400) {
      return `GET ${probe.path} from ${origin} answered ${answer.status} without Access-Control-Allow-Origin — the policy allows it: the server drops CORS headers on error responses, so the page cannot read the error`;
    }
    return `GET from ${origin}: no Access-Control-Allow-Origin — the policy allows it; is the policy applied to ${probe.path}?`;
  }
  return `${describeRequest(probe)}${withCredentials}: the browser refuses the answer (${verdict.failure}) — the policy allows it`;
}

function allowedWording(probe: Probe, expectation: Expectation, answer: Answer, credentials: boolean): string {
  const origin = probe.origin?.origin ?? "";
  const decision = expectation.decision;
  if (decision === undefined) return `${describeRequest(probe)} was allowed — no CORS policy applies there`;
  const reason = decision.reason?.code;
  if (reason === undefined && credentials) {
    return `${describeRequest(probe)} with credentials was allowed (Access-Control-Allow-Credentials: ${answer.headers["access-control-allow-credentials"] ?? ""}) — the policy does not allow credentials`;
  }
  if (reason === "method-not-allowed") return `${describeRequest(probe)} was allowed — the policy does not allow ${probe.requestMethod ?? ""}`;
  if (reason === "headers-not-allowed" || reason === "request-headers-invalid") {
    return `${describeRequest(probe)} was allowed — the policy does not allow the header${(probe.requestHeaders ?? []).length === 1 ? "" : "s"} ${(probe.requestHeaders ?? []).join(", ")}`;
  }
  if (reason === "private-network-not-allowed") return `${describeRequest(probe)} was allowed — the policy does not allow private network access`;
  const trick = probe.origin?.trick ?? "any-origin";
  const diagnosis = TRICK_DIAGNOSIS[trick];
  return `${origin} was allowed — the policy does not allow it${diagnosis === "" ? "" : ` (${diagnosis})`}`;
}

/** The findings of one answered probe. */
export function compareAnswer(probe: Probe, expectation: Expectation, answer: Answer): Finding[] {
  const findings: Finding[] = [];
  const suffix = expectation.route === undefined ? "" : ` (route ${expectation.route})`;
  const add = (code: FindingCode, severity: "error" | "warning", message: string): void => {
    findings.push({ code, severity, message: message + suffix, probe, ...(expectation.route === undefined ? {} : { route: expectation.route }) });
  };
  const expected = expectedAnswer(expectation, answer);
  let agreed = true;
  let answeredAllowed = false;
  if (probe.kind !== "non-cors") {
    for (const request of browserRequests(probe)) {
      const want = browserVerdict(request, expected);
      const got = browserVerdict(request, answer);
      if (want.allowed && !got.allowed) {
        add("refused-by-server", "error", refusedWording(probe, answer, got, request.credentials));
      } else if (!want.allowed && got.allowed) {
        add("allowed-by-server", "error", allowedWording(probe, expectation, answer, request.credentials));
      }
      if (want.allowed !== got.allowed) {
        agreed = false;
        break;
      }
      if (!request.credentials) answeredAllowed = got.allowed;
    }
  }
  const allowOrigin = answer.headers["access-control-allow-origin"];
  const origin = probe.origin?.origin;
  const vary = varyTokens(answer);
  if (probe.kind === "actual" && origin !== undefined && allowOrigin === origin && !vary.has("origin") && !vary.has("*")) {
    add("vary-missing", "error", "Vary lacks Origin while Access-Control-Allow-Origin echoes the origin: shared caches can serve one origin's answer to another");
  }
  if (!agreed || !answeredAllowed) return findings;
  if (probe.kind === "preflight") {
    const missing = (expectation.decision?.vary ?? []).filter((token) => !vary.has(token.toLowerCase()) && !vary.has("*"));
    if (missing.length > 0) {
      add("vary-missing", "warning", `the preflight answer's Vary lacks ${missing.join(", ")}: a cache can serve one preflight's answer to another origin or request`);
    }
    const wantAge = expected.headers["access-control-max-age"];
    const gotAge = answer.headers["access-control-max-age"];
    if (wantAge !== gotAge) {
      const seconds = Number(gotAge);
      const keep =
        gotAge !== undefined && seconds > CHROMIUM_MAX_AGE
          ? `: browsers keep this preflight ${CHROMIUM_MAX_AGE / 3600} h (Chromium) / ${Math.round(Math.min(seconds, 86400) / 360) / 10} h (Firefox) after a policy change`
          : "";
      add("max-age-differs", "warning", `Access-Control-Max-Age ${gotAge ?? "absent"}${keep} — the policy says ${wantAge ?? "none"}`);
    }
  } else {
    const want = listOf(expected.headers["access-control-expose-headers"]);
    const got = listOf(answer.headers["access-control-expose-headers"]);
    if (want.join(",") !== got.join(",")) {
      add("expose-headers-differ", "warning", `Access-Control-Expose-Headers is ${got.length === 0 ? "absent" : got.join(", ")} — the policy exposes ${want.length === 0 ? "none" : want.join(", ")}: scripts read other response headers than intended`);
    }
  }
  return findings;
}
