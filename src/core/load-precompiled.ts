import type { CorsPolicy } from "./types.js";
import type { PolicyEssentials } from "./compiled.js";
import { assemblePolicy } from "./assemble.js";
import { BRIEF_REASONS } from "./brief-reasons.js";
import { PRECOMPILED_FORMAT, type PrecompiledPolicy } from "./precompiled-format.js";

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const key in value) deepFreeze(value[key]);
    Object.freeze(value);
  }
  return value;
}

/**
 * Turns the output of `precompilePolicy` / `corsgate compile` back into a policy for `evaluate` and the adapters,
 * without the validator: this entry stays near 3 kB, for bundles where size counts (edge workers).
 * Decisions are those of `createPolicy`; deny reasons have the same codes, in brief words, without hints.
 *
 * Only load what `corsgate compile` wrote: the policy was validated when the file was generated and is not
 * checked again (the file is code in your bundle, as trusted as the rest of it). Never load data from a request.
 * `data` is frozen in place.
 *
 * @throws {TypeError} when `data` was not written by a compatible `corsgate compile` (regenerate it).
 * @example
 * import { evaluate, loadPrecompiledPolicy } from "corsgate/precompiled";
 * const policy = loadPrecompiledPolicy(generated);
 */
export function loadPrecompiledPolicy(data: PrecompiledPolicy): CorsPolicy {
  if (data?.format !== PRECOMPILED_FORMAT) {
    throw new TypeError(`corsgate/precompiled: not the output of this version's corsgate compile (${PRECOMPILED_FORMAT}); run it again`);
  }
  const { compiled, config, warnings, notices } = deepFreeze(data);
  const origins = compiled.origins;
  const essentials: PolicyEssentials = {
    // The values JSON left out read as undefined, which is what PolicyEssentials holds there.
    ...(compiled as Omit<PolicyEssentials, "origins">),
    origins: Object.freeze({
      ...origins,
      exact: new Set(origins.exact),
      exactIgnoreCase: new Set(origins.exactIgnoreCase),
      patterns: new Map(origins.patterns),
      regexes: Object.freeze(origins.regexes.map(([source, flags]) => new RegExp(source, flags))),
    }),
  };
  return assemblePolicy(essentials, config, warnings, notices, BRIEF_REASONS);
}
