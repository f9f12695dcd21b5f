/**
 * A second safety rule, stricter than SPEC §1.2's: two variable quantifiers that can match the same character,
 * with nothing mandatory between them that could stop them trading characters (`.*.*`, `[a-z]+[a-z0-9]*`,
 * `.*-.*`, `a?a?`, `[a-z]{0,64}[a-z]{0,64}`). V8 backtracks over every split of the input between them, so
 * matching time grows with the square of the Origin's length (the cube for three: `https://.*.*.*\.x\.com`
 * takes seconds on a 2 KB Origin), or with the product of bounded ranges.
 * `[a-z]+\.[a-z]+` is fine: the mandatory `\.` cannot be matched by either class.
 *
 * Works on a flat approximation of the pattern over ASCII; it may refuse a harmless pattern, never the reverse
 * for the constructs the first rule lets through (no quantified group holds a quantifier or an alternation).
 */

/** A set of ASCII characters as a 128-entry table. */
type CharSet = Uint8Array;

interface Item {
  readonly set: CharSet;
  /** Must match at least once. */
  readonly mandatory: boolean;
  /** Can match a varying number of times (`?`, `*`, `+`, `{1,63}`): where the backtracking choices come from. */
  readonly variable: boolean;
}

function all(): CharSet {
  return new Uint8Array(128).fill(1);
}

function of(...codes: number[]): CharSet {
  const set = new Uint8Array(128);
  for (const code of codes) if (code < 128) set[code] = 1;
  return set;
}

function range(set: CharSet, from: number, to: number): void {
  for (let code = from; code <= Math.min(to, 127); code++) set[code] = 1;
}

function union(target: CharSet, source: CharSet): void {
  for (let code = 0; code < 128; code++) if (source[code] === 1) target[code] = 1;
}

function invert(set: CharSet): CharSet {
  const result = new Uint8Array(128);
  for (let code = 0; code < 128; code++) result[code] = set[code] === 1 ? 0 : 1;
  return result;
}

function classEscape(letter: string): CharSet | undefined {
  const set = new Uint8Array(128);
  switch (letter.toLowerCase()) {
    case "d":
      range(set, 48, 57);
      break;
    case "w":
      range(set, 48, 57);
      range(set, 65, 90);
      range(set, 97, 122);
      set[95] = 1;
      break;
    case "s":
      for (const code of [9, 10, 11, 12, 13, 32]) set[code] = 1;
      break;
    default:
      return undefined;
  }
  return letter === letter.toUpperCase() ? invert(set) : set;
}

/** Reads one escape at `index` (just after the backslash): the set it matches and where it ends. */
function readEscape(source: string, index: number, unicode: boolean): { set: CharSet; end: number; zeroWidth: boolean } {
  const letter = source[index] ?? "";
  const shorthand = classEscape(letter);
  if (shorthand !== undefined) return { set: shorthand, end: index + 1, zeroWidth: false };
  if (letter === "b" || letter === "B") return { set: new Uint8Array(128), end: index + 1, zeroWidth: true };
  if (unicode && (letter === "u" || letter === "p" || letter === "P") && source[index + 1] === "{") {
    const close = source.indexOf("}", index);
    return { set: all(), end: close < 0 ? source.length : close + 1, zeroWidth: false };
  }
  if (letter === "x") return { set: of(parseInt(source.slice(index + 1, index + 3), 16)), end: index + 3, zeroWidth: false };
  if (letter === "u") return { set: of(parseInt(source.slice(index + 1, index + 5), 16)), end: index + 5, zeroWidth: false };
  if (letter === "c") return { set: all(), end: index + 2, zeroWidth: false };
  const controls: Record<string, number> = { n: 10, r: 13, t: 9, f: 12, v: 11, "0": 0 };
  return { set: of(controls[letter] ?? letter.charCodeAt(0)), end: index + 1, zeroWidth: false };
}

function readClass(source: string, start: number, unicode: boolean): { set: CharSet; end: number } {
  let i = start + 1;
  const negated = source[i] === "^";
  if (negated) i++;
  const set = new Uint8Array(128);
  let previous: number | undefined;
  // As in JavaScript, the first `]` closes the class, also right after `[` or `[^`.
  while (i < source.length && source[i] !== "]") {
    let code: number;
    if (source[i] === "\\") {
      const escape = readEscape(source, i + 1, unicode);
      i = escape.end;
      const single = escape.set.reduce((count, bit) => count + bit, 0) === 1 ? escape.set.indexOf(1) : undefined;
      union(set, escape.set);
      previous = single;
      continue;
    }
    code = source.charCodeAt(i);
    if (source[i] === "-" && previous !== undefined && i + 1 < source.length && source[i + 1] !== "]") {
      let to: number;
      if (source[i + 1] === "\\") {
        const escape = readEscape(source, i + 2, unicode);
        to = escape.set.indexOf(1);
        i = escape.end;
      } else {
        to = source.charCodeAt(i + 1);
        i += 2;
      }
      if (to >= 128) union(set, all());
      else range(set, previous, to);
      previous = undefined;
      continue;
    }
    if (code >= 128) union(set, all());
    else set[code] = 1;
    previous = code;
    i++;
  }
  return { set: negated ? invert(set) : set, end: i + 1 };
}

