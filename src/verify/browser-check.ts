/**
 * What a browser concludes from one answer, written from the Fetch standard ("CORS check" and
 * "CORS-preflight fetch"), and Chromium's private network access check. It reads only the answer, so it can
 * judge any server: corsgate's own expected answer and whatever the live server sent are run through the same code.
 */

/** An HTTP answer as the verifier saw it: lower-case header names, repeated headers joined with ", ". */
export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
}

/** The request a browser made, as far as its checks on the answer go. */
export interface BrowserRequest {
  readonly kind: "preflight" | "actual";
  /** The serialized origin of the page (`null` included). */
  readonly origin: string;
  /** The method the page asked for (for a preflight, the ACRM sent). */
  readonly method: string;
  /** CORS-unsafe request header names, lower case (for a preflight, the ACRH sent). */
  readonly headerNames: readonly string[];
  /** Whether the page's request includes credentials (`credentials: "include"`). */
  readonly credentials: boolean;
  /** Whether the preflight asked for private network access (ACRPN: true). */
  readonly privateNetwork?: boolean;
}

/** The browser's verdict; `failure` says why it refuses, in its own terms. */
export type BrowserVerdict = { readonly allowed: true } | { readonly allowed: false; readonly failure: string; readonly missingOrigin: boolean };

const SAFELISTED_METHODS = new Set(["GET", "HEAD", "POST"]);
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function refuse(failure: string, missingOrigin = false): BrowserVerdict {
  return { allowed: false, failure, missingOrigin };
}

/** Fetch's "CORS check". */
export function corsCheck(answer: Answer, origin: string, credentials: boolean): BrowserVerdict {
  const allowOrigin = answer.headers["access-control-allow-origin"];
  if (allowOrigin === undefined) return refuse("no Access-Control-Allow-Origin", true);
  if (!credentials && allowOrigin === "*") return { allowed: true };
  if (allowOrigin !== origin) {
    if (allowOrigin === "*") return refuse("Access-Control-Allow-Origin is *, which a request with credentials does not accept");
    return refuse(`Access-Control-Allow-Origin is ${JSON.stringify(allowOrigin)}, not ${origin}`);
  }
  if (!credentials) return { allowed: true };
  const allowCredentials = answer.headers["access-control-allow-credentials"];
  if (allowCredentials !== "true") {
    return refuse(
      allowCredentials === undefined
        ? "no Access-Control-Allow-Credentials: true (the request has credentials)"
        : `Access-Control-Allow-Credentials is ${JSON.stringify(allowCredentials)}, not exactly "true"`,
    );
  }
  return { allowed: true };
}

/** Fetch's "extracting header list values" for ACAM / ACAH: undefined when the value does not parse (a network error). */
function parseList(value: string | undefined): string[] | undefined {
  if (value === undefined) return [];
  const items: string[] = [];
  for (const part of value.split(",")) {
    const item = part.trim();
    if (item === "") continue;
    if (!TOKEN.test(item)) return undefined;
    items.push(item);
  }
  return items;
}

/** The whole verdict: the CORS check, and for a preflight the status, method, header and private network checks. */
export function browserVerdict(request: BrowserRequest, answer: Answer): BrowserVerdict {
  if (request.kind === "preflight" && (answer.status < 200 || answer.status > 299)) {
    return refuse(`the preflight was answered ${answer.status}, not an ok status`, answer.headers["access-control-allow-origin"] === undefined);
  }
  const cors = corsCheck(answer, request.origin, request.credentials);
  if (!cors.allowed || request.kind === "actual") return cors;
  const methods = parseList(answer.headers["access-control-allow-methods"]);
  const headers = parseList(answer.headers["access-control-allow-headers"]);
  if (methods === undefined) return refuse(`Access-Control-Allow-Methods does not parse: ${answer.headers["access-control-allow-methods"] ?? ""}`);
  if (headers === undefined) return refuse(`Access-Control-Allow-Headers does not parse: ${answer.headers["access-control-allow-headers"] ?? ""}`);
  // Methods compare byte for byte; `*` counts only without credentials.
  if (!methods.includes(request.method) && !SAFELISTED_METHODS.has(request.method) && (request.credentials || !methods.includes("*"))) {
    return refuse(`${request.method} is not in Access-Control-Allow-Methods${methods.length === 0 ? " (absent)" : `: ${methods.join(", ")}`}`);
  }
  const allowed = new Set(headers.map((name) => name.toLowerCase()));
  // `*` never covers Authorization, and counts only without credentials.
  const missing = request.headerNames.filter(
    (name) => !allowed.has(name) && (request.credentials || !allowed.has("*") || name === "authorization"),
  );
  if (missing.length > 0) {
    return refuse(`${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not in Access-Control-Allow-Headers${headers.length === 0 ? " (absent)" : `: ${headers.join(", ")}`}`);
  }
  if (request.privateNetwork === true && answer.headers["access-control-allow-private-network"] !== "true") {
    return refuse("no Access-Control-Allow-Private-Network: true (the preflight asked for private network access)");
  }
  return { allowed: true };
}
