/**
 * Merges `tokens` into an existing `Vary` value: existing tokens are kept in their order, new ones appended,
 * duplicates (compared case-insensitively) dropped, and `*` (which already varies on everything) absorbs the rest.
 *
 * @example mergeVary("Accept-Encoding", ["Origin"]) === "Accept-Encoding, Origin"
 */
export function mergeVary(existing: string | undefined | null, tokens: readonly string[]): string {
  const result: string[] = [];
  const seen = new Set<string>();
  const add = (raw: string): boolean => {
    const token = raw.trim();
    if (token === "") return true;
    if (token === "*") return false;
    const key = token.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      result.push(token);
    }
    return true;
  };
  if (typeof existing === "string" && existing !== "") {
    for (const part of existing.split(",")) if (!add(part)) return "*";
  }
  for (const token of tokens) if (!add(token)) return "*";
  return result.join(", ");
}
