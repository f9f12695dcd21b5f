/**
 * Reads a policy file: JSON or YAML, one or several documents (`kind: List` opened), each recognized by
 * `apiVersion` / `kind` (Istio VirtualService, Gateway API HTTPRoute, kgateway / Gloo / agentgateway policies
 * with the Gateways and HTTPRoutes they attach to: see load-attachment.ts) or by its fields (a corsgate policy or route table, a bare
 * Istio `corsPolicy`, a bare Gateway API CORS filter). Unrelated Kubernetes objects are skipped.
 */
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import type { CorsPolicyConfig } from "../core/config.js";
import type { ConfigIssue } from "../core/errors.js";
import { CorsConfigError, isCorsConfigError } from "../core/errors.js";
import { fromGatewayApiCors } from "../mesh/gateway-api.js";
import { fromHTTPRoute } from "../mesh/http-route.js";
import { fromIstioCorsPolicy } from "../mesh/istio.js";
import type { Route } from "../mesh/routes.js";
import { fromVirtualService } from "../mesh/virtual-service.js";
import { flattenLists } from "../mesh/attachment.js";
import { loadAttachment } from "./load-attachment.js";

export type Format = "corsgate" | "istio" | "gateway-api" | "kgateway" | "agentgateway";

/** A file read and translated: one policy, or a route table. */
export type Loaded =
  | {
      readonly format: Format;
      readonly shape: "policy";
      readonly config: CorsPolicyConfig;
      readonly warnings: readonly ConfigIssue[];
      /** Where the policy sits in the file (`spec.cors`), put in front of its issues' paths. */
      readonly source?: string;
    }
  | { readonly format: Format; readonly shape: "routes"; readonly routes: readonly Route[]; readonly warnings: readonly ConfigIssue[] };

/** The file cannot be read or parsed, or holds nothing corsgate understands (exit 2). */
export class FileError extends Error {
  override readonly name = "FileError";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Why a file cannot be read, in words (the system's code only when it is none of the usual ones). */
function unreadable(file: string, error: NodeJS.ErrnoException): string {
  const name = file === "-" ? "standard input" : file;
  switch (error.code) {
    case "ENOENT":
      return `${name} does not exist`;
    case "EISDIR":
      return `${name} is a directory; give a policy file (JSON or YAML)`;
    case "EACCES":
    case "EPERM":
      return `cannot read ${name}: permission denied`;
    default:
      return `cannot read ${name}: ${error.message}`;
  }
}

/** A YAML or JSON syntax error with its line: `file:3:1`, the line as written, and a caret under the column. */
function syntaxError(file: string, text: string, message: string, at: { line: number; col: number } | undefined): string {
  // The parser's message ends with its own excerpt after "at line L, column C:"; the excerpt is written below.
  const reason = (message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "");
  if (at === undefined) return `${file} is not valid YAML or JSON: ${reason}`;
  const written = (text.split(/\r?\n/)[at.line - 1] ?? "").replace(/\t/g, " ");
  const start = Math.max(0, at.col - 80);
  const shown = `${start > 0 ? "…" : ""}${written.slice(start, start + 160)}`;
  const number = String(at.line);
  return [
    `${file}:${at.line}:${at.col}: the file is not valid YAML or JSON: ${reason}`,
    `  ${number} | ${shown}`,
    `  ${" ".repeat(number.length)} | ${" ".repeat(at.col - 1 - start + (start > 0 ? 1 : 0))}^`,
  ].join("\n");
}

/** Reads and parses every document of the file. */
export function readDocuments(file: string): unknown[] {
  let text: string;
  try {
    text = readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (error) {
    throw new FileError(unreadable(file, error as NodeJS.ErrnoException));
  }
  const documents = parseAllDocuments(text, { prettyErrors: true });
  const list = Array.isArray(documents) ? documents : [documents];
  const values: unknown[] = [];
  for (const document of list) {
    const error = document.errors[0];
    if (error !== undefined) throw new FileError(syntaxError(file, text, error.message, error.linePos?.[0]));
    const value: unknown = document.toJS({ maxAliasCount: 100 });
    if (value !== null && value !== undefined) values.push(value);
  }
  return values;
}

/**
 * corsgate files write a case-insensitive regex as `{ regex: "…", flags: "i" }` (the form `policy.config`
 * prints); the core takes a RegExp for that.
 */
export function reviveRegexes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reviveRegexes);
  if (!isRecord(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 2 && typeof value["regex"] === "string" && typeof value["flags"] === "string") {
    return { regex: new RegExp(value["regex"], value["flags"]) };
  }
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, reviveRegexes(entry)]));
}

