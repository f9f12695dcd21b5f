/**
 * The effective CORS policy of every HTTPRoute rule in a set of manifests, by policy attachment.
 * A rule's own Gateway API `CORS` filter wins; then, most specific first, a kgateway / Gloo policy named by
 * the rule's `ExtensionRef` filter, a policy whose `targetRefs` names the rule (`sectionName`), one that
 * names the HTTPRoute, one that names the route's Gateway listener, and one that names the Gateway.
 * Within one level the oldest policy (`metadata.creationTimestamp`, then the order given) wins, as kgateway
 * documents; the others are reported. A kgateway `cors.disable: {}` at a more specific level turns CORS off.
 * Sources: the kgateway.dev TrafficPolicy guide ("Policy priority and merging rules"), the kgateway and
 * agentgateway CORS guides, and agentgateway's `Traffic` field documentation (Gateway < Listener < Route < Route Rule).
 */
import type { CorsPolicyConfig } from "../core/config.js";
import type { ConfigIssue } from "../core/errors.js";
import { isCorsConfigError } from "../core/errors.js";
import { AGENTGATEWAY_POLICY_GROUPS, fromAgentgatewayCors } from "./agentgateway.js";
import { fromHTTPRoute } from "./http-route.js";
import type { MeshImportOptions } from "./istio.js";
import { IssueList, isRecord, joinPath, show } from "./issues.js";
import { KGATEWAY_POLICY_GROUPS, readKgatewayCors } from "./kgateway.js";
import type { Route } from "./routes.js";

const GATEWAY_GROUP = "gateway.networking.k8s.io";

/** How a policy reached a route rule, most specific first. */
export type AttachmentLevel = "rule-filter" | "extension-ref" | "route-rule" | "route" | "listener" | "gateway";

const LEVELS: readonly AttachmentLevel[] = ["extension-ref", "route-rule", "route", "listener", "gateway"];

/** Where a route rule's effective CORS policy came from. */
export interface PolicyOrigin {
  /** `TrafficPolicy httpbin/cors`, or `HTTPRoute httpbin/api` for the rule's own CORS filter. */
  readonly resource: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly attachment: AttachmentLevel;
  /** Path of the CORS block in that resource (`spec.cors`, `spec.traffic.cors`, `spec.rules[0].filters[1].cors`). */
  readonly path: string;
  /** True when the winning policy is kgateway's `disable: {}`: the rule has no CORS. */
  readonly disabled?: boolean;
}

/** A route of the table, with where its policy came from (absent: no CORS reached the rule). */
export interface AttachedRoute extends Route {
  readonly policyFrom?: PolicyOrigin;
}

interface Resource {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly labels: Readonly<Record<string, string>>;
  readonly label: string;
  readonly order: number;
  readonly created: string;
  readonly value: Record<string, unknown>;
}

interface Target {
  readonly kind: string;
  readonly name?: string;
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly sectionName?: string;
  readonly path: string;
}

interface AttachedPolicy {
  readonly resource: Resource;
  /** Path of the CORS block in the resource. */
  readonly path: string;
  readonly config: CorsPolicyConfig | undefined;
  readonly disabled: boolean;
  readonly targets: readonly Target[];
  readonly extensionReferable: boolean;
  used: boolean;
}

interface Candidate {
  readonly policy: AttachedPolicy;
  readonly level: AttachmentLevel;
  readonly note?: string;
}

/** The kinds this module reads, by kind: the API group their `apiVersion` must start with. */
const READ_KINDS: Readonly<Record<string, string>> = {
  Gateway: GATEWAY_GROUP,
  HTTPRoute: GATEWAY_GROUP,
  ...KGATEWAY_POLICY_GROUPS,
  ...AGENTGATEWAY_POLICY_GROUPS,
};

/** True for a manifest this module reads (Gateway, HTTPRoute, or a policy kind with CORS). */
export function isAttachmentManifest(value: unknown): boolean {
  if (!isRecord(value) || typeof value["kind"] !== "string" || typeof value["apiVersion"] !== "string") return false;
  const group = READ_KINDS[value["kind"]];
  return group !== undefined && value["apiVersion"].startsWith(`${group}/`);
}

