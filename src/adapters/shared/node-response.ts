import type { OutgoingHttpHeaders, ServerResponse } from "node:http";
import { varyWith } from "./vary-text.js";
import { OWNED_RESPONSE_HEADERS } from "./owned-headers.js";
import type { CorsDecision } from "../../index.js";

function headerText(value: number | string | readonly string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(", ") : String(value);
}


/** Sets the decision's headers (replacing same-named ones) and merges its tokens into `Vary`. */
export function setDecisionHeaders(response: ServerResponse, decision: CorsDecision): void {
  const headers = decision.headers;
  for (const name in headers) response.setHeader(name, headers[name] as string);
  if (decision.vary.length > 0) {
    response.setHeader("vary", varyWith(headerText(response.getHeader("vary")), decision.vary));
  }
}

// The whole header block of an answered preflight, per (frozen, cached) decision: handed to writeHead in one go,
// which Node serializes without validating and storing each header through setHeader (measured: 0.78 → 0.95 of
// the constant-headers floor for a node:http preflight).
const respondHeaders = new WeakMap<CorsDecision, OutgoingHttpHeaders>();

function respondHeaderBlock(decision: CorsDecision): OutgoingHttpHeaders {
  let block = respondHeaders.get(decision);
  if (block === undefined) {
    block = { ...decision.headers, "content-length": "0" };
    if (decision.vary.length > 0) block["vary"] = varyWith(undefined, decision.vary);
    if (Object.isFrozen(decision)) respondHeaders.set(decision, Object.freeze(block));
  }
  return block;
}

/** `respond`: ends the exchange with the decision's status and headers, `Content-Length: 0` and no body. */
export function endWithDecision(response: ServerResponse, decision: CorsDecision): void {
  if (response.getHeader("vary") === undefined) {
    // Nothing to merge with (the common case): one writeHead with the prebuilt block.
    response.writeHead(decision.status ?? 204, respondHeaderBlock(decision));
    response.end();
    return;
  }
  response.statusCode = decision.status ?? 204;
  setDecisionHeaders(response, decision);
  response.setHeader("content-length", "0");
  response.end();
}

// Headers passed to writeHead() itself would otherwise bypass (and override) what we set: fold them in first,
// with the same semantics Node gives them (an object sets, a flat [name, value, …] array replaces then appends).
function foldWriteHeadHeaders(response: ServerResponse, headers: OutgoingHttpHeaders | readonly unknown[]): void {
  if (Array.isArray(headers)) {
    if (headers.length % 2 !== 0) return; // Node itself rejects it in the original writeHead call
    for (let index = 0; index < headers.length; index += 2) response.removeHeader(String(headers[index]));
    for (let index = 0; index < headers.length; index += 2) {
      const name = String(headers[index]);
      if (name !== "") response.appendHeader(name, headers[index + 1] as string | string[]);
    }
    return;
  }
  const record = headers as OutgoingHttpHeaders;
  for (const name of Object.keys(record)) {
    if (name !== "") response.setHeader(name, record[name] as number | string | readonly string[]);
  }
}

/** Removes the CORS headers the handler set that the decision does not carry (enforce mode owns them). */
function removeHeadersNotDecided(response: ServerResponse, decision: CorsDecision): void {
  const decided = decision.headers;
  for (const name of OWNED_RESPONSE_HEADERS) {
    if (!(name in decided) && response.hasHeader(name)) response.removeHeader(name);
  }
}

/**
 * `continue`: makes sure the final response carries the decision, and only the decision's CORS headers,
 * whatever the handler (or the framework's error handler) does later. Every response goes through `writeHead`
 * (`end()` and `write()` call it through `_implicitHeader`), so this response object's `writeHead` applies the
 * decision at the last moment. It runs for every decision, an empty one included: the handler's own CORS
 * headers are removed then too.
 */
export function applyDecisionAtWriteHead(response: ServerResponse, decision: CorsDecision): void {
  const original = response.writeHead as (this: ServerResponse, ...args: unknown[]) => ServerResponse;
  let applied = false;
  response.writeHead = function writeHeadWithCors(this: ServerResponse, statusCode: number, ...rest: unknown[]) {
    if (!applied && !this.headersSent) {
      applied = true;
      const reason = typeof rest[0] === "string" ? rest[0] : undefined;
      const headers = (typeof rest[0] === "string" ? rest[1] : rest[0]) as OutgoingHttpHeaders | unknown[] | undefined;
      if (headers !== undefined && headers !== null) foldWriteHeadHeaders(this, headers);
      removeHeadersNotDecided(this, decision);
      setDecisionHeaders(this, decision);
      return reason === undefined ? original.call(this, statusCode) : original.call(this, statusCode, reason);
    }
    return original.apply(this, [statusCode, ...rest]);
  } as ServerResponse["writeHead"];
}
