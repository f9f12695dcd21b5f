// `npx tsx examples/fetch.ts`: a fetch handler behind corsgate. On Cloudflare Workers, Deno or Bun, export
// `worker` as it is (`export default worker`); here, a few lines of node:http serve it on 127.0.0.1 instead.
// In your app: import { withCors } from "corsgate/fetch";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { withCors } from "../src/adapters/fetch.js";

interface Env {
  readonly GREETING?: string;
}

const defaultPolicy = { allowOrigins: ["https://app.example.com"], allowMethods: ["PUT"], maxAge: 300 };
const partnerPolicy = { allowOrigins: ["https://partner.example.net"] };

const worker = {
  // Per-tenant policies: a resolver may return a config (compiled once per object, then cached) or a policy.
  fetch: withCors(
    (request: Request) =>
      new URL(request.url).pathname.startsWith("/partner/") ? partnerPolicy : defaultPolicy,
    async (request: Request, env: Env) => {
      // Return anything, even a response from fetch() (immutable headers): corsgate rebuilds it around the same body.
      return Response.json({ hello: env.GREETING ?? "from a fetch handler", path: new URL(request.url).pathname });
    },
  ),
};

// --- Only to run the example in Node: turn node:http requests into fetch Requests and back. ---
const server = createServer(async (incoming, outgoing) => {
  const headers = new Headers();
  for (let index = 0; index < incoming.rawHeaders.length; index += 2) {
    headers.append(incoming.rawHeaders[index] as string, incoming.rawHeaders[index + 1] as string);
  }
  const request = new Request(`http://${incoming.headers.host}${incoming.url}`, { method: incoming.method ?? "GET", headers });
  const response = await worker.fetch(request, { GREETING: "hello from the example" });
  outgoing.writeHead(response.status, [...response.headers].flat());
  outgoing.end(Buffer.from(await response.arrayBuffer()));
});
server.listen(Number(process.env["PORT"] ?? 0), "127.0.0.1", () => {
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  console.log(`corsgate fetch example listening on ${url}`);
  console.log(`try: curl -i ${url}/hello -H 'Origin: https://app.example.com'`);
});

export default worker;
