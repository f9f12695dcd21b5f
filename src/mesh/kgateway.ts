/**
 * kgateway's `TrafficPolicy` and Gloo Gateway's `GlooTrafficPolicy`: their `spec.cors` block is Gateway
 * API's `HTTPCORSFilter` (same fields, same validation) plus `disable: {}`, which turns off a CORS policy
 * attached at a less specific level. kgateway writes it as Envoy's CORS policy without
 * `forward_not_matching_preflights`, whose default is true: a preflight from an origin the policy does not
 * allow is forwarded to the backend. corsgate says that with `unmatchedPreflights: "forward"`.
 * Sources: kgateway's `api/v1alpha1/kgateway/traffic_policy_types.go` (`CorsPolicy`), its CORS builder
 * (`BuildCorsPolicy`) and the kgateway.dev CORS and TrafficPolicy guides.
 */
import type { CorsPolicyConfig } from "../core/config.js";
import type { CorsPolicy } from "../core/types.js";
import { conversionWarnings } from "./conversion-warnings.js";
import type { MeshExportOptions } from "./conversion-warnings.js";
import { fromGatewayApiCors, toGatewayApiCors } from "./gateway-api.js";
import type { GatewayApiCorsFilter } from "./gateway-api.js";
import type { MeshImportOptions } from "./istio.js";
import { IssueList, isRecord, joinPath, show } from "./issues.js";
import { normalizedConfigOf } from "./policy-input.js";

/** The `spec.cors` block of a kgateway `TrafficPolicy` or a Gloo Gateway `GlooTrafficPolicy`. */
export interface KgatewayCorsPolicy extends GatewayApiCorsFilter {
  /** `{}` turns CORS off for what the policy targets, overriding a policy attached at a less specific level. */
  disable?: Record<string, never>;
}

/** The API group of each kind that carries a kgateway-style `spec.cors`. */
export const KGATEWAY_POLICY_GROUPS: Readonly<Record<string, string>> = {
  TrafficPolicy: "gateway.kgateway.dev",
  GlooTrafficPolicy: "gloo.solo.io",
};

/** A kgateway CORS block as read: a policy, or the `disable` marker. */
export type KgatewayCorsRead = { readonly disabled: false; readonly config: CorsPolicyConfig } | { readonly disabled: true };

/** Reads a `spec.cors` block; throws one `CorsConfigError` listing every problem. */
export function readKgatewayCors(cors: unknown, options: MeshImportOptions = {}): KgatewayCorsRead {
  const base = options.path ?? "";
  if (isRecord(cors) && cors["disable"] !== undefined) {
    const issues = new IssueList();
    if (!isRecord(cors["disable"]) || Object.keys(cors["disable"]).length > 0) {
      issues.error("type-invalid", joinPath(base, "disable"), `disable is an empty mapping ({}), not ${show(cors["disable"])}`, "write disable: {}");
    }
    for (const key of Object.keys(cors)) {
      if (key !== "disable") issues.warn("field-ignored", joinPath(base, key), "kgateway ignores the rest of the CORS block when disable is set");
    }
    issues.finish(options.onWarning);
    return { disabled: true };
  }
  const config = fromGatewayApiCors(cors, options);
  // Envoy's forward_not_matching_preflights defaults to true and kgateway does not set it.
  return { disabled: false, config: { ...config, unmatchedPreflights: "forward" } };
}

/**
 * Reads the `spec.cors` block of a `TrafficPolicy` / `GlooTrafficPolicy` into a corsgate configuration,
 * with `unmatchedPreflights: "forward"` (kgateway forwards preflights from origins it does not allow).
 * Returns `undefined` for `disable: {}` (no CORS). Throws one `CorsConfigError` listing every problem.
 */
export function fromKgatewayCors(cors: unknown, options: MeshImportOptions = {}): CorsPolicyConfig | undefined {
  const read = readKgatewayCors(cors, options);
  return read.disabled ? undefined : read.config;
}

/**
 * Writes a corsgate policy as a `TrafficPolicy` / `GlooTrafficPolicy` `spec.cors` block. Refuses what
 * Gateway API's filter cannot hold (the same `not-expressible` issues as `toGatewayApiCors`), and reports
 * `unmatchedPreflights: "reject"` to `options.onWarning` (`conversion-lossy`): kgateway forwards those preflights.
 */
export function toKgatewayCors(policy: CorsPolicy | CorsPolicyConfig, options: MeshExportOptions = {}): KgatewayCorsPolicy {
  const config = normalizedConfigOf(policy);
  const filter = toGatewayApiCors(policy);
  for (const warning of conversionWarnings(config, "kgateway", options.path)) options.onWarning?.(warning);
  return filter;
}
