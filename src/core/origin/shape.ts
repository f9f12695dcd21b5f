/** Longest Origin corsgate looks at; longer ones are invalid without being read. */
export const MAX_ORIGIN_LENGTH = 2048;

/** The parts of a well-shaped serialized origin. `port` is "" when absent. */
export interface OriginParts {
  readonly scheme: string;
  readonly host: string;
  readonly port: string;
}

const enum Code {
  Colon = 58,
  Slash = 47,
  OpenBracket = 91,
  CloseBracket = 93,
  Dot = 46,
  Hyphen = 45,
  Plus = 43,
}

function isAlpha(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isHex(code: number): boolean {
  return isDigit(code) || (code >= 97 && code <= 102) || (code >= 65 && code <= 70);
}

/**
 * Splits `value` if it has the shape of a serialized origin: `scheme://host[:port]`, the host made of letters,
 * digits, `-` and `.`, or a bracketed IPv6 address; the port 1–65535 without a sign. One pass, no regex, no
 * allocation until the shape is known to be right. Returns undefined otherwise (also for `null`).
 */
export function splitOrigin(value: string): OriginParts | undefined {
  const end = value.length;
  if (end > MAX_ORIGIN_LENGTH || end === 0 || !isAlpha(value.charCodeAt(0))) return undefined;
  let i = 1;
  while (i < end) {
    const code = value.charCodeAt(i);
    if (isAlpha(code) || isDigit(code) || code === Code.Plus || code === Code.Hyphen || code === Code.Dot) i++;
    else break;
  }
  const schemeEnd = i;
  if (value.charCodeAt(i) !== Code.Colon || value.charCodeAt(i + 1) !== Code.Slash || value.charCodeAt(i + 2) !== Code.Slash) {
    return undefined;
  }
  i += 3;
  const hostStart = i;
  if (value.charCodeAt(i) === Code.OpenBracket) {
    i++;
    const inner = i;
    while (i < end) {
      const code = value.charCodeAt(i);
      if (isHex(code) || code === Code.Colon || code === Code.Dot) i++;
      else break;
    }
    if (i === inner || value.charCodeAt(i) !== Code.CloseBracket) return undefined;
    i++;
  } else {
    while (i < end) {
      const code = value.charCodeAt(i);
      if (isAlpha(code) || isDigit(code) || code === Code.Hyphen || code === Code.Dot) i++;
      else break;
    }
    if (i === hostStart) return undefined;
  }
  const hostEnd = i;
  let port = "";
  if (i < end) {
    if (value.charCodeAt(i) !== Code.Colon) return undefined;
    i++;
    const portStart = i;
    while (i < end && isDigit(value.charCodeAt(i))) i++;
    const digits = i - portStart;
    if (i !== end || digits === 0 || digits > 5) return undefined;
    port = value.slice(portStart, end);
    const number = Number(port);
    if (number < 1 || number > 65535) return undefined;
  }
  return { scheme: value.slice(0, schemeEnd), host: value.slice(hostStart, hostEnd), port };
}

/** True when `value` has the shape of a serialized origin, `null` included. */
export function isWellShapedOrigin(value: string): boolean {
  return value === "null" || splitOrigin(value) !== undefined;
}
