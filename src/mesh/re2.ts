/**
 * Istio, Envoy and most Gateway API implementations match regular expressions with RE2; corsgate runs
 * JavaScript's RegExp. The two agree on most syntax. This file rewrites what differs and refuses, naming
 * the construct, what has no equivalent, so that a pattern never silently changes meaning on the way.
 * Both engines match the whole string here (`^(?:…)$`), so greediness never changes an answer.
 */

/** A pattern in JavaScript syntax, ready for `new RegExp(source, flags)`. */
export interface TranslatedPattern {
  readonly source: string;
  /** `"i"` or `""`. */
  readonly flags: string;
  /**
   * Set when a quantifier applies to a group that itself holds a quantifier or an alternation
   * (`(a+)+`): such a pattern can take more than linear time on a backtracking engine.
   */
  readonly unsafe: boolean;
}

/** Why a pattern could not be translated: the construct as written, and a sentence. */
export interface UntranslatablePattern {
  /** `"regex-untranslatable"`: valid in the source engine, no equivalent in the target. `"regex-invalid"`: not valid at all. */
  readonly code: "regex-untranslatable" | "regex-invalid";
  readonly construct: string;
  readonly message: string;
}

export type TranslationResult =
  | ({ readonly ok: true } & TranslatedPattern)
  | ({ readonly ok: false } & UntranslatablePattern);

const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alnum: "0-9A-Za-z",
  alpha: "A-Za-z",
  ascii: "\\x00-\\x7F",
  blank: "\\t ",
  cntrl: "\\x00-\\x1F\\x7F",
  digit: "0-9",
  graph: "!-~",
  lower: "a-z",
  print: " -~",
  punct: "!-\\/:-@\\[-`{-~",
  space: "\\t\\n\\v\\f\\r ",
  upper: "A-Z",
  word: "0-9A-Za-z_",
  xdigit: "0-9A-Fa-f",
};

/** Escapes that mean the same in RE2 and in JavaScript (without the `u` flag). */
const SHARED_CLASS_ESCAPES = new Set(["d", "D", "w", "W", "s", "S"]);
const SHARED_CONTROL_ESCAPES = new Set(["f", "n", "r", "t", "v"]);
const MAX_REPEAT = 1000;

class Refusal extends Error {
  constructor(
    readonly code: "regex-untranslatable" | "regex-invalid",
    readonly construct: string,
    why: string,
  ) {
    super(why);
  }
}

const untranslatable = (construct: string, why: string): Refusal => new Refusal("regex-untranslatable", construct, why);
const invalid = (construct: string, why: string): Refusal => new Refusal("regex-invalid", construct, why);

function hex(code: number): string {
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

function isOctal(character: string | undefined): boolean {
  return character !== undefined && character >= "0" && character <= "7";
}

function escapeLiteral(character: string): string {
  return /[\\^$.*+?()[\]{}|]/.test(character) ? `\\${character}` : character;
}

interface GroupState {
  /** The group holds a quantifier or an alternation, at any depth. */
  risky: boolean;
}

/** Reads RE2's repetition `{n}`, `{n,}`, `{n,m}` at `index`; undefined when the brace is a literal there. */
function readRepeat(pattern: string, index: number): { text: string; end: number; min: number; max: number } | undefined {
  const match = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(index, index + 16));
  if (match === null) return undefined;
  const min = Number(match[1]);
  const max = match[2] === undefined ? min : match[3] === "" ? -1 : Number(match[3]);
  return { text: match[0], end: index + match[0].length, min, max };
}

/**
 * Translates an RE2 pattern (Istio's `regex`, Envoy's `safe_regex`) into JavaScript syntax.
 * A leading `(?i)` becomes the `i` flag; `(?P<name>` becomes `(?<name>`; `\A` / `\z` become `^` / `$`;
 * `\Q…\E`, octal and `\x{…}` escapes and POSIX classes are rewritten. `\C`, `\p` classes, inline flags
 * anywhere but the start, and possessive quantifiers are refused; lookarounds and backreferences,
 * which RE2 itself rejects, are reported as invalid.
 */
