// Served by `deno run` (bundled first): the fetch adapter in Deno.serve, WebSocket upgrades included.
import { runtimeHandler } from "./app.js";

declare const Deno: {
  serve(
    options: { port: number; hostname: string; onListen: (address: { port: number }) => void },
    handler: (request: Request) => Promise<Response>,
  ): unknown;
  upgradeWebSocket(request: Request): { response: Response; socket: { onopen: unknown } };
};

Deno.serve(
  { port: 0, hostname: "127.0.0.1", onListen: ({ port }) => console.log(JSON.stringify({ port })) },
  runtimeHandler((request) => Deno.upgradeWebSocket(request).response),
);
