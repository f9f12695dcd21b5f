import type { CorsPolicyConfig, OriginMatcher } from "../src/index.js";
import type { Random } from "./fuzz-random.js";

/** Header values as a Node server or a test hands them over: a string, several strings, or absent. */
export type FuzzHeaderValue = string | string[];
export interface FuzzRequest {
  method: string;
  headers: Record<string, FuzzHeaderValue>;
}

// Origins the policies and the requests share, so that a good part of the requests is allowed.
const HOSTS = ["app.example.com", "example.com", "a.b.example.com", "api.example.org", "localhost", "127.0.0.1", "[::1]", "xn--bcher-kva.example"];
const SCHEMES = ["https", "http"];
const PORTS = ["", ":8080", ":443", ":3000"];
const SAFE_REGEXES = [
  "https://[a-z0-9-]+\\.example\\.com",
  "https?://localhost:[0-9]+",
  "https://(app|api)\\.example\\.(com|org)",
  "https://[^.]+\\.example\\.org:8080",
  "http://127\\.0\\.0\\.1:\\d{2,5}",
];
const TOKENS = ["PUT", "DELETE", "PATCH", "patch", "put", "OPTIONS", "GET", "POST", "HEAD", "PROPFIND", "x-custom", "Content-Type", "x-api-key", "authorization", "x-requested-with", "cookie", "set-cookie"];
const HOSTILE = [
  "", " ", ",", ", ,", "\t", "\r\n", "\u0000", "a\rb", "a\nb", "ä", "😀", "null", "*", "a b", "x-ok, bad value",
  "\u2028", "<script>", "\"quoted\"", "x-ok,\u0000", "%0d%0a", "\uffff",
];

function origin(random: Random): string {
  return `${random.pick(SCHEMES)}://${random.pick(HOSTS)}${random.pick(PORTS)}`;
}

function originMatcher(random: Random): OriginMatcher {
  switch (random.below(9)) {
    case 0:
      return "*";
    case 1:
      return `${random.pick(SCHEMES)}://*.${random.pick(["example.com", "example.org", "b.example.com"])}${random.pick(["", ":8080", ":*"])}`;
    case 2:
      return `${random.pick(SCHEMES)}://${random.pick(["localhost", "127.0.0.1", "app.example.com"])}:*`;
    case 3:
      return { exact: origin(random), ignoreCase: random.chance(0.5) };
    case 4:
      return { prefix: random.pick(["https://app.example.com", "https://app.example.com:", "http://localhost:", "https://a.", "http"]), ignoreCase: random.chance(0.3) };
    case 5:
      return { regex: random.pick(SAFE_REGEXES) };
    case 6:
      return { regex: new RegExp(random.pick(SAFE_REGEXES), random.pick(["", "i", "u"])) };
    default:
      return origin(random);
  }
}

function tokenList(random: Random): string[] {
  return random.chance(0.15) ? ["*"] : random.some(TOKENS, 4);
}

/** A random configuration: many are refused by `createPolicy`, which is part of what is fuzzed. */
export function generateConfig(random: Random): CorsPolicyConfig {
  const config: Record<string, unknown> = { allowOrigins: Array.from({ length: 1 + random.below(4) }, () => originMatcher(random)) };
  if (random.chance(0.6)) config["allowMethods"] = tokenList(random).filter((token) => token !== "cookie");
  if (random.chance(0.6)) config["allowHeaders"] = tokenList(random);
  if (random.chance(0.4)) config["exposeHeaders"] = tokenList(random);
  if (random.chance(0.4)) config["maxAge"] = random.pick([0, 600, 7200, 86_401, "24h", "1h30m", "3600s"]);
  if (random.chance(0.4)) config["allowCredentials"] = random.chance(0.7);
  if (random.chance(0.3)) config["allowPrivateNetwork"] = random.chance(0.7);
  if (random.chance(0.3)) config["unmatchedPreflights"] = random.pick(["reject", "forward"]);
  if (random.chance(0.3)) config["preflightStatus"] = random.pick([200, 204]);
  if (random.chance(0.1)) config["dangerouslyAllowAnyOriginWithCredentials"] = true;
  return config as unknown as CorsPolicyConfig;
}

