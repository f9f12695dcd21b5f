/** Field readers shared by the Istio and Gateway API importers: each one checks a type and reports where. */
import type { IssueList } from "./issues.js";
import { isRecord, joinPath, show } from "./issues.js";

/** Reports every key of `object` that is not in `known`, with a hint when a known key is spelled differently. */
export function reportUnknownFields(
  object: Record<string, unknown>,
  known: readonly string[],
  path: string,
  issues: IssueList,
  what: string,
): void {
  for (const key of Object.keys(object)) {
    if (known.includes(key)) continue;
    const squashed = key.replaceAll("_", "").toLowerCase();
    const near = known.find((candidate) => candidate.toLowerCase() === squashed);
    issues.error(
      "unknown-field",
      joinPath(path, key),
      `${what} has no field ${show(key)}`,
      near === undefined ? `known fields: ${known.join(", ")}` : `did you mean ${near}?`,
    );
  }
}

/** A list of strings, or undefined (after reporting) when the value is not one. */
export function readStringList(value: unknown, path: string, issues: IssueList): string[] | undefined {
  if (!Array.isArray(value)) {
    issues.error("type-invalid", path, `expected a list of strings, not ${show(value)}`);
    return undefined;
  }
  const strings: string[] = [];
  let ok = true;
  value.forEach((element: unknown, index) => {
    if (typeof element === "string") strings.push(element);
    else {
      ok = false;
      issues.error("type-invalid", `${path}[${index}]`, `expected a string, not ${show(element)}`);
    }
  });
  return ok ? strings : undefined;
}

/** A boolean, or undefined (after reporting). */
export function readBoolean(value: unknown, path: string, issues: IssueList): boolean | undefined {
  if (typeof value === "boolean") return value;
  issues.error(
    "type-invalid",
    path,
    `expected true or false, not ${show(value)}`,
    value === "true" || value === "false" ? `write ${value} without quotes` : undefined,
  );
  return undefined;
}

/** The mapping at `value`, or undefined (after reporting). */
export function readRecord(value: unknown, path: string, issues: IssueList, what: string): Record<string, unknown> | undefined {
  if (isRecord(value)) return value;
  issues.error("type-invalid", path, `${what} must be a mapping, not ${show(value)}`);
  return undefined;
}
