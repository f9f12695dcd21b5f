/**
 * The `corsgate` command: `check`, `lint`, `convert` and `compile` a policy file. Exit codes: 0 allowed / clean,
 * 1 refused / lint errors, 2 a bad file or bad usage.
 */
import { version } from "../../package.json";
import { USAGE, UsageError, parseArguments } from "./args.js";
import { runCheck } from "./check.js";
import { runCompile } from "./compile.js";
import { runConvert } from "./convert.js";
import { createIo } from "./io.js";
import { runLint } from "./lint.js";
import { useColour } from "./output.js";
import { runAudit, runVerify } from "./verify.js";

function main(argv: readonly string[]): number | Promise<number> {
  let parsed;
  try {
    parsed = parseArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`corsgate: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (parsed.flags.has("version") || parsed.command === "version") {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  if (parsed.flags.has("help") || parsed.command === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const json = parsed.flags.has("json");
  const io = createIo(process.stdout, process.stderr, !json && useColour(process.stdout, process.env), json);
  try {
    switch (parsed.command) {
      case "check":
        return runCheck(parsed, io);
      case "lint":
        return runLint(parsed, io);
      case "convert":
        return runConvert(parsed, io);
      case "compile":
        return runCompile(parsed, io);
      case "verify":
        return runVerify(parsed, io);
      case "audit":
        return runAudit(parsed, io);
      default:
        throw new UsageError(parsed.command === undefined ? "no command given" : `unknown command ${JSON.stringify(parsed.command)}`);
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`corsgate: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
}

void Promise.resolve(main(process.argv.slice(2))).then((code) => (process.exitCode = code));
