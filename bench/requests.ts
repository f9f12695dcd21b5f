/** The benchmarked requests, taken from the shared case table by title so they stay in step with it. */
import { cases, type CorsCase } from "../test/fixtures/cases.js";

export type RequestName = "allowed GET" | "preflight" | "refused origin" | "refused preflight";
export const REQUEST_NAMES: readonly RequestName[] = ["allowed GET", "preflight", "refused origin", "refused preflight"];

const TITLES: Readonly<Record<RequestName, string>> = {
  "allowed GET": "actual GET from allowed exact origin, no credentials",
  preflight: "preflight PUT from allowed origin with a listed header",
  "refused origin": "actual POST from disallowed origin: no CORS headers, handler still runs",
  "refused preflight": "preflight PUT from disallowed origin: 403, no CORS headers",
};

function byTitle(title: string): CorsCase {
  const found = cases.find((entry) => entry.desc === title);
  if (found === undefined) throw new Error(`bench: the case table has no case titled ${JSON.stringify(title)}`);
  return found;
}

export interface BenchRequest {
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The ACAO every contender must send (undefined: none). */
  readonly allowOrigin: string | undefined;
  readonly preflight: boolean;
}

export function benchRequest(name: RequestName): BenchRequest {
  const entry = byTitle(TITLES[name]);
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(entry.request.headers)) {
    if (typeof value !== "string") throw new Error(`bench: case ${JSON.stringify(entry.desc)} has a repeated header`);
    headers[key] = value;
  }
  return {
    method: entry.request.method,
    headers,
    allowOrigin: entry.want.headers["access-control-allow-origin"],
    preflight: entry.want.kind === "preflight",
  };
}
