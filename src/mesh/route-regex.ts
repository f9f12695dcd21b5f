/**
 * Route regexes (on the path, the method, a header or a query parameter) run on what the client sends, so they
 * go through the core's regex gate, the one origin regexes go through: same checks, same codes and hints.
 */
import { gateRegex } from "../core/regex-gate.js";
import type { IssueList } from "./issues.js";

/**
 * The regex anchored at both ends (`^(?:…)$`: the whole value must match, as in Istio and Envoy), or undefined
 * after reporting why it is refused (`regex-invalid`, `regex-flags`, `regex-unsafe`, `type-invalid`).
 */
export function compileRouteRegex(value: unknown, path: string, issues: IssueList, subject = "request path"): RegExp | undefined {
  const gated = gateRegex(value, path, { value: subject, emptyHint: 'match any value with { prefix: "" }' });
  issues.adopt(gated.issues, "");
  return gated.issues.length === 0 ? gated.anchored : undefined;
}
