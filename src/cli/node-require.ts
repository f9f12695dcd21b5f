/**
 * The CLI is bundled as an ES module together with `yaml`, whose Node build is CommonJS and requires
 * Node's built-ins (`process`); an ES module has no `require`, so the bundle gets one here. load.ts
 * imports this before `yaml` and uses the export, so the bundler keeps it and runs it first.
 */
import { createRequire } from "node:module";

function installRequire(): NodeJS.Require {
  const scope = globalThis as { require?: NodeJS.Require };
  scope.require ??= createRequire(import.meta.url);
  return scope.require;
}

export const nodeRequire: NodeJS.Require = installRequire();
