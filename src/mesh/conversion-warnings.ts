/**
 * Honest conversions: what changes when a corsgate policy is written in another format. A target that
 * cannot hold a field at all refuses it (`not-expressible`, in the exporters); a target that holds the
 * policy but would behave differently for some request gets a warning here, naming the field and the
 * difference. The audit, field by field, is the table in docs/mesh.md; only `unmatchedPreflights`
 * changes what a browser or the application sees, because each gateway has one fixed behaviour for a
 * preflight from an origin it does not allow.
 */
import type { NormalizedCorsPolicyConfig } from "../core/config.js";
import type { ConfigIssue } from "../core/errors.js";
import { joinPath } from "./issues.js";

/** Options of the exporters. */
export interface MeshExportOptions {
  /** Receives a warning for every field the target holds but would behave differently with (code `conversion-lossy`). */
  readonly onWarning?: (issue: ConfigIssue) => void;
  /** Put in front of the warnings' paths (`routes[2].policy`). */
  readonly path?: string;
}

/** The formats `corsgate convert` writes. */
export type ConversionTarget = "corsgate" | "istio" | "gateway-api" | "kgateway" | "agentgateway";

/** What each target does with a preflight from an origin the policy does not allow; undefined: configurable. */
const FIXED_UNMATCHED_PREFLIGHTS: Readonly<Record<ConversionTarget, "reject" | "forward" | undefined>> = {
  corsgate: undefined,
  istio: undefined,
  // Gateway API leaves it to the implementation; the filter has no field, and corsgate reads it as answered.
  "gateway-api": "reject",
  // kgateway writes Envoy's CORS policy without forward_not_matching_preflights, whose default is to forward.
  kgateway: "forward",
  // agentgateway answers such a preflight itself, with 200 and no CORS header.
  agentgateway: "reject",
};

const TARGET_NAMES: Readonly<Record<ConversionTarget, string>> = {
  corsgate: "corsgate",
  istio: "Istio",
  "gateway-api": "Gateway API",
  kgateway: "kgateway / Gloo Gateway",
  agentgateway: "agentgateway",
};

/**
 * The warnings of writing `config` as `target`: one per field whose behaviour changes, with `path` in
 * front of the field (`spec.http[0].corsPolicy`), code `conversion-lossy`, and a hint saying how to keep
 * the behaviour. An empty list means the target behaves as corsgate does for every request.
 */
export function conversionWarnings(config: NormalizedCorsPolicyConfig, target: ConversionTarget, path = ""): ConfigIssue[] {
  const warnings: ConfigIssue[] = [];
  const fixed = FIXED_UNMATCHED_PREFLIGHTS[target];
  const name = TARGET_NAMES[target];
  if (fixed !== undefined && fixed !== config.unmatchedPreflights) {
    warnings.push(
      fixed === "reject"
        ? {
            code: "conversion-lossy",
            path: joinPath(path, "unmatchedPreflights"),
            message: `forward: preflights from origins the policy does not allow reach the application; ${name} has no such setting and answers them itself, without CORS headers`,
            hint: "if the application answers those preflights, keep the policy in Istio or corsgate; otherwise set unmatchedPreflights: reject (Istio: IGNORE) before converting",
          }
        : {
            code: "conversion-lossy",
            path: joinPath(path, "unmatchedPreflights"),
            message: `reject: preflights from origins the policy does not allow are answered without CORS headers; ${name} forwards them to the backend (Envoy's default; the policy has no setting for it)`,
            hint: "make sure the backend does not answer preflights with CORS headers of its own, or keep the policy in Istio (unmatchedPreflights: IGNORE) or corsgate",
          },
    );
  }
  return warnings;
}
