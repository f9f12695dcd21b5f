/** Which resource each route's effective CORS policy came from, for `lint`, `check` and `convert`. */
import type { AttachedRoute, AttachmentLevel, PolicyOrigin } from "../mesh/attachment.js";
import type { Route } from "../mesh/routes.js";
import type { Loaded } from "./load.js";
import { table } from "./output.js";

const ATTACHMENTS: Readonly<Record<AttachmentLevel, string>> = {
  "rule-filter": "the rule's own CORS filter",
  "extension-ref": "attached by the rule's ExtensionRef filter",
  "route-rule": "attached to this rule (targetRefs sectionName)",
  route: "attached to the HTTPRoute (targetRefs)",
  listener: "attached to the Gateway listener (targetRefs sectionName)",
  gateway: "attached to the Gateway (targetRefs)",
};

/** One line: `TrafficPolicy web/cors spec.cors, attached to the HTTPRoute (targetRefs)`. */
export function describeOrigin(origin: PolicyOrigin): string {
  const what = `${origin.resource} ${origin.path}, ${ATTACHMENTS[origin.attachment]}`;
  return origin.disabled === true ? `no CORS: turned off by ${what}` : what;
}

/** The route's origin, when the loader computed one (files with kgateway or agentgateway policies). */
export function originOf(route: Route | undefined): PolicyOrigin | undefined {
  return (route as AttachedRoute | undefined)?.policyFrom;
}

export interface RouteSource {
  readonly route: string;
  readonly source: string;
  /** Where the effective policy came from; null: no CORS reaches the route. */
  readonly policyFrom: PolicyOrigin | null;
}

/** Per route, where its policy came from; undefined for files without policy attachment. */
export function routeSources(loaded: Loaded): RouteSource[] | undefined {
  if (loaded.shape !== "routes" || !loaded.routes.some((route) => originOf(route) !== undefined)) return undefined;
  return loaded.routes.map((route, index) => ({
    route: route.name ?? `routes[${index}]`,
    source: route.source ?? `routes[${index}]`,
    policyFrom: originOf(route) ?? null,
  }));
}

/** The table `lint` prints under "Effective CORS policy per route". */
export function routeSourceLines(sources: readonly RouteSource[]): string[] {
  return table(sources.map((entry) => [entry.route, entry.policyFrom === null ? "no CORS policy reaches this rule" : describeOrigin(entry.policyFrom)]));
}
