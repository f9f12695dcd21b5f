/**
 * Users migrating from `cors`, `@fastify/cors` or `hono/cors` write those packages' option names. Each one gets an
 * `unknown-field` hint naming the corsgate field (and a rename fix), or saying what corsgate does instead (and a
 * fix that removes it). The option lists are read from the installed packages, so a new option there fails here.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createPolicy, isCorsConfigError } from "../../src/index.js";
import type { ConfigIssue } from "../../src/index.js";

/** The installed package (devDependencies), read as files: hono's exports map hides its package.json. */
const packageDir = (name: string): string => join(import.meta.dirname, "../../node_modules", name);

/** Option names as the packages' own sources read or declare them. */
const corsOptions = [...new Set([...readFileSync(join(packageDir("cors"), "lib/index.js"), "utf8").matchAll(/options\.([a-zA-Z]+)/g)].map((match) => match[1] as string))];
const fastifyOptions = [
  ...readFileSync(join(packageDir("@fastify/cors"), "types/index.d.ts"), "utf8")
    .slice(0, readFileSync(join(packageDir("@fastify/cors"), "types/index.d.ts"), "utf8").indexOf("export interface FastifyCorsOptionsDelegateCallback"))
    .matchAll(/^\s{4}([a-zA-Z]+)\?:/gm),
].map((match) => match[1] as string);
const honoSource = readFileSync(join(packageDir("hono"), "dist/types/middleware/cors/index.d.ts"), "utf8");
const honoOptions = [...honoSource.slice(honoSource.indexOf("type CORSOptions"), honoSource.indexOf("};")).matchAll(/^\s{2}([a-zA-Z]+)\?:/gm)].map((match) => match[1] as string);

const APP = "https://app.example.com";
/** corsgate fields and the value each foreign option's example value becomes there. */
const translated: Record<string, [unknown, unknown]> = {
  allowOrigins: [APP, [APP]],
  allowMethods: ["PUT,DELETE", ["PUT", "DELETE"]],
  allowHeaders: ["content-type", ["content-type"]],
  exposeHeaders: ["x-request-id", ["x-request-id"]],
  allowCredentials: [true, true],
  preflightStatus: [200, 200],
};

function issuesOf(config: Record<string, unknown>): readonly ConfigIssue[] {
  try {
    createPolicy(config as never);
    return [];
  } catch (error) {
    if (!isCorsConfigError(error)) throw error;
    return error.issues;
  }
}

describe("every option of cors, @fastify/cors and hono/cors", () => {
  it("the lists were read from the installed packages", () => {
    expect(corsOptions).toEqual(expect.arrayContaining(["origin", "methods", "allowedHeaders", "exposedHeaders", "credentials", "maxAge", "preflightContinue", "optionsSuccessStatus"]));
    expect(fastifyOptions).toEqual(expect.arrayContaining(["hook", "delegator", "origin", "strictPreflight", "hideOptionsRoute", "cacheControl", "logLevel", "preflight"]));
    expect(honoOptions).toEqual(["origin", "allowMethods", "allowHeaders", "maxAge", "credentials", "exposeHeaders"]);
  });

  const options = [...new Set([...corsOptions, ...fastifyOptions, ...honoOptions])].sort();

  it.each(options)("%s: a corsgate field, or an unknown-field hint that says what to do", (option) => {
    const issue = issuesOf({ allowOrigins: [APP], [option]: true }).find((candidate) => candidate.path === option);
    if (issue === undefined || issue.code !== "unknown-field") {
      // A field corsgate shares (maxAge, hono's allowMethods...): no unknown-field.
      expect(issue?.code ?? "accepted").not.toBe("unknown-field");
      return;
    }
    expect(issue.hint, option).toBeDefined();
    const fix = issue.fix;
    expect(fix?.path).toBe(option);
    if (fix?.renameTo !== undefined) {
      expect(issue.hint).toMatch(new RegExp(`^did you mean ${fix.renameTo}\\? \\(`));
      const [example, value] = translated[fix.renameTo] ?? [];
      expect(value, `no translation for ${fix.renameTo}`).toBeDefined();
      // Renamed, with the value translated as the hint says, the policy is accepted.
      expect(issuesOf({ ...(fix.renameTo === "allowOrigins" ? {} : { allowOrigins: [APP] }), [fix.renameTo]: value })).toEqual([]);
      // Renamed only: the field is no longer unknown (a wrong value type is its own error).
      const renamed = issuesOf({ ...(fix.renameTo === "allowOrigins" ? {} : { allowOrigins: [APP] }), [fix.renameTo]: example });
      expect(renamed.map((other) => other.code)).not.toContain("unknown-field");
    } else {
      // No equivalent: the hint says what corsgate does instead, and removing the option is accepted.
      expect(fix?.replaceWith).toEqual([]);
      expect(issue.hint?.length).toBeGreaterThan(20);
      expect(issuesOf({ allowOrigins: [APP] })).toEqual([]);
    }
  });

  it.each([
    ["origin", "allowOrigins"],
    ["methods", "allowMethods"],
    ["allowedHeaders", "allowHeaders"],
    ["headers", "allowHeaders"],
    ["exposedHeaders", "exposeHeaders"],
    ["credentials", "allowCredentials"],
    ["optionsSuccessStatus", "preflightStatus"],
  ])("%s → %s", (option, field) => {
    const issue = issuesOf({ allowOrigins: [APP], [option]: true }).find((candidate) => candidate.path === option);
    expect(issue?.hint).toMatch(new RegExp(`^did you mean ${field}\\?`));
    expect(issue?.fix).toEqual({ path: option, renameTo: field });
  });

  it("preflightContinue points at unmatchedPreflights: \"forward\", the nearest corsgate behaviour", () => {
    const issue = issuesOf({ allowOrigins: [APP], preflightContinue: true })[0];
    expect(issue?.hint).toContain('unmatchedPreflights: "forward"');
  });

  it("the usual migrated call cors({ origin, credentials, methods, allowedHeaders }) reports each option at once", () => {
    const issues = issuesOf({ origin: APP, credentials: true, methods: ["PUT"], allowedHeaders: ["content-type"] });
    expect(issues.map((issue) => [issue.path, issue.fix?.renameTo])).toEqual(
      expect.arrayContaining([
        ["origin", "allowOrigins"],
        ["credentials", "allowCredentials"],
        ["methods", "allowMethods"],
        ["allowedHeaders", "allowHeaders"],
      ]),
    );
  });
});
