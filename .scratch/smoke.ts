import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import { effectiveRoutePolicies } from "/work/wt/gateways/src/mesh/index.ts";
for (const f of ["kgateway-trafficpolicy", "agentgateway-policy", "precedence-bundle", "kubectl-list", "enterprise-agentgateway-policy"]) {
  const docs = parseAllDocuments(readFileSync(`/work/wt/gateways/test/fixtures/mesh/${f}.yaml`, "utf8")).map((d) => d.toJS());
  const warnings: unknown[] = [];
  const routes = effectiveRoutePolicies(docs, { onWarning: (w) => warnings.push(w) });
  console.log("==", f);
  for (const r of routes) console.log(r.name, "|", r.source, "|", r.policySource, "|", JSON.stringify(r.policy?.allowOrigins), r.policy?.unmatchedPreflights, "|", r.policyFrom?.resource, r.policyFrom?.attachment);
  console.log(warnings);
}
