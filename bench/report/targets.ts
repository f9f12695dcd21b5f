/** The targets, checked against a run's results. */
import type { MicroResults } from "../micro/index.js";
import type { ServerResults } from "../servers/index.js";

export interface TargetCheck {
  readonly what: string;
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

function cell(micro: MicroResults, contender: string, policy: string, request: string): number | undefined {
  return micro.compare.find((each) => each.contender === contender && each.policy === policy && each.request === request)?.ns.median;
}

function scaleCell(micro: MicroResults, group: string, label: string, size: number): number | undefined {
  return micro.scale.find((each) => each.group === group && each.label === label && each.size === size)?.ns.median;
}

export function checkTargets(micro: MicroResults | undefined, servers: ServerResults | undefined): TargetCheck[] {
  const checks: TargetCheck[] = [];
  if (micro !== undefined) {
    for (const policy of ["1 exact", "10 exact", "subdomain"]) {
      for (const request of ["allowed GET", "preflight", "refused origin", "refused preflight"]) {
        const ours = cell(micro, "corsgate evaluate", policy, request);
        const cors = cell(micro, "cors", policy, request);
        const fastify = cell(micro, "@fastify/cors", policy, request);
        if (ours === undefined || cors === undefined || fastify === undefined) continue;
        checks.push({ what: `evaluate vs cors, ${policy}, ${request}`, target: "≥ 10×", measured: `${(cors / ours).toFixed(1)}×`, met: cors / ours >= 10 });
        checks.push({ what: `evaluate vs @fastify/cors, ${policy}, ${request}`, target: "≥ 3×", measured: `${(fastify / ours).toFixed(1)}×`, met: fastify / ours >= 3 });
      }
    }
    for (const label of ["corsgate allowed GET", "corsgate preflight", "corsgate refused origin"]) {
      const one = scaleCell(micro, "exact origins", label, 1);
      const many = scaleCell(micro, "exact origins", label, 10_000);
      if (one !== undefined && many !== undefined) {
        checks.push({ what: `1 → 10,000 exact origins, ${label.replace("corsgate ", "")}`, target: "≤ 1.2×", measured: `${(many / one).toFixed(2)}×`, met: many / one <= 1.2 });
      }
      const onePattern = scaleCell(micro, "subdomain patterns", label, 1);
      const manyPatterns = scaleCell(micro, "subdomain patterns", label, 1_000);
      if (onePattern !== undefined && manyPatterns !== undefined) {
        checks.push({
          what: `1 → 1,000 subdomain patterns, ${label.replace("corsgate ", "")}`,
          target: "≤ 2×",
          measured: `${(manyPatterns / onePattern).toFixed(2)}×`,
          met: manyPatterns / onePattern <= 2,
        });
      }
    }
    for (const label of ["ACRH", "Origin"]) {
      const atCap = scaleCell(micro, "hostile length", label, 65_536);
      const huge = scaleCell(micro, "hostile length", label, 1_048_576);
      if (atCap !== undefined && huge !== undefined) {
        checks.push({
          what: `1 MiB hostile ${label}, time vs 64 KiB`,
          target: "flat past the cap",
          measured: `${huge.toFixed(0)} ns (${(huge / atCap).toFixed(2)}× the 64 KiB time)`,
          met: huge / atCap <= 1.5,
        });
      }
    }
    const memory = micro.memory.find((row) => row.label === "evaluate, allowed GET, 1 exact origin");
    if (memory !== undefined) {
      checks.push({
        what: "allocation per allowed actual decision (evaluate)",
        target: "none",
        measured: `${memory.allocatedBytes.toFixed(1)} B allocated, ${memory.retainedBytes.toFixed(3)} B retained`,
        met: memory.allocatedBytes < 1 && memory.retainedBytes < 1,
      });
    }
  }
  if (servers !== undefined && micro !== undefined) {
    // The adapter's own cost over the floor, in-process (robust), set against the server's CPU time per request.
    for (const framework of ["node", "express"]) {
      for (const request of ["allowed GET", "preflight"]) {
        const floorCpu = servers.cells.find((each) => each.framework === framework && each.request === request && each.variant === "floor");
        const adapter = cell(micro, "corsgate + Node response", "1 exact", request);
        const floorNs = cell(micro, "floor (constant headers)", "1 exact", request);
        if (floorCpu === undefined || adapter === undefined || floorNs === undefined) continue;
        const floorMicroseconds = floorCpu.cpuPerRequest.median;
        const estimate = floorMicroseconds / (floorMicroseconds + (adapter - floorNs) / 1000);
        checks.push({
          what: `${floorCpu.label.replace(" + floor (constant headers)", " + corsgate")}, ${request}, vs floor (in-process estimate)`,
          target: "≥ 0.98",
          measured: `${estimate.toFixed(3)} (adapter ${Math.round(adapter)} ns − floor ${Math.round(floorNs)} ns, over ${floorMicroseconds.toFixed(1)} µs of server CPU per request)`,
          met: estimate >= 0.98,
        });
      }
    }
  }
  if (servers?.pipeline !== undefined) {
    // The whole pipeline's cost over the floor's, in-process on real Node request/response objects (robust), set
    // against the floor server's CPU time per request: what the loopback ratio would be without the noise.
    for (const framework of ["node", "fastify"]) {
      for (const request of ["allowed GET", "preflight"]) {
        const floorCpu = servers.cells.find((each) => each.framework === framework && each.request === request && each.variant === "floor");
        const ours = servers.pipeline.find((each) => each.framework === framework && each.request === request && each.variant === "corsgate");
        if (floorCpu === undefined || ours === undefined) continue;
        const floorMicroseconds = floorCpu.cpuPerRequest.median;
        const over = ours.overFloorNs.median;
        const estimate = floorMicroseconds / (floorMicroseconds + over / 1000);
        checks.push({
          what: `${ours.label}, ${request}, vs floor (in-process pipeline estimate)`,
          target: "≥ 0.98",
          measured: `${estimate.toFixed(3)} (${over >= 0 ? "+" : "−"}${Math.abs(Math.round(over))} ns over the floor's pipeline, over ${floorMicroseconds.toFixed(1)} µs of server CPU per request)`,
          met: estimate >= 0.98,
        });
      }
    }
  }
  if (servers !== undefined) {
    for (const framework of ["node", "express", "fastify"]) {
      for (const request of ["allowed GET", "preflight"]) {
        const ours = servers.cells.find((each) => each.framework === framework && each.request === request && each.variant === "corsgate");
        const peer = servers.cells.find((each) => each.framework === framework && each.request === request && each.variant === "peer");
        if (ours === undefined || peer === undefined) continue;
        checks.push({
          what: `${ours.label}, ${request}, vs floor`,
          target: "≥ 0.98",
          measured: `${ours.cpuVsFloor.median.toFixed(3)} by CPU per request (req/s: ${ours.vsFloor.median.toFixed(3)})`,
          met: ours.cpuVsFloor.median >= 0.98,
        });
        checks.push({
          what: `${ours.label}, ${request}, vs ${peer.label}`,
          target: "above",
          measured: `${ours.cpuVsNone.median.toFixed(3)} vs ${peer.cpuVsNone.median.toFixed(3)} of no CORS by CPU (req/s: ${ours.vsNone.median.toFixed(3)} vs ${peer.vsNone.median.toFixed(3)})`,
          met: ours.cpuVsNone.median > peer.cpuVsNone.median,
        });
      }
    }
  }
  return checks;
}
