/**
 * What a browser does with one `fetch()` under a policy, following the Fetch standard: it sends a
 * preflight first when the method or a header is not CORS-safelisted, checks the answer, then sends the
 * request and checks that answer. Credentials alone never cause a preflight, but then each answer must
 * carry `Access-Control-Allow-Credentials: true` and the origin itself, never `*`.
 */
import { evaluate } from "../core/evaluate.js";
import { explain } from "../core/explain.js";
import type { CorsDecision, CorsPolicy } from "../core/types.js";

/** The page's request, as a script would make it. */
export interface SimulatedFetch {
  readonly origin: string;
  readonly method: string;
  /** Header names (any case) with their values; a value of `undefined` means "some value". */
  readonly headers: readonly { readonly name: string; readonly value: string | undefined }[];
  readonly path: string;
  readonly credentials: boolean;
}

/** The request corsgate would see, and what it answered. */
export interface Step {
  readonly step: "preflight" | "actual";
  readonly request: { readonly method: string; readonly path: string; readonly headers: Readonly<Record<string, string>> };
  /** The route that matched (a route table's label), when there is one. */
  readonly route?: string;
  /** Undefined when no CORS policy applies (no route, or a route without one). */
  readonly decision?: CorsDecision;
  /** True when the browser accepts this answer. */
  readonly passed: boolean;
  /** Why the browser refuses, in its own terms. */
  readonly failure?: string;
  readonly explanation: string;
}

export interface Simulation {
  readonly allowed: boolean;
  readonly steps: readonly Step[];
  /** Headers the browser will not let a script set (`cookie`, `host`…): dropped, with a note. */
  readonly droppedHeaders: readonly string[];
}

/** Looks up the policy for a request: a single policy, or a route table. */
export type PolicyLookup = (request: { url: string; method: string; headers: Record<string, string> }) => { policy: CorsPolicy | undefined; route?: string };

const SAFELISTED_METHODS = new Set(["GET", "HEAD", "POST"]);
/** Fetch normalizes exactly these method names to upper case. */
const NORMALIZED_METHODS = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]);
const FORBIDDEN_HEADERS = new Set([
  "accept-charset", "accept-encoding", "access-control-request-headers", "access-control-request-method",
  "connection", "content-length", "cookie", "cookie2", "date", "dnt", "expect", "host", "keep-alive",
  "origin", "referer", "set-cookie", "te", "trailer", "transfer-encoding", "upgrade", "via",
]);
const SIMPLE_CONTENT_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"]);

/** The method as `fetch()` sends it: the six standard names in upper case, others as written. */
export function normalizeMethod(method: string): string {
  return NORMALIZED_METHODS.has(method.toUpperCase()) ? method.toUpperCase() : method;
}

/**
 * Whether a header is CORS-safelisted (sent without a preflight). Without a value, `accept`,
 * `accept-language` and `content-language` are assumed to carry an ordinary value, and `content-type`
 * one that needs a preflight (such as application/json).
 */
