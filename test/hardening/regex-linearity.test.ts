import { describe, expect, it } from "vitest";
import { createPolicy, isCorsConfigError } from "../../src/index.js";
import { compilePattern, run } from "./regex/backtracking-vm.js";
import { adversarialInputs, generatePatterns } from "./regex/corpus.js";

/**
 * Every regex `createPolicy` accepts must match in time linear in the Origin's length (issue 6). Time is measured
 * as the step count of a backtracking VM that explores like V8 (./regex/backtracking-vm.ts), never as wall time.
 *
 * The bound: a linear-time engine (RE2, which Envoy uses) visits each (instruction, position) pair once, so
 * it does at most size × (N + 1) steps on an Origin of N characters. An accepted pattern may take FACTOR times
 * that, on every adversarial Origin up to the 2048 characters the core reads. Super-linear patterns miss it by
 * orders of magnitude (see docs/testing.md), so the factor is not a fine line.
 */
const FACTOR = 4;
const LENGTHS = [64, 256, 1024, 2048];
// Stryker lowers it: the test runs once per mutant of the regex rules.
const CORPUS_SIZE = Number(process.env["CORSGATE_REGEX_CORPUS"] ?? 1500);

function accepts(pattern: string): boolean {
  try {
    createPolicy({ allowOrigins: [{ regex: pattern }] });
    return true;
  } catch (error) {
    if (!isCorsConfigError(error)) throw error;
    return false;
  }
}

/** The first Origin on which `pattern` exceeds the bound, or undefined. */
function findOverBound(pattern: string): string | undefined {
  const compiled = compilePattern(pattern);
  for (const length of LENGTHS) {
    const bound = FACTOR * compiled.size * (length + 1);
    for (const input of adversarialInputs(pattern, length)) {
      const result = run(compiled, input, bound);
      if (result.exhausted) return `${JSON.stringify(pattern)} takes more than ${bound} steps on ${JSON.stringify(input.length > 60 ? `${input.slice(0, 60)}…` : input)} (${input.length} chars)`;
    }
  }
  return undefined;
}

describe("the step-counting VM is a faithful stand-in for V8", () => {
  const patterns = generatePatterns(7, 200);

  it("agrees with V8 on whether each corpus pattern matches", () => {
    const disagreements: string[] = [];
    for (const pattern of patterns) {
      const compiled = compilePattern(pattern);
      const regex = new RegExp(`^(?:${pattern})$`);
      for (const input of [...adversarialInputs(pattern, 24), "https://a.example.com", "http://x:8080", "https://www.api.x"]) {
        const result = run(compiled, input, 10_000_000);
        if (!result.exhausted && result.matched !== regex.test(input)) disagreements.push(`${pattern} on ${input}`);
      }
    }
    expect(disagreements).toEqual([]);
  });

  it("sees super-linear patterns exceed the bound (so the bound can fail)", () => {
    for (const pattern of ["https://.*.*\\.x\\.com", "https://[a-z]+[a-z0-9]+\\.x", "https://(?:a|aa)+c", "https://(a+)+b"]) {
      expect(findOverBound(pattern), pattern).toBeDefined();
    }
    for (const pattern of ["https://[a-z0-9-]+\\.example\\.com", "https?://localhost:\\d{2,5}", "https://(app|api)\\.example\\.com"]) {
      expect(findOverBound(pattern), pattern).toBeUndefined();
    }
  });
});

describe("regex-unsafe: every accepted pattern runs in linear time", () => {
  it("refuses the classic super-linear shapes", () => {
    const refusedNot = [
      "https://(a+)+\\.x", "https://([a-z]+\\.)+example\\.com", "https://(a|aa)*\\.x", "https://(a)\\1", "https://(?=a)a",
      "https://.*.*\\.x\\.com", "a*a*a*b", "https://[a-z]+[a-z0-9]*\\.x", "https://.*-.*\\.example\\.com",
    ].filter(accepts);
    expect(refusedNot).toEqual([]);
  });

  it(`of ${CORPUS_SIZE} generated patterns, each one createPolicy accepts stays within ${FACTOR} × size × (N + 1) steps for N ≤ 2048`, () => {
    const accepted = generatePatterns(2, CORPUS_SIZE).filter(accepts);
    // The corpus must exercise the rule from both sides.
    expect(accepted.length).toBeGreaterThan(CORPUS_SIZE / 5);
    expect(accepted.length).toBeLessThan(CORPUS_SIZE);
    const over = accepted.map(findOverBound).filter((problem): problem is string => problem !== undefined);
    expect(over.slice(0, 10), `${over.length} of ${accepted.length} accepted patterns are over the bound`).toEqual([]);
  }, 180_000);
});