/** True for a kgateway / Gloo / agentgateway policy kind. */
export function isPolicyManifest(value: unknown): boolean {
  return isAttachmentManifest(value) && isRecord(value) && value["kind"] !== "Gateway" && value["kind"] !== "HTTPRoute";
}

/** The items of `kind: List` documents (as `kubectl get -o yaml` prints), in order; other values as they are. */
export function flattenLists(manifests: readonly unknown[]): unknown[] {
  return manifests.flatMap((manifest) =>
    isRecord(manifest) && typeof manifest["kind"] === "string" && manifest["kind"].endsWith("List") && Array.isArray(manifest["items"])
      ? flattenLists(manifest["items"])
      : [manifest],
  );
}

function metadataOf(value: Record<string, unknown>): Record<string, unknown> {
  return isRecord(value["metadata"]) ? value["metadata"] : {};
}

function toResource(value: Record<string, unknown>, order: number): Resource {
  const metadata = metadataOf(value);
  const kind = String(value["kind"]);
  const name = typeof metadata["name"] === "string" ? metadata["name"] : `(unnamed ${kind} ${order + 1})`;
  const namespace = typeof metadata["namespace"] === "string" ? metadata["namespace"] : undefined;
  const labels: Record<string, string> = {};
  if (isRecord(metadata["labels"])) for (const [key, label] of Object.entries(metadata["labels"])) if (typeof label === "string") labels[key] = label;
  const created = typeof metadata["creationTimestamp"] === "string" ? metadata["creationTimestamp"] : "\uffff";
  return { kind, name, namespace, labels, label: `${kind} ${namespace === undefined ? "" : `${namespace}/`}${name}`, order, created, value };
}

/** Namespaces match when equal, or when either manifest leaves it out (both then land in the one kubectl applies to). */
function sameNamespace(left: string | undefined, right: string | undefined): boolean {
  return left === undefined || right === undefined || left === right;
}

function readTargets(spec: Record<string, unknown>, base: string, issues: IssueList): Target[] {
  const targets: Target[] = [];
  for (const field of ["targetRefs", "targetSelectors"] as const) {
    const list = spec[field];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      issues.error("type-invalid", joinPath(base, field), `expected a list, not ${show(list)}`);
      continue;
    }
    list.forEach((entry: unknown, index) => {
      const path = joinPath(base, `${field}[${index}]`);
      if (!isRecord(entry) || typeof entry["kind"] !== "string") {
        issues.error("type-invalid", path, "a target needs a kind (Gateway or HTTPRoute)");
        return;
      }
      const group = entry["group"] ?? GATEWAY_GROUP;
      const kind = entry["kind"];
      if (group !== GATEWAY_GROUP || (kind !== "Gateway" && kind !== "HTTPRoute")) {
        issues.warn("field-ignored", path, `corsgate follows targets of kind Gateway and HTTPRoute only, not ${show(`${String(group)}/${kind}`)}`);
        return;
      }
      const sectionName = typeof entry["sectionName"] === "string" ? entry["sectionName"] : undefined;
      if (field === "targetRefs") {
        if (typeof entry["name"] !== "string") {
          issues.error("type-invalid", joinPath(path, "name"), `a target reference needs a name, not ${show(entry["name"])}`);
          return;
        }
        targets.push({ kind, name: entry["name"], path, ...(sectionName === undefined ? {} : { sectionName }) });
      } else {
        const matchLabels: Record<string, string> = {};
        if (isRecord(entry["matchLabels"])) for (const [key, label] of Object.entries(entry["matchLabels"])) matchLabels[key] = String(label);
        targets.push({ kind, matchLabels, path, ...(sectionName === undefined ? {} : { sectionName }) });
      }
    });
  }
  return targets;
}

