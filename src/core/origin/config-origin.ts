import type { ConfigIssue } from "../errors.js";
import { MAX_ORIGIN_LENGTH } from "./shape.js";
import { canonicalHost, defaultPort, isLoopbackHost, parsedHost } from "./canonical.js";

/** A parsed `scheme://host[:port]` written in a policy. `hostSuffix` is set for `*.` patterns. */
export interface ConfigOriginParts {
  readonly scheme: string;
  readonly host: string;
  /** "" when absent, "*" for any port. */
  readonly port: string;
  /** For `https://*.example.com`: ".example.com". */
  readonly hostSuffix?: string;
}

export type ParsedConfigOrigin =
  | { readonly ok: true; readonly parts: ConfigOriginParts; readonly isPattern: boolean }
  | { readonly ok: false };

const HOST_LABEL = /^[A-Za-z0-9-]+$/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/;
const IPV6 = /^\[[0-9A-Fa-f:.]+\]$/;

function quote(value: string): string {
  return JSON.stringify(value.length > 120 ? `${value.slice(0, 120)}…` : value);
}

/**
 * Parses an origin or a Gateway API origin pattern written in a policy, reporting what a browser would never
 * send: `origin-invalid` for what cannot be an origin, `origin-noncanonical` (with the canonical form as a hint)
 * for what a browser writes differently.
 */
