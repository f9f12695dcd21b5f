import type { FastifyInstance } from "fastify";

/**
 * Starts `app` on 127.0.0.1 (a free port), runs `run` with its origin, and closes it whatever happens, the
 * keep-alive connections of the test client included (so close() does not wait for them).
 */
export async function whileListening(app: FastifyInstance, run: (origin: string) => Promise<void>): Promise<void> {
  const origin = await app.listen({ port: 0, host: "127.0.0.1" });
  try {
    await run(origin);
  } finally {
    app.server.closeAllConnections();
    await app.close();
  }
}
