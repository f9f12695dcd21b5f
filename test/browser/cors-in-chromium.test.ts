// A real browser judges every adapter: a page on one loopback origin calls an API served on another
// (127.0.0.1 on a different port is a different origin, and the same site, so cookies travel).
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import type { CorsPolicyConfig } from "../../src/index.js";
import { adapterNames, startAdapter } from "../adapters/helpers/servers.js";
import type { RunningServer } from "../adapters/helpers/servers.js";
import { hasChromium, inCi, launchChromium } from "./chromium.js";

interface FetchResult {
  readonly ok: boolean;
  readonly status?: number;
  readonly body?: string;
  readonly requestId?: string | null;
  readonly secret?: string | null;
  readonly error?: string;
}

/** Runs fetch inside the page, so the browser's own CORS checks apply. */
function browserFetch(page: Page, url: string, init: { method?: string; headers?: Record<string, string>; credentials?: RequestCredentials } = {}): Promise<FetchResult> {
  return page.evaluate(
    async ({ url, init }) => {
      try {
        const response = await fetch(url, init);
        return {
          ok: true,
          status: response.status,
          body: await response.text(),
          requestId: response.headers.get("x-request-id"),
          secret: response.headers.get("x-secret"),
        };
      } catch (error) {
        return { ok: false, error: String(error) };
      }
    },
    { url, init },
  );
}

async function pageServer(): Promise<{ origin: string; server: Server }> {
  const server = createServer((_request, response) => {
    response.setHeader("content-type", "text/html");
    response.end("<!doctype html><title>corsgate browser test</title><p>page</p>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const preflights = (server: RunningServer, path: string): number =>
  server.arrived.filter((entry) => entry.method === "OPTIONS" && entry.url === path).length;

if (!hasChromium && inCi) {
  it("needs Debian's chromium at /usr/bin/chromium in CI (apt-get install -y chromium)", () => {
    throw new Error("chromium is missing: the browser tests cannot run");
  });
} else if (!hasChromium) {
  console.warn("corsgate: /usr/bin/chromium not found, browser tests skipped (apt-get install -y chromium)");
}

describe.skipIf(!hasChromium)("in chromium", () => {
  let browser: { context: BrowserContext; close(): Promise<void> };
  let trusted: { origin: string; server: Server };
  let untrusted: { origin: string; server: Server };

  beforeAll(async () => {
    [browser, trusted, untrusted] = await Promise.all([launchChromium(), pageServer(), pageServer()]);
  });
  afterAll(async () => {
    await browser?.close();
    trusted?.server.close();
    untrusted?.server.close();
  });

  describe.each(adapterNames)("%s adapter", (adapter) => {
    let api: RunningServer;
    let uncached: RunningServer;
    let page: Page;
    let untrustedPage: Page;

    beforeAll(async () => {
      const policy: CorsPolicyConfig = {
        allowOrigins: [trusted.origin],
        allowMethods: ["PUT"],
        allowHeaders: ["x-custom"],
        exposeHeaders: ["x-request-id"],
        allowCredentials: true,
        maxAge: 600,
      };
      // The same policy without credentials and with maxAge 0, given through a resolver.
      const uncachedPolicy: CorsPolicyConfig = { ...policy, allowCredentials: false, maxAge: 0 };
      [api, uncached] = await Promise.all([startAdapter(adapter, policy), startAdapter(adapter, () => uncachedPolicy)]);
      page = await browser.context.newPage();
      await page.goto(`${trusted.origin}/`);
      untrustedPage = await browser.context.newPage();
      await untrustedPage.goto(`${untrusted.origin}/`);
      await browser.context.addCookies([{ name: "session", value: "s3cret", url: api.origin }]);
    });
    afterAll(async () => {
      await page?.close();
      await untrustedPage?.close();
      await api?.close();
      await uncached?.close();
    });

    it("lets the page read an allowed simple GET", async () => {
      const result = await browserFetch(page, `${api.origin}/api/simple`);
      expect(result.ok).toBe(true);
      expect(result.status).toBe(200);
      expect(JSON.parse(result.body ?? "{}")).toMatchObject({ handler: true, method: "GET" });
    });

    it("makes fetch reject for an origin the policy does not allow, though the request reached the server", async () => {
      const result = await browserFetch(untrustedPage, `${api.origin}/api/refused`);
      expect(result.ok).toBe(false);
      expect(result.error).toMatch(/TypeError/);
      expect(api.handled).toContainEqual({ method: "GET", url: "/api/refused" });
    });

    it("passes a preflighted PUT with a custom header: the preflight never reaches the handler", async () => {
      const result = await browserFetch(page, `${api.origin}/api/put`, { method: "PUT", headers: { "x-custom": "1" } });
      expect(result.ok).toBe(true);
      expect(result.status).toBe(200);
      expect(preflights(api, "/api/put")).toBe(1);
      expect(api.handled.filter((entry) => entry.url === "/api/put")).toEqual([{ method: "PUT", url: "/api/put" }]);
    });

    it("refuses a preflighted request whose header the policy does not list", async () => {
      const result = await browserFetch(page, `${api.origin}/api/put-unlisted`, { method: "PUT", headers: { "x-other": "1" } });
      expect(result.ok).toBe(false);
      expect(api.handled.filter((entry) => entry.url === "/api/put-unlisted")).toEqual([]);
    });

    it("sends cookies with credentials: include, and the page reads the answer", async () => {
      const result = await browserFetch(page, `${api.origin}/api/me`, { credentials: "include" });
      expect(result.ok).toBe(true);
      expect(JSON.parse(result.body ?? "{}")).toMatchObject({ cookie: "session=s3cret" });
    });

    it("makes a credentialed fetch reject when the policy does not allow credentials", async () => {
      const result = await browserFetch(page, `${uncached.origin}/api/me`, { credentials: "include" });
      expect(result.ok).toBe(false);
    });

    it("lets the page read exposed headers only", async () => {
      const result = await browserFetch(page, `${api.origin}/api/exposed`);
      expect(result.requestId).toBe("42");
      expect(result.secret).toBeNull();
    });

    it("caches a preflight for maxAge, and not with maxAge 0", async () => {
      const init = { method: "PUT", headers: { "x-custom": "1" } };
      for (let round = 0; round < 2; round += 1) {
        expect((await browserFetch(page, `${api.origin}/api/cached`, init)).ok).toBe(true);
        expect((await browserFetch(page, `${uncached.origin}/api/cached`, init)).ok).toBe(true);
      }
      expect(preflights(api, "/api/cached")).toBe(1);
      expect(preflights(uncached, "/api/cached")).toBe(2);
    });
  });
});
