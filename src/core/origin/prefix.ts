/**
 * Facts about an Istio `prefix` matcher, from one pass over the grammar `scheme://host[:port]`:
 * whether some origin can start with it at all, and whether it ends at an origin boundary (the host is
 * complete), so that it cannot also match `https://app.example.com.evil.net`.
 */
export interface PrefixFacts {
  readonly canStartAnOrigin: boolean;
  readonly hostIsComplete: boolean;
  /** A prefix of `http://` or `https://`: it matches every origin of that scheme. */
  readonly matchesAnyOrigin: boolean;
}

export function analyzePrefix(prefix: string): PrefixFacts {
  const lower = prefix.toLowerCase();
  const matchesAnyOrigin = "http://".startsWith(lower) || "https://".startsWith(lower);
  type State = "scheme" | "slash1" | "slash2" | "host" | "ipv6" | "afterIpv6" | "port";
  let state: State = "scheme";
  let hostLength = 0;
  let portLength = 0;
  for (let i = 0; i < prefix.length; i++) {
    const char = prefix[i] as string;
    const alpha = /[A-Za-z]/.test(char);
    const digit = /[0-9]/.test(char);
    switch (state) {
      case "scheme":
        if (i === 0 ? alpha : alpha || digit || char === "+" || char === "-" || char === ".") continue;
        if (char === ":" && i > 0) {
          state = "slash1";
          continue;
        }
        return { canStartAnOrigin: false, hostIsComplete: false, matchesAnyOrigin };
      case "slash1":
      case "slash2":
        if (char !== "/") return { canStartAnOrigin: false, hostIsComplete: false, matchesAnyOrigin };
        state = state === "slash1" ? "slash2" : "host";
        continue;
      case "host":
        if (hostLength === 0 && char === "[") {
          state = "ipv6";
          continue;
        }
        if (alpha || digit || char === "-" || char === ".") {
          hostLength++;
          continue;
        }
        if (char === ":" && hostLength > 0) {
          state = "port";
          continue;
        }
        return { canStartAnOrigin: false, hostIsComplete: false, matchesAnyOrigin };
      case "ipv6":
        if (/[0-9A-Fa-f:.]/.test(char)) continue;
        if (char === "]") {
          state = "afterIpv6";
          continue;
        }
        return { canStartAnOrigin: false, hostIsComplete: false, matchesAnyOrigin };
      case "afterIpv6":
        if (char === ":") {
          state = "port";
          continue;
        }
        return { canStartAnOrigin: false, hostIsComplete: false, matchesAnyOrigin };
      case "port":
        if (digit && portLength < 5) {
          portLength++;
          continue;
        }
        return { canStartAnOrigin: false, hostIsComplete: false, matchesAnyOrigin };
      default:
        return { canStartAnOrigin: false, hostIsComplete: false, matchesAnyOrigin };
    }
  }
  return { canStartAnOrigin: true, hostIsComplete: state === "port" || state === "afterIpv6", matchesAnyOrigin };
}
