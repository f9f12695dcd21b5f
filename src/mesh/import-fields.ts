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
    const near = known.find((candidate) => editDistance(candidate.toLowerCase(), squashed) <= 2);
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

/** Levenshtein distance, for "did you mean" hints on short field names. */
function editDistance(left: string, right: string): number {
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let row = 1; row <= left.length; row += 1) {
    const current = [row];
    for (let column = 1; column <= right.length; column += 1) {
      const substitution = (previous[column - 1] ?? 0) + (left[row - 1] === right[column - 1] ? 0 : 1);
      current.push(Math.min((previous[column] ?? 0) + 1, (current[column - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[right.length] ?? 0;
}
