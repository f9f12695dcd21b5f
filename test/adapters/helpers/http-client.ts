import { Agent, request as httpRequest } from "node:http";

/** A response as it came off the wire: raw header lines kept, so duplicates are visible. */
export interface WireResponse {
  readonly status: number;
  readonly rawHeaders: readonly string[];
  readonly body: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 8 });

/**
 * Sends one request with `node:http`, which (unlike fetch) sends any header, `Origin` included, and an array
 * as repeated header lines.
 */
export function send(
  url: string,
  method: string,
  headers: Readonly<Record<string, string | readonly string[]>> = {},
): Promise<WireResponse> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method, headers: headers as Record<string, string | string[]>, agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, rawHeaders: response.rawHeaders, body: Buffer.concat(chunks).toString("utf8") }),
      );
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end();
  });
}

/** Every value of one header, in order (names compared case-insensitively). */
export function headerValues(response: WireResponse, name: string): string[] {
  const values: string[] = [];
  for (let index = 0; index + 1 < response.rawHeaders.length; index += 2) {
    if ((response.rawHeaders[index] as string).toLowerCase() === name) values.push(response.rawHeaders[index + 1] as string);
  }
  return values;
}

/** The single value of a header; fails loudly when the header is repeated. */
export function header(response: WireResponse, name: string): string | undefined {
  const values = headerValues(response, name);
  if (values.length > 1) throw new Error(`header ${name} sent ${values.length} times: ${JSON.stringify(values)}`);
  return values[0];
}

/** The `access-control-*` headers of a response, lower-case names, each required to appear once. */
export function corsHeaders(response: WireResponse): Record<string, string> {
  const result: Record<string, string> = {};
  for (let index = 0; index + 1 < response.rawHeaders.length; index += 2) {
    const name = (response.rawHeaders[index] as string).toLowerCase();
    if (!name.startsWith("access-control-")) continue;
    if (name in result) throw new Error(`header ${name} sent twice`);
    result[name] = response.rawHeaders[index + 1] as string;
  }
  return result;
}

/** The `Vary` tokens of a response, lower-cased and sorted, across every `Vary` line. */
export function varyTokens(response: WireResponse): string[] {
  const tokens = new Set<string>();
  for (const line of headerValues(response, "vary")) {
    for (const token of line.split(",")) if (token.trim() !== "") tokens.add(token.trim().toLowerCase());
  }
  return [...tokens].sort();
}

/** Tokens as `varyTokens` returns them, for comparing with a decision's `vary`. */
export function normalizedTokens(tokens: readonly string[]): string[] {
  return [...new Set(tokens.map((token) => token.toLowerCase()))].sort();
}
