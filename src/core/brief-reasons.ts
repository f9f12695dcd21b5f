import type { DenyReason } from "./types.js";
import type { ReasonWriter } from "./compiled.js";
import { quoteRequestValue } from "./quote.js";

function reason(code: DenyReason["code"], message: string): DenyReason {
  return Object.freeze({ code, message });
}

/** Shown names are cut short: a refused name may be kilobytes long. */
function shortName(name: string): string {
  return name.length > 100 ? `${name.slice(0, 100)}…` : name;
}

/**
 * The reasons of a policy loaded by `corsgate/precompiled`: the same codes as the detailed writer, each with one
 * short sentence naming what was refused. What the policy does allow is left to the response itself (a refused
 * preflight from an allowed origin carries the allowed methods and headers, SPEC §5.2) and to `corsgate check`;
 * the detailed wording and its near-miss hints would more than double this entry's size.
 */
export const BRIEF_REASONS: ReasonWriter = Object.freeze<ReasonWriter>({
  originNotAllowed: (_compiled, origin) => reason("origin-not-allowed", `The origin ${quoteRequestValue(origin)} is not allowed.`),
  originInvalid: (_compiled, origin) =>
    reason(
      "origin-invalid",
      typeof origin === "string" ? `The Origin ${quoteRequestValue(origin)} is not a serialized origin.` : "The Origin header came more than once, or not as text.",
    ),
  methodNotAllowed: (_compiled, method) =>
    reason("method-not-allowed", `The method ${method === undefined ? "requested" : quoteRequestValue(method)} is not allowed.`),
  headersNotAllowed: (_compiled, refused) => reason("headers-not-allowed", `Request headers not allowed: ${refused.map(shortName).join(", ")}.`),
  requestHeadersInvalid: (why) => reason("request-headers-invalid", `The preflight was refused: ${why}.`),
  privateNetworkNotAllowed: reason("private-network-not-allowed", "Private network access is not allowed."),
});
