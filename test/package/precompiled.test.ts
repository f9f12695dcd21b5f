/**
 * corsgate/precompiled as a consumer gets it. Every policy of the shared case table is generated with
 * `precompilePolicy` from the built main entry, written as .mjs and .cjs modules into a scratch project inside
 * the repository whose node_modules/corsgate is a link to this package, and loaded there by plain Node (no Vite)
 * through the package's `exports` map: `import` must reach dist/precompiled.js, `require` dist/precompiled.cjs.
 * The decisions must be those of the built `createPolicy` + `evaluate`, deny codes included (the wording of a
 * reason may be briefer, and has no hint). A generated ES module is also checked by tsc as TypeScript.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cases } from "../fixtures/cases.js";
import { esm, importEntry, packageName } from "./builds.js";
import type { CorsDecision, CorsPolicy } from "./api.js";

const root = resolve(import.meta.dirname, "../..");
const tsc = join(root, "node_modules/typescript/bin/tsc");

type Precompile = (policy: CorsPolicy, options?: { format?: "esm" | "cjs"; importFrom?: string }) => string;
const { precompilePolicy } = (await importEntry(packageName)) as { precompilePolicy: Precompile };

let project: string;

/** What the scratch project's scripts print: where the entry resolved, and one decision per case. */
interface Run {
  readonly resolved: string;
  readonly exportNames: readonly string[];
  readonly decisions: readonly CorsDecision[];
}

function node(file: string): Run {
  return JSON.parse(execFileSync(process.execPath, [file], { cwd: project, encoding: "utf8" })) as Run;
}

const moduleName = (index: number, extension: string): string => `./policies/case-${index}.${extension}`;

beforeAll(() => {
  mkdirSync(join(root, ".cache"), { recursive: true });
  project = mkdtempSync(join(root, ".cache", "precompiled-consumer-"));
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true }));
  mkdirSync(join(project, "node_modules"));
  symlinkSync(root, join(project, "node_modules", packageName), "dir");
  mkdirSync(join(project, "policies"));
  cases.forEach((corsCase, index) => {
    const policy = esm.createPolicy(corsCase.config);
    writeFileSync(join(project, moduleName(index, "mjs")), precompilePolicy(policy));
    writeFileSync(join(project, moduleName(index, "cjs")), precompilePolicy(policy, { format: "cjs" }));
  });
  const requests = JSON.stringify(cases.map((corsCase) => corsCase.request));
  writeFileSync(
    join(project, "main.mjs"),
    `import * as entry from "corsgate/precompiled";
${cases.map((_corsCase, index) => `import policy${index} from ${JSON.stringify(moduleName(index, "mjs"))};`).join("\n")}
const policies = [${cases.map((_corsCase, index) => `policy${index}`).join(", ")}];
const requests = ${requests};
process.stdout.write(JSON.stringify({
  resolved: import.meta.resolve("corsgate/precompiled"),
  exportNames: Object.keys(entry).sort(),
  decisions: requests.map((request, index) => entry.evaluate(request, policies[index])),
}));
`,
  );
  writeFileSync(
    join(project, "main.cjs"),
    `"use strict";
const entry = require("corsgate/precompiled");
const requests = ${requests};
process.stdout.write(JSON.stringify({
  resolved: require.resolve("corsgate/precompiled"),
  exportNames: Object.keys(entry).filter((name) => name !== "__esModule").sort(),
  decisions: requests.map((request, index) => entry.evaluate(request, require("./policies/case-" + index + ".cjs"))),
}));
`,
  );
}, 60_000);

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

/** A decision without the wording of its reason: createPolicy and the precompiled policy agree on the rest. */
function comparable(decision: CorsDecision): unknown {
  const { reason, ...rest } = decision;
  return reason === undefined ? rest : { ...rest, reason: reason.code };
}

const EXPORTS = ["PRECOMPILED_FORMAT", "evaluate", "loadPrecompiledPolicy", "mergeVary"];