export function re2ToJavaScript(pattern: string): TranslationResult {
  try {
    return { ok: true, ...translateRe2(pattern) };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, code: error.code, construct: error.construct, message: error.message };
    throw error;
  }
}

function translateRe2(pattern: string): TranslatedPattern {
  let index = 0;
  let flags = "";
  // Leading flags: (?i) → the i flag. s, m and U cannot change a whole-string match of a single-line value.
  const leading = /^\(\?([imsU]+)\)/.exec(pattern);
  if (leading !== null) {
    if ((leading[1] ?? "").includes("i")) flags = "i";
    index = leading[0].length;
  }
  let out = "";
  let unsafe = false;
  const groups: GroupState[] = [{ risky: false }];
  // What a quantifier would apply to: nothing, a plain atom, or a group (with its riskiness).
  let previous: "none" | "atom" | "quantifier" | { group: GroupState } = "none";

  const current = (): GroupState => groups[groups.length - 1] as GroupState;

  while (index < pattern.length) {
    const character = pattern[index] as string;
    switch (character) {
      case "\\": {
        const { text, end } = translateEscape(pattern, index, false);
        out += text;
        index = end;
        previous = text === "^" || text === "$" ? "none" : "atom";
        continue;
      }
      case "[": {
        const { text, end } = translateClass(pattern, index);
        out += text;
        index = end;
        previous = "atom";
        continue;
      }
      case "(": {
        const rest = pattern.slice(index);
        let opener: string;
        if (rest.startsWith("(?P<")) {
          const name = /^\(\?P<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest);
          if (name === null) throw invalid(rest.slice(0, 8), "a named group needs a name of letters, digits and _");
          opener = `(?<${name[1] ?? ""}>`;
          index += name[0].length;
        } else if (rest.startsWith("(?<") && !rest.startsWith("(?<=") && !rest.startsWith("(?<!")) {
          const name = /^\(\?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest);
          if (name === null) throw invalid(rest.slice(0, 8), "a named group needs a name of letters, digits and _");
          opener = name[0];
          index += name[0].length;
        } else if (rest.startsWith("(?:")) {
          opener = "(?:";
          index += 3;
        } else if (/^\(\?(=|!|<=|<!)/.test(rest)) {
          const construct = /^\(\?(=|!|<=|<!)/.exec(rest)?.[0] ?? "(?=";
          throw invalid(construct, `${construct} (a lookaround) is not RE2 syntax: Istio and Envoy reject it`);
        } else if (rest.startsWith("(?P=")) {
          throw invalid("(?P=", "(?P=name) (a backreference) is not RE2 syntax: Istio and Envoy reject it");
        } else if (/^\(\?[-imsU]*[:)]/.test(rest)) {
          const construct = /^\(\?[-imsU]*[:)]/.exec(rest)?.[0] ?? "(?";
          throw untranslatable(
            construct,
            `${construct} (inline flags) is only translatable as a leading (?i) of the whole pattern`,
          );
        } else if (rest.startsWith("(?")) {
          throw invalid(rest.slice(0, 3), `${rest.slice(0, 3)} is not RE2 syntax`);
        } else {
          opener = "(";
          index += 1;
        }
        out += opener;
        groups.push({ risky: false });
        previous = "none";
        continue;
      }
      case ")": {
        if (groups.length === 1) throw invalid(")", "unmatched )");
        const closed = groups.pop() as GroupState;
        if (closed.risky) current().risky = true;
        out += ")";
        index += 1;
        previous = { group: closed };
        continue;
      }
      case "|": {
        current().risky = true;
        out += "|";
        index += 1;
        previous = "none";
        continue;
      }
      case "*":
      case "+":
      case "?":
      case "{": {
        let quantifier: string;
        let end: number;
        if (character === "{") {
          const repeat = readRepeat(pattern, index);
          if (repeat === undefined) {
            // RE2 reads a brace that starts no repetition as a literal.
            out += "\\{";
            index += 1;
            previous = "atom";
            continue;
          }
          if (repeat.min > MAX_REPEAT || repeat.max > MAX_REPEAT) throw invalid(repeat.text, `${repeat.text} repeats more than the ${MAX_REPEAT} times RE2 allows`);
          if (repeat.max !== -1 && repeat.max < repeat.min) throw invalid(repeat.text, `${repeat.text} has its bounds the wrong way round`);
          quantifier = repeat.text;
          end = repeat.end;
        } else {
          quantifier = character;
          end = index + 1;
        }
        if (previous === "none") throw invalid(quantifier, `${quantifier} has nothing to repeat`);
        if (previous === "quantifier") throw invalid(quantifier, `${quantifier} repeats a repetition, which RE2 rejects`);
        const after = pattern[end];
        if (after === "+") {
          throw untranslatable(`${quantifier}+`, `${quantifier}+ (a possessive quantifier) exists in neither RE2 nor JavaScript`);
        }
        if (typeof previous === "object" && previous.group.risky) unsafe = true;
        current().risky = true;
        out += quantifier;
        index = end;
        if (after === "?") {
          out += "?";
          index += 1;
        }
        previous = "quantifier";
        continue;
      }
      case "}":
      case "]": {
        out += `\\${character}`;
        index += 1;
        previous = "atom";
        continue;
      }
      case "^":
      case "$": {
        out += character;
        index += 1;
        previous = "none";
        continue;
      }
      default: {
        out += character;
        index += 1;
        previous = "atom";
      }
    }
  }
  if (groups.length > 1) throw invalid("(", "a ( is never closed: missing )");
  return { source: out, flags, unsafe };
}

/** An escape outside or inside a class. Returns the JavaScript text and where the escape ends. */
function translateEscape(pattern: string, index: number, inClass: boolean): { text: string; end: number } {
  const next = pattern[index + 1];
  if (next === undefined) throw invalid("\\", "the pattern ends with a lone backslash");
  if (SHARED_CLASS_ESCAPES.has(next) || SHARED_CONTROL_ESCAPES.has(next)) return { text: `\\${next}`, end: index + 2 };
  if (next === "a") return { text: "\\x07", end: index + 2 };
  if (!inClass) {
    if (next === "b" || next === "B") return { text: `\\${next}`, end: index + 2 };
    if (next === "A") return { text: "^", end: index + 2 };
    if (next === "z") return { text: "$", end: index + 2 };
    if (next === "Q") {
      const close = pattern.indexOf("\\E", index + 2);
      const literal = pattern.slice(index + 2, close < 0 ? pattern.length : close);
      return { text: [...literal].map(escapeLiteral).join(""), end: close < 0 ? pattern.length : close + 2 };
    }
  }
  if (next === "x") {
    const braced = /^\\x\{([0-9A-Fa-f]{1,8})\}/.exec(pattern.slice(index, index + 12));
    if (braced !== null) {
      const code = Number.parseInt(braced[1] ?? "0", 16);
      if (code > 0xffff) {
        throw untranslatable(braced[0], `${braced[0]} is outside the Basic Multilingual Plane, which JavaScript only reaches with the u flag`);
      }
      return { text: hex(code), end: index + braced[0].length };
    }
    const plain = /^\\x([0-9A-Fa-f]{2})/.exec(pattern.slice(index, index + 4));
    if (plain !== null) return { text: plain[0], end: index + 4 };
    throw invalid(pattern.slice(index, index + 4), "\\x needs two hex digits or {…}");
  }
  if (next >= "0" && next <= "9") {
    // RE2: \0 plus up to two octal digits, or \1–\7 followed by more octal digits, is an octal code;
    // a lone \1–\9 would be a backreference, which RE2 does not have.
    let end = index + 2;
    if (next === "0" || isOctal(pattern[index + 2])) {
      if (next === "8" || next === "9") throw invalid(`\\${next}`, `\\${next} is not an escape RE2 knows`);
      while (end < index + 4 && isOctal(pattern[end])) end += 1;
      return { text: hex(Number.parseInt(pattern.slice(index + 1, end), 8)), end };
    }
    throw invalid(`\\${next}`, `\\${next} (a backreference) is not RE2 syntax: Istio and Envoy reject it`);
  }
  if (next === "C") throw untranslatable("\\C", "\\C (any single byte) has no JavaScript equivalent");
  if (next === "p" || next === "P") {
    const written = /^\\[pP](\{[^}]*\}|.)/.exec(pattern.slice(index, index + 40))?.[0] ?? `\\${next}`;
    throw untranslatable(
      written,
      `${written} (a Unicode class) needs JavaScript's u flag, which changes other escapes; list the characters instead`,
    );
  }
  if (/[A-Za-z0-9]/.test(next)) throw invalid(`\\${next}`, `\\${next} is not an escape RE2 knows`);
  // Escaped punctuation means the character itself in both engines.
  if (next.charCodeAt(0) < 0x80) return { text: `\\${next}`, end: index + 2 };
  return { text: next, end: index + 2 };
}

/** A bracketed class `[…]`, with RE2's leading `]` literal and POSIX classes rewritten. */
function translateClass(pattern: string, start: number): { text: string; end: number } {
  let index = start + 1;
  let out = "[";
  if (pattern[index] === "^") {
    out += "^";
    index += 1;
  }
  let first = true;
  while (index < pattern.length) {
    const character = pattern[index] as string;
    if (character === "]" && !first) return { text: `${out}]`, end: index + 1 };
    if (character === "]") {
      // RE2 reads a ] right after [ or [^ as a literal; JavaScript would end the class there.
      out += "\\]";
      index += 1;
      first = false;
      continue;
    }
    first = false;
    if (character === "[" && pattern[index + 1] === ":") {
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(pattern.slice(index, index + 12));
      if (posix === null) {
        out += "\\[";
        index += 1;
        continue;
      }
      const ranges = POSIX_CLASSES[posix[2] ?? ""];
      if (ranges === undefined) throw invalid(posix[0], `${posix[0]} is not a POSIX class RE2 knows`);
      if (posix[1] === "^") throw untranslatable(posix[0], `${posix[0]} (a negated POSIX class inside a class) has no JavaScript equivalent; write the negated class out`);
      out += ranges;
      index += posix[0].length;
      continue;
    }
    if (character === "\\") {
      const next = pattern[index + 1];
      if (next === "b" || next === "B" || next === "A" || next === "z" || next === "Q" || next === "E") {
        throw invalid(`\\${next}`, `\\${next} is not allowed inside a character class`);
      }
      const { text, end } = translateEscape(pattern, index, true);
      out += text;
      index = end;
      continue;
    }
    out += character === "[" ? "\\[" : character;
    index += 1;
  }
  const written = pattern.slice(start, start + 12);
  throw invalid(written, `the character class ${written} has no closing ]`);
}

/**
 * Translates a JavaScript pattern (a corsgate `regex`) into RE2 for Istio: the `i` flag becomes a leading
 * `(?i)`, `(?<name>` becomes `(?P<name>`, `\uXXXX` becomes `\x{XXXX}`, identity escapes of letters become
 * the letters. Lookarounds and backreferences (which corsgate refuses anyway) are refused here too.
 */
export function javaScriptToRe2(source: string, flags = ""): { ok: true; pattern: string } | ({ ok: false } & UntranslatablePattern) {
  for (const flag of flags) {
    if (!"iugsdmy".includes(flag)) {
      return { ok: false, code: "regex-untranslatable", construct: `/${flag}`, message: `the ${flag} flag has no RE2 equivalent` };
    }
  }
  try {
    const body = translateJavaScript(source, flags.includes("u"));
    const prefix = `${flags.includes("i") ? "i" : ""}${flags.includes("s") ? "s" : ""}${flags.includes("m") ? "m" : ""}`;
    return { ok: true, pattern: prefix === "" ? body : `(?${prefix})${body}` };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, code: error.code, construct: error.construct, message: error.message };
    throw error;
  }
}