function readPolicy(resource: Resource, issues: IssueList): AttachedPolicy | undefined {
  const spec = isRecord(resource.value["spec"]) ? resource.value["spec"] : {};
  const isKgateway = resource.kind in KGATEWAY_POLICY_GROUPS;
  const traffic = isRecord(spec["traffic"]) ? spec["traffic"] : undefined;
  const cors = isKgateway ? spec["cors"] : traffic?.["cors"];
  if (cors === undefined) return undefined; // a policy for something else (rate limits, auth)
  const path = isKgateway ? "spec.cors" : "spec.traffic.cors";
  const prefix = `${resource.label} ${path}`;
  const onWarning = (warning: ConfigIssue): void => void issues.warnings.push(warning);
  let config: CorsPolicyConfig | undefined;
  let disabled = false;
  try {
    if (isKgateway) {
      const read = readKgatewayCors(cors, { path: prefix, onWarning });
      if (read.disabled) disabled = true;
      else config = read.config;
    } else {
      config = fromAgentgatewayCors(cors, { path: prefix, onWarning });
    }
  } catch (error) {
    if (!isCorsConfigError(error)) throw error;
    issues.adopt(error.issues, "");
  }
  return { resource, path, config, disabled, targets: readTargets(spec, `${resource.label} spec`, issues), extensionReferable: isKgateway, used: false };
}

interface ParentRef {
  readonly name: string;
  readonly namespace: string | undefined;
  readonly sectionName?: string;
}

function parentRefsOf(route: Resource): ParentRef[] {
  const spec = isRecord(route.value["spec"]) ? route.value["spec"] : {};
  const refs = Array.isArray(spec["parentRefs"]) ? spec["parentRefs"] : [];
  return refs.flatMap((ref: unknown) => {
    if (!isRecord(ref) || typeof ref["name"] !== "string") return [];
    if ((ref["kind"] ?? "Gateway") !== "Gateway" || (ref["group"] ?? GATEWAY_GROUP) !== GATEWAY_GROUP) return [];
    const namespace = typeof ref["namespace"] === "string" ? ref["namespace"] : route.namespace;
    const sectionName = typeof ref["sectionName"] === "string" ? ref["sectionName"] : undefined;
    return [{ name: ref["name"], namespace, ...(sectionName === undefined ? {} : { sectionName }) }];
  });
}

function labelsMatch(wanted: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(wanted).every(([key, value]) => labels[key] === value);
}

/** True when `target` of `policy` names the resource `kind` / `name` / `labels` in the same namespace. */
function targets(policy: AttachedPolicy, target: Target, kind: string, name: string, namespace: string | undefined, labels: Readonly<Record<string, string>> | undefined): boolean {
  if (target.kind !== kind || !sameNamespace(policy.resource.namespace, namespace)) return false;
  if (target.name !== undefined) return target.name === name;
  return labels !== undefined && target.matchLabels !== undefined && labelsMatch(target.matchLabels, labels);
}

function ruleFilters(rule: Record<string, unknown>): Record<string, unknown>[] {
  return Array.isArray(rule["filters"]) ? rule["filters"].filter(isRecord) : [];
}

