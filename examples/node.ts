// `npx tsx examples/node.ts`: a node:http server behind corsgate, on 127.0.0.1 (PORT, or a free port).
// In your app: import { withCors } from "corsgate/node"; import { explain } from "corsgate";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { explain } from "../src/index.js";
import { withCors } from "../src/adapters/node.js";

const listener = withCors(
  {
    allowOrigins: ["https://app.example.com", "http://localhost:*"],
    allowMethods: ["PUT", "DELETE"],
    allowHeaders: ["content-type"],
    exposeHeaders: ["x-request-id"],
    maxAge: "1h",
  },
  (request, response) => {
    response.setHeader("content-type", "application/json");
    response.setHeader("x-request-id", "42");
    response.end(JSON.stringify({ hello: "from node:http", method: request.method }));
  },
  // Refusals are logged with the reason; a browser never shows the server's side of the story.
  { onDecision: (decision) => decision.reason && console.log(explain(decision)) },
);

const server = createServer(listener).listen(Number(process.env["PORT"] ?? 0), "127.0.0.1", () => {
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  console.log(`corsgate node example listening on ${url}`);
  console.log(`try: curl -i -X OPTIONS ${url}/items -H 'Origin: https://app.example.com' -H 'Access-Control-Request-Method: PUT'`);
});
