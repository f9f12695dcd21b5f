import type { NormalizedCorsPolicyConfig } from "./config.js";
import type { ConfigIssue } from "./errors.js";
import type { CorsDecision, CorsPolicy } from "./types.js";
import { COMPILED, type CompiledPolicy, type PolicyEssentials, type PolicyWithCompiled, type ReasonWriter } from "./compiled.js";
import { VARY_NONE, VARY_ORIGIN } from "./vary-tokens.js";
import { ALLOW_ORIGIN, EXPOSE_HEADERS } from "./header-names.js";

function listValue(any: boolean, list: readonly string[]): string | undefined {
  return !any && list.length > 0 ? list.join(", ") : undefined;
}

/**
 * Builds the frozen policy object from its essentials: the derived lookup sets, prebuilt decisions and header
 * values, and empty per-policy caches. `precompilePolicy` writes out the result (less its sets and caches), so a
 * policy loaded by `loadPrecompiledPolicy` is this same structure.
 */
export function assemblePolicy(
  essentials: PolicyEssentials,
  config: NormalizedCorsPolicyConfig,
  warnings: readonly ConfigIssue[],
  notices: readonly ConfigIssue[],
  reasons: ReasonWriter,
): CorsPolicy {
  const originDependent = !essentials.wildcardAllowOrigin;
  const vary = originDependent ? VARY_ORIGIN : VARY_NONE;
  let wildcardActualHeaders: Readonly<Record<string, string>> | undefined;
  let wildcardActualDecision: CorsDecision | undefined;
  if (essentials.wildcardAllowOrigin) {
    const actualHeaders: Record<string, string> = { [ALLOW_ORIGIN]: "*" };
    if (essentials.exposeHeadersValue !== undefined) actualHeaders[EXPOSE_HEADERS] = essentials.exposeHeadersValue;
    wildcardActualHeaders = Object.freeze(actualHeaders);
    wildcardActualDecision = Object.freeze({ kind: "actual", allowed: true, action: "continue", headers: wildcardActualHeaders, vary });
  }
  // SPEC §5.5: an origin-independent answer is sent on every response, CORS or not, so that a cache keyed on the URL
  // never keeps a copy without it.
  const nonCorsDecision: CorsDecision = Object.freeze({
    kind: "non-cors",
    allowed: false,
    action: "continue",
    headers: wildcardActualHeaders ?? Object.freeze({}),
    vary,
  });
  const compiled: CompiledPolicy = {
    ...essentials,
    allowMethodsList: Object.freeze([...essentials.allowMethodsList]),
    allowHeadersList: Object.freeze([...essentials.allowHeadersList]),
    originDependent,
    methods: new Set(essentials.allowMethodsList),
    headers: new Set(essentials.allowHeadersList),
    allowMethodsValue: listValue(essentials.anyMethod, essentials.allowMethodsList),
    allowHeadersValue: listValue(essentials.anyHeader, essentials.allowHeadersList),
    reasons,
    nonCorsDecision,
    actualVary: vary,
    originCache: new Map(),
    requestHeadersCache: new Map(),
    wildcardActualHeaders,
    wildcardActualDecision,
  };
  const policy = { config, warnings, notices };
  Object.defineProperty(policy, COMPILED, { value: Object.freeze(compiled), enumerable: false });
  return Object.freeze(policy) as PolicyWithCompiled;
}
