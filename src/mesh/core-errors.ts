/**
 * An importer that found problems throws before its policy reaches `createPolicy`, so the core's own problems
 * (a wildcard with credentials, a non-canonical origin) would show only once the others are fixed. The importers
 * call this when they already have errors: it checks what could be read, as `createPolicy` will, and adds the
 * core's errors, so that every problem of a manifest is listed at once (as for a plain policy).
 */
import { createPolicy } from "../core/compile.js";
import type { CorsPolicyConfig } from "../core/config.js";
import { isCorsConfigError } from "../core/errors.js";
import type { IssueList } from "./issues.js";
import { joinPath } from "./issues.js";

/**
 * Adds the errors `createPolicy` finds in `config` (read so far; fields that could not be read are absent) to
 * `issues`, with `base` in front of their paths. `originSources[i]` is the manifest index of the i-th origin
 * read, when origins that could not be read were left out. `origins-missing` is left out when the manifest's
 * origins were already reported: they are there, only not readable.
 */
export function addCoreErrors(config: Partial<CorsPolicyConfig>, base: string, issues: IssueList, originSources?: readonly number[]): void {
  let found;
  try {
    createPolicy(config as CorsPolicyConfig);
    return;
  } catch (error) {
    if (!isCorsConfigError(error)) throw error;
    found = error.issues;
  }
  const originsPath = joinPath(base, "allowOrigins");
  const originsReported = issues.errors.some((issue) => issue.path === originsPath || issue.path.startsWith(`${originsPath}[`) || issue.path.startsWith(`${originsPath}.`));
  for (const issue of found) {
    if (issue.code === "origins-missing" && originsReported) continue;
    const path = originSources === undefined ? issue.path : issue.path.replace(/^allowOrigins\[(\d+)\]/, (written, index: string) => `allowOrigins[${originSources[Number(index)] ?? index}]`);
    issues.adopt([{ ...issue, path }], base);
  }
}
