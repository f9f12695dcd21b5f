/** `corsgate convert`: a policy file in another format, printed as YAML. */
import { stringify } from "yaml";
import { createPolicy } from "../core/compile.js";
import type { CorsPolicyConfig } from "../core/config.js";
import { toGatewayApiCors } from "../mesh/gateway-api.js";
import { toIstioCorsPolicy } from "../mesh/istio.js";
import { toGatewayApiRules, toIstioHttpRoutes } from "../mesh/route-export.js";
import { routePolicies } from "../mesh/routes.js";
import type { Route } from "../mesh/routes.js";
import type { ParsedArguments } from "./args.js";
import { UsageError, single } from "./args.js";
import type { Io } from "./io.js";
import { loadOrReport } from "./io.js";
import type { ConfigIssue } from "../core/errors.js";
import { policyManifest, warningText } from "./convert-extra.js";

const TARGETS = ["istio", "gateway-api", "kgateway", "agentgateway", "corsgate"] as const;
type Target = (typeof TARGETS)[number];

/** `'envoy'`, as the user typed it (JSON escapes for anything unprintable). */
function quoted(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) && !text.includes("'") ? `'${text}'` : JSON.stringify(text);
}

/** corsgate files write a RegExp as `{ regex, flags }`; plain values pass through. */
function plain(value: unknown): unknown {
  if (value instanceof RegExp) return value.flags === "" ? value.source : { regex: value.source, flags: value.flags };
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).filter(([, entry]) => entry !== undefined);
    // `{ regex: RegExp }` becomes `{ regex, flags }` side by side.
    if (entries.length === 1 && entries[0]?.[0] === "regex" && entries[0][1] instanceof RegExp) {
      const regex = entries[0][1];
      return regex.flags === "" ? { regex: regex.source } : { regex: regex.source, flags: regex.flags };
    }
    return Object.fromEntries(entries.map(([key, entry]) => [key, plain(entry)]));
  }
  return value;
}

function corsgateRoutes(routes: readonly Route[]): unknown {
  return routes.map((route) => ({
    ...(route.name === undefined ? {} : { name: route.name }),
    ...(route.match === undefined ? {} : { match: route.match }),
    ...(route.policy === undefined ? {} : { policy: route.policy }),
  }));
}

export function runConvert(parsed: ParsedArguments, io: Io): number {
  const target = single(parsed, "to");
  if (target === undefined) throw new UsageError(`convert needs --to ${TARGETS.join("|")}`);
  if (!(TARGETS as readonly string[]).includes(target)) {
    throw new UsageError(`unknown target ${quoted(target)} (choose ${TARGETS.slice(0, -1).join(", ")} or ${TARGETS[TARGETS.length - 1] ?? ""})`);
  }
  const loaded = loadOrReport(parsed, io);
  if (loaded === undefined) return 2;
  const to = target as Target;
  if (loaded.shape === "routes" && (to === "kgateway" || to === "agentgateway")) {
    io.err(`corsgate: convert --to ${to} takes one policy, not a route table: use --to gateway-api (a rule's CORS filter takes precedence over ${to} policies)`);
    return 2;
  }
  const warnings: ConfigIssue[] = [];
  const onWarning = (issue: ConfigIssue): void => void warnings.push(issue);
  const output = io.compileOrReport(() => {
    const notes: string[] = [];
    let value: unknown;
    if (loaded.shape === "policy") {
      const policy = createPolicy(loaded.config);
      const path = loaded.source ?? "";
      if (to === "corsgate") value = loaded.config as CorsPolicyConfig;
      else if (to === "istio") value = { corsPolicy: toIstioCorsPolicy(policy, { onWarning, path }) };
      else if (to === "gateway-api") value = { type: "CORS", cors: toGatewayApiCors(policy, { onWarning, path }) };
      else {
        const manifest = policyManifest(policy, to, onWarning, path);
        notes.push(manifest.note);
        value = manifest.value;
      }
    } else {
      routePolicies(loaded.routes); // validates every route first
      if (to === "corsgate") value = { routes: corsgateRoutes(loaded.routes) };
      else if (to === "istio") {
        notes.push("# The http routes of a VirtualService, CORS parts only: add each route's destination.");
        value = { http: toIstioHttpRoutes(loaded.routes, { onWarning }) };
      } else {
        const exported = toGatewayApiRules(loaded.routes, { onWarning });
        notes.push("# The rules of an HTTPRoute, CORS parts only: add each rule's backendRefs.");
        for (const note of exported.notes) notes.push(`# note: ${note}`);
        value = { rules: exported.rules };
      }
    }
    if (parsed.flags.has("json")) {
      const comments = notes.filter((note) => note.startsWith("# note: ")).map((note) => note.slice("# note: ".length));
      return JSON.stringify({ ...(plain(value) as object), ...(comments.length > 0 ? { notes: comments } : {}), warnings }, null, 2);
    }
    const comments = [...warnings.map((warning) => `# warning: ${warningText(warning).replaceAll("\n", " ")}`), ...notes];
    return `${comments.join("\n")}${comments.length > 0 ? "\n" : ""}${stringify(plain(value), { lineWidth: 0 })}`;
  }, `convert to ${target}`);
  if (output === undefined) return 2;
  for (const warning of warnings) io.err(`corsgate: warning: ${warningText(warning)}`);
  io.out(output.trimEnd());
  // --strict: a conversion that changes behaviour is a failure.
  return warnings.length > 0 && parsed.flags.has("strict") ? 1 : 0;
}
