/** A description of the machine a run happened on, for the report. */
import { cpus, loadavg, release, totalmem, type } from "node:os";
import { readFileSync } from "node:fs";

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  /** 1-minute load average when the run started: anything near the core count means a busy, noisy machine. */
  readonly loadAtStart: number;
  readonly date: string;
}

function osName(): string {
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync("/etc/os-release", "utf8"));
    if (pretty?.[1] !== undefined) return `${pretty[1]}, ${type()} ${release()}`;
  } catch {
    // not Linux: fall through
  }
  return `${type()} ${release()}`;
}

export function describeMachine(): Machine {
  const all = cpus();
  return {
    cpu: all[0]?.model.trim() ?? "unknown",
    cores: all.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: osName(),
    node: process.version,
    loadAtStart: Number((loadavg()[0] ?? 0).toFixed(2)),
    date: new Date().toISOString(),
  };
}
