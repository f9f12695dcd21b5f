/**
 * The chart in docs/images/benchmarks.svg, written by hand (no chart library): left, the in-process cost of
 * one decision per library (log scale); right, server throughput relative to the same server without CORS.
 */
import type { MicroResults } from "../micro/index.js";
import type { ServerResults } from "../servers/index.js";

const COLORS: Readonly<Record<string, string>> = {
  "corsgate evaluate": "#1b7f3b",
  corsgate: "#1b7f3b",
  floor: "#9aa5b1",
  cors: "#c0392b",
  "@fastify/cors": "#d68910",
  "hono/cors": "#7d3c98",
  peer: "#c0392b",
};

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function text(x: number, y: number, content: string, attributes = ""): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attributes}>${escape(content)}</text>`;
}

const WIDTH = 980;
const PANEL = 450;

function microPanel(micro: MicroResults | undefined, left: number, top: number): { svg: string; height: number } {
  const parts: string[] = [text(left, top, "One decision in-process, 1 exact origin (ns, log scale)", 'font-weight="bold"')];
  if (micro === undefined) return { svg: parts.concat(text(left, top + 24, "not run")).join("\n"), height: 40 };
  const contenders = ["corsgate evaluate", "cors", "@fastify/cors", "hono/cors"];
  const requests = ["allowed GET", "preflight", "refused origin"];
  const labelWidth = 130;
  const barArea = PANEL - labelWidth - 60;
  const values = micro.compare.filter((each) => each.policy === "1 exact").map((each) => each.ns.median);
  const maxLog = Math.log10(Math.max(...values, 10) * 1.5);
  const minLog = 0; // 1 ns
  const scale = (ns: number): number => ((Math.log10(Math.max(ns, 1)) - minLog) / (maxLog - minLog)) * barArea;
  let y = top + 22;
  for (const request of requests) {
    parts.push(text(left, y + 4, request, 'font-weight="bold" font-size="12"'));
    y += 12;
    for (const contender of contenders) {
      const found = micro.compare.find((each) => each.contender === contender && each.policy === "1 exact" && each.request === request);
      if (found === undefined) continue;
      const width = scale(found.ns.median);
      parts.push(text(left + labelWidth - 6, y + 11, contender, 'text-anchor="end" font-size="11"'));
      parts.push(`<rect x="${left + labelWidth}" y="${y + 2}" width="${width.toFixed(1)}" height="12" fill="${COLORS[contender] ?? "#555"}"/>`);
      parts.push(text(left + labelWidth + width + 4, y + 12, `${found.ns.median < 100 ? found.ns.median.toFixed(1) : Math.round(found.ns.median)} ns`, 'font-size="11"'));
      y += 16;
    }
    y += 10;
  }
  return { svg: parts.join("\n"), height: y - top };
}

function serverPanel(servers: ServerResults | undefined, left: number, top: number): { svg: string; height: number } {
  const parts: string[] = [text(left, top, "Capacity ÷ the same server without CORS (by CPU time)", 'font-weight="bold"')];
  if (servers === undefined) return { svg: parts.concat(text(left, top + 24, "not run")).join("\n"), height: 40 };
  const labelWidth = 150;
  const barArea = PANEL - labelWidth - 50;
  const frameworks: [string, string][] = [
    ["node", "node:http"],
    ["express", "Express"],
    ["fastify", "Fastify"],
    ["fetch", "fetch (Hono app)"],
  ];
  let y = top + 22;
  for (const [framework, name] of frameworks) {
    for (const request of ["allowed GET", "preflight"]) {
      if (!servers.cells.some((each) => each.framework === framework && each.request === request)) continue;
      parts.push(text(left, y + 4, `${name}, ${request}`, 'font-weight="bold" font-size="12"'));
      y += 12;
      for (const variant of ["floor", "corsgate", "peer"]) {
        const found = servers.cells.find((each) => each.framework === framework && each.request === request && each.variant === variant);
        if (found === undefined) continue;
        const ratio = found.cpuVsNone.median;
        const width = Math.max(0, Math.min(ratio, 1.1)) * barArea;
        const label = variant === "peer" ? found.label.split(" + ")[1] ?? "peer" : variant === "floor" ? "floor (constants)" : "corsgate";
        parts.push(text(left + labelWidth - 6, y + 11, label, 'text-anchor="end" font-size="11"'));
        parts.push(`<rect x="${left + labelWidth}" y="${y + 2}" width="${width.toFixed(1)}" height="11" fill="${COLORS[variant] ?? "#555"}"/>`);
        parts.push(text(left + labelWidth + width + 4, y + 12, ratio.toFixed(3), 'font-size="11"'));
        y += 14;
      }
      y += 12;
    }
  }
  // The 1.0 line: the same server with no CORS layer at all.
  parts.push(`<line x1="${left + labelWidth + barArea}" y1="${top + 14}" x2="${left + labelWidth + barArea}" y2="${y}" stroke="#333" stroke-dasharray="3,3"/>`);
  parts.push(text(left + labelWidth + barArea, y + 12, "1.0 = no CORS", 'text-anchor="middle" font-size="11"'));
  return { svg: parts.join("\n"), height: y + 16 - top };
}

export function renderChart(micro: MicroResults | undefined, servers: ServerResults | undefined, caption: string): string {
  const top = 30;
  const left = microPanel(micro, 20, top + 20);
  const right = serverPanel(servers, 20 + PANEL + 40, top + 20);
  const height = Math.max(left.height, right.height) + top + 50;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="13" fill="#222">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    text(20, top, `corsgate benchmarks — ${caption}`, 'font-size="16" font-weight="bold"'),
    left.svg,
    right.svg,
    "</svg>",
    "",
  ].join("\n");
}
