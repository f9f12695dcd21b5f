/** Request bytes quoted for a message: JSON-escaped (no control characters) and cut short. No regex: SPEC §4 runs none on an invalid origin. */
export function quoteRequestValue(value: string): string {
  const quoted = JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}…` : value);
  // JSON escapes C0 controls; DEL, C1 controls, line separators and bidi overrides could still forge a log line.
  let result = "";
  for (let i = 0; i < quoted.length; i++) {
    const code = quoted.charCodeAt(i);
    const unsafe = (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 ||
      (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
    result += unsafe ? `\\u${code.toString(16).padStart(4, "0")}` : quoted[i];
  }
  return result;
}
