// Properties: corsgate's Node adapter serving a random policy agrees with verify; a proxy that changes one CORS
// header of the answers is always caught.
import { createServer, request as httpRequest } from "node:http";
import type { IncomingHttpHeaders, Server } from "node:http";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withCors } from "../../src/adapters/node.js";
import type { CorsPolicy } from "../../src/core/types.js";
import { allowedOrigins } from "../../src/verify/probes.js";
import { verifyPolicy } from "../../src/verify/index.js";
import { acceptedPolicy } from "../properties/arbitraries.js";

let current: CorsPolicy | undefined;
let mutate: (headers: IncomingHttpHeaders) => void = () => {};
let upstream = "";
let proxied = "";
const servers: Server[] = [];

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  // One server for every run: the policy it serves is swapped between runs.
  upstream = await listen(createServer(withCors(() => current, (_request, response) => void response.end("ok"))));
  // The proxy in between: forwards each request and changes the answer's headers with `mutate`.
  proxied = await listen(
    createServer((request, response) => {
      const forward = httpRequest(new URL(request.url ?? "/", upstream), { method: request.method, headers: request.headers, agent: false }, (answer) => {
        const headers = { ...answer.headers };
        mutate(headers);
        response.writeHead(answer.statusCode ?? 502, headers as Record<string, string | string[]>);
        answer.pipe(response);
      });
      request.pipe(forward);
    }),
  );
});
afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

const fast = { rate: 5000, concurrency: 4 };

function isOriginIndependent(policy: CorsPolicy): boolean {
  const origins = policy.config.allowOrigins;
  return !policy.config.allowCredentials && origins.length === 1 && (origins[0] === "*" || (typeof origins[0] === "object" && "exact" in origins[0] && origins[0].exact === "*"));
}

interface Mutation {
  readonly name: string;
  /** Whether the policy lets this mutation show in the probes. */
  readonly visible: (policy: CorsPolicy) => boolean;
  readonly apply: (headers: IncomingHttpHeaders) => void;
}

const SAFELISTED = new Set(["GET", "HEAD", "POST"]);
const mutations: Mutation[] = [
  { name: "drop Access-Control-Allow-Origin", visible: () => true, apply: (headers) => void delete headers["access-control-allow-origin"] },
  {
    name: "add Access-Control-Allow-Credentials: true",
    visible: (policy) => !policy.config.allowCredentials && !isOriginIndependent(policy),
    apply: (headers) => void (headers["access-control-allow-credentials"] = "true"),
  },
  {
    name: "Access-Control-Allow-Origin becomes *",
    visible: (policy) => policy.config.allowCredentials,
    apply: (headers) => void (headers["access-control-allow-origin"] !== undefined && (headers["access-control-allow-origin"] = "*")),
  },
  { name: "drop Vary", visible: (policy) => !isOriginIndependent(policy), apply: (headers) => void delete headers["vary"] },
  {
    name: "drop Access-Control-Allow-Methods",
    visible: (policy) => policy.config.allowMethods.some((method) => method === "*" || !SAFELISTED.has(method)),
    apply: (headers) => void delete headers["access-control-allow-methods"],
  },
];

describe("verify, property-based", () => {
  it("finds nothing when corsgate's Node adapter serves the policy", async () => {
    await fc.assert(
      fc.asyncProperty(acceptedPolicy, async ({ policy }) => {
        current = policy;
        mutate = () => {};
        const result = await verifyPolicy(policy, { url: `${upstream}/api`, ...fast });
        expect(result.findings.map((finding) => finding.message)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it("finds any single-header mutation of the answers made by a proxy", async () => {
    await fc.assert(
      fc.asyncProperty(acceptedPolicy, fc.constantFrom(...mutations), async ({ policy }, mutation) => {
        fc.pre(allowedOrigins(policy).length > 0 && mutation.visible(policy));
        current = policy;
        mutate = () => {};
        const clean = await verifyPolicy(policy, { url: `${proxied}/api`, ...fast });
        expect(clean.findings).toEqual([]);
        mutate = mutation.apply;
        const result = await verifyPolicy(policy, { url: `${proxied}/api`, ...fast });
        expect(result.findings.length, mutation.name).toBeGreaterThan(0);
      }),
      { numRuns: 40 },
    );
  }, 180_000);
});
