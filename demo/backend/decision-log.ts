import type { CorsDecision } from "../../src/index.js";
import { explain } from "../../src/index.js";

/** One exchange as the backend saw it: the request, corsgate's decision, and what the backend finally answered. */
export interface DecisionLogEntry {
  /** Increases by one per entry, so the page can ask for what is new. */
  readonly sequence: number;
  /** The `demo-request` query parameter the page puts on every Send, to find this exchange again. */
  readonly requestId: string | null;
  readonly time: string;
  readonly method: string;
  readonly path: string;
  /** The CORS request headers as received (`origin`, `access-control-request-*`). */
  readonly requestHeaders: Readonly<Record<string, string>>;
  readonly decision: CorsDecision;
  /** `explain(decision)`: the sentence a developer can act on. */
  readonly explanation: string;
  /** The status the backend sent, once the response is finished (the handler runs for every actual request). */
  responseStatus: number | null;
}

/** The CORS-relevant request headers, copied so the log never holds the request itself. */
export function corsRequestHeaders(headers: Readonly<Record<string, string | string[] | undefined>>): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of ["origin", "access-control-request-method", "access-control-request-headers", "access-control-request-private-network"]) {
    const value = headers[name];
    if (value !== undefined) picked[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return picked;
}

/** A ring buffer of the last decisions: a long demo session never grows memory. */
export class DecisionLog {
  private readonly entries: DecisionLogEntry[] = [];
  private nextSequence = 1;

  constructor(private readonly capacity = 200) {}

  add(entry: Omit<DecisionLogEntry, "sequence" | "explanation" | "responseStatus" | "time">): DecisionLogEntry {
    const full: DecisionLogEntry = {
      ...entry,
      sequence: this.nextSequence++,
      time: new Date().toISOString(),
      explanation: explain(entry.decision),
      responseStatus: null,
    };
    this.entries.push(full);
    if (this.entries.length > this.capacity) this.entries.shift();
    return full;
  }

  /** The entries for one request id (oldest first), or the most recent ones when `requestId` is null. */
  list(requestId: string | null, limit = 50): DecisionLogEntry[] {
    const matching = requestId === null ? this.entries : this.entries.filter((entry) => entry.requestId === requestId);
    return matching.slice(-limit);
  }
}