describe.each([
  ["ESM (import)", "main.mjs", "dist/precompiled.js"],
  ["CJS (require)", "main.cjs", "dist/precompiled.cjs"],
])("corsgate/precompiled in plain Node, %s", (_label, script, file) => {
  let run: Run;
  beforeAll(() => {
    run = node(script);
  }, 60_000);

  it(`"corsgate/precompiled" resolves through the exports map to ${file}`, () => {
    const resolved = run.resolved.startsWith("file:") ? new URL(run.resolved).pathname : run.resolved;
    expect(resolved).toBe(join(root, file));
    expect(run.exportNames).toEqual(EXPORTS);
  });

  it(`every case of the shared table (${cases.length}) is decided as the built createPolicy + evaluate decide it`, () => {
    expect(run.decisions).toHaveLength(cases.length);
    const mismatches = cases.flatMap((corsCase, index) => {
      const reference = JSON.parse(JSON.stringify(esm.evaluate(corsCase.request, esm.createPolicy(corsCase.config)))) as CorsDecision;
      const decision = run.decisions[index] as CorsDecision;
      return JSON.stringify(comparable(decision)) === JSON.stringify(comparable(reference)) ? [] : [{ desc: corsCase.desc, decision, reference }];
    });
    expect(mismatches).toEqual([]);
  });

  it("and as the table itself expects (kind, allowed, action, status, headers, vary, deny code)", () => {
    const mismatches = cases.flatMap((corsCase, index) => {
      const decision = run.decisions[index] as CorsDecision;
      const { want } = corsCase;
      const got = {
        kind: decision.kind,
        allowed: decision.allowed,
        action: decision.action,
        status: decision.status,
        headers: decision.headers,
        vary: [...decision.vary].map((token) => token.toLowerCase()).sort(),
        reason: decision.reason?.code,
      };
      const expected = { ...want, status: want.status, vary: [...want.vary].map((token) => token.toLowerCase()).sort(), reason: want.reason };
      return JSON.stringify(got, Object.keys(got).sort()) === JSON.stringify(expected, Object.keys(got).sort()) ? [] : [{ desc: corsCase.desc, got, expected }];
    });
    expect(mismatches).toEqual([]);
  });

  it("denials carry a message and no hint", () => {
    const denied = run.decisions.filter((decision) => decision.reason !== undefined);
    expect(denied.length).toBeGreaterThan(10);
    for (const decision of denied) {
      expect(decision.reason?.message).toMatch(/\S/);
      expect(decision.reason).not.toHaveProperty("hint");
    }
  });
});

describe("the exports map and the generated module", () => {
  it("the file behind the entry is not importable by its path: corsgate/dist/precompiled.js is not exported", () => {
    const result = spawnSync(process.execPath, ["--input-type=module", "-e", `await import("corsgate/dist/precompiled.js");`], { cwd: project, encoding: "utf8" });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("ERR_PACKAGE_PATH_NOT_EXPORTED");
  });

  it("a policy loaded by the CJS entry is evaluated by the ESM main entry with the same decisions (shared marker)", () => {
    const script = join(project, "cross.mjs");
    writeFileSync(
      script,
      `import { createRequire } from "node:module";
import { evaluate } from "corsgate";
const require = createRequire(import.meta.url);
const policy = require(${JSON.stringify(moduleName(0, "cjs"))});
process.stdout.write(JSON.stringify({ resolved: "", exportNames: [], decisions: [evaluate(${JSON.stringify(cases[0]?.request)}, policy)] }));
`,
    );
    const [decision] = node(script).decisions;
    const corsCase = cases[0];
    if (corsCase === undefined) throw new Error("the case table is empty");
    expect(comparable(decision as CorsDecision)).toEqual(comparable(JSON.parse(JSON.stringify(esm.evaluate(corsCase.request, esm.createPolicy(corsCase.config)))) as CorsDecision));
  });

  it("a generated ES module is valid TypeScript against the package's types (node16 and bundler resolution)", () => {
    const policy = esm.createPolicy({
      allowOrigins: ["https://app.example.com", "https://*.example.org", { regex: "https://[a-z]+\\.example\\.net" }, { prefix: "http://localhost:" }],
      allowMethods: ["PUT"],
      allowHeaders: ["*"],
      exposeHeaders: ["x-total"],
      maxAge: "2h",
    });
    writeFileSync(join(project, "policy.mts"), precompilePolicy(policy));
    writeFileSync(
      join(project, "use.mts"),
      `import policy from "./policy.mjs";
import { evaluate, type CorsDecision, type CorsPolicy } from "corsgate/precompiled";
const typed: CorsPolicy = policy;
const decision: CorsDecision = evaluate({ method: "GET", headers: { origin: "https://app.example.com" } }, typed);
export const allowed: boolean = decision.allowed;
`,
    );
    const options = { strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, noEmit: true, skipLibCheck: false, lib: ["ES2022"], types: [] };
    for (const [name, resolution] of [["tsconfig.node16.json", { module: "node16", moduleResolution: "node16" }], ["tsconfig.bundler.json", { module: "esnext", moduleResolution: "bundler" }]] as const) {
      writeFileSync(join(project, name), JSON.stringify({ compilerOptions: { ...options, ...resolution }, files: ["policy.mts", "use.mts"] }));
      const result = spawnSync(process.execPath, [tsc, "-p", name], { cwd: project, encoding: "utf8" });
      expect({ status: result.status, output: `${result.stdout}${result.stderr}` }, name).toEqual({ status: 0, output: "" });
    }
  }, 60_000);
});
