import type { DenyReason } from "./types.js";
import type { CompiledPolicy, ReasonWriter } from "./compiled.js";
import { findNearMiss } from "./origin/near-miss.js";
import { MAX_ORIGIN_LENGTH } from "./origin/shape.js";
import { quoteRequestValue } from "./quote.js";

function reason(code: DenyReason["code"], message: string, hint: string | undefined): DenyReason {
  return Object.freeze(hint === undefined ? { code, message } : { code, message, hint });
}

function originNotAllowed(compiled: CompiledPolicy, origin: string): DenyReason {
  if (origin === "null") {
    return reason(
      "origin-not-allowed",
      'The origin "null" is never allowed: it is shared by every sandboxed iframe, file: page and redirected request.',
      "serve the page from a real origin and list that origin in allowOrigins",
    );
  }
  return reason(
    "origin-not-allowed",
    `The origin ${quoteRequestValue(origin)} is not allowed by the policy.`,
    findNearMiss(compiled.origins, origin) ?? `if this origin should have access, add ${quoteRequestValue(origin)} to allowOrigins`,
  );
}

function originInvalid(compiled: CompiledPolicy, origin: unknown): DenyReason {
  let why: string;
  if (typeof origin !== "string") why = "The Origin header was sent more than once (or not as text), so it cannot be trusted.";
  else if (origin.length > MAX_ORIGIN_LENGTH) why = `The Origin header is longer than ${MAX_ORIGIN_LENGTH} bytes.`;
  else if (origin.includes(",")) why = `The Origin header ${quoteRequestValue(origin)} holds more than one value.`;
  else why = `The Origin header ${quoteRequestValue(origin)} is not a serialized origin (scheme://host[:port]).`;
  const nearMiss = typeof origin === "string" ? findNearMiss(compiled.origins, origin) : undefined;
  return reason("origin-invalid", why, nearMiss ?? "browsers never send such an Origin; look for a proxy or client that rewrites it");
}

function methodNotAllowed(compiled: CompiledPolicy, method: string | undefined): DenyReason {
  const allowed = compiled.allowMethodsList;
  if (method === undefined) {
    return reason("method-not-allowed", "The preflight's Access-Control-Request-Method is not a valid method.", undefined);
  }
  const sameButCase = allowed.find((candidate) => candidate.toLowerCase() === method.toLowerCase());
  const allowedText = allowed.length === 0
    ? "the policy lists no methods (GET, HEAD and POST never need a preflight)"
    : `the policy allows ${allowed.join(", ")} (GET, HEAD and POST never need a preflight)`;
  return reason(
    "method-not-allowed",
    `The method ${quoteRequestValue(method)} is not allowed: ${allowedText}.`,
    sameButCase !== undefined
      ? `methods are case-sensitive: the policy allows ${quoteRequestValue(sameButCase)}; send that, or add ${quoteRequestValue(method)} to allowMethods`
      : `add ${quoteRequestValue(method)} to allowMethods if it should be allowed`,
  );
}

function headersNotAllowed(compiled: CompiledPolicy, refused: readonly string[]): DenyReason {
  const allowed = compiled.allowHeadersList;
  const plural = refused.length > 1;
  // Names are tokens (no control characters) but may be long: keep log lines short.
  const shown = refused.map((name) => (name.length > 100 ? `${name.slice(0, 100)}…` : name));
  return reason(
    "headers-not-allowed",
    `The request header${plural ? "s" : ""} ${shown.join(", ")} ${plural ? "are" : "is"} not allowed: the policy allows ${allowed.length === 0 ? "no request headers beyond the CORS-safelisted ones" : allowed.join(", ")}.`,
    `add ${shown.map((name) => JSON.stringify(name)).join(", ")} to allowHeaders if ${plural ? "they" : "it"} should be allowed`,
  );
}

function requestHeadersInvalid(why: string): DenyReason {
  return reason("request-headers-invalid", `The preflight was refused: ${why}.`, "browsers never send such a value; look for a client or proxy that builds it");
}

const PRIVATE_NETWORK_NOT_ALLOWED: DenyReason = reason(
  "private-network-not-allowed",
  "The preflight asks for private network access (Access-Control-Request-Private-Network: true), which the policy does not allow.",
  "set allowPrivateNetwork: true if public sites may reach this private-network server",
);

/** The reasons of a policy made by `createPolicy`: near-miss and letter-case hints included. */
export const DETAILED_REASONS: ReasonWriter = Object.freeze({
  originNotAllowed,
  originInvalid,
  methodNotAllowed,
  headersNotAllowed,
  requestHeadersInvalid,
  privateNetworkNotAllowed: PRIVATE_NETWORK_NOT_ALLOWED,
});
