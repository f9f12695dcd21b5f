// How corsPlugin words the mistakes people make in its options object, most of them from migrating off
// @fastify/cors: its option names, a corsgate policy given at the top level instead of under `policy`, and a
// `prefix` that a plugin applying to its registering instance would silently ignore. Configuration time only.
import { isConfigField } from "../core/config-fields.js";
import { MIGRATION_HINTS } from "../core/migration-fields.js";

/** Fastify's own `register` options, which Fastify hands to the plugin along with its options. */
export const FASTIFY_REGISTER_OPTIONS: readonly string[] = Object.freeze(["logLevel", "logSerializers"]);

/** @fastify/cors options with a corsgate field; the field itself comes from the core's migration table. */
const FASTIFY_CORS_FIELD_OPTIONS: readonly string[] = Object.freeze(["origin", "credentials", "methods", "allowedHeaders", "exposedHeaders", "optionsSuccessStatus"]);

/** The corsgate field of an @fastify/cors option, or `undefined`. */
function fieldFor(name: string): string | undefined {
  return FASTIFY_CORS_FIELD_OPTIONS.includes(name) ? MIGRATION_HINTS[name]?.field : undefined;
}

/** @fastify/cors options without a corsgate field, and what corsgate does instead. */
const INSTEAD_OF: Readonly<Record<string, string>> = Object.freeze({
  preflightContinue: 'corsgate answers preflights itself (policy.unmatchedPreflights: "forward" passes on refused ones)',
  strictPreflight: "no equivalent: only OPTIONS with Origin and Access-Control-Request-Method is a preflight",
  preflight: 'no equivalent (mode: "shadow" answers no preflight and changes nothing)',
  hook: "no equivalent: corsgate decides in onRequest and writes in onSend",
  delegator: "give a resolver as the policy: { policy: (request) => config }",
  hideOptionsRoute: "no equivalent: corsgate's OPTIONS route is always hidden",
  cacheControl: "no equivalent (policy.maxAge sets Access-Control-Max-Age)",
});

/** The option's line when it is one of @fastify/cors's (or a misplaced `prefix`), else `undefined`. */
export function describeFastifyOption(name: string): string | undefined {
  const field = fieldFor(name);
  if (field !== undefined) return `${name}: an @fastify/cors option; did you mean policy.${field}?`;
  const instead = INSTEAD_OF[name];
  if (instead !== undefined) return `${name}: an @fastify/cors option; ${instead}`;
  if (name === "prefix") {
    return "prefix: corsPlugin applies to the whole instance that registers it; to limit it to a prefix, register it inside a plugin that has one";
  }
  return undefined;
}

function splitList(value: string): string[] {
  return value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

// The value to show for a corsgate field, when the option's value carries over as it is (or, for @fastify/cors's
// comma-separated strings, as a list); `undefined` when it does not (a RegExp, a function, `origin: true`).
function carriedValue(field: string, value: unknown, fromFastifyCors: boolean): string | undefined {
  if (typeof value === "boolean" || typeof value === "number") {
    if (fromFastifyCors && field === "allowOrigins") return undefined; // origin: true reflects any origin
    return JSON.stringify(value);
  }
  const isList = field === "allowOrigins" || field === "allowMethods" || field === "allowHeaders" || field === "exposeHeaders";
  if (typeof value === "string") return isList ? JSON.stringify(splitList(value)) : JSON.stringify(value);
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) return JSON.stringify(value);
  return undefined;
}

/**
 * For options without `policy` that hold policy fields or @fastify/cors options: the registration to write,
 * `app.register(corsPlugin, { policy: { … } })`, with the values carried over where they can be. `undefined`
 * when none of the names is a policy field or an @fastify/cors option with a corsgate field.
 */
export function policyRewrite(options: Readonly<Record<string, unknown>>): string | undefined {
  const parts: string[] = [];
  for (const name of Object.keys(options)) {
    const fromFastifyCors = fieldFor(name);
    const field = fromFastifyCors ?? (isConfigField(name) ? name : undefined);
    if (field === undefined) continue;
    parts.push(`${field}: ${carriedValue(field, options[name], fromFastifyCors !== undefined) ?? "…"}`);
  }
  return parts.length === 0 ? undefined : `app.register(corsPlugin, { policy: { ${parts.join(", ")} } })`;
}
