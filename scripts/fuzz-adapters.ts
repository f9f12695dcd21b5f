/**
 * Each adapter's in-process path, driven with stand-in request and response objects (the real-server tests
 * live in test/adapters). For every request: the adapter applies exactly the decision it reported through
 * `onDecision`, answers preflights without calling the handler, and merges `Vary` with the handler's.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { CorsDecision, CorsPolicy } from "../src/index.js";
import { mergeVary } from "../src/index.js";
import { withCors as withNodeCors } from "../src/adapters/node.js";
import { cors as expressCors } from "../src/adapters/express.js";
import { withCors as withFetchCors } from "../src/adapters/fetch.js";
import type { FuzzRequest } from "./fuzz-generate.js";

const HANDLER_VARY = "Accept-Encoding";

/** Just enough of `ServerResponse` for the adapters: headers, writeHead, end (which writes the head first, as Node's does). */
class FakeResponse {
  statusCode = 200;
  headersSent = false;
  ended = false;
  private readonly headers = new Map<string, string | string[]>();

  setHeader(name: string, value: number | string | readonly string[]): this {
    this.headers.set(name.toLowerCase(), Array.isArray(value) ? [...(value as string[])] : String(value));
    return this;
  }
  getHeader(name: string): string | string[] | undefined {
    return this.headers.get(name.toLowerCase());
  }
  hasHeader(name: string): boolean {
    return this.headers.has(name.toLowerCase());
  }
  removeHeader(name: string): void {
    this.headers.delete(name.toLowerCase());
  }
  appendHeader(name: string, value: string | readonly string[]): this {
    const existing = this.headers.get(name.toLowerCase());
    const added = Array.isArray(value) ? (value as string[]) : [value as string];
    this.headers.set(name.toLowerCase(), existing === undefined ? added : [...[existing].flat(), ...added]);
    return this;
  }
  writeHead(statusCode: number, headers?: Readonly<Record<string, number | string | readonly string[]>>): this {
    // As Node does: headers given to writeHead itself are merged over those set before.
    if (headers !== undefined) for (const [name, value] of Object.entries(headers)) this.setHeader(name, value);
    this.statusCode = statusCode;
    this.headersSent = true;
    return this;
  }
  end(): this {
    if (!this.headersSent) this.writeHead(this.statusCode);
    this.ended = true;
    return this;
  }
  snapshot(): Record<string, string> {
    const result: Record<string, string> = {};
    for (const [name, value] of this.headers) result[name] = Array.isArray(value) ? value.join(", ") : value;
    return result;
  }
}

/** What Node hands a listener: repeated headers joined with ", ", every value kept in `headersDistinct`. */
function fakeIncomingMessage(request: FuzzRequest): IncomingMessage {
  const headers: Record<string, string> = {};
  const headersDistinct: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    const values = Array.isArray(value) ? value : [value];
    if (values.length === 0) continue;
    headers[name] = values.join(", ");
    headersDistinct[name] = values;
  }
  return { method: request.method, headers, headersDistinct, rawHeaders: [] } as unknown as IncomingMessage;
}

/** The handler every adapter wraps: it sets its own Vary and a header of its own, then ends. */
function handle(response: FakeResponse): void {
  response.setHeader("vary", HANDLER_VARY);
  response.setHeader("x-handler", "1");
  response.end();
}

function varyTokens(value: string | undefined): string[] {
  return (value ?? "").split(",").map((token) => token.trim().toLowerCase()).filter((token) => token !== "");
}

/** The response an adapter left behind, against the decision it reported. */
function checkApplied(
  where: string,
  decision: CorsDecision | undefined,
  handlerCalls: number,
  status: number,
  headers: Record<string, string>,
): string[] {
  const problems: string[] = [];
  const fail = (what: string) => problems.push(`${where}: ${what}`);
  if (decision === undefined) return [`${where}: onDecision was not called`];
  for (const [name, value] of Object.entries(decision.headers)) {
    if (headers[name] !== value) fail(`header ${name} is ${JSON.stringify(headers[name])}, the decision says ${JSON.stringify(value)}`);
  }
  for (const name of Object.keys(headers)) {
    if (name.startsWith("access-control-") && decision.headers[name] === undefined) fail(`header ${name} not in the decision`);
  }
  if (decision.action === "respond") {
    if (handlerCalls !== 0) fail("the handler ran for an answered request");
    if (status !== decision.status) fail(`status ${status}, the decision says ${decision.status}`);
    if (headers["content-length"] !== "0") fail("an answered request has no Content-Length: 0");
    const expectedVary = decision.vary.length > 0 ? mergeVary(undefined, decision.vary) : undefined;
    if (headers["vary"] !== expectedVary) fail(`Vary ${JSON.stringify(headers["vary"])}`);
  } else {
    if (handlerCalls !== 1) fail(`the handler ran ${handlerCalls} times`);
    if (headers["x-handler"] !== "1") fail("the handler's own header was lost");
    const tokens = varyTokens(headers["vary"]);
    const wanted = [HANDLER_VARY, ...decision.vary].map((token) => token.toLowerCase());
    if (!(tokens.length === 1 && tokens[0] === "*") && !wanted.every((token) => tokens.includes(token))) fail(`Vary ${JSON.stringify(headers["vary"])} lacks a token`);
    if (new Set(tokens).size !== tokens.length) fail(`Vary ${JSON.stringify(headers["vary"])} repeats a token`);
  }
  return problems;
}

