import { defineConfig } from "tsup";

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
      tenants: "src/tenants/index.ts",
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
    // The CLI is the only place that reads YAML; bundling keeps the package free of runtime dependencies.
    noExternal: ["yaml"],
    banner: { js: "#!/usr/bin/env node" },
    clean: false,
  },
]);
