// The package as npm shows and ships it (issue 11, item 8): npm renders README.md on its own, without the
// repository, so a relative link such as `docs/policy.md` leads nowhere there; `npm pack` on a fresh clone must
// build `dist` first; and the page must link back to the repository.
import { existsSync, readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const manifest = JSON.parse(readFileSync(resolve(root, "package.json"), "utf8")) as {
  repository?: { type?: string; url?: string };
  homepage?: string;
  bugs?: { url?: string };
  scripts?: Record<string, string>;
  files?: string[];
};
const readme = readFileSync(resolve(root, "README.md"), "utf8");

/** The repository's web address, from `repository.url` (`git+https://host/owner/name.git`). */
function repositoryWebUrl(): string {
  const url = manifest.repository?.url ?? "";
  return url.replace(/^git\+/, "").replace(/\.git$/, "");
}

/** Every link target in a Markdown text: inline `[text](target)`, images, reference definitions, HTML href/src. */
function linkTargets(markdown: string): string[] {
  const withoutCode = markdown.replace(/^```[\s\S]*?^```$/gm, "").replace(/`[^`\n]*`/g, "");
  return [
    ...[...withoutCode.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1] as string),
    ...[...withoutCode.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((match) => match[1] as string),
    ...[...withoutCode.matchAll(/\b(?:href|src)\s*=\s*["']([^"']+)["']/g)].map((match) => match[1] as string),
  ];
}

describe("package.json for the npm page", () => {
  it("names the repository, the home page and where to report bugs", () => {
    expect(manifest.repository?.type).toBe("git");
    expect(manifest.repository?.url).toMatch(/^git\+https:\/\/[^/]+\/[^/]+\/[^/]+\.git$/);
    expect(manifest.homepage).toBe(`${repositoryWebUrl()}#readme`);
    expect(manifest.bugs?.url).toBe(`${repositoryWebUrl()}/issues`);
  });

  it("builds dist before packing, so `npm pack` and `npm publish` on a fresh clone ship it", () => {
    expect(manifest.files).toContain("dist");
    // Quietly: `npm pack --json` prints the lifecycle scripts' output on the same stdout as its JSON.
    expect(manifest.scripts?.["prepack"]).toBe("npm run --silent build -- --silent");
    expect(manifest.scripts?.["build"]).toBeDefined();
  });
});

describe("README.md as npm renders it (without the repository)", () => {
  const targets = linkTargets(readme);

  it("finds the links (the reader of this test works)", () => {
    expect(linkTargets("[a](docs/a.md) ![b](img/b.png)\n[c]: ./c.md\n<a href=\"d.md\">d</a> `[e](e.md)`")).toEqual([
      "docs/a.md",
      "img/b.png",
      "./c.md",
      "d.md",
    ]);
    expect(targets.length).toBeGreaterThan(5);
  });

  it("has no relative link: every link is absolute or an anchor on the page", () => {
    expect(targets.filter((target) => !/^(?:https:\/\/|#)/.test(target))).toEqual([]);
  });

  it("links into the repository only to files and folders that exist on its main branch", () => {
    const base = repositoryWebUrl();
    const inRepository = targets.filter((target) => target.startsWith(`${base}/`));
    expect(inRepository.length).toBeGreaterThan(5);
    const missing = inRepository.filter((target) => {
      const match = /^\/(blob|tree)\/main\/([^#?]+)/.exec(target.slice(base.length));
      if (match === null) return !/^\/(?:issues|releases)(?:\/|$)/.test(target.slice(base.length));
      const [, kind, path] = match as unknown as [string, "blob" | "tree", string];
      const file = resolve(root, decodeURIComponent(path));
      if (!existsSync(file)) return true;
      return kind === "blob" ? !statSync(file).isFile() : !statSync(file).isDirectory();
    });
    expect(missing).toEqual([]);
  });
});