export interface AdapterOutcome {
  readonly problems: string[];
  /** The decisions the adapters reported, to be checked against the core's invariants too. */
  readonly decisions: CorsDecision[];
}

export function runNodeAdapters(policy: CorsPolicy, request: FuzzRequest): AdapterOutcome {
  const problems: string[] = [];
  const decisions: CorsDecision[] = [];
  {
    let decision: CorsDecision | undefined;
    let calls = 0;
    const response = new FakeResponse();
    const listener = withNodeCors(policy, (_request, res) => {
      calls++;
      handle(res as unknown as FakeResponse);
    }, { onDecision: (value) => (decision = value) });
    try {
      void listener(fakeIncomingMessage(request), response as unknown as ServerResponse);
      problems.push(...checkApplied("node", decision, calls, response.statusCode, response.snapshot()));
    } catch (error) {
      problems.push(`node: threw ${String(error)}`);
    }
    if (decision !== undefined) decisions.push(decision);
  }
  {
    let decision: CorsDecision | undefined;
    let calls = 0;
    const response = new FakeResponse();
    const middleware = expressCors(policy, { onDecision: (value) => (decision = value) });
    try {
      middleware(fakeIncomingMessage(request), response as unknown as ServerResponse, (error?: unknown) => {
        if (error !== undefined) throw error;
        calls++;
        handle(response);
      });
      problems.push(...checkApplied("express", decision, calls, response.statusCode, response.snapshot()));
    } catch (error) {
      problems.push(`express: threw ${String(error)}`);
    }
    if (decision !== undefined) decisions.push(decision);
  }
  return { problems, decisions };
}

/** A stand-in for a fetch `Request`: real `Headers` refuse the hostile values the fuzzer sends, so `get` is ours. */
function fakeFetchRequest(request: FuzzRequest): Request {
  const get = (name: string): string | null => {
    const value = request.headers[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(", ") : value;
  };
  return { method: request.method, headers: { get } } as unknown as Request;
}

export async function runFetchAdapter(policy: CorsPolicy, request: FuzzRequest): Promise<AdapterOutcome> {
  let decision: CorsDecision | undefined;
  let calls = 0;
  const handler = withFetchCors(policy, () => {
    calls++;
    return new Response("ok", { headers: { vary: HANDLER_VARY, "x-handler": "1" } });
  }, { onDecision: (value) => (decision = value) });
  try {
    const response = await handler(fakeFetchRequest(request));
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => (headers[name] = value));
    return { problems: checkApplied("fetch", decision, calls, response.status, headers), decisions: decision === undefined ? [] : [decision] };
  } catch (error) {
    return { problems: [`fetch: threw ${String(error)}`], decisions: [] };
  }
}

/**
 * Fastify through `inject` (in process, no socket). One app for the whole run: its resolver returns the policy
 * of the moment. Only requests whose header values Fastify's own injector accepts are sent.
 */
export async function createFastifyRunner(): Promise<{
  run(policy: CorsPolicy, request: FuzzRequest): Promise<AdapterOutcome | undefined>;
  close(): Promise<void>;
}> {
  const { default: Fastify } = await import("fastify");
  const { corsPlugin } = await import("../src/adapters/fastify.js");
  let current: CorsPolicy | undefined;
  let decision: CorsDecision | undefined;
  let calls = 0;
  const app = Fastify();
  await app.register(corsPlugin, { policy: () => current as CorsPolicy, onDecision: (value) => (decision = value) });
  app.all("/*", async (_request, reply) => {
    calls++;
    void reply.header("vary", HANDLER_VARY).header("x-handler", "1");
    return "ok";
  });
  await app.ready();
  const printable = /^[\x20-\x7e]*$/;
  // Methods Fastify routes with `all`; others get its 404, which the check would read as a lost handler.
  const ROUTED_METHODS = new Set(["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]);
  return {
    async run(policy, request) {
      const values = Object.values(request.headers).flat();
      if (!ROUTED_METHODS.has(request.method) || !values.every((value) => printable.test(value) && value.length < 8000)) return undefined;
      current = policy;
      decision = undefined;
      calls = 0;
      const response = await app.inject({ method: request.method as "GET", url: "/fuzz", headers: request.headers });
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : String(value);
      return { problems: checkApplied("fastify", decision, calls, response.statusCode, headers), decisions: decision === undefined ? [] : [decision] };
    },
    close: () => app.close(),
  };
}
