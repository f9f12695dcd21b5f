// Run by workerd through miniflare (bundled first): the fetch adapter as a module Worker, with env and ctx.
import { runtimeHandler } from "./app.js";

declare class WebSocketPair {
  0: { accept(): void };
  1: { accept(): void };
}

const handler = runtimeHandler(() => {
  const pair = new WebSocketPair();
  pair[1].accept();
  return new Response(null, { status: 101, webSocket: pair[0] } as ResponseInit);
});

export default { fetch: handler };
