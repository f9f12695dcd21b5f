/**
 * Minimal stand-ins for the request and response objects each library touches, so its CORS logic can be
 * called in-process without a socket. Every method is a plain function over a plain object: the same cost
 * for every contender, and far less than the real objects (so the peers' figures are, if anything, flattering).
 */

type HeaderValue = string | number | readonly string[];

/** What `cors` and corsgate's Node adapter use of a `ServerResponse`. */
export class FakeNodeResponse {
  statusCode = 200;
  headersSent = false;
  ended = false;
  readonly headers: Record<string, HeaderValue> = {};
  setHeader(name: string, value: HeaderValue): this {
    this.headers[name.toLowerCase()] = value;
    return this;
  }
  getHeader(name: string): HeaderValue | undefined {
    return this.headers[name.toLowerCase()];
  }
  /** Headers given here are merged over those set before, as Node does (corsgate answers a preflight this way). */
  writeHead(statusCode: number, headers?: Readonly<Record<string, HeaderValue>>): this {
    this.statusCode = statusCode;
    if (headers !== undefined) for (const name in headers) this.setHeader(name, headers[name] as HeaderValue);
    this.headersSent = true;
    return this;
  }
  end(): this {
    if (!this.headersSent) this.writeHead(this.statusCode);
    this.ended = true;
    return this;
  }
}

/** What `@fastify/cors` uses of a Fastify `Reply`. */
export class FakeFastifyReply {
  statusCode = 200;
  sent = false;
  readonly headers: Record<string, HeaderValue> = {};
  header(name: string, value: HeaderValue): this {
    this.headers[name.toLowerCase()] = value;
    return this;
  }
  getHeader(name: string): HeaderValue | undefined {
    return this.headers[name.toLowerCase()];
  }
  code(statusCode: number): this {
    this.statusCode = statusCode;
    return this;
  }
  status(statusCode: number): this {
    return this.code(statusCode);
  }
  type(contentType: string): this {
    return this.header("content-type", contentType);
  }
  send(): this {
    this.sent = true;
    return this;
  }
}

/** What `@fastify/cors` reads of a Fastify `Request`. */
export interface FakeFastifyRequest {
  readonly raw: { readonly method: string };
  readonly headers: Readonly<Record<string, string>>;
  readonly routeOptions: { readonly config: Record<string, unknown> };
  corsPreflightEnabled: boolean;
}

export function fakeFastifyRequest(method: string, headers: Readonly<Record<string, string>>): FakeFastifyRequest {
  return { raw: { method }, headers, routeOptions: { config: {} }, corsPreflightEnabled: false };
}

/**
 * What `hono/cors` uses of a Hono `Context`: `c.req.method`, `c.req.header(name)` (a `Headers` lookup, as in
 * Hono), `c.res.headers` and `c.header(name, value, { append })`. A real Context builds a whole `Response`
 * for `c.res`; here it is only a fresh `Headers`, the cheaper part.
 */
export interface FakeHonoContext {
  readonly req: { readonly method: string; header(name: string): string | undefined };
  readonly res: { readonly headers: Headers };
  header(name: string, value: string, options?: { append?: boolean }): void;
}

export function fakeHonoContext(method: string, requestHeaders: Headers): FakeHonoContext {
  const headers = new Headers();
  return {
    req: { method, header: (name) => requestHeaders.get(name) ?? undefined },
    res: { headers },
    header(name, value, options) {
      if (options?.append === true) headers.append(name, value);
      else headers.set(name, value);
    },
  };
}
