/**
 * A backtracking regex matcher that counts its steps, for the regex-linearity test. It explores alternatives in
 * the same order as V8's Irregexp (greedy first, left alternative first, no memoization), so its step count is
 * a deterministic stand-in for V8's work: Irregexp's optimizations only prune this search, never widen it.
 *
 * It reads the subset of JavaScript regex syntax the test's corpus uses: literals, `.`, escapes (`\d \w \s` and
 * escaped punctuation), classes with ranges and negation, groups (capturing, `(?:`), alternation and the
 * quantifiers `* + ? {n} {n,} {n,m}` with their lazy forms. Anything else throws, so the corpus cannot drift
 * outside what is measured.
 */

type CharTest = (code: number) => boolean;

type Node =
  | { readonly type: "char"; readonly test: CharTest }
  | { readonly type: "sequence"; readonly items: readonly Node[] }
  | { readonly type: "alternation"; readonly options: readonly Node[] }
  | { readonly type: "repeat"; readonly body: Node; readonly min: number; readonly max: number; readonly lazy: boolean };

const isDigit: CharTest = (code) => code >= 48 && code <= 57;
const isWord: CharTest = (code) => isDigit(code) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
const isSpace: CharTest = (code) => code === 32 || (code >= 9 && code <= 13);

function escapeTest(letter: string): CharTest {
  switch (letter) {
    case "d": return isDigit;
    case "D": return (code) => !isDigit(code);
    case "w": return isWord;
    case "W": return (code) => !isWord(code);
    case "s": return isSpace;
    case "S": return (code) => !isSpace(code);
    default:
      if (/[A-Za-z0-9]/.test(letter)) throw new Error(`unsupported escape \\${letter}`);
      return (code) => code === letter.charCodeAt(0);
  }
}

class Parser {
  private index = 0;
  constructor(private readonly source: string) {}

  parse(): Node {
    const node = this.alternation();
    if (this.index !== this.source.length) throw new Error(`unexpected ${this.source[this.index]} at ${this.index}`);
    return node;
  }

  private alternation(): Node {
    const options = [this.sequence()];
    while (this.source[this.index] === "|") {
      this.index++;
      options.push(this.sequence());
    }
    return options.length === 1 ? (options[0] as Node) : { type: "alternation", options };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.index < this.source.length && this.source[this.index] !== "|" && this.source[this.index] !== ")") {
      items.push(this.quantified(this.atom()));
    }
    return { type: "sequence", items };
  }

  private atom(): Node {
    const char = this.source[this.index] as string;
    if (char === "(") {
      this.index += this.source.startsWith("(?:", this.index) ? 3 : 1;
      if (this.source[this.index] === "?") throw new Error("unsupported group");
      const inner = this.alternation();
      if (this.source[this.index] !== ")") throw new Error("unclosed group");
      this.index++;
      return inner;
    }
    if (char === "[") return { type: "char", test: this.charClass() };
    if (char === "\\") {
      this.index += 2;
      return { type: "char", test: escapeTest(this.source[this.index - 1] ?? "") };
    }
    if ("*+?{}^$".includes(char)) throw new Error(`unsupported ${char} at ${this.index}`);
    this.index++;
    if (char === ".") return { type: "char", test: (code) => code !== 10 && code !== 13 && code !== 0x2028 && code !== 0x2029 };
    const code = char.charCodeAt(0);
    return { type: "char", test: (other) => other === code };
  }

  private charClass(): CharTest {
    this.index++;
    const negated = this.source[this.index] === "^";
    if (negated) this.index++;
    const parts: CharTest[] = [];
    while (this.source[this.index] !== "]") {
      if (this.index >= this.source.length) throw new Error("unclosed class");
      let test: CharTest;
      let code: number | undefined;
      if (this.source[this.index] === "\\") {
        const letter = this.source[this.index + 1] ?? "";
        test = escapeTest(letter);
        code = /[dDwWsS]/.test(letter) ? undefined : letter.charCodeAt(0);
        this.index += 2;
      } else {
        code = this.source.charCodeAt(this.index);
        const single = code;
        test = (other) => other === single;
        this.index++;
      }
      if (code !== undefined && this.source[this.index] === "-" && this.source[this.index + 1] !== "]") {
        const to = this.source.charCodeAt(this.index + 1);
        const from = code;
        test = (other) => other >= from && other <= to;
        this.index += 2;
      }
      parts.push(test);
    }
    this.index++;
    const inClass: CharTest = (code) => parts.some((part) => part(code));
    return negated ? (code) => !inClass(code) : inClass;
  }

  private quantified(atom: Node): Node {
    const rest = this.source.slice(this.index);
    const match = /^(?:([*+?])|\{(\d+)(?:(,)(\d*))?\})(\?)?/.exec(rest);
    if (match === null) return atom;
    this.index += match[0].length;
    const [, symbol, minText, comma, maxText, lazy] = match;
    let min: number;
    let max: number;
    if (symbol !== undefined) {
      min = symbol === "+" ? 1 : 0;
      max = symbol === "?" ? 1 : Infinity;
    } else {
      min = Number(minText);
      max = comma === undefined ? min : maxText === "" ? Infinity : Number(maxText);
    }
    return { type: "repeat", body: atom, min, max, lazy: lazy !== undefined };
  }
}