/** The policies that reach one rule, by level. */
function candidatesFor(
  route: Resource,
  rule: Record<string, unknown>,
  policies: readonly AttachedPolicy[],
  gateways: readonly Resource[],
): Candidate[] {
  const candidates: Candidate[] = [];
  const ruleName = typeof rule["name"] === "string" ? rule["name"] : undefined;
  for (const filter of ruleFilters(rule)) {
    const reference = filter["extensionRef"];
    if (filter["type"] !== "ExtensionRef" || !isRecord(reference)) continue;
    for (const policy of policies) {
      const group = KGATEWAY_POLICY_GROUPS[policy.resource.kind];
      if (policy.extensionReferable && reference["kind"] === policy.resource.kind && reference["group"] === group && reference["name"] === policy.resource.name && sameNamespace(policy.resource.namespace, route.namespace)) {
        candidates.push({ policy, level: "extension-ref" });
      }
    }
  }
  const parents = parentRefsOf(route);
  for (const policy of policies) {
    for (const target of policy.targets) {
      if (targets(policy, target, "HTTPRoute", route.name, route.namespace, route.labels)) {
        if (target.sectionName === undefined) candidates.push({ policy, level: "route" });
        else if (target.sectionName === ruleName) candidates.push({ policy, level: "route-rule" });
      }
      for (const parent of parents) {
        const gateway = gateways.find((candidate) => candidate.name === parent.name && sameNamespace(candidate.namespace, parent.namespace));
        if (!targets(policy, target, "Gateway", parent.name, parent.namespace, gateway?.labels)) continue;
        if (target.sectionName === undefined) candidates.push({ policy, level: "gateway" });
        else if (parent.sectionName === target.sectionName) candidates.push({ policy, level: "listener" });
        else if (parent.sectionName === undefined) {
          candidates.push({ policy, level: "listener", note: `applies only to requests arriving on listener ${target.sectionName}; the route attaches to every listener of Gateway ${parent.name}` });
        }
      }
    }
  }
  return candidates;
}

function originOf(policy: AttachedPolicy, level: AttachmentLevel): PolicyOrigin {
  const { kind, name, namespace, label } = policy.resource;
  return { resource: label, kind, name, ...(namespace === undefined ? {} : { namespace }), attachment: level, path: policy.path, ...(policy.disabled ? { disabled: true } : {}) };
}

/**
 * Reads Gateways, HTTPRoutes and CORS policies (kgateway `TrafficPolicy`, Gloo Gateway `GlooTrafficPolicy`,
 * agentgateway `AgentgatewayPolicy`, `EnterpriseAgentgatewayPolicy`; `kind: List` documents are opened) and
 * returns the route table of the HTTPRoutes, in Gateway API's precedence order (see `fromHTTPRoute`), each
 * route carrying its rule's effective policy and `policyFrom`, where that came from. Other kinds are skipped.
 * Throws one `CorsConfigError` listing every problem; warnings (a policy that loses to an older one at the
 * same level, a target that is not in the set) go to `options.onWarning`.
 */