export function isSafelistedHeader(name: string, value: string | undefined): boolean {
  const lower = name.toLowerCase();
  if (value === undefined) return lower === "accept" || lower === "accept-language" || lower === "content-language";
  if (value.length > 128) return false;
  const unsafeByte = /[\u0000-\u0008\u000a-\u001f"():<>?@[\\\]{}\u007f]/;
  switch (lower) {
    case "accept":
      return !unsafeByte.test(value);
    case "accept-language":
    case "content-language":
      return /^[0-9A-Za-z *,.;=-]*$/.test(value);
    case "content-type": {
      if (unsafeByte.test(value)) return false;
      const essence = (value.split(";")[0] ?? "").trim().toLowerCase();
      return SIMPLE_CONTENT_TYPES.has(essence);
    }
    case "range":
      return /^bytes=\d+-\d*$/.test(value);
    default:
      return false;
  }
}

function listHas(header: string | undefined, item: string, caseInsensitive: boolean): boolean {
  if (header === undefined) return false;
  return header.split(",").some((entry) => (caseInsensitive ? entry.trim().toLowerCase() === item.toLowerCase() : entry.trim() === item));
}

/** The CORS check of the Fetch standard on one response. */
function corsCheck(headers: Readonly<Record<string, string>>, origin: string, credentials: boolean): string | undefined {
  const allowOrigin = headers["access-control-allow-origin"];
  if (allowOrigin === undefined) return `the response has no Access-Control-Allow-Origin header`;
  if (allowOrigin === "*") {
    if (credentials) return "Access-Control-Allow-Origin is *, which a request with credentials does not accept";
  } else if (allowOrigin !== origin) {
    return `Access-Control-Allow-Origin is ${allowOrigin}, not ${origin}`;
  }
  if (credentials && headers["access-control-allow-credentials"] !== "true") {
    return "the request has credentials but the response has no Access-Control-Allow-Credentials: true (set allowCredentials: true)";
  }
  return undefined;
}

function noPolicy(path: string, route: string | undefined): string {
  return route === undefined ? `no route matches ${path}: no CORS headers are sent` : `the route ${route} has no CORS policy: no CORS headers are sent`;
}

/** Runs the browser's side of a fetch against the policy lookup. */
export function simulate(request: SimulatedFetch, lookup: PolicyLookup): Simulation {
  const method = normalizeMethod(request.method);
  const droppedHeaders: string[] = [];
  const sent: { name: string; value: string | undefined }[] = [];
  for (const header of request.headers) {
    if (FORBIDDEN_HEADERS.has(header.name.toLowerCase()) || /^(proxy-|sec-)/i.test(header.name)) droppedHeaders.push(header.name.toLowerCase());
    else sent.push(header);
  }
  const unsafeNames = [...new Set(sent.filter((header) => !isSafelistedHeader(header.name, header.value)).map((header) => header.name.toLowerCase()))].sort();
  const needsPreflight = !SAFELISTED_METHODS.has(method) || unsafeNames.length > 0;
  const steps: Step[] = [];

  if (needsPreflight) {
    const headers: Record<string, string> = { origin: request.origin, "access-control-request-method": method };
    if (unsafeNames.length > 0) headers["access-control-request-headers"] = unsafeNames.join(",");
    const { policy, route } = lookup({ url: request.path, method: "OPTIONS", headers });
    const base = { step: "preflight" as const, request: { method: "OPTIONS", path: request.path, headers }, ...(route === undefined ? {} : { route }) };
    if (policy === undefined) {
      const failure = noPolicy(request.path, route);
      steps.push({ ...base, passed: false, failure, explanation: `The preflight reaches the application; ${failure}.` });
      return { allowed: false, steps, droppedHeaders };
    }
    const decision = evaluate({ method: "OPTIONS", headers }, policy);
    let failure: string | undefined;
    if (decision.action === "continue") {
      failure = "the preflight is forwarded to the application (unmatchedPreflights: forward) and corsgate adds no CORS headers";
    } else if ((decision.status ?? 0) < 200 || (decision.status ?? 0) > 299) {
      failure = `the preflight is answered ${decision.status ?? ""}, not an ok status`;
    } else {
      failure = corsCheck(decision.headers, request.origin, request.credentials);
    }
    if (failure === undefined) {
      const methods = decision.headers["access-control-allow-methods"];
      const anyMethod = !request.credentials && listHas(methods, "*", false);
      if (!SAFELISTED_METHODS.has(method) && !listHas(methods, method, false) && !anyMethod) {
        failure = `the method ${method} is not in Access-Control-Allow-Methods${methods === undefined ? " (absent)" : `: ${methods}`}`;
      }
    }
    if (failure === undefined) {
      const allowed = decision.headers["access-control-allow-headers"];
      const anyHeader = !request.credentials && listHas(allowed, "*", false);
      const missing = unsafeNames.filter((name) => !listHas(allowed, name, true) && !(anyHeader && name !== "authorization"));
      if (missing.length > 0) {
        failure = `${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not in Access-Control-Allow-Headers${allowed === undefined ? " (absent)" : `: ${allowed}`}`;
      }
    }
    steps.push({ ...base, decision, passed: failure === undefined, ...(failure === undefined ? {} : { failure }), explanation: explain(decision) });
    if (failure !== undefined) return { allowed: false, steps, droppedHeaders };
  }

  const headers: Record<string, string> = { origin: request.origin };
  for (const header of sent) headers[header.name.toLowerCase()] = header.value ?? "…";
  const { policy, route } = lookup({ url: request.path, method, headers });
  const base = { step: "actual" as const, request: { method, path: request.path, headers }, ...(route === undefined ? {} : { route }) };
  if (policy === undefined) {
    const failure = noPolicy(request.path, route);
    steps.push({ ...base, passed: false, failure, explanation: `The request reaches the application; ${failure}, so the page cannot read the response.` });
    return { allowed: false, steps, droppedHeaders };
  }
  const decision = evaluate({ method, headers }, policy);
  const failure = corsCheck(decision.headers, request.origin, request.credentials);
  steps.push({ ...base, decision, passed: failure === undefined, ...(failure === undefined ? {} : { failure }), explanation: explain(decision) });
  return { allowed: failure === undefined, steps, droppedHeaders };
}
