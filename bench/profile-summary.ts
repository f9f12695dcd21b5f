/**
 * Prints the functions with the most self time in a V8 `.cpuprofile` (as written by `node --cpu-prof`).
 * Usage: tsx bench/profile-summary.ts <file.cpuprofile> [top]
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg = "15"] = process.argv.slice(2);
if (file === undefined) throw new Error("usage: tsx bench/profile-summary.ts <file.cpuprofile> [top]");
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfTime = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, index) => {
  const delta = profile.timeDeltas[index] ?? 0;
  total += delta;
  const frame = byId.get(id)?.callFrame;
  const key = frame === undefined ? "(unknown)" : `${frame.functionName || "(anonymous)"} ${frame.url.split("/").slice(-1)[0]}:${frame.lineNumber + 1}`;
  selfTime.set(key, (selfTime.get(key) ?? 0) + delta);
});
const rows = [...selfTime.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg));
for (const [key, time] of rows) console.log(`${((100 * time) / total).toFixed(1).padStart(5)}%  ${key}`);