// Instructions of the backtracking machine (as in Thompson / Pike VMs, run depth-first like Irregexp).
type Instruction =
  | { op: "char"; test: CharTest }
  | { op: "split"; first: number; second: number }
  | { op: "jump"; to: number }
  | { op: "match" };

function compile(node: Node, program: Instruction[]): void {
  switch (node.type) {
    case "char":
      program.push({ op: "char", test: node.test });
      return;
    case "sequence":
      for (const item of node.items) compile(item, program);
      return;
    case "alternation": {
      const jumps: { op: "jump"; to: number }[] = [];
      node.options.forEach((option, index) => {
        if (index < node.options.length - 1) {
          const split: Instruction = { op: "split", first: program.length + 1, second: -1 };
          program.push(split);
          compile(option, program);
          const jump = { op: "jump" as const, to: -1 };
          jumps.push(jump);
          program.push(jump);
          split.second = program.length;
        } else {
          compile(option, program);
        }
      });
      for (const jump of jumps) jump.to = program.length;
      return;
    }
    case "repeat": {
      for (let i = 0; i < node.min; i++) compile(node.body, program);
      if (node.max === Infinity) {
        const split: Instruction = { op: "split", first: -1, second: -1 };
        const start = program.length;
        program.push(split);
        compile(node.body, program);
        program.push({ op: "jump", to: start });
        const after = program.length;
        split.first = node.lazy ? after : start + 1;
        split.second = node.lazy ? start + 1 : after;
        return;
      }
      // x{0,k}: k nested optional copies, each tried (greedy) before leaving.
      const splits: { op: "split"; first: number; second: number }[] = [];
      for (let i = node.min; i < node.max; i++) {
        const split = { op: "split" as const, first: program.length + 1, second: -1 };
        splits.push(split);
        program.push(split);
        compile(node.body, program);
      }
      for (const split of splits) {
        if (node.lazy) {
          split.second = split.first;
          split.first = program.length;
        } else {
          split.second = program.length;
        }
      }
      return;
    }
  }
}

export interface CompiledPattern {
  readonly program: readonly Instruction[];
  /** Instructions in the program: a linear-time engine visits each (instruction, position) pair at most once. */
  readonly size: number;
}

/** Compiles a pattern as `createPolicy` runs it: the whole origin must match, `^(?:pattern)$`. */
export function compilePattern(source: string): CompiledPattern {
  const program: Instruction[] = [];
  compile(new Parser(source).parse(), program);
  program.push({ op: "match" });
  return { program, size: program.length };
}

export interface RunResult {
  readonly matched: boolean;
  /** Instructions executed, backtracking included. */
  readonly steps: number;
  /** True when the run stopped at `stepLimit` before deciding. */
  readonly exhausted: boolean;
}

/** Runs the anchored match of `input`, counting every instruction executed; stops after `stepLimit` steps. */
export function run(pattern: CompiledPattern, input: string, stepLimit: number): RunResult {
  const program = pattern.program;
  const stack: number[] = [0, 0]; // pairs of (pc, position) still to try
  let steps = 0;
  while (stack.length > 0) {
    let position = stack.pop() as number;
    let pc = stack.pop() as number;
    for (;;) {
      if (++steps > stepLimit) return { matched: false, steps, exhausted: true };
      const instruction = program[pc] as Instruction;
      if (instruction.op === "char") {
        if (position < input.length && instruction.test(input.charCodeAt(position))) {
          pc++;
          position++;
          continue;
        }
        break;
      }
      if (instruction.op === "jump") {
        pc = instruction.to;
        continue;
      }
      if (instruction.op === "split") {
        stack.push(instruction.second, position);
        pc = instruction.first;
        continue;
      }
      if (position === input.length) return { matched: true, steps, exhausted: false };
      break;
    }
  }
  return { matched: false, steps, exhausted: false };
}