function translateJavaScript(source: string, unicode: boolean): string {
  let out = "";
  let index = 0;
  let inClass = false;
  while (index < source.length) {
    const character = source[index] as string;
    if (character === "\\") {
      const next = source[index + 1];
      if (next === undefined) throw invalid("\\", "the pattern ends with a lone backslash");
      const { text, end } = javaScriptEscape(source, index, inClass, unicode);
      out += text;
      index = end;
      continue;
    }
    if (inClass) {
      if (character === "]") inClass = false;
      out += character;
      index += 1;
      continue;
    }
    if (character === "[") {
      if (source.startsWith("[^]", index)) {
        out += "[\\x{0}-\\x{10FFFF}]";
        index += 3;
        continue;
      }
      if (source.startsWith("[]", index)) throw untranslatable("[]", "[] (a class that matches nothing) has no RE2 equivalent");
      inClass = true;
      out += "[";
      index += 1;
      // RE2 reads a leading ] as a literal; JavaScript never has one there, so nothing to do.
      continue;
    }
    if (character === "(") {
      const rest = source.slice(index);
      const look = /^\(\?(=|!|<=|<!)/.exec(rest);
      if (look !== null) throw untranslatable(look[0], `${look[0]} (a lookaround) has no RE2 equivalent`);
      const named = /^\(\?<([A-Za-z_$][\w$]*)>/.exec(rest);
      if (named !== null) {
        out += `(?P<${named[1] ?? ""}>`;
        index += named[0].length;
        continue;
      }
    }
    out += character;
    index += 1;
  }
  return out;
}

function javaScriptEscape(source: string, index: number, inClass: boolean, unicode: boolean): { text: string; end: number } {
  const next = source[index + 1] as string;
  if (SHARED_CLASS_ESCAPES.has(next) || SHARED_CONTROL_ESCAPES.has(next)) return { text: `\\${next}`, end: index + 2 };
  if (next === "b") return inClass ? { text: "\\x08", end: index + 2 } : { text: "\\b", end: index + 2 };
  if (next === "B" && !inClass) return { text: "\\B", end: index + 2 };
  if (next === "0" && !/[0-9]/.test(source[index + 2] ?? "")) return { text: "\\x00", end: index + 2 };
  if (/[1-9]/.test(next)) throw untranslatable(`\\${next}`, `\\${next} (a backreference) has no RE2 equivalent`);
  if (next === "k" && source[index + 2] === "<") throw untranslatable("\\k<", "\\k<name> (a backreference) has no RE2 equivalent");
  if (next === "x") {
    const plain = /^\\x([0-9A-Fa-f]{2})/.exec(source.slice(index, index + 4));
    if (plain !== null) return { text: plain[0], end: index + 4 };
    return { text: "x", end: index + 2 };
  }
  if (next === "u") {
    const braced = /^\\u\{([0-9A-Fa-f]{1,6})\}/.exec(source.slice(index, index + 10));
    if (braced !== null && unicode) return { text: `\\x{${braced[1] ?? "0"}}`, end: index + braced[0].length };
    const four = /^\\u([0-9A-Fa-f]{4})/.exec(source.slice(index, index + 6));
    if (four !== null) return { text: `\\x{${four[1] ?? "0"}}`, end: index + 6 };
    return { text: "u", end: index + 2 };
  }
  if (next === "c") {
    const letter = source[index + 2];
    if (letter !== undefined && /[A-Za-z]/.test(letter)) {
      return { text: `\\x${(letter.charCodeAt(0) % 32).toString(16).padStart(2, "0")}`, end: index + 3 };
    }
    return { text: "\\\\c", end: index + 2 };
  }
  if ((next === "p" || next === "P") && unicode) {
    const property = /^\\[pP]\{([A-Za-z_]+)\}/.exec(source.slice(index, index + 40));
    if (property !== null) return { text: property[0], end: index + property[0].length };
    throw untranslatable(source.slice(index, index + 12), "this Unicode property form has no RE2 equivalent");
  }
  // An identity escape of a letter or digit means the character itself in JavaScript (without u),
  // while RE2 would read some of them (\a, \z, \A, \C, \Q) as something else: write the character.
  if (/[A-Za-z0-9_]/.test(next)) return { text: next, end: index + 2 };
  // RegExp#source writes / as \/; RE2 needs no escape there.
  if (next === "/") return { text: "/", end: index + 2 };
  if (next.charCodeAt(0) < 0x80) return { text: `\\${next}`, end: index + 2 };
  return { text: next, end: index + 2 };
}

/** Escapes text so that RE2 (and JavaScript) read it literally. */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
}
