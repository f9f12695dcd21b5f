import {
  ALLOW_CREDENTIALS,
  ALLOW_HEADERS,
  ALLOW_METHODS,
  ALLOW_ORIGIN,
  ALLOW_PRIVATE_NETWORK,
  EXPOSE_HEADERS,
  MAX_AGE,
} from "../../core/header-names.js";

/**
 * The CORS response headers an adapter owns in enforce mode (SPEC §7): on a `continue` response, each one the
 * handler set that the decision does not carry is removed, so a handler's `Access-Control-Allow-Origin: *`
 * cannot grant what the policy refused. One frozen list for every adapter and every request: the adapters walk
 * it and test each name against the decision's own (frozen) header record, which allocates nothing per request.
 */
export const OWNED_RESPONSE_HEADERS: readonly string[] = Object.freeze([
  ALLOW_ORIGIN,
  ALLOW_CREDENTIALS,
  ALLOW_METHODS,
  ALLOW_HEADERS,
  ALLOW_PRIVATE_NETWORK,
  EXPOSE_HEADERS,
  MAX_AGE,
]);
