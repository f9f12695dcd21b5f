/**
 * One server in its own process (pinned to a core by the caller). Prints "PORT <n>" once listening; answers
 * each "cpu" line on its standard input with "CPU <microseconds>" (its own user + system time so far, so the
 * caller can compute CPU time per request, which other work on a shared machine disturbs far less than
 * requests per second); stops when its standard input closes.
 * Usage: taskset -c 0 node server-main.mjs <framework> <variant>
 */
import { createInterface } from "node:readline";
import { FRAMEWORKS, VARIANTS, startServer, type Framework, type Variant } from "./apps.js";

const [framework, variant] = process.argv.slice(2) as [Framework, Variant];
if (!FRAMEWORKS.includes(framework) || !VARIANTS.includes(variant)) {
  throw new Error(`usage: server-main <${FRAMEWORKS.join("|")}> <${VARIANTS.join("|")}>`);
}
const running = await startServer(framework, variant);
process.stdout.write(`PORT ${running.port}\n`);
const commands = createInterface({ input: process.stdin });
commands.on("line", (line) => {
  if (line.trim() !== "cpu") return;
  const usage = process.cpuUsage();
  process.stdout.write(`CPU ${usage.user + usage.system}\n`);
});
commands.on("close", () => {
  void running.close().then(() => process.exit(0));
});
