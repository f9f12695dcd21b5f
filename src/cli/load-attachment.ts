/**
 * Files that hold kgateway / Gloo Gateway / agentgateway CORS policies: alone (one policy), or together with
 * the Gateways and HTTPRoutes they attach to (the effective policy of each HTTPRoute rule).
 */
import type { ConfigIssue } from "../core/errors.js";
import { fromAgentgatewayCors } from "../mesh/agentgateway.js";
import { effectiveRoutePolicies, isAttachmentManifest, isPolicyManifest } from "../mesh/attachment.js";
import { isRecord, joinPath } from "../mesh/issues.js";
import { KGATEWAY_POLICY_GROUPS, readKgatewayCors } from "../mesh/kgateway.js";
import type { Loaded } from "./load.js";
import { FileError } from "./load.js";

function corsOf(policy: Record<string, unknown>): { cors: unknown; path: string; kgateway: boolean } {
  const spec = isRecord(policy["spec"]) ? policy["spec"] : {};
  const kgateway = String(policy["kind"]) in KGATEWAY_POLICY_GROUPS;
  if (kgateway) return { cors: spec["cors"], path: "spec.cors", kgateway };
  return { cors: isRecord(spec["traffic"]) ? spec["traffic"]["cors"] : undefined, path: "spec.traffic.cors", kgateway };
}

/**
 * Loads the documents when they hold a kgateway or agentgateway policy with CORS; undefined when they hold
 * none (the other readers then apply). Throws `FileError` for a file mixing these with Istio or bare policies.
 */
export function loadAttachment(documents: readonly unknown[], file: string): Loaded | undefined {
  const policies = documents.filter((document) => isPolicyManifest(document) && corsOf(document as Record<string, unknown>).cors !== undefined);
  if (policies.length === 0) return undefined;
  documents.forEach((document, index) => {
    if (isAttachmentManifest(document)) return;
    const kind = isRecord(document) ? document["kind"] : undefined;
    if (kind === undefined || kind === "VirtualService") {
      throw new FileError(`document ${index + 1} of ${file} is ${kind === undefined ? "a bare policy" : "an Istio VirtualService"}: keep it apart from kgateway and agentgateway manifests`);
    }
  });
  const warnings: ConfigIssue[] = [];
  const onWarning = (issue: ConfigIssue): void => void warnings.push(issue);
  const hasRoutes = documents.some((document) => isRecord(document) && document["kind"] === "HTTPRoute" && isAttachmentManifest(document));
  if (hasRoutes) {
    return { format: "gateway-api", shape: "routes", routes: effectiveRoutePolicies(documents, { onWarning }), warnings };
  }
  if (policies.length > 1) {
    throw new FileError(`${file} holds ${policies.length} CORS policies and no HTTPRoute: add the HTTPRoutes (and Gateways) they attach to, or keep one policy per file`);
  }
  const policy = policies[0] as Record<string, unknown>;
  const { cors, path: field, kgateway } = corsOf(policy);
  const path = documents.length > 1 ? joinPath(`[document ${documents.indexOf(policy) + 1}]`, field) : field;
  if (kgateway) {
    const read = readKgatewayCors(cors, { path, onWarning });
    if (read.disabled) throw new FileError(`${file}: the ${String(policy["kind"])} turns CORS off (${path}.disable) and holds no policy`);
    return { format: "kgateway", shape: "policy", config: read.config, warnings, source: path };
  }
  return { format: "agentgateway", shape: "policy", config: fromAgentgatewayCors(cors, { path, onWarning }), warnings, source: path };
}
