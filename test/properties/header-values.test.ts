/**
 * Invariant 2 (SPEC §6): every header value in a decision is a valid HTTP field value, and every echoed
 * value came from a validated token or origin.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/index.js";
import { NUM_RUNS, PROPERTY_TIMEOUT, acceptedPolicy, corsRequest, singleOrigin } from "./arbitraries.js";
import type { HeaderMap } from "./arbitraries.js";
import { parseRequestOrigin } from "./reference-matcher.js";

/** RFC 9110 field-value: visible ASCII, obs-text, SP and HTAB inside; no CR, LF, NUL; no surrounding whitespace. */
const FIELD_VALUE = /^(?:[\x21-\x7e\x80-\xff](?:[\t\x20-\x7e\x80-\xff]*[\x21-\x7e\x80-\xff])?)?$/;
/** RFC 9110 token. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const CORS_HEADERS = new Set([
  "access-control-allow-origin",
  "access-control-allow-credentials",
  "access-control-allow-methods",
  "access-control-allow-headers",
  "access-control-expose-headers",
  "access-control-max-age",
  "access-control-allow-private-network",
]);
const VARY_TOKENS = new Set(["origin", "access-control-request-method", "access-control-request-headers"]);

/** The request's ACRM and ACRH as the core must read them (SPEC §2). */
function read(map: HeaderMap, name: string): string | undefined {
  const value = Object.prototype.hasOwnProperty.call(map, name) ? map[name] : undefined;
  if (Array.isArray(value)) return value.length === 0 ? undefined : name === "access-control-request-headers" ? value.join(", ") : value.length === 1 ? value[0] : undefined;
  return value;
}

function requestedNames(map: HeaderMap): string[] {
  return (read(map, "access-control-request-headers") ?? "")
    .split(",")
    .map((name) => name.replace(/^[ \t]+|[ \t]+$/g, "").toLowerCase())
    .filter((name) => name !== "");
}

describe("invariant 2: header values are valid field values and echo only validated input", () => {
  it(
    "holds for hostile requests under random accepted policies",
    () => {
      fc.assert(
        fc.property(acceptedPolicy, corsRequest, ({ policy }, { request, map }) => {
          const decision = evaluate(request, policy);
          const { config } = policy;
          for (const [name, value] of Object.entries(decision.headers)) {
            expect(CORS_HEADERS.has(name), name).toBe(true);
            expect(typeof value).toBe("string");
            expect(value).toMatch(FIELD_VALUE);
            expect(value).not.toMatch(/[\r\n\0]/);
          }
          for (const token of decision.vary) expect(VARY_TOKENS.has(token.toLowerCase()), token).toBe(true);

          const h = decision.headers;
          const origin = h["access-control-allow-origin"];
          if (origin !== undefined && origin !== "*") {
            expect(origin).toBe(singleOrigin(map));
            expect(parseRequestOrigin(origin)).toBeDefined();
          }
          const methods = h["access-control-allow-methods"];
          if (methods !== undefined && methods !== config.allowMethods.join(", ")) {
            // Not the configured list: only the ACRM echo of an any-method policy, and only a token.
            expect(config.allowMethods).toStrictEqual(["*"]);
            expect(methods).toMatch(TOKEN);
            expect(methods).toBe(read(map, "access-control-request-method"));
          }
          const allowHeaders = h["access-control-allow-headers"];
          if (allowHeaders !== undefined && allowHeaders !== config.allowHeaders.join(", ")) {
            expect(config.allowHeaders).toStrictEqual(["*"]);
            const echoed = allowHeaders.split(", ");
            for (const name of echoed) expect(name).toMatch(TOKEN);
            expect(echoed).toStrictEqual(requestedNames(map));
          }
          const expose = h["access-control-expose-headers"];
          if (expose !== undefined) expect(expose).toBe(config.exposeHeaders.join(", "));
          const maxAge = h["access-control-max-age"];
          if (maxAge !== undefined) expect(maxAge).toBe(String(config.maxAge));
          const credentials = h["access-control-allow-credentials"];
          if (credentials !== undefined) expect(credentials).toBe("true");
          const privateNetwork = h["access-control-allow-private-network"];
          if (privateNetwork !== undefined) {
            expect(privateNetwork).toBe("true");
            expect(read(map, "access-control-request-private-network")).toBe("true");
          }
        }),
        { numRuns: NUM_RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );
});
