/**
 * How benchmark processes are started: pinned to one core with `taskset`, and, when the run has the right to
 * (root), at a higher scheduling priority (`nice -n -15`) so that other work on a shared machine takes less
 * of that core while a figure is being taken.
 */
export const PRIORITY_BOOST = typeof process.getuid === "function" && process.getuid() === 0;

/** The command and arguments that run `command args…` pinned to `core`. */
export function pinned(core: string, command: string, args: readonly string[]): [string, string[]] {
  const taskset = ["taskset", "-c", core, command, ...args];
  return PRIORITY_BOOST ? ["nice", ["-n", "-15", ...taskset]] : [taskset[0] as string, taskset.slice(1)];
}

export function pinningNote(): string {
  return PRIORITY_BOOST ? "pinned with taskset, at nice -15" : "pinned with taskset";
}
