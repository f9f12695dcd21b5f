/** Writes docs/benchmarks.md and docs/images/benchmarks.svg from the latest results. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Machine } from "../machine.js";
import type { MicroResults } from "../micro/index.js";
import type { ServerResults } from "../servers/index.js";
import { renderChart } from "./chart.js";
import { renderMarkdown, type Baseline } from "./markdown.js";
import { checkTargets } from "./targets.js";

export interface ReportInput {
  readonly micro: { readonly machine: Machine; readonly results: MicroResults } | undefined;
  readonly servers: { readonly machine: Machine; readonly results: ServerResults } | undefined;
  readonly markdownPath: string;
  readonly svgPath: string;
  readonly baseline?: Baseline | undefined;
}

export function writeReport(input: ReportInput): { summary: string } {
  const checks = checkTargets(input.micro?.results, input.servers?.results);
  const machine = input.micro?.machine ?? input.servers?.machine;
  const caption = machine === undefined ? "no results" : `${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${machine.date.slice(0, 10)}`;
  mkdirSync(dirname(input.svgPath), { recursive: true });
  writeFileSync(input.svgPath, renderChart(input.micro?.results, input.servers?.results, caption));
  // The soak section is written by `npm run bench:soak` (a long run of its own) and kept as it was last measured.
  const soakPath = join(dirname(input.markdownPath), "..", "bench", "baselines", "soak.md");
  const soak = existsSync(soakPath) ? readFileSync(soakPath, "utf8") : undefined;
  writeFileSync(input.markdownPath, renderMarkdown(input.micro, input.servers, checks, input.baseline, soak));
  const met = checks.filter((check) => check.met).length;
  const lines = checks.map((check) => `${check.met ? "met    " : "MISSED "} ${check.what}: ${check.measured} (target ${check.target})`);
  return { summary: [...lines, `${met} of ${checks.length} targets met`].join("\n") };
}
