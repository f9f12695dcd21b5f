import type { HeaderGetter, HeaderRecord, HeaderSource } from "./types.js";

/** Marks a header that arrived more than once (an array of two or more values). */
export const MULTIPLE = Symbol("multiple values");

/** A header read as one value: the string, `undefined` when absent, `MULTIPLE`, or `null` for a non-string. */
export type SingleValue = string | undefined | typeof MULTIPLE | null;

function raw(headers: HeaderSource, name: string): unknown {
  if (typeof (headers as HeaderGetter).get === "function") return (headers as HeaderGetter).get(name);
  // Own properties only: a polluted Object.prototype must not invent an Origin on every request.
  return Object.hasOwn(headers, name) ? (headers as HeaderRecord)[name] : undefined;
}

/** Reads a header that must arrive once. A one-element array counts as its element. */
export function readSingle(headers: HeaderSource, name: string): SingleValue {
  const value = raw(headers, name);
  if (typeof value === "string") return value;
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) {
    if (value.length === 0) return undefined;
    if (value.length > 1) return MULTIPLE;
    const only: unknown = value[0];
    return typeof only === "string" ? only : null;
  }
  return null;
}

/** Reads a list-valued header: several values are joined with ", ", as Node joins repeated headers. */
export function readList(headers: HeaderSource, name: string): string | undefined | null {
  const value = raw(headers, name);
  if (typeof value === "string") return value;
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) {
    // Cap the join: a flood of elements must not cost more than the length cap already allows.
    let joined = "";
    for (const element of value as unknown[]) {
      if (typeof element !== "string") return null;
      joined = joined === "" ? element : `${joined}, ${element}`;
      if (joined.length > 8192) return joined;
    }
    return joined;
  }
  return null;
}
