/**
 * Hostile generators for the invariant properties (SPEC §6): request methods and header values of every
 * shape (arrays, empty strings, control characters, comma floods, megabyte-long values), and random
 * policies that `createPolicy` accepts.
 */
import fc from "fast-check";
import { createPolicy } from "../../src/index.js";
import type { CorsPolicy, CorsPolicyConfig, CorsRequest, OriginMatcher } from "../../src/index.js";

export const NUM_RUNS = 10_000;
/** Per-property time limit for vitest; the properties themselves assert nothing about time. */
export const PROPERTY_TIMEOUT = 300_000;

// ---------------------------------------------------------------------------------------------------
// Strings

const MEGABYTE = 1 << 20;
/** Built once: generating them per run would make every property slow. */
const megabyteValues = [
  "a".repeat(MEGABYTE),
  ",".repeat(MEGABYTE),
  "x,".repeat(MEGABYTE / 2),
  " ,".repeat(MEGABYTE / 2),
  "\t".repeat(MEGABYTE),
  "x-a, ".repeat(MEGABYTE / 5),
  `https://${"a".repeat(MEGABYTE)}.com`,
  `https://app.example.com${"\r\n".repeat(MEGABYTE / 2)}`,
  "(".repeat(MEGABYTE),
];

const controlChar = fc.integer({ min: 0, max: 31 }).map((code) => String.fromCharCode(code));
const controlString = fc.string({ unit: fc.oneof(controlChar, fc.constantFrom("a", ",", " ", "\u007f")), maxLength: 20 });

const commaFlood = fc
  .tuple(fc.constantFrom(",", ", ", " ,", "a,", ",,\t", "x-a,"), fc.integer({ min: 1, max: 3000 }))
  .map(([unit, count]) => unit.repeat(count));

const specialValues = fc.constantFrom(
  "",
  " ",
  "\t",
  "\r\n",
  "\0",
  ",",
  "*",
  "null",
  "true",
  "false",
  "TRUE",
  "undefined",
  "__proto__",
  "constructor",
  "https://app.example.com\r\nset-cookie: a=b",
  "https://app.example.com\0",
  "\u00ff\u0100\u{1f600}",
  "https://\u212Aelvin.example.com", // KELVIN SIGN lower-cases to "k" with toLowerCase
  "https://ſtrict.example.com", // LATIN SMALL LETTER LONG S upper-cases to "S"
);

/** Any string a client could send, from ordinary to hostile. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ maxLength: 30 }), weight: 20 },
  { arbitrary: fc.string({ unit: "binary", maxLength: 30 }), weight: 20 },
  { arbitrary: controlString, weight: 10 },
  { arbitrary: specialValues, weight: 10 },
  { arbitrary: commaFlood, weight: 4 },
  { arbitrary: fc.string({ unit: fc.constantFrom("a", "-", ",", " ", "\t", "."), minLength: 2000, maxLength: 5000 }), weight: 2 },
  { arbitrary: fc.constantFrom(...megabyteValues), weight: 1 },
);

// ---------------------------------------------------------------------------------------------------
// Origins

const schemes = ["https", "http", "HTTPS", "chrome-extension"];
const hosts = [
  "app.example.com",
  "api.example.com",
  "a.b.example.com",
  "x-1.example.com",
  "example.com",
  "www.example.com",
  "APP.example.com",
  "api.EXAMPLE.com",
  "example.com.evil.net",
  "app.example.com.evil.net",
  "other.example",
  "localhost",
  "LOCALHOST",
  "127.0.0.1",
  "10.0.0.1",
  "10.0.0.12",
  "[::1]",
  "abcdefghijklmnop",
  "a.example.org",
];
const ports = ["", ":3000", ":8443", ":443", ":80", ":8080", ":65535"];

/** Origins that are well-shaped serialized origins by construction (SPEC §3): `scheme://host[:port]`. */
export const wellShapedOrigin: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...schemes), fc.constantFrom(...hosts), fc.constantFrom(...ports))
  .map(([scheme, host, port]) => `${scheme}://${host}${port}`);

/** Origins close to well-shaped ones: a slash, a path, a comma, whitespace, userinfo, a bad port. */
const nearOrigin: fc.Arbitrary<string> = fc
  .tuple(wellShapedOrigin, fc.constantFrom("/", "/path", "?q", "#f", ", https://other.example", " ", "\t", ":", ":0", ":99999", ":-1", ":abc", ".", "\r\n"))
  .map(([origin, tail]) => origin + tail)
  .chain((origin) => fc.constantFrom(origin, ` ${origin}`, origin.replace("://", "://user@"), origin.replace("://", ":/")));

export const originString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: wellShapedOrigin, weight: 12 },
  { arbitrary: nearOrigin, weight: 4 },
  { arbitrary: fc.constant("null"), weight: 2 },
  { arbitrary: hostileString, weight: 4 },
);

// ---------------------------------------------------------------------------------------------------
// Methods and request headers

export const methodString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "get", "put", "options", "patch", "Patch", "PURGE", "CONNECT", "TRACE", "GE T", ""), weight: 6 },
  { arbitrary: hostileString, weight: 2 },
);

