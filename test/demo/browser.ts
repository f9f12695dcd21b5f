// The demo's test uses the same Chromium launcher as the adapter browser tests, with a larger window for screenshots.
import { launchChromium as launch, type LaunchedBrowser } from "../browser/chromium.js";

export { chromiumMissing, chromiumPath, inCi as inCI, type LaunchedBrowser } from "../browser/chromium.js";

export function launchChromium(): Promise<LaunchedBrowser> {
  return launch({ viewport: { width: 1280, height: 900 } });
}
