/**
 * `npm run fuzz [-- --seed N --runs M --fastify-every K]`: a million generated requests (by default) against
 * `evaluate` and every adapter's in-process path, checked against SPEC §6. Prints the replay command on failure.
 */
import { runFuzz } from "./fuzz-run.js";

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`--${name} takes a whole number`);
  return value;
}

const seed = option("seed", Math.floor(Math.random() * 2 ** 31));
const runs = option("runs", 1_000_000);
const fastifyEvery = option("fastify-every", 20);
const started = performance.now();
console.log(`corsgate fuzz: ${runs} requests, seed ${seed}, Fastify inject every ${fastifyEvery || "never"}`);
const report = await runFuzz({
  seed,
  runs,
  fastifyEvery,
  onProgress: (done) => {
    if (done % 100_000 === 0) console.log(`  ${done} requests, ${((performance.now() - started) / 1000).toFixed(1)} s`);
  },
});
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `${report.requests} requests (${report.fastifyRequests} also through Fastify) on ${report.policies} policies ` +
    `(${report.refusedConfigs} generated configs refused), ${report.allowed} allowed and ${report.preflights} preflight decisions from adapters, in ${seconds} s`,
);
if (report.failure !== undefined) {
  console.error(`FAILED: ${report.failure.problems.join("\n  ")}`);
  console.error(`config: ${JSON.stringify(report.failure.config, (_k, v: unknown) => (v instanceof RegExp ? String(v) : v))}`);
  console.error(`request: ${JSON.stringify(report.failure.request)}`);
  console.error(`replay: ${report.failure.replay}`);
  process.exitCode = 1;
}
