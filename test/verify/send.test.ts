// The sending limits: never more requests in flight than `concurrency`; only GET and OPTIONS arrive; auth headers
// go on actual requests only.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, expect, it } from "vitest";
import { verifyPolicy } from "../../src/verify/index.js";

let inFlight = 0;
let most = 0;
const arrived: { method: string; authorization: string | undefined; preflight: boolean }[] = [];
const server = createServer((request, response) => {
  inFlight += 1;
  most = Math.max(most, inFlight);
  arrived.push({ method: request.method ?? "", authorization: request.headers.authorization, preflight: request.headers["access-control-request-method"] !== undefined });
  setTimeout(() => {
    inFlight -= 1;
    response.end("ok");
  }, 5);
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

it("keeps to the concurrency, sends only GET and OPTIONS, and no auth header on preflights", async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const result = await verifyPolicy({ allowOrigins: ["https://app.example.com"], allowMethods: ["PUT", "DELETE"] }, { url, rate: 1000, concurrency: 2, headers: { authorization: "Bearer t" } });
  expect(arrived.length).toBe(result.probes.length);
  expect(most).toBeLessThanOrEqual(2);
  expect(new Set(arrived.map((entry) => entry.method))).toEqual(new Set(["GET", "OPTIONS"]));
  expect(arrived.filter((entry) => entry.preflight).every((entry) => entry.authorization === undefined)).toBe(true);
  expect(arrived.filter((entry) => !entry.preflight).every((entry) => entry.authorization === "Bearer t")).toBe(true);
});