function withCase(set: CharSet, ignoreCase: boolean): CharSet {
  if (!ignoreCase) return set;
  const result = new Uint8Array(set);
  for (let code = 65; code <= 90; code++) {
    if (set[code] === 1 || set[code + 32] === 1) result[code] = result[code + 32] = 1;
  }
  return result;
}

/** Flattens a pattern (already known to have no quantified group holding a quantifier) into items. */
function flatten(source: string, ignoreCase: boolean, unicode: boolean): Item[] {
  const items: Item[] = [];
  // Per open group: where its items start, and whether it has an alternation (its items are then optional).
  const groups: { start: number; alternation: boolean }[] = [];
  let i = 0;
  let lastStart = -1;
  while (i < source.length) {
    const char = source[i] as string;
    if (char === "(") {
      groups.push({ start: items.length, alternation: false });
      if (source.startsWith("(?:", i)) i += 3;
      else if (source.startsWith("(?<", i)) i = source.indexOf(">", i) + 1;
      else i++;
      lastStart = -1;
      continue;
    }
    if (char === ")") {
      const group = groups.pop();
      if (group !== undefined) {
        if (group.alternation) {
          for (let k = group.start; k < items.length; k++) items[k] = { ...(items[k] as Item), mandatory: false };
        }
        lastStart = group.start;
      }
      i++;
      continue;
    }
    if (char === "|") {
      const group = groups[groups.length - 1];
      if (group !== undefined) group.alternation = true;
      else for (let k = 0; k < items.length; k++) items[k] = { ...(items[k] as Item), mandatory: false };
      i++;
      lastStart = -1;
      continue;
    }
    const quantifier = /^(?:\*|\+|\?|\{(\d+)(,(\d*))?\})\??/.exec(source.slice(i, i + 24));
    if (quantifier !== null && lastStart >= 0) {
      const text = quantifier[0];
      const min = text.startsWith("*") || text.startsWith("?") ? 0 : text.startsWith("+") ? 1 : Number(quantifier[1]);
      const max = text.startsWith("*") || text.startsWith("+")
        ? Infinity
        : text.startsWith("?")
          ? 1
          : quantifier[2] === undefined
            ? Number(quantifier[1])
            : quantifier[3] === "" ? Infinity : Number(quantifier[3]);
      // A quantified group becomes one item whose set is the union of its parts.
      const set = new Uint8Array(128);
      for (let k = lastStart; k < items.length; k++) union(set, (items[k] as Item).set);
      items.splice(lastStart, items.length - lastStart, { set, mandatory: min > 0, variable: max > min });
      i += text.length;
      lastStart = -1;
      continue;
    }
    let set: CharSet;
    let zeroWidth = false;
    if (char === "\\") {
      const escape = readEscape(source, i + 1, unicode);
      set = escape.set;
      zeroWidth = escape.zeroWidth;
      i = escape.end;
    } else if (char === "[") {
      const parsed = readClass(source, i, unicode);
      set = parsed.set;
      i = parsed.end;
    } else if (char === ".") {
      set = invert(of(10, 13));
      i++;
    } else if (char === "^" || char === "$") {
      zeroWidth = true;
      set = new Uint8Array(128);
      i++;
    } else {
      set = of(source.charCodeAt(i) < 128 ? source.charCodeAt(i) : 0);
      if (source.charCodeAt(i) >= 128) set = all();
      i++;
    }
    lastStart = items.length;
    items.push({ set: withCase(set, ignoreCase), mandatory: !zeroWidth, variable: false });
  }
  return items;
}

/** Printable characters first, so the message can show one. */
const CODE_ORDER = [...Array.from({ length: 94 }, (_, k) => k + 33), ...Array.from({ length: 33 }, (_, k) => k), 127];

/** Splits a pattern at its top-level `|`: each alternative is checked on its own. */
function topLevelAlternatives(source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === "\\") i++;
    else if (char === "[") {
      i++;
      while (i < source.length && source[i] !== "]") i += source[i] === "\\" ? 2 : 1;
    } else if (char === "(") depth++;
    else if (char === ")") depth--;
    else if (char === "|" && depth === 0) {
      parts.push(source.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(source.slice(start));
  return parts;
}

/** Returns a description of two overlapping variable quantifiers, or undefined when there are none. */
export function findOverlappingRepetition(source: string, flags: string): string | undefined {
  for (const alternative of topLevelAlternatives(source)) {
    const found = findInSequence(flatten(alternative, flags.includes("i"), flags.includes("u")));
    if (found !== undefined) return found;
  }
  return undefined;
}

function findInSequence(items: readonly Item[]): string | undefined {
  for (let a = 0; a < items.length; a++) {
    const first = items[a] as Item;
    if (!first.variable) continue;
    for (const code of CODE_ORDER) {
      if (first.set[code] !== 1) continue;
      for (let b = a + 1; b < items.length; b++) {
        const next = items[b] as Item;
        if (next.set[code] === 1 && next.variable) {
          const shown = code >= 33 && code <= 126 ? JSON.stringify(String.fromCharCode(code)) : `character ${code}`;
          return `two variable quantifiers (such as ?, *, + or {1,63}) that can both match ${shown} with nothing mandatory between them to separate them`;
        }
        if (next.mandatory && next.set[code] !== 1) break;
      }
    }
  }
  return undefined;
}
