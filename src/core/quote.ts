/** DEL, C1 controls, line separators and bidi controls: JSON leaves them as they are, yet they could forge a log line. */
const UNSAFE = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Request bytes quoted for a message: JSON-escaped (no control characters) and cut short. */
export function quoteRequestValue(value: string): string {
  // A single-character class: linear whatever the input.
  return JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}…` : value).replace(
    UNSAFE,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
