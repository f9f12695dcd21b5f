/**
 * precompilePolicy writes JSON with RegExp literals spliced in at placeholders. No string a policy may hold
 * (a regex source, a warning quoting it) can be taken for a placeholder: the module either is the policy, or is
 * not written at all.
 */
import { describe, expect, it } from "vitest";
import { createPolicy, precompilePolicy } from "../../src/index.js";
import type { CorsPolicy } from "../../src/index.js";
import { loadPrecompiledPolicy } from "../../src/precompiled.js";

const NUL = "\u0000";

/** Runs a generated CommonJS module with the loader, as `require` would. */
function run(source: string): CorsPolicy {
  const module = { exports: undefined as unknown };
  new Function("require", "module", source)(() => ({ loadPrecompiledPolicy }), module);
  return module.exports as CorsPolicy;
}

describe("precompilePolicy: policy strings never become code", () => {
  // createPolicy accepts both matchers without a warning. Before the fix, the first one's JSON text ended in
  // `\"\u0000regex0\u0000"`, which the splice took for a placeholder: the string stayed open, and the second
  // regex's literal `"` closed it, so `[globalThis…=1]` ran when the module was loaded.
  const config = {
    allowOrigins: [
      { regex: `https://b\\.example\\.com|"${NUL}regex0${NUL}` },
      { regex: /https:\/\/c\.example\.com|x"[globalThis.corsgateInjected=1]/i },
    ],
  };

  it("refuses a string holding the placeholder mark instead of writing a module that runs it", () => {
    const policy = createPolicy(config);
    expect(() => precompilePolicy(policy, { format: "cjs" })).toThrow(TypeError);
    expect((globalThis as { corsgateInjected?: unknown }).corsgateInjected).toBeUndefined();
  });

  it("still writes a RegExp matcher whose source holds quotes and a NUL as a literal", () => {
    const policy = createPolicy({ allowOrigins: [{ regex: new RegExp(`https://c\\.example\\.com|x"${NUL}"`, "i") }, { regex: `"${NUL}"` }] });
    const loaded = run(precompilePolicy(policy, { format: "cjs" }));
    expect(loaded.config).toEqual(policy.config);
    expect(loaded.warnings).toEqual(policy.warnings);
  });
});
