// The editor's Istio form: a VirtualService route's `corsPolicy`, read and written by corsgate/mesh.
import { stringify } from "yaml";
import { isCorsConfigError } from "../../src/index.js";
import type { ConfigIssue } from "../../src/index.js";
import { fromIstioCorsPolicy, toIstioCorsPolicy } from "../../src/mesh/index.js";
import type { PolicyFormat } from "./policy-yaml.js";

const header = `# An Istio VirtualService route's corsPolicy (spec.http[].corsPolicy), read by corsgate/mesh.
# Without unmatchedPreflights, Istio forwards preflights from unmatched origins to the application (FORWARD).
`;

function isCorsPolicyWrapper(value: unknown): value is { corsPolicy: unknown } {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 1 && "corsPolicy" in value;
}

export const istioFormat: PolicyFormat = {
  label: "Istio corsPolicy",
  read(value) {
    const warnings: ConfigIssue[] = [];
    // Pasted straight from a VirtualService, the object may still sit under its `corsPolicy:` key.
    const wrapped = isCorsPolicyWrapper(value);
    const config = fromIstioCorsPolicy(wrapped ? value.corsPolicy : value, {
      ...(wrapped ? { path: "corsPolicy" } : {}),
      onWarning: (issue) => warnings.push(issue),
    });
    return { config, warnings };
  },
  write(policy) {
    try {
      return header + stringify(toIstioCorsPolicy(policy));
    } catch (error) {
      // A policy Istio cannot hold (allowPrivateNetwork, a regex RE2 lacks) stays in corsgate form.
      if (isCorsConfigError(error)) return undefined;
      throw error;
    }
  },
};
