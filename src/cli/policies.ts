/** Turns a loaded file into the lookup `check` runs: one compiled policy, or a compiled route table. */
import { createPolicy } from "../core/compile.js";
import type { CorsPolicy } from "../core/types.js";
import { routePolicies } from "../mesh/routes.js";
import type { PolicyLookup } from "./browser.js";
import type { Loaded } from "./load.js";
import { describeOrigin, originOf } from "./attachment-report.js";

export interface CompiledFile {
  readonly lookup: PolicyLookup;
  /** Where a policy sits in the file (`spec.http[0].corsPolicy`), to put in front of its warnings' paths. */
  sourceOf(policy: CorsPolicy): string;
}

/** Compiles the file's policies; throws `CorsConfigError` listing every problem. */
export function compileLookup(loaded: Loaded): CompiledFile {
  if (loaded.shape === "policy") {
    const policy = createPolicy(loaded.config);
    return { lookup: () => ({ policy }), sourceOf: () => loaded.source ?? "" };
  }
  const resolver = routePolicies(loaded.routes);
  const sources = new Map<CorsPolicy, string>();
  for (const route of resolver.routes) {
    if (route.policy !== undefined) sources.set(route.policy, loaded.routes[route.index]?.policySource ?? `routes[${route.index}].policy`);
  }
  return {
    lookup: (request) => {
      const route = resolver.route(request);
      if (route === undefined) return { policy: undefined };
      const name = route.name ?? `routes[${route.index}]`;
      const origin = originOf(loaded.routes[route.index]);
      return { policy: route.policy, route: origin === undefined ? name : `${name}; CORS: ${describeOrigin(origin)}` };
    },
    sourceOf: (policy) => sources.get(policy) ?? "",
  };
}