const headerName = fc.oneof(
  fc.constantFrom("content-type", "Content-Type", "x-api-key", "X-API-Key", "x-custom", "authorization", "cookie", "x-a", "x-b"),
  fc.string({ unit: fc.constantFrom("a", "b", "x", "-", "_", "0", "!", "~", "'"), minLength: 1, maxLength: 10 }),
);
const separator = fc.constantFrom(",", ", ", " ,", "\t,\t", ",,", ", ,", " , ");

const requestHeaderList = fc
  .tuple(fc.array(headerName, { maxLength: 8 }), separator)
  .map(([names, sep]) => names.join(sep));
const manyNames = fc
  .integer({ min: 60, max: 70 })
  .map((count) => Array.from({ length: count }, (_, i) => `x-h${i}`).join(","));

export const requestHeadersString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: requestHeaderList, weight: 10 },
  { arbitrary: manyNames, weight: 2 },
  { arbitrary: hostileString, weight: 4 },
);

/** A header as Node may hand it over: a string, an array (repeated header), or absent. */
function headerValue(value: fc.Arbitrary<string>): fc.Arbitrary<string | string[] | undefined> {
  return fc.oneof(
    { arbitrary: value, weight: 12 },
    { arbitrary: fc.array(value, { maxLength: 3 }), weight: 2 },
    { arbitrary: fc.constant(undefined), weight: 1 },
  );
}

export type HeaderMap = Record<string, string | string[] | undefined>;

const extraHeaders: fc.Arbitrary<HeaderMap> = fc.dictionary(
  fc.oneof(fc.constantFrom("Origin", "ORIGIN", "vary", "host", "__proto__", "constructor", "toString"), fc.string({ maxLength: 8 })),
  headerValue(hostileString),
  { maxKeys: 3 },
);

/** The headers of a request, as a record. Known names are lower case, as Node gives them. */
export const headerMap: fc.Arbitrary<HeaderMap> = fc
  .tuple(
    extraHeaders,
    fc.record(
      {
        origin: headerValue(originString),
        "access-control-request-method": headerValue(fc.oneof({ arbitrary: fc.constantFrom("PUT", "GET", "PATCH", "patch", "DELETE", "PURGE"), weight: 2 }, { arbitrary: methodString, weight: 1 })),
        "access-control-request-headers": headerValue(requestHeadersString),
        "access-control-request-private-network": headerValue(fc.oneof(fc.constant("true"), hostileString)),
      },
      { requiredKeys: [] },
    ),
  )
  // Own properties only, so a generated "__proto__" key is data, never a prototype.
  .map(([extra, known]) => Object.assign(Object.create(null) as HeaderMap, extra, known));

/** A fetch-`Headers`-like getter over a record: arrays read as their values joined with ", ". */
export function getterOf(map: HeaderMap): { get(name: string): string | null } {
  return {
    get(name: string): string | null {
      if (!Object.prototype.hasOwnProperty.call(map, name)) return null;
      const value = map[name];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(", ") : value;
    },
  };
}

export interface GeneratedRequest {
  request: CorsRequest;
  /** The underlying header record (also for getter-based requests), for oracles and snapshots. */
  map: HeaderMap;
  /** True when the headers are given through a getter. */
  viaGetter: boolean;
}

const hostileRequest: fc.Arbitrary<GeneratedRequest> = fc
  // OPTIONS often, so that preflights (OPTIONS + a non-empty ACRM) are a good share of the runs.
  // and sometimes no method at all (a Node IncomingMessage's method may be undefined).
  .tuple(
    fc.oneof({ arbitrary: fc.constant("OPTIONS"), weight: 6 }, { arbitrary: methodString, weight: 6 }, { arbitrary: fc.constant(undefined), weight: 1 }),
    headerMap,
    fc.boolean(),
  )
  .map(([method, map, viaGetter]) => ({
    request: { method, headers: viaGetter ? getterOf(map) : map },
    map,
    viaGetter,
  }));

/** A preflight a browser could send: well-shaped origin, a token method, a plain header list. */
const plausiblePreflight: fc.Arbitrary<GeneratedRequest> = fc
  .record(
    {
      origin: wellShapedOrigin,
      "access-control-request-method": fc.constantFrom("PUT", "GET", "POST", "PATCH", "patch", "DELETE", "PURGE"),
      "access-control-request-headers": requestHeaderList,
      "access-control-request-private-network": fc.constant("true"),
    },
    { requiredKeys: ["origin", "access-control-request-method"] },
  )
  .chain((headers) => fc.boolean().map((viaGetter) => {
    const map = Object.assign(Object.create(null) as HeaderMap, headers);
    return { request: { method: "OPTIONS", headers: viaGetter ? getterOf(map) : map }, map, viaGetter };
  }));

export const corsRequest: fc.Arbitrary<GeneratedRequest> = fc.oneof(
  { arbitrary: hostileRequest, weight: 3 },
  { arbitrary: plausiblePreflight, weight: 1 },
);

