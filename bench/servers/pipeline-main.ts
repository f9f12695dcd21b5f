/**
 * One variant's whole request pipeline, driven in-process: real `IncomingMessage` and `ServerResponse` objects
 * over a socket stand-in that discards what is written, handed to the framework's own entry point (the
 * listener; Fastify's `routing`). No kernel, no load generator: what is left is the framework's and the CORS
 * layer's own work, which on a shared machine can be measured to a few tens of nanoseconds, where the loopback
 * runs wobble by microseconds.
 * Prints "READY" after checking the answer and warming up; then answers each line "<n>" on its standard input
 * with "NS <cpu nanoseconds per request>" over n requests; stops when its standard input closes.
 * Usage: taskset -c 0 node pipeline-main.mjs <node|express|fastify> <variant> <allowed GET|preflight>
 */
import { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { Writable } from "node:stream";
import { createInterface } from "node:readline";
import { PIPELINE_FRAMEWORKS, VARIANTS, inProcessListener, type PipelineFramework, type Variant } from "./apps.js";
import { LOAD_REQUESTS, type LoadRequest } from "./load.js";
import { APP } from "../policies.js";

const [framework, variant, request] = process.argv.slice(2) as [PipelineFramework, Variant, LoadRequest];
if (!PIPELINE_FRAMEWORKS.includes(framework) || !VARIANTS.includes(variant) || !LOAD_REQUESTS.includes(request)) {
  throw new Error(`usage: pipeline-main <${PIPELINE_FRAMEWORKS.join("|")}> <${VARIANTS.join("|")}> <${LOAD_REQUESTS.join("|")}>`);
}
const listener = await inProcessListener(framework, variant);
const preflight = request === "preflight";
// The headers the load generator sends (bench/servers/load.ts), as Node parses them.
const headers: Record<string, string> = preflight
  ? { host: "127.0.0.1", origin: APP, "access-control-request-method": "PUT", "access-control-request-headers": "content-type" }
  : { host: "127.0.0.1", origin: APP };

let written = "";
let keep = false;
class Sink extends Writable {
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    if (keep) written += String(chunk);
    callback();
  }
}
const socket = Object.assign(new Sink(), { remoteAddress: "127.0.0.1", setTimeout: () => undefined }) as unknown as Socket;

function once(): Promise<void> {
  return new Promise((resolve) => {
    const incoming = new IncomingMessage(socket);
    incoming.method = preflight ? "OPTIONS" : "GET";
    incoming.url = "/";
    incoming.httpVersionMajor = 1;
    incoming.httpVersionMinor = 1;
    incoming.httpVersion = "1.1";
    incoming.headers = headers;
    incoming.push(null);
    const outgoing = new ServerResponse(incoming);
    outgoing.assignSocket(socket);
    outgoing.on("finish", () => {
      outgoing.detachSocket(socket);
      resolve();
    });
    listener(incoming, outgoing);
  });
}

// The same check as the loopback runs': a CORS variant allows the origin and answers the preflight itself.
keep = true;
await once();
keep = false;
const status = /^HTTP\/1\.1 (\d+)/.exec(written)?.[1];
const allowOrigin = /\r\naccess-control-allow-origin: ([^\r]*)\r\n/i.exec(written)?.[1];
const want = variant === "none" ? { status: "200", allowOrigin: undefined } : { status: preflight ? "204" : "200", allowOrigin: APP };
if (status !== want.status || allowOrigin !== want.allowOrigin) {
  throw new Error(`pipeline: ${framework}/${variant}/${request} answered ${status} with ACAO ${String(allowOrigin)}:\n${written}`);
}
for (let index = 0; index < 20_000; index++) await once();
process.stdout.write("READY\n");

let queue = Promise.resolve();
const commands = createInterface({ input: process.stdin });
commands.on("close", () => {
  void queue.then(() => process.exit(0));
});
commands.on("line", (line) => {
  const count = Number(line);
  if (!(count > 0)) return;
  queue = queue.then(async () => {
    const before = process.cpuUsage();
    for (let index = 0; index < count; index++) await once();
    const used = process.cpuUsage(before);
    process.stdout.write(`NS ${((used.user + used.system) * 1000) / count}\n`);
  });
});
