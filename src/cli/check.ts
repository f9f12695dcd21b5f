/** `corsgate check`: simulate the browser's requests against a policy file and say whether the page may read the response. */
import type { ConfigIssue } from "../core/errors.js";
import { parseConfigOrigin } from "../core/origin/config-origin.js";
import type { CorsPolicy } from "../core/types.js";
import { joinPath } from "../mesh/issues.js";
import type { ParsedArguments } from "./args.js";
import { UsageError, single } from "./args.js";
import type { SimulatedFetch, Simulation, Step } from "./browser.js";
import { simulate } from "./browser.js";
import type { Io } from "./io.js";
import { issueLines, loadOrReport } from "./io.js";
import { styles, table, wrap } from "./output.js";
import { compileLookup } from "./policies.js";

function readHeaders(values: readonly string[]): SimulatedFetch["headers"] {
  return values.map((written) => {
    const colon = written.indexOf(":");
    const name = (colon < 0 ? written : written.slice(0, colon)).trim();
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new UsageError(`--header ${JSON.stringify(written)}: ${JSON.stringify(name)} is not a header name`);
    return { name, value: colon < 0 ? undefined : written.slice(colon + 1).trim() };
  });
}

/**
 * `--origin` is what the browser sends in `Origin`: a serialized origin, or `null` (a sandboxed iframe, a
 * `file:` page). Anything else is a typo, not a request worth simulating: a usage error with the origin a
 * browser would send (`did you mean https://app.example.com?`), checked by the same rules as a policy's origins.
 */
function readOrigin(written: string): string {
  if (written === "null") return written;
  const problems: ConfigIssue[] = [];
  const parsed = parseConfigOrigin(written, "--origin", problems, { ignoreCase: false, allowPattern: false });
  const problem = problems[0];
  if (parsed.ok || problem === undefined) return written;
  throw new UsageError(`--origin ${problem.message}${problem.hint === undefined ? "" : `; ${problem.hint}`}`);
}

export function runCheck(parsed: ParsedArguments, io: Io): number {
  const written = single(parsed, "origin");
  if (written === undefined) throw new UsageError("check needs --origin, the origin of the page making the request (https://app.example.com)");
  const origin = readOrigin(written);
  const path = single(parsed, "path") ?? "/";
  if (!path.startsWith("/")) throw new UsageError(`--path ${JSON.stringify(path)} must start with /`);
  const request: SimulatedFetch = {
    origin,
    method: single(parsed, "method") ?? "GET",
    headers: readHeaders(parsed.options.get("header") ?? []),
    path,
    credentials: parsed.flags.has("credentials"),
  };
  const loaded = loadOrReport(parsed, io);
  if (loaded === undefined) return 2;
  const compiled = io.compileOrReport(() => compileLookup(loaded));
  if (compiled === undefined) return 2;
  // Remember the policies the simulation used, to show their warnings.
  const used = new Set<CorsPolicy>();
  const result = simulate(request, (target) => {
    const found = compiled.lookup(target);
    if (found.policy !== undefined) used.add(found.policy);
    return found;
  });
  const warnings = [
    ...loaded.warnings,
    ...[...used].flatMap((policy) => policy.warnings.map((issue) => ({ ...issue, path: joinPath(compiled.sourceOf(policy), issue.path) }))),
  ];
  if (parsed.flags.has("json")) {
    io.out(JSON.stringify({ format: loaded.format, request, ...result, warnings }, null, 2));
  } else {
    printSimulation(request, result, io);
    if (warnings.length > 0) {
      io.out("");
      io.out(styles(io.colour).yellow(`The policy has ${warnings.length} warning${warnings.length === 1 ? "" : "s"}:`));
      for (const line of issueLines(warnings.map((issue) => ({ severity: "warning" as const, issue })), io.colour)) io.out(line);
    }
  }
  return result.allowed ? 0 : 1;
}

function printSimulation(request: SimulatedFetch, result: Simulation, io: Io): void {
  const style = styles(io.colour);
  const what = `${request.method} ${request.path} from ${request.origin}${request.credentials ? " with credentials" : ""}`;
  io.out(style.bold(`corsgate check: ${what}`));
  if (result.droppedHeaders.length > 0) {
    io.out(style.yellow(`  note: a browser does not let a script set ${result.droppedHeaders.join(", ")}; left out`));
  }
  result.steps.forEach((step, index) => printStep(step, index + 1, io));
  io.out("");
  const last = result.steps[result.steps.length - 1];
  if (result.allowed) io.out(style.green(style.bold("allowed: the browser lets the page read the response")));
  else io.out(style.red(style.bold(`refused: ${last?.failure ?? "the browser refuses"}`)));
}

function printStep(step: Step, number: number, io: Io): void {
  const style = styles(io.colour);
  const title = step.step === "preflight" ? "Preflight" : "Request";
  const verdict = step.passed ? style.green("✔ passes") : style.red("✘ refused");
  io.out("");
  io.out(`${style.bold(`${number}. ${title}`)}  ${verdict}${step.route === undefined ? "" : style.dim(`  (route ${step.route})`)}`);
  const rows: string[][] = [[`${step.request.method} ${step.request.path}`, ""]];
  for (const [name, value] of Object.entries(step.request.headers)) rows.push([name, value]);
  const decision = step.decision;
  if (decision === undefined) {
    rows.push(["→ no CORS policy", "the application answers, without CORS headers"]);
  } else if (decision.action === "respond") {
    rows.push([`← ${decision.status ?? ""}`, "answered by corsgate; the handler is not called"]);
  } else {
    rows.push(["→ handler runs", "corsgate adds these headers to its response"]);
  }
  const responseStart = rows.length;
  if (decision !== undefined) {
    for (const [name, value] of Object.entries(decision.headers)) rows.push([name, value]);
    if (decision.vary.length > 0) rows.push(["vary (merged)", decision.vary.join(", ")]);
    if (decision.action === "continue" && Object.keys(decision.headers).length === 0) rows.push(["(no CORS header)", ""]);
  }
  const lines = table(rows, "   ", (row, column, padded) => (row === 0 || row === responseStart - 1 ? style.bold(padded) : column === 0 ? style.dim(padded) : padded));
  for (const line of lines) io.out(line);
  if (step.failure !== undefined) io.out(style.red(`   The browser refuses: ${step.failure}.`));
  for (const line of wrap(step.explanation, "   ")) io.out(style.dim(line));
}