/** The request's single Origin (a one-element array counts as its element), or undefined. */
export function singleOrigin(map: HeaderMap): string | undefined {
  const raw = Object.prototype.hasOwnProperty.call(map, "origin") ? map.origin : undefined;
  if (Array.isArray(raw)) return raw.length === 1 ? raw[0] : undefined;
  return raw;
}

// ---------------------------------------------------------------------------------------------------
// Policies

const exactOrigins = [
  "https://app.example.com",
  "https://api.example.com",
  "https://example.com",
  "https://www.example.com",
  "https://other.example",
  "https://app.example.com:8443",
  "http://localhost:3000",
  "http://127.0.0.1:8080",
  "http://[::1]:8080",
  "http://app.example.com",
  "chrome-extension://abcdefghijklmnop",
];
const patterns = ["https://*.example.com", "https://*.example.com:8443", "http://localhost:*", "http://127.0.0.1:*", "https://*.b.example.com", "https://*.example.org"];
const prefixes = ["https://app.example.com", "https://app.example.com:", "http://localhost:", "http://10.0.0.1", "https://a", "https://", "h", ""];
const safeRegexes = [
  "https://[a-z0-9-]+\\.example\\.com",
  "https://(app|api)\\.example\\.com",
  "https://app\\.example\\.com(:8443)?",
  "https?://localhost:[0-9]+",
  "https://a\\.example\\.com|[a-z]+\\.example\\.org",
  "https://.*\\.example\\.com",
  "https://app.example.com",
  ".*",
  "null|https://other\\.example",
];

/** Small random regexes: many do not compile or are refused, and createPolicy filters those out. */
const randomRegex = fc.string({
  unit: fc.constantFrom("a", "p", "s", ".", "*", "+", "?", "(", ")", "|", "[", "]", "-", "\\", "^", "$", ":", "/", "h", "t"),
  minLength: 1,
  maxLength: 12,
});

const ignoreCase = fc.option(fc.boolean(), { nil: undefined });

const originMatcher: fc.Arbitrary<OriginMatcher> = fc.oneof(
  { arbitrary: fc.constantFrom(...exactOrigins), weight: 6 },
  { arbitrary: fc.constantFrom(...patterns), weight: 4 },
  {
    arbitrary: fc.tuple(fc.constantFrom(...exactOrigins), ignoreCase).map(([exact, ic]) => (ic === undefined ? { exact } : { exact, ignoreCase: ic })),
    weight: 3,
  },
  {
    arbitrary: fc.tuple(fc.constantFrom(...prefixes), ignoreCase).map(([prefix, ic]) => (ic === undefined ? { prefix } : { prefix, ignoreCase: ic })),
    weight: 3,
  },
  { arbitrary: fc.constantFrom(...safeRegexes).map((regex) => ({ regex })), weight: 3 },
  {
    arbitrary: fc.tuple(fc.constantFrom(...safeRegexes), fc.constantFrom("", "i", "u", "iu")).map(([source, flags]) => ({ regex: new RegExp(source, flags) })),
    weight: 2,
  },
  { arbitrary: randomRegex.map((regex) => ({ regex })), weight: 2 },
);

const allowOrigins: fc.Arbitrary<OriginMatcher[]> = fc.oneof(
  { arbitrary: fc.array(originMatcher, { minLength: 1, maxLength: 4 }), weight: 8 },
  { arbitrary: fc.constantFrom<OriginMatcher[]>(["*"], [{ exact: "*" }]), weight: 2 },
);

const listOrStar = (names: string[]): fc.Arbitrary<string[]> =>
  fc.oneof({ arbitrary: fc.subarray(names), weight: 4 }, { arbitrary: fc.constant<string[]>(["*"]), weight: 1 });

export const policyConfig: fc.Arbitrary<CorsPolicyConfig> = fc.record(
  {
    allowOrigins,
    allowMethods: listOrStar(["GET", "PUT", "put", "PATCH", "patch", "DELETE", "PURGE", "post"]),
    allowHeaders: listOrStar(["content-type", "X-API-Key", "x-custom", "authorization", "x-a"]),
    exposeHeaders: listOrStar(["x-request-id", "ETag"]),
    maxAge: fc.oneof(fc.nat({ max: 100_000 }), fc.constantFrom("24h", "1h30m", "3600s", "0s")),
    allowCredentials: fc.boolean(),
    allowPrivateNetwork: fc.boolean(),
    unmatchedPreflights: fc.constantFrom("reject" as const, "forward" as const),
    preflightStatus: fc.constantFrom(200 as const, 204 as const),
    dangerouslyAllowAnyOriginWithCredentials: fc.boolean(),
  },
  { requiredKeys: ["allowOrigins"] },
);

export interface GeneratedPolicy {
  config: CorsPolicyConfig;
  policy: CorsPolicy;
}

/** Random configurations, kept only when `createPolicy` accepts them. */
export const acceptedPolicy: fc.Arbitrary<GeneratedPolicy> = policyConfig
  .map((config): GeneratedPolicy | undefined => {
    try {
      return { config, policy: createPolicy(config) };
    } catch {
      return undefined;
    }
  })
  .filter((generated): generated is GeneratedPolicy => generated !== undefined);
