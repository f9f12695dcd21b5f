/**
 * One server in its own process (pinned to a core by the caller). Prints "PORT <n>" once listening, and
 * stops when its standard input closes.
 * Usage: taskset -c 0 node server-main.mjs <framework> <variant>
 */
import { FRAMEWORKS, VARIANTS, startServer, type Framework, type Variant } from "./apps.js";

const [framework, variant] = process.argv.slice(2) as [Framework, Variant];
if (!FRAMEWORKS.includes(framework) || !VARIANTS.includes(variant)) {
  throw new Error(`usage: server-main <${FRAMEWORKS.join("|")}> <${VARIANTS.join("|")}>`);
}
const running = await startServer(framework, variant);
process.stdout.write(`PORT ${running.port}\n`);
process.stdin.resume();
process.stdin.on("end", () => {
  void running.close().then(() => process.exit(0));
});