export function effectiveRoutePolicies(manifests: readonly unknown[], options: MeshImportOptions = {}): AttachedRoute[] {
  const issues = new IssueList();
  const resources = flattenLists(manifests)
    .filter(isAttachmentManifest)
    .map((value, order) => toResource(value as Record<string, unknown>, order));
  const gateways = resources.filter((resource) => resource.kind === "Gateway");
  const routes = resources.filter((resource) => resource.kind === "HTTPRoute");
  const policies = resources
    .filter((resource) => resource.kind !== "Gateway" && resource.kind !== "HTTPRoute")
    .flatMap((resource) => readPolicy(resource, issues) ?? [])
    .sort((left, right) => (left.resource.created < right.resource.created ? -1 : left.resource.created > right.resource.created ? 1 : left.resource.order - right.resource.order));

  // The effective attached policy of every rule, by route and rule index.
  const attached = new Map<string, { policy: AttachedPolicy; level: AttachmentLevel }>();
  const nativeFilters = new Map<string, string>();
  routes.forEach((route, routeIndex) => {
    const spec = isRecord(route.value["spec"]) ? route.value["spec"] : {};
    const rules = Array.isArray(spec["rules"]) ? spec["rules"] : [{}];
    rules.forEach((rule: unknown, ruleIndex) => {
      if (!isRecord(rule)) return;
      const key = `${routeIndex}/${ruleIndex}`;
      const native = ruleFilters(rule).findIndex((filter) => filter["type"] === "CORS");
      if (native >= 0) nativeFilters.set(key, `spec.rules[${ruleIndex}].filters[${native}].cors`);
      const candidates = candidatesFor(route, rule, policies, gateways);
      for (const candidate of candidates) candidate.policy.used = true;
      const level = LEVELS.find((one) => candidates.some((candidate) => candidate.level === one));
      if (level === undefined) return;
      const atLevel = candidates.filter((candidate) => candidate.level === level);
      const winner = atLevel[0] as Candidate;
      const where = `${route.label} spec.rules[${ruleIndex}]`;
      if (native >= 0) {
        issues.warn("policy-conflict", joinPath(where, `filters[${native}]`), `the rule's own CORS filter takes precedence over ${winner.policy.resource.label} (${level})`);
        return;
      }
      const losers = [...new Set(atLevel.slice(1).map((candidate) => candidate.policy.resource.label))].filter((label) => label !== winner.policy.resource.label);
      for (const loser of losers) {
        issues.warn("policy-conflict", where, `${loser} is ignored here: ${winner.policy.resource.label} also sets CORS at the same level (${level}) and is older`, "attach one CORS policy per level");
      }
      if (winner.note !== undefined) issues.warn("field-ignored", where, `${winner.policy.resource.label} ${winner.note}`, "corsgate applies it to the whole route");
      attached.set(key, { policy: winner.policy, level });
    });
  });
  for (const policy of policies) {
    if (policy.used) continue;
    const where = `${policy.resource.label} spec`;
    if (policy.targets.length === 0) {
      issues.warn("field-ignored", where, policy.extensionReferable ? "the policy has no targetRefs and no HTTPRoute rule names it in an ExtensionRef filter: it applies nowhere" : "the policy has no targetRefs: it applies nowhere");
    } else {
      issues.warn("field-ignored", where, "none of the policy's targets is an HTTPRoute in these manifests, or a Gateway one of them attaches to: it applies to no route here", "add the HTTPRoutes it attaches to");
    }
  }

  const labels = routes.map((route) => route.label);
  const relabel = (path: string): string => path.replace(/^\[(\d+)\]\.?/, (_whole, index: string) => `${labels[Number(index)] ?? `[${index}]`} `);
  let table: Route[] = [];
  try {
    table = fromHTTPRoute(routes.map((route) => route.value), { onWarning: (warning) => void issues.warnings.push({ ...warning, path: relabel(warning.path) }) });
  } catch (error) {
    if (!isCorsConfigError(error)) throw error;
    for (const issue of error.issues) issues.errors.push({ ...issue, path: relabel(issue.path) });
  }
  const base = options.path ?? "";
  const result = table.map((route): AttachedRoute => {
    const position = /^\[(\d+)\](?:\.spec)?\.rules\[(\d+)\]/.exec(route.source ?? "");
    const routeIndex = Number(position?.[1] ?? "-1");
    const key = `${routeIndex}/${position?.[2] ?? "-1"}`;
    const resource = routes[routeIndex];
    const relabeled: Route = {
      ...route,
      ...(route.source === undefined ? {} : { source: joinPath(base, relabel(route.source)) }),
      ...(route.policySource === undefined ? {} : { policySource: joinPath(base, relabel(route.policySource)) }),
    };
    const native = nativeFilters.get(key);
    if (native !== undefined && resource !== undefined) {
      const { kind, name, namespace, label } = resource;
      return { ...relabeled, policyFrom: { resource: label, kind, name, ...(namespace === undefined ? {} : { namespace }), attachment: "rule-filter", path: native } };
    }
    const found = attached.get(key);
    if (found === undefined) return relabeled;
    const { policy: _none, policySource: _noSource, ...rest } = relabeled;
    const policyFrom = originOf(found.policy, found.level);
    const policySource = joinPath(base, `${found.policy.resource.label} ${found.policy.path}`);
    if (found.policy.config === undefined || found.policy.config.allowOrigins.length === 0) {
      if (found.policy.config !== undefined) issues.warn("field-ignored", joinPath(policySource, "allowOrigins"), "the CORS policy allows no origin: requests on this rule get no CORS headers");
      return { ...rest, policySource, policyFrom };
    }
    return { ...rest, policy: found.policy.config, policySource, policyFrom };
  });
  issues.finish(options.onWarning);
  return result;
}
