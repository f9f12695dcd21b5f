import { createPolicy, isCorsConfigError } from "../../index.js";

/**
 * True when `name` is a field of `CorsPolicyConfig`. The core is asked (a config holding only that name is
 * compiled, and the core says whether the name is unknown), so the list of fields lives in one place.
 * Configuration time only: used to word the error for a policy field given where an option belongs.
 */
export function isPolicyField(name: string): boolean {
  try {
    createPolicy({ [name]: undefined } as never);
  } catch (error) {
    if (!isCorsConfigError(error)) return false;
    return !error.issues.some((issue) => issue.code === "unknown-field" && issue.path === name);
  }
  return true;
}
