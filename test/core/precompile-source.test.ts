/**
 * precompilePolicy writes the policy as JavaScript source. No string a policy may hold (a regex source, a warning
 * quoting it) can end up outside its quotes: loading the module gives back the policy and runs nothing else.
 */
import { describe, expect, it } from "vitest";
import { createPolicy, precompilePolicy } from "../../src/index.js";
import type { CorsPolicy } from "../../src/index.js";
import { loadPrecompiledPolicy } from "../../src/precompiled.js";
import { sourceOf } from "../../src/core/precompile.js";

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

  it("writes a string that once looked like a placeholder as a string, and runs nothing", () => {
    const policy = createPolicy(config);
    const loaded = run(precompilePolicy(policy, { format: "cjs" }));
    expect((globalThis as { corsgateInjected?: unknown }).corsgateInjected).toBeUndefined();
    expect(loaded.config).toEqual(policy.config);
  });

  it("writes data as source that evaluates to the same data: strings stay strings, __proto__ stays an own key", () => {
    const value = { ["__proto__"]: { polluted: true }, text: `a"b\\${NUL}\u2028</script>`, list: [1, null, true, /x\/y/gi, []], empty: {} };
    Object.defineProperty(value, "__proto__", { value: { polluted: true }, enumerable: true });
    const source = sourceOf(value);
    expect(source).toContain('["__proto__"]: {');
    const back = new Function(`return (${source});`)() as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.keys(back)).toEqual(["__proto__", "text", "list", "empty"]);
    expect(back["text"]).toBe(value.text);
    expect(String((back["list"] as unknown[])[3])).toBe("/x\\/y/gi");
    expect(back["empty"]).toEqual({});
  });

  it("still writes a RegExp matcher whose source holds quotes and a NUL as a literal", () => {
    const policy = createPolicy({ allowOrigins: [{ regex: new RegExp(`https://c\\.example\\.com|x"${NUL}"`, "i") }, { regex: `"${NUL}"` }] });
    const loaded = run(precompilePolicy(policy, { format: "cjs" }));
    expect(loaded.config).toEqual(policy.config);
    expect(loaded.warnings).toEqual(policy.warnings);
  });
});
