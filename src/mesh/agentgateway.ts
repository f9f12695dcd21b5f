/**
 * agentgateway's `AgentgatewayPolicy` (`agentgateway.dev/v1alpha1`) and Solo's
 * `EnterpriseAgentgatewayPolicy` (`enterpriseagentgateway.solo.io/v1alpha1`): `spec.traffic.cors` is
 * Gateway API's `HTTPCORSFilter` inlined. agentgateway answers a preflight from an origin it does not allow
 * itself (200, no CORS header), so corsgate reads it with `unmatchedPreflights: "reject"`.
 * Sources: agentgateway's `controller/api/v1alpha1/agentgateway/agentgateway_policy_types.go` (`Traffic.Cors`,
 * `CORS`), its CRD, its data plane `crates/agentgateway/src/http/cors.rs`, and the agentgateway CORS guide.
 */
import type { CorsPolicyConfig } from "../core/config.js";
import type { CorsPolicy } from "../core/types.js";
import { conversionWarnings } from "./conversion-warnings.js";
import type { MeshExportOptions } from "./conversion-warnings.js";
import { fromGatewayApiCors, toGatewayApiCors } from "./gateway-api.js";
import type { GatewayApiCorsFilter } from "./gateway-api.js";
import type { MeshImportOptions } from "./istio.js";
import { normalizedConfigOf } from "./policy-input.js";

/** The `spec.traffic.cors` block of an `AgentgatewayPolicy` / `EnterpriseAgentgatewayPolicy`. */
export type AgentgatewayCorsPolicy = GatewayApiCorsFilter;

/** The API group of each kind that carries `spec.traffic.cors`. */
export const AGENTGATEWAY_POLICY_GROUPS: Readonly<Record<string, string>> = {
  AgentgatewayPolicy: "agentgateway.dev",
  EnterpriseAgentgatewayPolicy: "enterpriseagentgateway.solo.io",
};

/**
 * Reads `spec.traffic.cors` into a corsgate configuration (`unmatchedPreflights: "reject"`).
 * Throws one `CorsConfigError` listing every problem.
 */
export function fromAgentgatewayCors(cors: unknown, options: MeshImportOptions = {}): CorsPolicyConfig {
  return { ...fromGatewayApiCors(cors, options), unmatchedPreflights: "reject" };
}

/**
 * Writes a corsgate policy as `spec.traffic.cors`. Refuses what Gateway API's filter cannot hold, and
 * reports `unmatchedPreflights: "forward"` to `options.onWarning` (`conversion-lossy`).
 */
export function toAgentgatewayCors(policy: CorsPolicy | CorsPolicyConfig, options: MeshExportOptions = {}): AgentgatewayCorsPolicy {
  const config = normalizedConfigOf(policy);
  const filter = toGatewayApiCors(policy);
  for (const warning of conversionWarnings(config, "agentgateway", options.path)) options.onWarning?.(warning);
  return filter;
}
