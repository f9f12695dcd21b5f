/**
 * `corsgate verify FILE --url URL` and `corsgate audit --url URL`: probe a live server, print the findings
 * (a table, `--json` or `--junit`). Exit codes: 0 every probe agrees, 1 findings, 2 bad input or unreachable.
 */
import { auditServer } from "../verify/audit.js";
import type { AuditResult } from "../verify/audit.js";
import type { RunOptions } from "../verify/options.js";
import { VerifyUnreachableError } from "../verify/options.js";
import type { Probe } from "../verify/probes.js";
import { verifyPolicy } from "../verify/verify-policy.js";
import type { VerifyResult } from "../verify/verify-policy.js";
import type { ParsedArguments } from "./args.js";
import { UsageError, single } from "./args.js";
import type { Io } from "./io.js";
import { loadOrReport } from "./io.js";
import { styles, table } from "./output.js";
import { compileLookup } from "./policies.js";

function number(parsed: ParsedArguments, name: string): number | undefined {
  const written = single(parsed, name);
  if (written === undefined) return undefined;
  const value = Number(written);
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(`--${name} must be a positive number, not ${JSON.stringify(written)}`);
  return value;
}

function readHeaders(values: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const written of values) {
    const colon = written.indexOf(":");
    const name = colon < 0 ? "" : written.slice(0, colon).trim();
    const value = colon < 0 ? "" : written.slice(colon + 1).trim();
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || /[\r\n\0]/.test(value)) throw new UsageError(`--header ${JSON.stringify(written)}: write it as "Name: value"`);
    headers[name.toLowerCase()] = value;
  }
  return headers;
}

/** The sending options every probing command shares; throws `UsageError` on a bad value. */
function runOptions(parsed: ParsedArguments, io: Io, stderr: NodeJS.WriteStream): RunOptions {
  const url = single(parsed, "url");
  if (url === undefined) throw new UsageError(`${parsed.command ?? ""} needs --url, the server to probe (https://api.example.com/details)`);
  let parsedUrl: URL;
  try {
    parsedUrl = new URL(url);
  } catch {
    throw new UsageError(`--url ${JSON.stringify(url)} is not a URL`);
  }
  if (parsedUrl.protocol !== "http:" && parsedUrl.protocol !== "https:") throw new UsageError(`--url ${JSON.stringify(url)} must be http or https`);
  const rate = number(parsed, "rate");
  const concurrency = number(parsed, "concurrency");
  const timeout = number(parsed, "timeout");
  const quiet = parsed.flags.has("json") || parsed.flags.has("junit") || stderr.isTTY !== true;
  return {
    url: parsedUrl,
    headers: readHeaders(parsed.options.get("header") ?? []),
    insecure: parsed.flags.has("insecure"),
    ...(rate === undefined ? {} : { rate }),
    ...(concurrency === undefined ? {} : { concurrency }),
    ...(timeout === undefined ? {} : { timeout: timeout * 1000 }),
    ...(quiet ? {} : { onProgress: progressBar(stderr, io.colour) }),
  };
}

/** A one-line progress bar on a terminal, for runs long enough to need one. */
function progressBar(stderr: NodeJS.WriteStream, colour: boolean): (done: number, total: number) => void {
  const style = styles(colour);
  return (done, total) => {
    if (total < 20) return;
    const width = 30;
    const filled = Math.round((done / total) * width);
    stderr.write(`\r${style.dim("probing")} [${"#".repeat(filled)}${" ".repeat(width - filled)}] ${done}/${total}${done === total ? "\r\u001b[K" : ""}`);
  };
}

function unreachable(error: unknown, io: Io): number {
  if (!(error instanceof VerifyUnreachableError)) throw error;
  io.err(`corsgate: ${error.message}`);
  return 2;
}

/** `corsgate verify`. Usage problems throw synchronously; the probing is asynchronous. */
export function runVerify(parsed: ParsedArguments, io: Io, stderr: NodeJS.WriteStream = process.stderr): number | Promise<number> {
  const options = runOptions(parsed, io, stderr);
  const paths = parsed.options.get("path");
  for (const path of paths ?? []) if (!path.startsWith("/")) throw new UsageError(`--path ${JSON.stringify(path)} must start with /`);
  const loaded = loadOrReport(parsed, io);
  if (loaded === undefined) return 2;
  // Compile now, so a bad policy is reported (exit 2) before anything is sent.
  if (io.compileOrReport(() => compileLookup(loaded)) === undefined) return 2;
  const target = loaded.shape === "policy" ? loaded.config : loaded.routes;
  return verifyPolicy(target, { ...options, ...(paths === undefined ? {} : { paths }) }).then((result) => {
    if (parsed.flags.has("json")) io.out(JSON.stringify(result, null, 2));
    else if (parsed.flags.has("junit")) io.out(verifyJunit(result));
    else printVerify(result, io);
    return result.findings.length === 0 ? 0 : 1;
  }, (error: unknown) => unreachable(error, io));
}

