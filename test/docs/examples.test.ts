import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startRedisServer } from "../tenants/helpers/redis-server.js";
import type { RedisServer } from "../tenants/helpers/redis-server.js";

/**
 * Every ```ts block in README.md and docs/*.md runs here, as a module, with `corsgate` imports pointed at the
 * sources. The examples check themselves with node:assert, so a doc that says something the code does not do
 * fails. No page is skipped: an example that needs an app or a server creates it, and closes it.
 */
const ROOT = resolve(import.meta.dirname, "../..");
const DOCS = join(ROOT, "docs");
const RUN_DIR = join(ROOT, "test/docs/.examples");
const ENTRIES: Record<string, string> = {
  corsgate: "src/index.ts",
  "corsgate/node": "src/adapters/node.ts",
  "corsgate/express": "src/adapters/express.ts",
  "corsgate/fastify": "src/adapters/fastify.ts",
  "corsgate/fetch": "src/adapters/fetch.ts",
  "corsgate/mesh": "src/mesh/index.ts",
  "corsgate/precompiled": "src/precompiled.ts",
  "corsgate/verify": "src/verify/index.ts",
  "corsgate/tenants": "src/tenants/index.ts",
  "corsgate/watch": "src/watch/index.ts",
};
/**
 * Fences that do not run, by language. Every fence names its language, so a block cannot be skipped by
 * leaving it unlabelled, and TypeScript is written `ts` only (a `typescript` or `js` fence would not run).
 */
const NOT_RUN = new Set(["sh", "yaml", "json", "http", "text"]);

interface Example {
  readonly page: string;
  readonly line: number;
  readonly code: string;
}

/** The text of a page, named by its path from the repository root ("README.md", "docs/policy.md"). */
function read(page: string): string {
  return readFileSync(join(ROOT, page), "utf8");
}

function examplesOf(page: string): Example[] {
  const text = read(page);
  const examples: Example[] = [];
  for (const match of text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)) {
    const line = text.slice(0, match.index).split("\n").length;
    examples.push({ page, line, code: match[1] ?? "" });
  }
  return examples;
}

/** The language of every opening fence, with its line. */
function fencesOf(page: string): { line: number; language: string }[] {
  const fences: { line: number; language: string }[] = [];
  let open = false;
  read(page)
    .split("\n")
    .forEach((text, index) => {
      const fence = /^```(.*)$/.exec(text);
      if (fence === null) return;
      if (!open) fences.push({ line: index + 1, language: (fence[1] ?? "").trim() });
      open = !open;
    });
  return fences;
}

function runnable(code: string): string {
  return code.replace(/from "(corsgate(?:\/[a-z]+)?)"/g, (whole, name: string) => {
    const target = ENTRIES[name];
    if (target === undefined) throw new Error(`unknown entry ${name}`);
    return `from ${JSON.stringify(join(ROOT, target))}`;
  });
}

const docs = readdirSync(DOCS).filter((name) => name.endsWith(".md")).sort();
const pages = ["README.md", ...docs.map((name) => `docs/${name}`)];
/** Pages that must have examples (issue 6); every other page runs the examples it has. */
const REQUIRED_PAGES = ["README.md", "docs/errors.md", "docs/migrating.md", "docs/policy.md", "docs/security.md", "docs/testing.md"];

/**
 * An example that reads `process.env.REDIS_URL` gets a throwaway Debian redis-server (127.0.0.1, a free port,
 * nothing saved), started on first need and stopped after the run: the walkthrough's code stays what a reader
 * would write.
 */
let redis: Promise<RedisServer> | undefined;

afterAll(async () => {
  rmSync(RUN_DIR, { recursive: true, force: true });
  if (redis !== undefined) await (await redis).stop();
});

describe("docs", () => {
  it("has the pages issue 6 asks for", () => {
    expect(pages).toEqual(expect.arrayContaining(REQUIRED_PAGES));
  });

  for (const page of pages) {
    const examples = examplesOf(page);
    describe(page, () => {
      if (REQUIRED_PAGES.includes(page)) {
        it("has runnable examples", () => {
          expect(examples.length).toBeGreaterThan(0);
        });
      }
      it("names the language of every code block (ts runs; sh, yaml, json, http and text do not)", () => {
        const unknown = fencesOf(page).filter(({ language }) => language !== "ts" && !NOT_RUN.has(language));
        expect(unknown.map(({ line, language }) => `line ${line}: \`\`\`${language}`)).toEqual([]);
      });
      for (const example of examples) {
        it(`example at line ${example.line} runs and its assertions hold`, async () => {
          mkdirSync(RUN_DIR, { recursive: true });
          const file = join(RUN_DIR, `${page.replace(/\.md$/, "").replace("/", "-")}-${example.line}.ts`);
          writeFileSync(file, runnable(example.code));
          if (example.code.includes("process.env.REDIS_URL")) {
            redis ??= startRedisServer();
            process.env["REDIS_URL"] = (await redis).url;
          }
          await import(file);
        });
      }
    });
  }
});

/** The members of a string-literal union type, read from the source that defines it. */
function unionMembers(file: string, typeName: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const start = text.indexOf(`export type ${typeName} =`);
  if (start < 0) throw new Error(`${typeName} not found in ${file}`);
  const body = text.slice(start, text.indexOf(";", start));
  return [...body.matchAll(/"([a-z-]+)"/g)].map((match) => match[1] as string);
}

describe("docs/errors.md", () => {
  const codes = [
    ...unionMembers("src/core/errors.ts", "ConfigErrorCode"),
    ...unionMembers("src/core/errors.ts", "ConfigWarningCode"),
    ...unionMembers("src/core/types.ts", "DenyCode"),
  ];
  it("reads the codes from the sources", () => {
    expect(codes).toContain("regex-unsafe");
    expect(codes).toContain("origin-not-allowed");
  });
  it("has a section for every error, warning and deny code", () => {
    const text = read("docs/errors.md");
    const missing = [...new Set(codes)].filter((code) => !new RegExp(`^#{2,4} .*\`${code}\``, "m").test(text));
    expect(missing).toEqual([]);
  });
});

describe("docs/policy.md", () => {
  it("has a section for every field of CorsPolicyConfig", () => {
    const source = readFileSync(join(ROOT, "src/core/config.ts"), "utf8");
    const body = source.slice(source.indexOf("export interface CorsPolicyConfig"), source.indexOf("export interface NormalizedCorsPolicyConfig"));
    const fields = [...body.matchAll(/readonly (\w+)\??:/g)].map((match) => match[1] as string);
    expect(fields.length).toBeGreaterThanOrEqual(10);
    const text = read("docs/policy.md");
    expect(fields.filter((field) => !new RegExp(`^## \`${field}\``, "m").test(text))).toEqual([]);
  });
});
