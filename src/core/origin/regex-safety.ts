/**
 * The fixed rule of SPEC §1.2 for `regex-unsafe`: refuse a quantifier applied to a group that contains a
 * quantifier or an alternation, a backreference, or a lookaround. These are the constructs that make a
 * backtracking engine (V8's) take more than linear time; RE2, which Envoy uses, has none of them.
 * Returns the reason a pattern is unsafe, or undefined.
 */
export function findUnsafeConstruct(source: string, flags = ""): string | undefined {
  // Without the u flag, \p{…} and \u{…} are not one escape: `\p` is a plain `p` and `{` is a brace or a quantifier.
  const unicode = flags.includes("u");
  interface Frame {
    hasQuantifier: boolean;
    hasAlternation: boolean;
  }
  const stack: Frame[] = [{ hasQuantifier: false, hasAlternation: false }];
  // What the next quantifier applies to: a group (with what it contains) or a plain atom.
  let lastAtom: Frame | "atom" | undefined;
  const length = source.length;
  let i = 0;
  while (i < length) {
    const char = source[i];
    const frame = stack[stack.length - 1] as Frame;
    if (char === "\\") {
      const next = source[i + 1] ?? "";
      if (/[1-9]/.test(next) || (next === "k" && source[i + 2] === "<")) return "a backreference";
      if (unicode && (next === "u" || next === "p" || next === "P") && source[i + 2] === "{") {
        const close = source.indexOf("}", i + 3);
        i = close < 0 ? length : close + 1;
      } else {
        i += 2;
      }
      lastAtom = "atom";
      continue;
    }
    if (char === "[") {
      i++;
      // In JavaScript a `]` right after `[` or `[^` closes the class (`[^]` is any character): no POSIX rule here.
      if (source[i] === "^") i++;
      while (i < length && source[i] !== "]") i += source[i] === "\\" ? 2 : 1;
      i++;
      lastAtom = "atom";
      continue;
    }
    if (char === "(") {
      if (source.startsWith("(?=", i) || source.startsWith("(?!", i) || source.startsWith("(?<=", i) || source.startsWith("(?<!", i)) {
        return "a lookaround";
      }
      stack.push({ hasQuantifier: false, hasAlternation: false });
      if (source.startsWith("(?:", i)) i += 3;
      else if (source.startsWith("(?<", i)) {
        const close = source.indexOf(">", i);
        i = close < 0 ? length : close + 1;
      } else i++;
      lastAtom = undefined;
      continue;
    }
    if (char === ")") {
      const closed = stack.length > 1 ? (stack.pop() as Frame) : frame;
      const parent = stack[stack.length - 1] as Frame;
      // What a group contains, its parent contains too.
      parent.hasQuantifier ||= closed.hasQuantifier;
      parent.hasAlternation ||= closed.hasAlternation;
      lastAtom = closed;
      i++;
      continue;
    }
    if (char === "|") {
      frame.hasAlternation = true;
      lastAtom = undefined;
      i++;
      continue;
    }
    const quantifierLength = readQuantifier(source, i);
    if (quantifierLength > 0) {
      if (typeof lastAtom === "object" && (lastAtom.hasQuantifier || lastAtom.hasAlternation)) {
        return lastAtom.hasQuantifier
          ? "a quantifier applied to a group that itself contains a quantifier"
          : "a quantifier applied to a group that contains an alternation";
      }
      frame.hasQuantifier = true;
      i += quantifierLength;
      if (source[i] === "?") i++; // lazy
      lastAtom = undefined;
      continue;
    }
    lastAtom = "atom";
    i++;
  }
  return undefined;
}

/** Length of the quantifier at `index` (`*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`), or 0. */
function readQuantifier(source: string, index: number): number {
  const char = source[index];
  if (char === "*" || char === "+" || char === "?") return 1;
  if (char !== "{") return 0;
  const match = /^\{\d+(,\d*)?\}/.exec(source.slice(index, index + 24));
  return match === null ? 0 : match[0].length;
}

/**
 * Where a regex clearly means "any subdomain of a domain", the Gateway API pattern that says it safely,
 * e.g. `https://([a-z0-9-]+\.)+example\.com` → `https://*.example.com`.
 */
export function suggestPattern(source: string): string | undefined {
  const match = /^\^?(https?)(\?)?:\/\/.*\)[*+?]?((?:[A-Za-z0-9-]|\\\.)+)\$?$/.exec(source);
  if (match === null) return undefined;
  const domain = (match[3] ?? "").replace(/\\\./g, ".").replace(/^\.+/, "");
  if (!domain.includes(".")) return undefined;
  return `${match[1]}://*.${domain.toLowerCase()}`;
}

/**
 * `regex-unescaped-dot`: an unescaped `.` between two letters or digits (`example.com`), where a literal host
 * separator is almost certainly meant: as written it also matches `exampleXcom`.
 */
export function findUnescapedHostDot(source: string): number {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === "\\") {
      i++;
      continue;
    }
    if (inClass) {
      if (char === "]") inClass = false;
      continue;
    }
    if (char === "[") {
      inClass = true;
      continue;
    }
    if (char === "." && /[A-Za-z0-9]/.test(source[i - 1] ?? "") && /[A-Za-z0-9]/.test(source[i + 1] ?? "")) return i;
  }
  return -1;
}
