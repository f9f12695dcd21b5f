import { defineConfig } from "tsup";

// `yaml` is bundled where a file is read (the CLI, corsgate/watch), so the package keeps zero runtime
// dependencies. Its web build is taken: an ES module that needs no `require` or `process`, so it bundles into
// both formats without a shim (its Node build is CommonJS and would need `require` inside the ES module bundle).
export const yamlWebBuild = { yaml: "./node_modules/yaml/browser/index.js" };

// One build per public entry. The core ("index") must stay free of Node and framework imports;
// scripts/check-neutral.mjs proves that on the built output.
export default defineConfig([
  {
    entry: {
      index: "src/index.ts",
      node: "src/adapters/node.ts",
      express: "src/adapters/express.ts",
      fastify: "src/adapters/fastify.ts",
      fetch: "src/adapters/fetch.ts",
      mesh: "src/mesh/index.ts",
      precompiled: "src/precompiled.ts",
      // Node only (node:http, node:https): probes a live server.
      verify: "src/verify/index.ts",
      tenants: "src/tenants/index.ts",
      watch: "src/watch/index.ts",
    },
    noExternal: ["yaml"],
    esbuildOptions(options) {
      options.alias = yamlWebBuild;
    },
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: false,
    clean: true,
    treeshake: true,
    target: "es2022",
    splitting: true,
  },
  {
    entry: { cli: "src/cli/main.ts" },
    format: ["esm"],
    platform: "node",
    target: "node18",
    noExternal: ["yaml"],
    esbuildOptions(options) {
      options.alias = yamlWebBuild;
    },
    banner: { js: "#!/usr/bin/env node" },
    clean: false,
  },
]);
