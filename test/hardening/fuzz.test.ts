import { describe, expect, it } from "vitest";
import { runFuzz } from "../../scripts/fuzz-run.js";

// The short version of `npm run fuzz` (a million requests): same generators, same checks, fixed seeds so a
// failure here replays with the command it prints. Stryker sets CORSGATE_FUZZ_RUNS lower to keep mutants cheap.
const RUNS = Number(process.env["CORSGATE_FUZZ_RUNS"] ?? 20_000);
const FASTIFY_EVERY = Number(process.env["CORSGATE_FUZZ_FASTIFY_EVERY"] ?? 25);

describe("fuzz (SPEC §6 invariants on evaluate and every adapter's in-process path)", () => {
  it(`${RUNS} generated requests break no invariant`, async () => {
    const report = await runFuzz({ seed: 20_260_101, runs: RUNS, fastifyEvery: FASTIFY_EVERY });
    expect(report.failure === undefined ? "" : `${report.failure.problems.join("; ")} — replay: ${report.failure.replay}`).toBe("");
    expect(report.requests).toBe(RUNS);
    // The generators must reach the interesting paths, or the run proves little.
    expect(report.policies).toBeGreaterThan(RUNS / 100);
    expect(report.allowed).toBeGreaterThan(RUNS / 20);
    expect(report.preflights).toBeGreaterThan(RUNS / 5);
    if (FASTIFY_EVERY > 0) expect(report.fastifyRequests).toBeGreaterThan(RUNS / (4 * FASTIFY_EVERY));
  }, 180_000);
});
