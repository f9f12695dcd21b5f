// Debian's Chromium driven by playwright-core, as the house rules say: never a downloaded browser.
// Shared by the adapter browser tests and the demo's test.
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import type { BrowserContext } from "playwright-core";

export const chromiumPath = "/usr/bin/chromium";
export const hasChromium = existsSync(chromiumPath);
/** In CI a missing browser is a failure, not a skip. */
export const inCi = process.env["CI"] === "true";

/** Why the browser tests cannot run here, or `undefined` when they can. */
export function chromiumMissing(): string | undefined {
  if (existsSync(chromiumPath)) return undefined;
  return `${chromiumPath} is missing: install Debian's chromium (apt-get update && apt-get install -y chromium)`;
}

export interface LaunchedBrowser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** A headless chromium with a fresh profile; `close` removes the profile. */
export async function launchChromium(options: { viewport?: { width: number; height: number } } = {}): Promise<LaunchedBrowser> {
  const profile = await mkdtemp(join(tmpdir(), "corsgate-chromium-"));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      ...(options.viewport === undefined ? {} : { viewport: options.viewport }),
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    return {
      context,
      close: async () => {
        await context.close();
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}
