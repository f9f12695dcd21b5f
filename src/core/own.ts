/** Reads a field only if the object itself has it: a polluted `Object.prototype` must not configure a policy. */
export function own(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
