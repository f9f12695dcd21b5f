/** Turns a loaded file into the lookup `check` runs: one compiled policy, or a compiled route table. */
import { createPolicy } from "../core/compile.js";
import { routePolicies } from "../mesh/routes.js";
import type { PolicyLookup } from "./browser.js";
import type { Loaded } from "./load.js";

/** Compiles the file's policies; throws `CorsConfigError` listing every problem. */
export function compileLookup(loaded: Loaded): PolicyLookup {
  if (loaded.shape === "policy") {
    const policy = createPolicy(loaded.config);
    return () => ({ policy });
  }
  const resolver = routePolicies(loaded.routes);
  return (request) => {
    const route = resolver.route(request);
    if (route === undefined) return { policy: undefined };
    return { policy: route.policy, route: route.name ?? `routes[${route.index}]` };
  };
}
