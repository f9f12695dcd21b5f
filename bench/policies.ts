/**
 * The policies every benchmark uses, written once in corsgate's terms and once in each peer's, so that all
 * contenders answer the same question. The requests come from the shared case table (test/fixtures/cases.ts).
 */
import type { CorsOptions } from "cors";
import type { FastifyCorsOptions } from "@fastify/cors";
import type { CorsPolicyConfig } from "../src/index.js";

export const APP = "https://app.example.com";
export const OTHER = "https://other.example";

/** The strict policy of the case table: one exact origin, two methods, two headers, one exposed header, a max age. */
const STRICT_REST = {
  allowMethods: ["PUT", "DELETE"],
  allowHeaders: ["content-type", "x-api-key"],
  exposeHeaders: ["x-request-id"],
  maxAge: 600,
} as const;

/** Ten exact origins; the requests' origin (APP) is the 5th, the middle of a linear scan. */
export const TEN_ORIGINS: readonly string[] = [
  ...Array.from({ length: 4 }, (_, i) => `https://app${i}.example.net`),
  APP,
  ...Array.from({ length: 5 }, (_, i) => `https://app${i + 4}.example.net`),
];

/** What a user of `cors` / `@fastify/cors` / `hono` writes for "any subdomain of example.com". */
export const SUBDOMAIN_REGEX = /^https:\/\/[a-z0-9.-]+\.example\.com$/;

export type PolicyName = "1 exact" | "10 exact" | "subdomain";
export const POLICY_NAMES: readonly PolicyName[] = ["1 exact", "10 exact", "subdomain"];

export interface PolicyVariants {
  readonly corsgate: CorsPolicyConfig;
  readonly cors: CorsOptions;
  readonly fastifyCors: FastifyCorsOptions;
  /** hono/cors options (typed loosely: hono does not export the option type from its entry). */
  readonly hono: {
    origin: string[] | ((origin: string) => string | null);
    allowMethods: string[];
    allowHeaders: string[];
    exposeHeaders: string[];
    maxAge: number;
  };
}

function variants(corsgateOrigins: string[], peerOrigins: string[] | RegExp): PolicyVariants {
  const peerLists = {
    methods: [...STRICT_REST.allowMethods],
    allowedHeaders: [...STRICT_REST.allowHeaders],
    exposedHeaders: [...STRICT_REST.exposeHeaders],
    maxAge: STRICT_REST.maxAge,
  };
  return {
    corsgate: {
      allowOrigins: corsgateOrigins,
      allowMethods: [...STRICT_REST.allowMethods],
      allowHeaders: [...STRICT_REST.allowHeaders],
      exposeHeaders: [...STRICT_REST.exposeHeaders],
      maxAge: STRICT_REST.maxAge,
    },
    // An array (not a string) so that cors and @fastify/cors actually compare the origin.
    cors: { origin: peerOrigins, ...peerLists },
    fastifyCors: { origin: peerOrigins, ...peerLists },
    hono: {
      origin: Array.isArray(peerOrigins) ? peerOrigins : (origin: string) => (peerOrigins.test(origin) ? origin : null),
      allowMethods: [...STRICT_REST.allowMethods],
      allowHeaders: [...STRICT_REST.allowHeaders],
      exposeHeaders: [...STRICT_REST.exposeHeaders],
      maxAge: STRICT_REST.maxAge,
    },
  };
}

export const POLICIES: Readonly<Record<PolicyName, PolicyVariants>> = {
  "1 exact": variants([APP], [APP]),
  "10 exact": variants([...TEN_ORIGINS], [...TEN_ORIGINS]),
  subdomain: variants(["https://*.example.com"], SUBDOMAIN_REGEX),
};

/** The headers corsgate sends under the strict policy: the servers' "floor" writes exactly these, as constants. */
export const FLOOR_ACTUAL_HEADERS: Readonly<Record<string, string>> = {
  "access-control-allow-origin": APP,
  "access-control-expose-headers": "x-request-id",
  vary: "Origin",
};
export const FLOOR_PREFLIGHT_HEADERS: Readonly<Record<string, string>> = {
  "access-control-allow-origin": APP,
  "access-control-allow-methods": "PUT, DELETE",
  "access-control-allow-headers": "content-type, x-api-key",
  "access-control-max-age": "600",
  "access-control-expose-headers": "x-request-id",
  vary: "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
  "content-length": "0",
};
