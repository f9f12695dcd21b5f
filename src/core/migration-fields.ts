// Config time only: what a user migrating from another CORS middleware writes, and what corsgate calls it.

/** An option of `cors`, `@fastify/cors` or `hono/cors`: the corsgate field it becomes, or what corsgate does instead. */
export interface MigrationHint {
  /** The corsgate field with the same meaning (its value may need translating, said in `note`). */
  readonly field?: string;
  readonly note: string;
}

const FROM = "in cors, @fastify/cors and hono/cors";

/**
 * The option names of the npm packages `cors` (lib/index.js), `@fastify/cors` (types/index.d.ts) and `hono/cors`
 * (CORSOptions) that corsgate does not share. `maxAge`, and hono's `allowMethods`, `allowHeaders` and
 * `exposeHeaders`, are corsgate fields already.
 */
export const MIGRATION_HINTS: Readonly<Record<string, MigrationHint>> = {
  origin: { field: "allowOrigins", note: `"origin" ${FROM}; a list of origins such as ["https://app.example.com"] (true, a RegExp or a function have no list form: list the origins, or use { regex })` },
  methods: { field: "allowMethods", note: `"methods" in cors and @fastify/cors; a list such as ["PUT", "DELETE"]` },
  allowedHeaders: { field: "allowHeaders", note: `"allowedHeaders" in cors and @fastify/cors; a list such as ["content-type"]` },
  headers: { field: "allowHeaders", note: `"headers" in cors; a list such as ["content-type"]` },
  exposedHeaders: { field: "exposeHeaders", note: `"exposedHeaders" in cors and @fastify/cors; a list such as ["x-request-id"]` },
  credentials: { field: "allowCredentials", note: `"credentials" ${FROM}` },
  optionsSuccessStatus: { field: "preflightStatus", note: `"optionsSuccessStatus" in cors and @fastify/cors; 200 or 204` },
  preflightContinue: {
    note: "corsgate answers preflights itself and never passes them on; to let the application answer preflights from origins the policy does not allow, use unmatchedPreflights: \"forward\"",
  },
  preflight: { note: "corsgate always answers preflights (no OPTIONS route is needed); remove it" },
  strictPreflight: { note: "corsgate is always strict: a request without Origin and Access-Control-Request-Method is not a preflight and reaches the handler; remove it" },
  hideOptionsRoute: { note: "corsgate adds no OPTIONS route; remove it" },
  hook: { note: "corsgate's Fastify plugin decides in onRequest; remove it" },
  delegator: { note: "for a policy per request, pass a resolver (request) => policy to the adapter instead of a config" },
  cacheControl: { note: "corsgate sets no Cache-Control on preflights (browsers cache them by Access-Control-Max-Age, the maxAge field); remove it" },
  logLevel: { note: "corsgate does not log; use the adapter's onDecision hook" },
};