function kindOf(document: Record<string, unknown>): "virtual-service" | "http-route" | "other-manifest" | "istio-cors" | "gateway-cors" | "corsgate-routes" | "corsgate-policy" | "unknown" {
  const apiVersion = document["apiVersion"];
  const kind = document["kind"];
  if (typeof apiVersion === "string" || typeof kind === "string") {
    if (kind === "VirtualService" && String(apiVersion).startsWith("networking.istio.io/")) return "virtual-service";
    if (kind === "HTTPRoute" && String(apiVersion).startsWith("gateway.networking.k8s.io/")) return "http-route";
    return "other-manifest";
  }
  if ("routes" in document) return "corsgate-routes";
  if ("corsPolicy" in document && Object.keys(document).length === 1) return "istio-cors";
  if (document["type"] === "CORS" || ("cors" in document && Object.keys(document).length === 1)) return "gateway-cors";
  if ("allowOrigins" in document || "allowOrigin" in document) return "corsgate-policy";
  return "unknown";
}

/** Reads every document, even after one fails, and throws one `CorsConfigError` listing the problems of all. */
function readEach<T, R>(entries: readonly T[], read: (entry: T) => R[]): R[] {
  const problems: ConfigIssue[] = [];
  const results = entries.flatMap((entry) => {
    try {
      return read(entry);
    } catch (error) {
      if (!isCorsConfigError(error)) throw error;
      problems.push(...error.issues);
      return [];
    }
  });
  if (problems.length > 0) throw new CorsConfigError(problems);
  return results;
}

/**
 * Loads the file. Throws `FileError` for what is not a policy file, and `CorsConfigError` (from the
 * importers) for a manifest whose CORS settings cannot be translated.
 */
export function loadPolicyFile(file: string): Loaded {
  // `kubectl get -o yaml` prints a `kind: List` whose items are the manifests.
  const documents = flattenLists(readDocuments(file));
  const attached = loadAttachment(documents, file);
  if (attached !== undefined) return attached;
  const warnings: ConfigIssue[] = [];
  const onWarning = (issue: ConfigIssue): void => {
    warnings.push(issue);
  };
  const found: { kind: ReturnType<typeof kindOf>; value: Record<string, unknown>; index: number }[] = [];
  documents.forEach((document, index) => {
    if (!isRecord(document)) throw new FileError(`document ${index + 1} of ${file} is not a mapping`);
    const kind = kindOf(document);
    if (kind === "unknown") {
      throw new FileError(`document ${index + 1} of ${file} is neither a corsgate policy (allowOrigins: …), an Istio VirtualService nor a Gateway API HTTPRoute`);
    }
    if (kind !== "other-manifest") found.push({ kind, value: document, index });
  });
  if (found.length === 0) throw new FileError(`${file} holds no CORS policy, VirtualService or HTTPRoute`);
  const kinds = new Set(found.map((entry) => entry.kind));
  const prefix = (index: number): string => (documents.length > 1 ? `[document ${index + 1}]` : "");
  if (kinds.size > 1) throw new FileError(`${file} mixes ${[...kinds].join(" and ")}: keep one kind of policy per file`);
  const only = found[0] as (typeof found)[number];
  if (found.length > 1 && !(only.kind === "virtual-service" || only.kind === "http-route")) {
    throw new FileError(`${file} holds ${found.length} policies: keep one per file (or use a route table: routes: […])`);
  }
  switch (only.kind) {
    case "virtual-service": {
      const routes = readEach(found, (entry) => fromVirtualService(entry.value, { path: prefix(entry.index), onWarning }));
      return { format: "istio", shape: "routes", routes, warnings };
    }
    case "http-route": {
      const routes =
        found.length === 1
          ? fromHTTPRoute(only.value, { path: prefix(only.index), onWarning })
          : fromHTTPRoute(found.map((entry) => entry.value), { onWarning });
      return { format: "gateway-api", shape: "routes", routes, warnings };
    }
    case "istio-cors":
      return { format: "istio", shape: "policy", config: fromIstioCorsPolicy(only.value["corsPolicy"], { path: "corsPolicy", onWarning }), warnings };
    case "gateway-cors": {
      const filter = only.value["type"] === "CORS" ? only.value : only.value["cors"];
      const path = only.value["type"] === "CORS" ? "" : "cors";
      return { format: "gateway-api", shape: "policy", config: fromGatewayApiCors(filter, { path, onWarning }), warnings };
    }
    case "corsgate-routes": {
      const routes = reviveRegexes(only.value["routes"]);
      if (!Array.isArray(routes)) throw new FileError(`routes in ${file} must be a list`);
      return { format: "corsgate", shape: "routes", routes: routes as Route[], warnings };
    }
    default:
      return { format: "corsgate", shape: "policy", config: reviveRegexes(only.value) as CorsPolicyConfig, warnings };
  }
}
