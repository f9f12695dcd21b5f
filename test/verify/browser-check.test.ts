// The browser's side, table by table from the Fetch standard's CORS check and CORS-preflight fetch.
import { describe, expect, it } from "vitest";
import { browserVerdict } from "../../src/verify/browser-check.js";
import type { Answer, BrowserRequest } from "../../src/verify/browser-check.js";

const origin = "https://app.example.com";
const actual = (credentials: boolean): BrowserRequest => ({ kind: "actual", origin, method: "GET", headerNames: [], credentials });
const preflight = (method: string, headerNames: string[], credentials = false, privateNetwork = false): BrowserRequest => ({
  kind: "preflight",
  origin,
  method,
  headerNames,
  credentials,
  privateNetwork,
});
const answer = (headers: Record<string, string>, status = 200): Answer => ({ status, headers });

const cases: { title: string; request: BrowserRequest; answer: Answer; failure?: string }[] = [
  { title: "ACAO equal to the origin", request: actual(false), answer: answer({ "access-control-allow-origin": origin }) },
  { title: "no ACAO", request: actual(false), answer: answer({}), failure: "no Access-Control-Allow-Origin" },
  { title: "* without credentials", request: actual(false), answer: answer({ "access-control-allow-origin": "*" }) },
  {
    title: "* with credentials",
    request: actual(true),
    answer: answer({ "access-control-allow-origin": "*", "access-control-allow-credentials": "true" }),
    failure: "Access-Control-Allow-Origin is *, which a request with credentials does not accept",
  },
  {
    title: "another origin",
    request: actual(false),
    answer: answer({ "access-control-allow-origin": "https://APP.example.com" }),
    failure: 'Access-Control-Allow-Origin is "https://APP.example.com", not https://app.example.com',
  },
  {
    title: "two origins joined",
    request: actual(false),
    answer: answer({ "access-control-allow-origin": `${origin}, ${origin}` }),
    failure: `Access-Control-Allow-Origin is "${origin}, ${origin}", not ${origin}`,
  },
  { title: "credentials with ACAC true", request: actual(true), answer: answer({ "access-control-allow-origin": origin, "access-control-allow-credentials": "true" }) },
  {
    title: "credentials with ACAC True (not exactly true)",
    request: actual(true),
    answer: answer({ "access-control-allow-origin": origin, "access-control-allow-credentials": "True" }),
    failure: 'Access-Control-Allow-Credentials is "True", not exactly "true"',
  },
  { title: "an actual request's status does not matter", request: actual(false), answer: answer({ "access-control-allow-origin": origin }, 500) },
  {
    title: "a preflight answered 403",
    request: preflight("PUT", []),
    answer: answer({ "access-control-allow-origin": origin, "access-control-allow-methods": "PUT" }, 403),
    failure: "the preflight was answered 403, not an ok status",
  },
  { title: "method listed", request: preflight("PUT", []), answer: answer({ "access-control-allow-origin": origin, "access-control-allow-methods": "GET, PUT" }, 204) },
  {
    title: "methods compare byte for byte",
    request: preflight("PUT", []),
    answer: answer({ "access-control-allow-origin": origin, "access-control-allow-methods": "put" }, 204),
    failure: "PUT is not in Access-Control-Allow-Methods: put",
  },
  { title: "a safelisted method needs no ACAM", request: preflight("GET", []), answer: answer({ "access-control-allow-origin": origin }, 204) },
  { title: "ACAM * without credentials", request: preflight("PATCH", []), answer: answer({ "access-control-allow-origin": origin, "access-control-allow-methods": "*" }, 204) },
  {
    title: "ACAM * with credentials is a method named *",
    request: preflight("PATCH", [], true),
    answer: answer({ "access-control-allow-origin": origin, "access-control-allow-credentials": "true", "access-control-allow-methods": "*" }, 204),
    failure: "PATCH is not in Access-Control-Allow-Methods: *",
  },
  {
    title: "ACAM that does not parse",
    request: preflight("PUT", []),
    answer: answer({ "access-control-allow-origin": origin, "access-control-allow-methods": "PUT, (GET)" }, 204),
    failure: "Access-Control-Allow-Methods does not parse: PUT, (GET)",
  },
  { title: "headers compare case-insensitively", request: preflight("GET", ["x-api-key"]), answer: answer({ "access-control-allow-origin": origin, "access-control-allow-headers": "X-API-Key" }, 204) },
  {
    title: "a header missing",
    request: preflight("GET", ["content-type", "x-a"]),
    answer: answer({ "access-control-allow-origin": origin, "access-control-allow-headers": "content-type" }, 204),
    failure: "x-a is not in Access-Control-Allow-Headers: content-type",
  },
  {
    title: "ACAH * never covers authorization",
    request: preflight("GET", ["authorization"]),
    answer: answer({ "access-control-allow-origin": origin, "access-control-allow-headers": "*" }, 204),
    failure: "authorization is not in Access-Control-Allow-Headers: *",
  },
  {
    title: "private network asked and not granted",
    request: preflight("GET", [], false, true),
    answer: answer({ "access-control-allow-origin": origin }, 204),
    failure: "no Access-Control-Allow-Private-Network: true (the preflight asked for private network access)",
  },
  {
    title: "private network granted",
    request: preflight("GET", [], false, true),
    answer: answer({ "access-control-allow-origin": origin, "access-control-allow-private-network": "true" }, 204),
  },
];

describe("browserVerdict", () => {
  it.each(cases)("$title", ({ request, answer: given, failure }) => {
    const verdict = browserVerdict(request, given);
    expect(verdict.allowed ? undefined : verdict.failure).toBe(failure);
  });
});
