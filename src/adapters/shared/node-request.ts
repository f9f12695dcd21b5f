import type { IncomingMessage } from "node:http";
import type { CorsRequest } from "../../index.js";

// Every value of one header, as sent. `headersDistinct` exists from Node 18.3; `rawHeaders` everywhere (Bun too).
function distinctValues(request: IncomingMessage, name: string): readonly string[] {
  const distinct = (request as { headersDistinct?: Record<string, string[] | undefined> }).headersDistinct;
  const fromDistinct = distinct?.[name];
  if (fromDistinct !== undefined) return fromDistinct;
  const values: string[] = [];
  const raw = request.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) {
    if ((raw[index] as string).toLowerCase() === name) values.push(raw[index + 1] as string);
  }
  return values;
}

/**
 * The `CorsRequest` for a Node request. Node joins a repeated `Origin` into one string with `", "`; when that
 * may have happened, the core gets every value as an array, so it sees the duplicate and refuses it.
 */
export function nodeCorsRequest(request: IncomingMessage): CorsRequest {
  const method = request.method ?? "";
  const origin = request.headers.origin;
  // A joined duplicate always contains a comma; a single origin never does, so the common path reads nothing more.
  if (typeof origin === "string" && origin.includes(",")) {
    const values = distinctValues(request, "origin");
    if (values.length > 1) return { method, headers: { ...request.headers, origin: values } };
  }
  return request as CorsRequest;
}
