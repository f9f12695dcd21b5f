/** What the commands print to, and the shared handling of unreadable files and refused policies (exit 2). */
import type { ConfigIssue } from "../core/errors.js";
import { isCorsConfigError } from "../core/errors.js";
import type { ParsedArguments } from "./args.js";
import { UsageError } from "./args.js";
import type { Loaded } from "./load.js";
import { FileError, loadPolicyFile } from "./load.js";
import { styles, table } from "./output.js";

export interface Io {
  readonly colour: boolean;
  out(line: string): void;
  err(line: string): void;
  /** Runs `compile`; on a `CorsConfigError` prints its issues and returns undefined. */
  compileOrReport<T>(compile: () => T, doing?: string): T | undefined;
}

/** Issue rows lined up: severity, code, path, message (hint). */
export function issueLines(issues: readonly { readonly severity: "error" | "warning" | "note"; readonly issue: ConfigIssue }[], colour: boolean): string[] {
  const style = styles(colour);
  const rows = issues.map(({ severity, issue }) => [
    severity,
    issue.code,
    issue.path === "" ? "(policy)" : issue.path,
    `${issue.message}${issue.hint === undefined ? "" : ` (${issue.hint})`}`,
  ]);
  return table(rows, "  ", (row, column, padded) => {
    if (column !== 0) return column === 1 ? style.bold(padded) : padded;
    const severity = issues[row]?.severity;
    return severity === "error" ? style.red(padded) : severity === "warning" ? style.yellow(padded) : padded;
  });
}

export function createIo(stdout: NodeJS.WriteStream, stderr: NodeJS.WriteStream, colour: boolean, json: boolean): Io {
  const io: Io = {
    colour,
    out: (line) => void stdout.write(`${line}\n`),
    err: (line) => void stderr.write(`${line}\n`),
    compileOrReport<T>(compile: () => T, doing = "read the policy"): T | undefined {
      try {
        return compile();
      } catch (error) {
        if (!isCorsConfigError(error)) throw error;
        if (json) {
          stdout.write(`${JSON.stringify({ error: "policy-invalid", issues: error.issues }, null, 2)}\n`);
        } else {
          const count = `${error.issues.length} problem${error.issues.length === 1 ? "" : "s"}`;
          io.err(`corsgate: cannot ${doing} (${count}):`);
          for (const line of issueLines(error.issues.map((issue) => ({ severity: "error" as const, issue })), false)) io.err(line);
        }
        return undefined;
      }
    },
  };
  return io;
}

/** Loads the file named on the command line; prints why not and returns undefined (exit 2). */
export function loadOrReport(parsed: ParsedArguments, io: Io): Loaded | undefined {
  if (parsed.file === undefined) throw new UsageError(`${parsed.command ?? "the command"} needs a FILE`);
  const file = parsed.file;
  return io.compileOrReport(() => {
    try {
      return loadPolicyFile(file);
    } catch (error) {
      if (error instanceof FileError) {
        io.err(`corsgate: ${error.message}`);
        return undefined;
      }
      throw error;
    }
  });
}
