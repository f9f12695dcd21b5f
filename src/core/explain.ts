import type { CorsDecision } from "./types.js";
import { quoteRequestValue } from "./quote.js";

function headerList(headers: Readonly<Record<string, string>>): string {
  return Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join("; ");
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/**
 * One paragraph a person can act on: which origin, what was decided, what was refused and what the policy
 * allows instead.
 *
 * @example explain(evaluate(request, policy))
 * // 'Preflight from "https://evil.example" refused: The origin "https://evil.example" is not allowed ...'
 */
export function explain(decision: CorsDecision): string {
  const from = decision.origin === undefined ? "with an unusable Origin header" : `from ${quoteRequestValue(decision.origin)}`;
  const vary = decision.vary.length > 0 ? ` Vary gets ${decision.vary.join(", ")}, so caches keep one copy per origin.` : "";
  if (decision.kind === "non-cors") {
    if (Object.keys(decision.headers).length > 0) {
      // SPEC §5.5: an origin-independent policy answers every response alike.
      return `Not a CORS request (no Origin header): the handler runs as usual, and since the policy gives every origin the same answer, corsgate still adds ${headerList(decision.headers)}, so a cache can serve this copy to browsers too.${vary}`;
    }
    return `Not a CORS request (no Origin header): corsgate adds no CORS headers and the handler runs as usual.${vary}`;
  }
  const what = decision.kind === "preflight" ? "Preflight" : "Request";
  if (decision.allowed) {
    // The decision cannot see the request's credentials mode (a preflight never carries cookies), so without
    // Access-Control-Allow-Credentials the sentence says what happens either way: a browser refuses a
    // credentialed exchange that lacks it, even though corsgate allowed the origin.
    const credentialed = decision.headers["access-control-allow-credentials"] === "true";
    const then = decision.kind === "preflight"
      ? credentialed
        ? `corsgate answers ${decision.status ?? ""} without calling the handler, so the browser goes on to send the real request`
        : `corsgate answers ${decision.status ?? ""} without calling the handler, so the browser goes on to send the real request if the page sends it without credentials; for a credentialed one (credentials: "include") the browser stops here, as the answer has no Access-Control-Allow-Credentials: true (allowCredentials: true)`
      : credentialed
        ? "the handler runs and the browser lets the page read the response"
        : 'the handler runs and the browser lets the page read the response if the page sent it without credentials; a credentialed request (credentials: "include") also needs Access-Control-Allow-Credentials: true (allowCredentials: true), so the browser refuses it';
    return `${what} ${from} allowed: ${then}. Headers: ${headerList(decision.headers)}.${vary}`;
  }
  const reason = decision.reason;
  const why = reason === undefined ? "" : ` ${sentence(reason.message)}${reason.hint === undefined ? "" : ` Fix: ${sentence(reason.hint)}`}`;
  let outcome: string;
  if (decision.kind === "actual") {
    outcome = "The handler still runs (CORS is not access control), but without CORS headers the browser will not let the page read the response.";
  } else if (decision.action === "continue") {
    outcome = "The preflight is passed on to the application (unmatchedPreflights: forward), without CORS headers.";
  } else if (Object.keys(decision.headers).length === 0) {
    outcome = `corsgate answers ${decision.status ?? 403} with no CORS headers, so the browser blocks the request.`;
  } else {
    outcome = `corsgate answers ${decision.status ?? ""} with what the policy does allow (${headerList(decision.headers)}), so the browser blocks the request and its console names what is missing.`;
  }
  return `${what} ${from} refused.${why} ${outcome}${vary}`;
}
