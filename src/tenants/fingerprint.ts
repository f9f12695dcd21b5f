/**
 * A stable text for a config object: equal for structurally equal configs whatever their key order, so a
 * tenant's config that a store returns as a new object on every load is compiled only when it changed.
 * RegExp values (which JSON would print as `{}`) keep their source and flags; `undefined`, `NaN` and `-0`
 * stay distinct from `null` and `0`. Bounded: deeper than 32 levels, a cycle or more than 100,000 values
 * throws a `RangeError`.
 */
export function fingerprint(value: unknown): string {
  const parts: string[] = [];
  let budget = 100_000;
  const open = new Set<object>();
  const write = (item: unknown, depth: number): void => {
    if (--budget < 0) throw new RangeError("the config holds more than 100,000 values");
    if (depth > 32) throw new RangeError("the config is nested more than 32 levels deep");
    switch (typeof item) {
      case "string":
        parts.push(JSON.stringify(item));
        return;
      case "number":
        parts.push(Object.is(item, -0) ? "n:-0" : `n:${String(item)}`);
        return;
      case "boolean":
        parts.push(item ? "true" : "false");
        return;
      case "undefined":
        parts.push("undefined");
        return;
      case "object":
        break;
      default:
        // A function, symbol or bigint is not part of any valid config; its type is enough to tell it apart.
        parts.push(`<${typeof item}>`);
        return;
    }
    if (item === null) {
      parts.push("null");
      return;
    }
    if (item instanceof RegExp) {
      parts.push(`re:${JSON.stringify(item.source)}/${item.flags}`);
      return;
    }
    if (open.has(item)) throw new RangeError("the config refers to itself");
    open.add(item);
    if (Array.isArray(item)) {
      parts.push("[");
      for (const element of item) write(element, depth + 1), parts.push(",");
      parts.push("]");
    } else {
      parts.push("{");
      for (const name of Object.keys(item).sort()) {
        parts.push(JSON.stringify(name), ":");
        write((item as Record<string, unknown>)[name], depth + 1);
        parts.push(",");
      }
      parts.push("}");
    }
    open.delete(item);
  };
  write(value, 0);
  return parts.join("");
}
