/**
 * `corsgate convert`: the kgateway and agentgateway targets, and the warnings of a conversion that changes
 * behaviour (printed on stderr, as `# warning:` lines in the YAML, and as `warnings` in `--json`).
 */
import type { ConfigIssue } from "../core/errors.js";
import type { CorsPolicy } from "../core/types.js";
import { toAgentgatewayCors } from "../mesh/agentgateway.js";
import { toKgatewayCors } from "../mesh/kgateway.js";

/** A kgateway `TrafficPolicy` or an `AgentgatewayPolicy` holding the policy; the caller adds the targets. */
export function policyManifest(
  policy: CorsPolicy,
  target: "kgateway" | "agentgateway",
  onWarning: (issue: ConfigIssue) => void,
  /** Where the policy was read from, for the warnings' paths (the written block's path when empty). */
  source = "",
): { value: unknown; note: string } {
  if (target === "kgateway") {
    return {
      value: { apiVersion: "gateway.kgateway.dev/v1alpha1", kind: "TrafficPolicy", metadata: { name: "cors" }, spec: { cors: toKgatewayCors(policy, { onWarning, path: source }) } },
      note: "# A kgateway TrafficPolicy (for Gloo Gateway: apiVersion gloo.solo.io/v1alpha1, kind GlooTrafficPolicy): add spec.targetRefs (a Gateway or an HTTPRoute), or name it in an HTTPRoute rule's ExtensionRef filter.",
    };
  }
  return {
    value: { apiVersion: "agentgateway.dev/v1alpha1", kind: "AgentgatewayPolicy", metadata: { name: "cors" }, spec: { traffic: { cors: toAgentgatewayCors(policy, { onWarning, path: source }) } } },
    note: "# An AgentgatewayPolicy: add spec.targetRefs (a Gateway or an HTTPRoute).",
  };
}

/** `path: message (hint)`, one line. */
export function warningText(issue: ConfigIssue): string {
  return `${issue.path === "" ? "" : `${issue.path}: `}${issue.message}${issue.hint === undefined ? "" : ` (${issue.hint})`}`;
}
