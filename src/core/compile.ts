import type { CorsPolicyConfig, NormalizedCorsPolicyConfig } from "./config.js";
import { CorsConfigError, type ConfigIssue } from "./errors.js";
import type { CorsPolicy } from "./types.js";
import { assemblePolicy } from "./assemble.js";
import { DETAILED_REASONS } from "./reasons.js";
import { compileOrigins } from "./origin/compile-origins.js";
import { compileList } from "./lists.js";
import { compileMaxAge, maxAgeHeaderValue } from "./max-age.js";
import { describe } from "./describe.js";
import { closestName } from "./suggest.js";
import { own } from "./own.js";
import { MIGRATION_HINTS } from "./migration-fields.js";
import { CONFIG_FIELDS, isConfigField } from "./config-fields.js";


function readBoolean(record: Record<string, unknown>, field: string, errors: ConfigIssue[]): boolean {
  const value = own(record, field);
  if (value === undefined) return false;
  if (typeof value === "boolean") return value;
  errors.push({
    code: "type-invalid",
    path: field,
    message: `${field} must be true or false, not ${describe(value)}`,
    ...(value === "true" || value === "false" ? { hint: `did you mean ${value} (without quotes)?`, fix: { path: field, replaceWith: [value === "true"] } } : {}),
  });
  return false;
}

/**
 * Validates a CORS policy and compiles it into the frozen form `evaluate` uses. Every problem is reported at once.
 *
 * @throws {CorsConfigError} listing every problem, each with a stable `code`, a `path` and, where possible, a `hint`.
 * @example
 * const policy = createPolicy({ allowOrigins: ["https://app.example.com"], allowMethods: ["PUT"] });
 */
export function createPolicy(config: CorsPolicyConfig): CorsPolicy {
  const errors: ConfigIssue[] = [];
  const warnings: ConfigIssue[] = [];
  const notices: ConfigIssue[] = [];
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw new CorsConfigError([
      {
        code: "type-invalid",
        path: "",
        message: `createPolicy takes a policy object such as { allowOrigins: ["https://app.example.com"] }, not ${describe(config)}`,
      },
    ]);
  }
  const record = config as unknown as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (isConfigField(key)) continue;
    const message = `${JSON.stringify(key)} is not a policy field (a typo here could silently widen or narrow the policy)`;
    // An option of another CORS middleware: its corsgate name, or what corsgate does instead.
    const migration = Object.hasOwn(MIGRATION_HINTS, key) ? MIGRATION_HINTS[key] : undefined;
    if (migration !== undefined) {
      errors.push({
        code: "unknown-field",
        path: key,
        message,
        ...(migration.field === undefined
          ? { hint: migration.note, fix: { path: key, replaceWith: [] } }
          : { hint: `did you mean ${migration.field}? (${migration.note})`, fix: { path: key, renameTo: migration.field } }),
      });
      continue;
    }
    const suggestion = closestName(key, CONFIG_FIELDS);
    errors.push({
      code: "unknown-field",
      path: key,
      message,
      ...(suggestion === undefined ? {} : { hint: `did you mean ${suggestion}?`, fix: { path: key, renameTo: suggestion } }),
    });
  }

  const credentials = readBoolean(record, "allowCredentials", errors);
  const privateNetwork = readBoolean(record, "allowPrivateNetwork", errors);
  const dangerous = readBoolean(record, "dangerouslyAllowAnyOriginWithCredentials", errors);

  const unmatched = own(record, "unmatchedPreflights") ?? "reject";
  if (unmatched !== "reject" && unmatched !== "forward") {
    const lower = typeof unmatched === "string" ? unmatched.toLowerCase() : "";
    const hint = lower === "ignore" ? "reject" : lower === "forward" || lower === "reject" ? lower : undefined;
    errors.push({
      code: "type-invalid",
      path: "unmatchedPreflights",
      message: `unmatchedPreflights must be "reject" or "forward", not ${describe(unmatched)}`,
      ...(hint === undefined ? {} : { hint: `did you mean "${hint}"?`, fix: { path: "unmatchedPreflights", replaceWith: [hint] } }),
    });
  }
  const status = own(record, "preflightStatus") ?? 204;
  if (status !== 200 && status !== 204) {
    errors.push({ code: "type-invalid", path: "preflightStatus", message: `preflightStatus must be 200 or 204, not ${describe(status)}` });
  }

  const origins = compileOrigins(own(record, "allowOrigins"), {
    credentials,
    dangerouslyAllowAnyOriginWithCredentials: dangerous,
    errors,
    warnings,
  });
  const methods = compileList("allowMethods", own(record, "allowMethods"), errors, warnings);
  const headers = compileList("allowHeaders", own(record, "allowHeaders"), errors, warnings);
  const expose = compileList("exposeHeaders", own(record, "exposeHeaders"), errors, warnings);
  if (expose.any && credentials) {
    errors.push({
      code: "credentials-expose-wildcard",
      path: "exposeHeaders[0]",
      message: 'with credentials, browsers read Access-Control-Expose-Headers: * as a header literally named "*", so nothing would be exposed',
      hint: "list the response headers scripts may read",
    });
  }
  const maxAge = own(record, "maxAge") === undefined ? undefined : compileMaxAge(own(record, "maxAge"), errors, warnings, notices);

  if (errors.length > 0) throw new CorsConfigError(errors);

  const table = origins.table;
  const onlyAny = table.any && origins.normalized.length === 1;
  const wildcardAllowOrigin = onlyAny && !credentials;
  const exposeHeadersValue = expose.any ? "*" : expose.values.length > 0 ? expose.values.join(", ") : undefined;

  const normalizedConfig: NormalizedCorsPolicyConfig = {
    allowOrigins: Object.freeze(origins.normalized.map((matcher) => (typeof matcher === "string" ? matcher : Object.freeze(matcher)))),
    allowMethods: Object.freeze(methods.any ? ["*"] : [...methods.values]),
    allowHeaders: Object.freeze(headers.any ? ["*"] : [...headers.values]),
    exposeHeaders: Object.freeze(expose.any ? ["*"] : [...expose.values]),
    ...(maxAge === undefined ? {} : { maxAge }),
    allowCredentials: credentials,
    allowPrivateNetwork: privateNetwork,
    unmatchedPreflights: unmatched as "reject" | "forward",
    preflightStatus: status as 200 | 204,
    dangerouslyAllowAnyOriginWithCredentials: dangerous,
  };

  return assemblePolicy(
    {
      origins: table,
      wildcardAllowOrigin,
      credentials,
      privateNetwork,
      forwardUnmatchedPreflights: unmatched === "forward",
      preflightStatus: status as number,
      anyMethod: methods.any,
      anyHeader: headers.any,
      allowMethodsList: methods.values,
      allowHeadersList: headers.values,
      exposeHeadersValue,
      maxAgeValue: maxAge === undefined ? undefined : maxAgeHeaderValue(maxAge),
    },
    Object.freeze(normalizedConfig),
    Object.freeze(warnings.map((warning) => Object.freeze(warning))),
    Object.freeze(notices.map((notice) => Object.freeze(notice))),
    DETAILED_REASONS,
  );
}
