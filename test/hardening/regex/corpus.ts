/**
 * A generated corpus of origin regexes, the kind people write for `allowOrigins` and the kind that hurts a
 * backtracking engine: runs of quantified classes, optional parts, alternations, bounded repetitions.
 */
import { Random } from "../../../scripts/fuzz-random.js";

const SCHEMES = ["https://", "https?://", "http://", "https?:\\/\\/", "[a-z]+://"];
const ATOMS = [
  "a", "b", "x", "-", "\\.", ".", "[a-z]", "[a-z0-9-]", "[a-z0-9]", "[^.]", "[^/]", "\\d", "\\w", "[0-9]", "[ab]", "[.a]",
  "(?:a|ab)", "(?:www\\.)", "(app|api)", "(?:-a)", "(?:ab)", "(?:\\.a)", "(a|b)", "[^]", "(?:a|aa)",
];
const QUANTIFIERS = ["", "", "", "*", "+", "?", "{0,64}", "{1,63}", "{1,3}", "{2,}", "*?", "+?", "{0,8}"];
const SUFFIXES = ["\\.example\\.com", "\\.x", "", "(:[0-9]+)?", ":\\d{2,5}", "\\.com(:8080)?", "x"];

export function generatePatterns(seed: number, count: number): string[] {
  const random = new Random(seed);
  const patterns = new Set<string>();
  while (patterns.size < count) {
    let pattern = random.pick(SCHEMES);
    const length = 1 + random.below(6);
    for (let i = 0; i < length; i++) pattern += random.pick(ATOMS) + random.pick(QUANTIFIERS);
    pattern += random.pick(SUFFIXES);
    patterns.add(pattern);
  }
  return [...patterns];
}

/**
 * Inputs that make a backtracking matcher work hard on `pattern`: a scheme, then a pump repeated to the wanted
 * length, then a suffix that (usually) makes the match fail at the very end. Only well-shaped origins, since
 * the core never runs a regex on anything else: letters, digits, `-` and `.` in the host, digits in the port.
 */
export function adversarialInputs(pattern: string, length: number): string[] {
  const literal = new Set(["a", "0", "-", ".", "ab", "a-", "a.", "-a", ".a", "www.", "api"]);
  for (const match of pattern.matchAll(/(?<![\\[])[a-z0-9]/g)) literal.add(match[0]);
  const inputs: string[] = [];
  for (const scheme of ["https://", "http://"]) {
    for (const pump of literal) {
      for (const suffix of ["", "-", ":1", ".x", ".example.com:1"]) {
        const room = length - scheme.length - suffix.length;
        if (room <= 0) continue;
        const body = pump.repeat(Math.ceil(room / pump.length)).slice(0, room);
        inputs.push(`${scheme}${body}${suffix}`);
      }
    }
  }
  return inputs;
}