/** `corsgate audit`. */
export function runAudit(parsed: ParsedArguments, io: Io, stderr: NodeJS.WriteStream = process.stderr): number | Promise<number> {
  if (parsed.file !== undefined) throw new UsageError(`audit takes no FILE (it probes without a policy); to check a policy, use verify ${parsed.file}`);
  const options = runOptions(parsed, io, stderr);
  const origin = single(parsed, "origin");
  return auditServer({ ...options, ...(origin === undefined ? {} : { origin }) }).then((result) => {
    if (parsed.flags.has("json")) io.out(JSON.stringify(result, null, 2));
    else if (parsed.flags.has("junit")) io.out(auditJunit(result));
    else printAudit(result, origin, io);
    return result.findings.length === 0 ? 0 : 1;
  }, (error: unknown) => unreachable(error, io));
}

export function describeProbe(probe: Probe): string {
  const origin = probe.origin === undefined ? "without Origin" : `from ${probe.origin.origin}`;
  if (probe.kind !== "preflight") return `GET ${probe.path} ${origin}`;
  const extras = [
    ...(probe.requestHeaders !== undefined && probe.requestHeaders.length > 0 ? [`headers ${probe.requestHeaders.join(",")}`] : []),
    ...(probe.privateNetwork === true ? ["private network"] : []),
  ];
  return `preflight ${probe.requestMethod ?? ""} ${probe.path} ${origin}${extras.length === 0 ? "" : ` (${extras.join("; ")})`}`;
}

function printVerify(result: VerifyResult, io: Io): void {
  const style = styles(io.colour);
  io.out(style.bold(`corsgate verify: ${result.probes.length} probes against ${result.url}`));
  for (const note of result.notes) io.out(style.yellow(`  note: ${note}`));
  if (result.findings.length === 0) {
    io.out(style.green("✔ every probe agrees with the policy"));
    return;
  }
  const rows = result.findings.map((finding) => [finding.severity, finding.code, finding.message]);
  for (const line of table(rows, "  ", (row, column, padded) => (column === 0 ? (result.findings[row]?.severity === "error" ? style.red(padded) : style.yellow(padded)) : column === 1 ? style.dim(padded) : padded))) {
    io.out(line);
  }
  const errors = result.findings.filter((finding) => finding.severity === "error").length;
  io.out(style.red(style.bold(`✘ ${result.findings.length} finding${result.findings.length === 1 ? "" : "s"} (${errors} error${errors === 1 ? "" : "s"}): the server does not answer as the policy says`)));
}

function printAudit(result: AuditResult, origin: string | undefined, io: Io): void {
  const style = styles(io.colour);
  io.out(style.bold(`corsgate audit: ${result.probes} probes against ${result.url}${origin === undefined ? "" : ` (trusted origin ${origin})`}`));
  if (result.findings.length === 0) {
    io.out(style.green("✔ none of the known misconfigurations found"));
    return;
  }
  for (const finding of result.findings) {
    const severity = finding.severity === "high" ? style.red(finding.severity) : style.yellow(finding.severity);
    io.out(`  ${severity}  ${style.bold(finding.code)}: ${finding.message}`);
    io.out(style.dim(`        fix: ${JSON.stringify(finding.fix)}`));
  }
  io.out(style.red(style.bold(`✘ ${result.findings.length} finding${result.findings.length === 1 ? "" : "s"}`)));
}

function xml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");
}

/** JUnit XML: one test case per probe, failed when it has findings. */
export function verifyJunit(result: VerifyResult): string {
  const failures = result.probes.filter((probe) => probe.findings.length > 0).length;
  const cases = result.probes.map((entry) => {
    const name = xml(describeProbe(entry.probe));
    const classname = xml(entry.route === undefined ? "corsgate.verify" : `corsgate.verify.${entry.route}`);
    if (entry.findings.length === 0) return `    <testcase classname="${classname}" name="${name}"/>`;
    const failure = entry.findings.map((finding) => xml(`${finding.code}: ${finding.message}`)).join("&#10;");
    return `    <testcase classname="${classname}" name="${name}">\n      <failure type="${xml(entry.findings[0]?.code ?? "")}" message="${failure}"/>\n    </testcase>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n  <testsuite name="corsgate verify ${xml(result.url)}" tests="${result.probes.length}" failures="${failures}">\n${cases.join("\n")}\n  </testsuite>\n</testsuites>`;
}

function auditJunit(result: AuditResult): string {
  const cases = result.findings.map(
    (finding) => `    <testcase classname="corsgate.audit" name="${xml(finding.code)}">\n      <failure type="${finding.severity}" message="${xml(`${finding.message} (fix: ${JSON.stringify(finding.fix)})`)}"/>\n    </testcase>`,
  );
  if (cases.length === 0) cases.push(`    <testcase classname="corsgate.audit" name="known misconfigurations"/>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n  <testsuite name="corsgate audit ${xml(result.url)}" tests="${cases.length}" failures="${result.findings.length}">\n${cases.join("\n")}\n  </testsuite>\n</testsuites>`;
}
