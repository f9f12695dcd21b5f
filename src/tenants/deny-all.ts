import { createPolicy } from "../core/compile.js";
import type { CorsPolicy } from "../core/types.js";

/**
 * The policy that grants nothing: no origin matches it (`[^\s\S]` matches no character), so a preflight is
 * refused (403, no CORS header) and every other response leaves without `Access-Control-*` headers.
 *
 * This is how `tenantPolicies` fails closed. It is a policy, not `undefined`, on purpose: a resolver's
 * `undefined` means "no CORS here, the adapter stays out", which would leave CORS headers the handler set in
 * place; with a policy the adapter stays in charge and removes them (SPEC §7).
 */
export const denyAllPolicy: CorsPolicy = createPolicy({ allowOrigins: [{ regex: "[^\\s\\S]" }] });
