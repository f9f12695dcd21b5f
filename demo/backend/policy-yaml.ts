// Policy text (YAML) ⇄ corsgate configuration, in the two forms the page's editor offers.
import { parseDocument, stringify } from "yaml";
import type { ConfigIssue, CorsPolicy, CorsPolicyConfig, NormalizedCorsPolicyConfig } from "../../src/index.js";
import { isCorsConfigError } from "../../src/index.js";
import { istioFormat } from "./istio-format.js";

/** `corsgate`: a `CorsPolicyConfig`. `istio`: a VirtualService route's `corsPolicy` (optionally under a `corsPolicy:` key). */
export type PolicyForm = "corsgate" | "istio";

/** What a form needs: reading its YAML value into a config, and writing a policy back in that form. */
export interface PolicyFormat {
  readonly label: string;
  /** Turns the parsed YAML value into a corsgate config; throws `CorsConfigError` listing every problem. */
  read(value: unknown): { config: CorsPolicyConfig; warnings: ConfigIssue[] };
  /** The policy written in this form, or `undefined` when the form cannot hold it. */
  write(policy: CorsPolicy): string | undefined;
}

export type PolicyReading =
  | { readonly ok: true; readonly config: CorsPolicyConfig; readonly warnings: readonly ConfigIssue[] }
  | { readonly ok: false; readonly issues: readonly ConfigIssue[] };

/** Only the fields that differ from the defaults, so the YAML shown stays as short as the one typed. */
export function compactConfig(config: NormalizedCorsPolicyConfig): Record<string, unknown> {
  const compact: Record<string, unknown> = {
    allowOrigins: config.allowOrigins.map((matcher) =>
      typeof matcher === "object" && "regex" in matcher && matcher.regex instanceof RegExp ? { regex: matcher.regex.source } : matcher,
    ),
  };
  if (config.allowMethods.length > 0) compact["allowMethods"] = [...config.allowMethods];
  if (config.allowHeaders.length > 0) compact["allowHeaders"] = [...config.allowHeaders];
  if (config.exposeHeaders.length > 0) compact["exposeHeaders"] = [...config.exposeHeaders];
  if (config.maxAge !== undefined) compact["maxAge"] = config.maxAge;
  if (config.allowCredentials) compact["allowCredentials"] = true;
  if (config.allowPrivateNetwork) compact["allowPrivateNetwork"] = true;
  if (config.unmatchedPreflights !== "reject") compact["unmatchedPreflights"] = config.unmatchedPreflights;
  if (config.preflightStatus !== 204) compact["preflightStatus"] = config.preflightStatus;
  if (config.dangerouslyAllowAnyOriginWithCredentials) compact["dangerouslyAllowAnyOriginWithCredentials"] = true;
  return compact;
}

const corsgateFormat: PolicyFormat = {
  label: "corsgate (CorsPolicyConfig)",
  // createPolicy checks the value itself (a list where a map belongs is its `type-invalid`).
  read: (value) => ({ config: value as CorsPolicyConfig, warnings: [] }),
  write: (policy) => stringify(compactConfig(policy.config)),
};

const formats: ReadonlyMap<PolicyForm, PolicyFormat> = new Map<PolicyForm, PolicyFormat>([
  ["corsgate", corsgateFormat],
  ["istio", istioFormat],
]);

/** The forms the editor can offer, in order. */
export function availableForms(): { form: PolicyForm; label: string }[] {
  return [...formats].map(([form, format]) => ({ form, label: format.label }));
}

export function policyFormat(form: string): PolicyFormat | undefined {
  return formats.get(form as PolicyForm);
}

/** Where a YAML problem is, as a person reads it: `line 3, column 5`. */
function yamlPlace(linePos: readonly { line: number; col: number }[] | undefined): string {
  const start = linePos?.[0];
  return start === undefined ? "(yaml)" : `line ${start.line}, column ${start.col}`;
}

/**
 * Reads policy text in `form`. Every problem comes back at once: YAML syntax errors (code `yaml-invalid`,
 * path = line and column), then the form's translation problems, then `createPolicy`'s — never a throw.
 * `compile` is `createPolicy`, passed in so the caller keeps the compiled policy.
 */
export function readPolicyText(
  text: string,
  form: string,
  compile: (config: CorsPolicyConfig) => CorsPolicy,
): (PolicyReading & { ok: false }) | { ok: true; policy: CorsPolicy; warnings: readonly ConfigIssue[] } {
  const format = policyFormat(form);
  if (format === undefined) {
    const known = availableForms().map((entry) => entry.form).join(", ");
    return { ok: false, issues: [{ code: "form-unknown", path: "form", message: `unknown policy form ${JSON.stringify(form)}`, hint: `one of: ${known}` }] };
  }
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    return {
      ok: false,
      issues: document.errors.map((error) => ({
        code: "yaml-invalid",
        path: yamlPlace(error.linePos),
        // The first line, without the place (the path says it) or the excerpt that follows.
        message: (error.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, ""),
        hint: "fix the YAML syntax first",
      })),
    };
  }
  try {
    const { config, warnings } = format.read(document.toJS());
    const policy = compile(config);
    return { ok: true, policy, warnings: [...warnings, ...policy.warnings] };
  } catch (error) {
    if (isCorsConfigError(error)) return { ok: false, issues: error.issues };
    throw error;
  }
}
