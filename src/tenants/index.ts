/**
 * `corsgate/tenants`: per-tenant CORS policies loaded from a store, cached, refreshed and failing closed.
 * Runs on every runtime (no Node API); every adapter takes the resolver it returns.
 */
export { tenantPolicies } from "./tenant-policies.js";
export type {
  TenantPoliciesOptions,
  TenantPolicyFailure,
  TenantFailureCode,
  TenantPolicyResolver,
  TenantPolicyValue,
} from "./tenant-policies.js";
export { denyAllPolicy } from "./deny-all.js";
