// The shared case table, through every adapter on a real server, compared with `evaluate`'s decision.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CorsDecision } from "../../src/index.js";
import { adapterNames, requestPath, startAdapter } from "./helpers/servers.js";
import type { RunningServer } from "./helpers/servers.js";
import { caseIndexOf, casePath, mismatches, wireCases } from "./helpers/parity.js";

const { runnable, unsendable } = wireCases();

it("sends nearly every case of the shared table over HTTP", () => {
  // The few left out cannot cross HTTP/1.1 at all; the core's own tests cover them.
  expect(unsendable.length).toBeLessThanOrEqual(5);
  expect(runnable.length).toBeGreaterThan(100);
});

describe.each(adapterNames)("%s adapter", (adapter) => {
  let server: RunningServer;
  const seen = new Map<string, CorsDecision>();

  beforeAll(async () => {
    // One server for the whole table: a resolver picks each case's config by path (compiled once per config).
    server = await startAdapter(adapter, (request: unknown) => runnable.find((c) => c.index === caseIndexOf(requestPath(request)))!.config, {
      onDecision: (decision: CorsDecision, request: unknown) => seen.set(requestPath(request), decision),
    });
  });
  afterAll(() => server.close());

  it.each(runnable.map((wireCase) => [wireCase.desc, wireCase] as const))("%s", async (_desc, wireCase) => {
    expect(await mismatches(server.origin, wireCase)).toEqual([]);
    // A fetch `Headers` joins a repeated header before any adapter sees it; Node adapters read each value.
    expect(seen.get(casePath(wireCase.index))).toEqual(adapter === "fetch" ? wireCase.expectedJoined : wireCase.expected);
  });
});
