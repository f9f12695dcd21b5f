// Starts the two origins of the demo on loopback and returns their addresses.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createBackend } from "./backend/server.js";
import type { Backend } from "./backend/server.js";
import { createFrontend } from "./frontend/server.js";

export interface DemoOptions {
  /** 0 picks a free port. */
  readonly backendPort: number;
  readonly frontendPort: number;
}

export interface RunningDemo {
  /** `http://127.0.0.1:<port>`: the backend's origin (the details service behind corsgate). */
  readonly backendOrigin: string;
  /** `http://127.0.0.1:<port>`: the frontend's origin (the page). */
  readonly frontendOrigin: string;
  readonly backend: Backend;
  close(): Promise<void>;
}

/** A port that could not be opened, named by the server that wanted it (`EADDRINUSE`, `EACCES`). */
export class DemoPortError extends Error {
  constructor(
    readonly server: "backend" | "frontend",
    readonly port: number,
    readonly code: string,
  ) {
    const why = code === "EADDRINUSE" ? "is already in use" : code === "EACCES" ? "may not be opened by this user" : `cannot be opened (${code})`;
    super(`port ${port} for the ${server} ${why}`);
    this.name = "DemoPortError";
  }
}

const host = "127.0.0.1";

function listen(server: Server, port: number, name: "backend" | "frontend"): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(error.code !== undefined ? new DemoPortError(name, port, error.code) : error);
    };
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/** Starts the backend, then the frontend; if either port cannot be opened, nothing is left running. */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const backend = createBackend();
  let backendPort = 0;
  let frontendPort = 0;
  const frontend = createFrontend(() => ({ backendOrigin: `http://${host}:${backendPort}`, backendPort }));
  try {
    backendPort = await listen(backend.server, options.backendPort, "backend");
    frontendPort = await listen(frontend, options.frontendPort, "frontend");
  } catch (error) {
    await Promise.all([close(backend.server), close(frontend)]);
    throw error;
  }
  return {
    backendOrigin: `http://${host}:${backendPort}`,
    frontendOrigin: `http://${host}:${frontendPort}`,
    backend,
    close: async () => {
      await Promise.all([close(backend.server), close(frontend)]);
    },
  };
}
