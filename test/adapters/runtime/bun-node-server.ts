// Served by `bun run` (bundled first): the node:http adapter inside Bun's node:http.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { withCors } from "../../../src/adapters/node.js";
import { cases } from "../../fixtures/cases.js";
import { nodeApp } from "../helpers/apps.js";
import { defaultPolicy } from "./app.js";

const application = nodeApp({ push: () => 0 }, false);
const server = createServer(
  withCors((request) => {
    const match = /^\/api\/case\/(\d+)$/.exec((request.url ?? "").split("?")[0] as string);
    return match === null ? defaultPolicy : (cases[Number(match[1])] as (typeof cases)[number]).config;
  }, application),
);
server.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ port: (server.address() as AddressInfo).port })));