export function parseConfigOrigin(
  value: string,
  path: string,
  errors: ConfigIssue[],
  options: { readonly ignoreCase: boolean; readonly allowPattern: boolean },
): ParsedConfigOrigin {
  const invalid = (why: string, hint?: string): ParsedConfigOrigin => {
    errors.push({
      code: "origin-invalid",
      path,
      message: `${quote(value)} is not an origin: ${why}`,
      ...(hint === undefined ? {} : { hint: `did you mean ${hint}?`, fix: { path, replaceWith: [hint] } }),
    });
    return { ok: false };
  };
  if (value.length > MAX_ORIGIN_LENGTH) return invalid(`it is longer than ${MAX_ORIGIN_LENGTH} characters`);
  if (value.trim() !== value || /\s/.test(value)) {
    const trimmed = value.trim();
    return invalid("it contains white space", trimmed !== "" && !/\s/.test(trimmed) ? trimmed : undefined);
  }
  if (value === "") return invalid("it is empty");
  const separator = value.indexOf("://");
  if (separator < 0) {
    return invalid("it has no scheme (an origin looks like https://app.example.com)", /^[\w.-]+(:\d+)?$/.test(value) ? `https://${value.toLowerCase()}` : undefined);
  }
  const writtenScheme = value.slice(0, separator);
  if (!SCHEME.test(writtenScheme)) return invalid(`${quote(writtenScheme)} is not a URL scheme`);
  const scheme = writtenScheme.toLowerCase();
  if (scheme === "file") return invalid("file: pages have the opaque origin null, which corsgate never allows");
  let rest = value.slice(separator + 3);
  let noncanonical: string | undefined;

  // Path, query and fragment: a lone trailing slash is a common slip (non-canonical); anything more is invalid.
  const pathStart = rest.search(/[/?#]/);
  let hadPath = false;
  if (pathStart >= 0) {
    if (rest.slice(pathStart) === "/") noncanonical = "it ends with a slash";
    else hadPath = true;
    rest = rest.slice(0, pathStart);
  }
  let hadUserinfo = false;
  const at = rest.lastIndexOf("@");
  if (at >= 0) {
    hadUserinfo = true;
    rest = rest.slice(at + 1);
  }

  let host: string;
  let port = "";
  if (rest.startsWith("[")) {
    const close = rest.indexOf("]");
    if (close < 0) return invalid("its IPv6 address has no closing bracket");
    host = rest.slice(0, close + 1);
    const after = rest.slice(close + 1);
    if (after !== "") {
      if (!after.startsWith(":")) return invalid("unexpected characters after the IPv6 address");
      port = after.slice(1);
      if (port === "") return invalid("its port is empty");
    }
    if (!IPV6.test(host)) return invalid(`${quote(host)} is not an IPv6 address`);
  } else {
    const colon = rest.lastIndexOf(":");
    if (colon >= 0) {
      host = rest.slice(0, colon);
      port = rest.slice(colon + 1);
      if (port === "") return invalid("its port is empty");
    } else {
      host = rest;
    }
  }
  if (host === "") return invalid("its host is empty");

  let hostSuffix: string | undefined;
  let isPattern = false;
  if (port === "*") {
    if (!options.allowPattern) return invalid("a port of * is only allowed in a pattern string");
    isPattern = true;
  } else if (port !== "") {
    if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
      return invalid(`its port ${quote(port)} is not a number from 1 to 65535`);
    }
  }

  let labelsHost = host;
  if (host.startsWith("*.")) {
    if (!options.allowPattern) return invalid("* is only allowed in a pattern string");
    isPattern = true;
    labelsHost = host.slice(2);
  }
  if (labelsHost.includes("*")) {
    return invalid("* may only stand for whole labels at the start of the host, as in https://*.example.com");
  }
  if (isPattern && scheme !== "http" && scheme !== "https") {
    return invalid("patterns with * are only allowed for http and https origins");
  }

  // The schemes whose hosts the URL parser rewrites (the "special" ones a page can have as its origin). For a
  // `*.` pattern the parser sees the suffix with one label in front.
  const special = scheme === "http" || scheme === "https" || scheme === "ws" || scheme === "wss";
  const wildcardLabels = isPattern && host.startsWith("*.");
  let urlHost: string | undefined;
  if (special && !labelsHost.split(".").includes("")) {
    const parsed = parsedHost(scheme, wildcardLabels ? `x.${labelsHost}` : labelsHost);
    if (parsed === null) {
      return invalid(`the URL parser rejects the host ${quote(labelsHost)} (a number out of range, or a last label that is a number), so no page has this origin`);
    }
    urlHost = parsed !== undefined && wildcardLabels ? parsed.slice(2) : parsed;
  }

  let canonical = labelsHost;
  if (!labelsHost.startsWith("[")) {
    const labels = labelsHost.split(".");
    if (labels.some((label) => label === "")) return invalid("its host has an empty label");
    const ascii = labels.every((label) => HOST_LABEL.test(label));
    if (!ascii && urlHost !== undefined && labelsHost.includes("%")) {
      // Percent-encoding the URL parser decodes into a host name it accepts.
      canonical = urlHost;
      noncanonical ??= "its host is percent-encoded (browsers send it decoded)";
    } else if (!ascii) {
      // Non-ASCII letters are fine once written as punycode; anything else cannot be in a host.
      // eslint-disable-next-line no-control-regex
      if (labels.some((label) => /[\x00-\x2c\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]/.test(label))) {
        return invalid(`${quote(labelsHost)} is not a valid host name`);
      }
      canonical = canonicalHost(labelsHost);
      noncanonical ??= "its host is not ASCII (browsers send the punycode form)";
    } else if (!options.ignoreCase && labelsHost !== labelsHost.toLowerCase()) {
      canonical = labelsHost.toLowerCase();
      noncanonical ??= "its host has upper-case letters (browsers send lower case)";
    } else {
      canonical = labelsHost.toLowerCase();
    }
  } else {
    canonical = labelsHost.toLowerCase();
  }
  if (urlHost !== undefined && urlHost !== (options.ignoreCase ? canonical : labelsHost)) {
    // What the checks above let through but the URL parser still rewrites: IPv4 in a numeric form other than
    // dotted decimal, IPv6 not in its compressed lower-case form.
    noncanonical ??= `its host is written in a form browsers rewrite: they send ${urlHost}`;
    canonical = urlHost;
  }
  if (!options.ignoreCase && writtenScheme !== scheme) noncanonical ??= "its scheme has upper-case letters";
  let canonicalPort = port;
  if (port !== "" && port !== "*" && String(Number(port)) !== port) {
    canonicalPort = String(Number(port));
    noncanonical ??= "its port has leading zeros";
  }
  if (canonicalPort !== "" && canonicalPort !== "*" && defaultPort(scheme) === canonicalPort) {
    noncanonical ??= `:${port} is the default port for ${scheme}, which browsers leave out`;
    canonicalPort = "";
  }
  const canonicalText = `${scheme}://${isPattern && host.startsWith("*.") ? "*." : ""}${canonical}${canonicalPort === "" ? "" : `:${canonicalPort}`}`;
  if (hadUserinfo) return invalid("it contains user information (an origin never does)", canonicalText);
  if (hadPath) return invalid("it has a path, query or fragment (an origin is only scheme://host[:port])", canonicalText);
  if (noncanonical !== undefined) {
    errors.push({
      code: "origin-noncanonical",
      path,
      message: `${quote(value)} is not how a browser writes an origin: ${noncanonical}`,
      hint: `did you mean ${canonicalText}?`,
      fix: { path, replaceWith: [canonicalText] },
    });
    return { ok: false };
  }
  const parts: ConfigOriginParts = isPattern && host.startsWith("*.")
    ? { scheme, host: labelsHost, port, hostSuffix: `.${labelsHost}` }
    : { scheme, host: labelsHost, port };
  return { ok: true, parts, isPattern };
}

/** `credentials-insecure-origin`: plain http to anything but loopback, with credentials. */
export function checkInsecureWithCredentials(
  parts: ConfigOriginParts,
  written: string,
  path: string,
  errors: ConfigIssue[],
): void {
  if (parts.scheme !== "http" || isLoopbackHost(parts.host)) return;
  const secure = `https://${parts.hostSuffix === undefined ? "" : "*."}${parts.host}${parts.port === "" ? "" : `:${parts.port}`}`;
  errors.push({
    code: "credentials-insecure-origin",
    path,
    message: `${quote(written)} is plain http, so anyone on the network can impersonate it and read credentialed responses`,
    hint: `did you mean ${secure}?`,
    fix: { path, replaceWith: [secure] },
  });
}
