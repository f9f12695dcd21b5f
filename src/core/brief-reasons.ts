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
 * The reasons of a policy loaded by `corsgate/precompiled`: the same codes and the same facts (what was
 * refused, what the policy allows) as the detailed writer, without its near-miss and letter-case hints, whose
 * code would more than double that entry's size.
 */
export const BRIEF_REASONS: ReasonWriter = Object.freeze<ReasonWriter>({
  originNotAllowed: (_compiled, origin) => reason("origin-not-allowed", `The origin ${quoteRequestValue(origin)} is not allowed by the policy.`),
  originInvalid: (_compiled, origin) =>
    reason(
      "origin-invalid",
      typeof origin === "string"
        ? `The Origin header ${quoteRequestValue(origin)} is not one serialized origin (scheme://host[:port]).`
        : "The Origin header was sent more than once (or not as text), so it cannot be trusted.",
    ),
  methodNotAllowed: (compiled, method) =>
    reason(
      "method-not-allowed",
      `The method ${method === undefined ? "asked for" : quoteRequestValue(method)} is not allowed: the policy allows ${compiled.allowMethodsList.join(", ") || "no methods"} (GET, HEAD and POST never need a preflight).`,
    ),
  headersNotAllowed: (compiled, refused) =>
    reason(
      "headers-not-allowed",
      `Request headers not allowed: ${refused.map(shortName).join(", ")}; the policy allows ${compiled.allowHeadersList.join(", ") || "none beyond the CORS-safelisted ones"}.`,
    ),
  requestHeadersInvalid: (why) => reason("request-headers-invalid", `The preflight was refused: ${why}.`),
  privateNetworkNotAllowed: reason(
    "private-network-not-allowed",
    "The preflight asks for private network access, which the policy does not allow.",
  ),
});