/** Variations on an origin: what browsers send, what they never send, and what attackers try. */
function requestOrigin(random: Random, config: CorsPolicyConfig): FuzzHeaderValue {
  const base = origin(random);
  switch (random.below(20)) {
    case 0:
      return base.toUpperCase();
    case 1:
      return `${base}/`;
    case 2:
      return `${base}.evil.net`;
    case 3:
      return base.replace("://", "://evil.");
    case 4:
      return "null";
    case 5:
      return [base, base];
    case 6:
      return `${base}, ${origin(random)}`;
    case 7:
      return random.pick(HOSTILE);
    case 8:
      return `https://${random.string("abcdefghijklmnopqrstuvwxyz0123456789-.", 1 + random.below(3000))}`;
    case 9:
      return `https://${random.string("ab.-", random.below(60))}.example.com`;
    case 10:
      return [base];
    case 11:
    case 12:
    case 13:
    case 14: {
      // An origin the policy names itself, verbatim when it is a plain string.
      const matcher = random.pick(config.allowOrigins);
      if (typeof matcher === "string") return matcher.replace("*.", `${random.string("abc", 1 + random.below(4))}.`).replace(":*", random.pick(["", ":1", ":65535"]));
      if ("exact" in matcher) return matcher.exact;
      if ("prefix" in matcher) return `${matcher.prefix}${random.pick(["", "x", ".example.com", ":8080", "/x"])}`;
      return base;
    }
    default:
      return base;
  }
}

function hostileOrToken(random: Random, tokens: readonly string[]): FuzzHeaderValue {
  const roll = random.below(10);
  if (roll < 6) return random.pick(tokens);
  if (roll === 6) return random.pick(HOSTILE);
  if (roll === 7) return [random.pick(tokens), random.pick(tokens)];
  if (roll === 8) return random.string("!#$%&'*+-.^_`|~azAZ09 ,\t\r\n\u0000é", random.below(40));
  return "x".repeat(random.below(5000));
}

function requestHeaderList(random: Random): FuzzHeaderValue {
  switch (random.below(8)) {
    case 0:
      return random.pick(HOSTILE);
    case 1:
      return random.some(TOKENS, 3);
    case 2:
      return Array.from({ length: 60 + random.below(10) }, (_, i) => `x-h${i}`).join(",");
    case 3:
      return `x-${"a".repeat(4090 + random.below(10))}`;
    case 4:
      return random.string("abcxyz-, \t,", random.below(200));
    default:
      return random.some(TOKENS, 4).join(random.pick([",", ", ", " ,\t", ",,"]));
  }
}

const METHODS = ["GET", "POST", "OPTIONS", "options", "PUT", "DELETE", "PATCH", "HEAD", "CONNECT", "TRACE", "", "M-SEARCH", "GET\r\n"];

/** A request against `config`: hostile header values, random methods, sometimes a well-formed preflight. */
export function generateRequest(random: Random, config: CorsPolicyConfig): FuzzRequest {
  const headers: Record<string, FuzzHeaderValue> = {};
  if (random.chance(0.9)) headers["origin"] = requestOrigin(random, config);
  const preflight = random.chance(0.5);
  const method = preflight ? "OPTIONS" : random.chance(0.9) ? random.pick(METHODS) : random.string("ABCDEFGHIJKLMNOPQRSTUVWXYZ \t\u0000é", random.below(12));
  if (preflight || random.chance(0.1)) headers["access-control-request-method"] = hostileOrToken(random, TOKENS);
  if (random.chance(0.5)) headers["access-control-request-headers"] = requestHeaderList(random);
  if (random.chance(0.2)) headers["access-control-request-private-network"] = random.pick(["true", "TRUE", "false", ["true", "true"], ""]);
  if (random.chance(0.1)) headers["vary"] = random.pick(["*", "accept-encoding", "Origin"]);
  return { method, headers };
}
