import { readFileSync, watch } from "node:fs";
import type { FSWatcher } from "node:fs";
import { basename, dirname } from "node:path";
import { createPolicy } from "../core/compile.js";
import { isCorsConfigError } from "../core/errors.js";
import type { ConfigIssue } from "../core/errors.js";
import type { CorsPolicy } from "../core/types.js";
import { routePolicies } from "../mesh/routes.js";
import type { RouteRequest } from "../mesh/routes.js";
import { loadPolicyFile } from "../cli/load.js";
import type { Format } from "../cli/load.js";

/** A version of the file that was not taken (the watcher keeps the policy it had), or a watch problem. */
export interface PolicyFileFailure {
  readonly path: string;
  /** `file-invalid`: unreadable, not YAML/JSON, or no policy in it; `config-invalid`: the policy is refused; `watch-failed`. */
  readonly code: "file-invalid" | "config-invalid" | "watch-failed";
  /** Every problem, each with a code, a path in the file and a message (the `CorsConfigError`'s issues when there are some). */
  readonly issues: readonly ConfigIssue[];
  readonly error: unknown;
}

/** A version of the file that was taken. */
export interface PolicyFileVersion {
  readonly path: string;
  /** 1 for the file as read at start, then one more per version taken. */
  readonly version: number;
  readonly format: Format;
  /** One policy for every request, or a route table (a VirtualService's or HTTPRoute's rules). */
  readonly shape: "policy" | "routes";
  /** The file's translation warnings and the policies' warnings. */
  readonly warnings: readonly ConfigIssue[];
}

export interface WatchPolicyFileOptions {
  /** Receives each version that could not be taken (the last good one keeps serving). Default: `console.error`. */
  readonly onError?: (failure: PolicyFileFailure) => void;
  /** Receives each version taken, the first one included. */
  readonly onChange?: (version: PolicyFileVersion) => void;
  /** Milliseconds to wait after the last file-system event before reading the file. Default 100. */
  readonly debounce?: number;
}

/**
 * A policy source for every adapter: `(request) => CorsPolicy | undefined` (undefined where a route table has
 * no route, or a route without a policy, for the request), following the file.
 */
export interface PolicyFileWatcher {
  (request: RouteRequest): CorsPolicy | undefined;
  /** The version now served. */
  readonly current: PolicyFileVersion;
  /** Stops watching; the last version keeps serving. */
  close(): void;
}

type Lookup = (request: RouteRequest) => CorsPolicy | undefined;

interface Taken {
  readonly lookup: Lookup;
  readonly version: Omit<PolicyFileVersion, "version" | "path">;
}

/** Reads, translates, validates and compiles the file: everything that can fail happens here, before a switch. */
function takeFile(path: string): Taken {
  const loaded = loadPolicyFile(path);
  if (loaded.shape === "policy") {
    const policy = createPolicy(loaded.config);
    return { lookup: () => policy, version: { format: loaded.format, shape: "policy", warnings: [...loaded.warnings, ...policy.warnings] } };
  }
  const resolver = routePolicies(loaded.routes);
  const warnings = [...loaded.warnings, ...resolver.routes.flatMap((route) => route.policy?.warnings ?? [])];
  return { lookup: resolver, version: { format: loaded.format, shape: "routes", warnings } };
}

function failureOf(path: string, error: unknown): PolicyFileFailure {
  if (isCorsConfigError(error)) return { path, code: "config-invalid", issues: error.issues, error };
  const message = error instanceof Error ? error.message : String(error);
  return { path, code: "file-invalid", issues: [{ code: "file-invalid", path: "", message }], error };
}

function defaultOnError(failure: PolicyFileFailure): void {
  const lines = failure.issues.map((issue) => `${issue.path === "" ? "" : `${issue.path}: `}${issue.message}`).join("; ");
  console.error(`corsgate watchPolicyFile [${failure.code}] ${failure.path}: keeping the last good policy: ${lines}`);
}

/**
 * Follows a policy file (corsgate JSON or YAML, an Istio VirtualService or a Gateway API HTTPRoute, route
 * tables included) and serves its latest valid version. Each new version is read, validated and compiled
 * before it replaces the old one in a single assignment, so a request sees the old policy or the new one,
 * never a mix; a version that fails keeps the last good policy and goes to `onError`.
 *
 * The file's directory is watched, not the file: an editor that writes a new file and renames it over the old
 * one, and a Kubernetes ConfigMap volume (the kubelet writes a new timestamped directory and swaps the `..data`
 * symlink to it by rename) both show up there as events; after `debounce` ms of quiet the file is read again
 * (through its symlinks) and taken when its text changed.
 *
 * @throws `CorsConfigError` or an `Error` when the file cannot be taken at start (fix it before serving).
 */
export function watchPolicyFile(path: string, options: WatchPolicyFileOptions = {}): PolicyFileWatcher {
  const onError = options.onError ?? defaultOnError;
  const debounce = options.debounce ?? 100;
  if (typeof path !== "string" || path === "" || path === "-") throw new TypeError("corsgate: watchPolicyFile(path): path must name a file");
  if (!(Number.isFinite(debounce) && debounce >= 0)) throw new TypeError(`corsgate: watchPolicyFile: debounce must be milliseconds, 0 or more (got ${String(debounce)})`);

  const report = (failure: PolicyFileFailure): void => {
    try {
      onError(failure);
    } catch {
      // A failing reporter must not stop the watcher.
    }
  };
  const announce = (version: PolicyFileVersion): void => {
    try {
      options.onChange?.(version);
    } catch {
      // As for onError.
    }
  };

  const first = takeFile(path);
  let lookup: Lookup = first.lookup;
  let current: PolicyFileVersion = { path, version: 1, ...first.version };
  let lastText = readText(path);
  announce(current);

  function readText(file: string): string | undefined {
    try {
      return readFileSync(file, "utf8");
    } catch {
      return undefined;
    }
  }

  function reload(): void {
    const text = readText(path);
    // Unchanged text (an event for another file of the directory, a touch): nothing to take. A file that is
    // gone for a moment (between an editor's delete and its rename) is read again at the next event.
    if (text === undefined || text === lastText) return;
    let taken: Taken;
    try {
      taken = takeFile(path);
    } catch (error) {
      lastText = text; // reported once per version, not once per event
      report(failureOf(path, error));
      return;
    }
    lastText = text;
    lookup = taken.lookup; // the switch: one assignment
    current = { path, version: current.version + 1, ...taken.version };
    announce(current);
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  const schedule = (): void => {
    if (closed) return;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (!closed) reload();
    }, debounce);
    timer.unref?.();
  };

  const directory = dirname(path);
  let watcher: FSWatcher;
  try {
    watcher = watch(directory, { persistent: false }, schedule);
  } catch (error) {
    throw new Error(`corsgate: cannot watch ${directory} for ${basename(path)}: ${error instanceof Error ? error.message : String(error)}`);
  }
  watcher.on("error", (error) => report({ path, code: "watch-failed", issues: [{ code: "watch-failed", path: "", message: error.message }], error }));

  const resolver = ((request: RouteRequest) => lookup(request)) as PolicyFileWatcher;
  Object.defineProperties(resolver, {
    current: { get: () => current },
    close: {
      value(): void {
        closed = true;
        if (timer !== undefined) clearTimeout(timer);
        watcher.close();
      },
    },
  });
  return resolver;
}
