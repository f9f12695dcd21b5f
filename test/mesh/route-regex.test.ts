/**
 * Route regexes run on what the client sends (the path, the method, headers, query parameters), so they go
 * through the same gate as origin regexes (SPEC §1.2, issue 11 item 1): compiles on its own, only the i and u
 * flags, both linearity rules, with the same codes and hints.
 */
import { describe, expect, it } from "vitest";
import { createPolicy } from "../../src/index.js";
import type { ConfigIssue } from "../../src/index.js";
import { fromHTTPRoute, fromVirtualService, routePolicies } from "../../src/mesh/index.js";
import type { RouteMatch } from "../../src/mesh/index.js";
import { generatePatterns } from "../hardening/regex/corpus.js";
import { issuesIfAny } from "./helpers.js";

const withPathRegex = (regex: string | RegExp): readonly ConfigIssue[] =>
  issuesIfAny(() => routePolicies([{ source: "http[1]", match: [{ uri: { regex } }], policy: { allowOrigins: ["https://app.example.com"] } }]));

describe("route regexes go through the origin regex gate", () => {
  it("refuses a path regex whose unmatched ) would close the anchor group early (it matched /publicX/admin)", () => {
    const issues = withPathRegex("/public)|(?:/nothing");
    expect(issues.map((issue) => [issue.code, issue.path])).toEqual([["regex-invalid", "http[1].match[0].uri.regex"]]);
  });

  it("refuses a path regex with overlapping repetitions (one 3 KB path took seconds)", () => {
    const issues = withPathRegex("/a.*.*.*x");
    expect(issues.map((issue) => [issue.code, issue.path])).toEqual([["regex-unsafe", "http[1].match[0].uri.regex"]]);
    expect(issues[0]?.message).toContain("on a hostile request path");
  });

  it("refuses flags other than i and u, with the corrected RegExp as hint", () => {
    const issues = withPathRegex(/\/api\/.*/ms);
    expect(issues.map((issue) => [issue.code, issue.hint])).toEqual([["regex-flags", "use /\\/api\\/.*/"]]);
    // The hint, applied, is accepted.
    expect(withPathRegex(/\/api\/.*/)).toEqual([]);
  });

  it("applies to method, header and query regexes too, naming what the regex runs on", () => {
    const match: RouteMatch = {
      method: { regex: "(GET|POST)+" },
      headers: { "x-tenant": { regex: "[a-z]*[a-z0-9]*" } },
      queryParams: { q: { regex: "(?=a)a" } },
    };
    const issues = issuesIfAny(() => routePolicies([{ match }]));
    expect(issues.map((issue) => [issue.code, issue.path])).toEqual([
      ["regex-unsafe", "routes[0].match.method.regex"],
      ["regex-unsafe", "routes[0].match.headers.x-tenant.regex"],
      ["regex-unsafe", "routes[0].match.queryParams.q.regex"],
    ]);
    expect(issues.map((issue) => issue.message.match(/hostile ([a-z ]+) \(/)?.[1])).toEqual(["method", "header value", "query parameter"]);
  });

  it("refuses an unsafe regex of a VirtualService or an HTTPRoute at import, at its manifest path", () => {
    const virtualService = {
      apiVersion: "networking.istio.io/v1",
      kind: "VirtualService",
      spec: { http: [{ match: [{ uri: { regex: "/a.*.*.*x" } }], corsPolicy: { allowOrigins: [{ exact: "https://app.example.com" }] } }] },
    };
    expect(issuesIfAny(() => fromVirtualService(virtualService)).map((issue) => [issue.code, issue.path])).toEqual([["regex-unsafe", "spec.http[0].match[0].uri.regex"]]);
    const httpRoute = {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "HTTPRoute",
      spec: { rules: [{ matches: [{ path: { type: "RegularExpression", value: "/(v[0-9]+)+/x" } }] }] },
    };
    expect(issuesIfAny(() => fromHTTPRoute(httpRoute)).map((issue) => [issue.code, issue.path])).toEqual([["regex-unsafe", "spec.rules[0].matches[0].path.value"]]);
  });

  it("keeps accepting safe route regexes, and matches the whole path", () => {
    const resolve = routePolicies([{ match: { uri: { regex: "/v[0-9]+/files/.*" } }, policy: { allowOrigins: ["https://files.example"] } }]);
    expect(resolve({ url: "/v2/files/a.txt" })).toBeDefined();
    expect(resolve({ url: "/x/v2/files/a.txt" })).toBeUndefined();
  });

  it("one gate: on generated patterns, a route regex gets the verdict, codes and hints an origin regex gets", () => {
    const patterns = [...generatePatterns(11, 600), "/public)|(?:/nothing", "/a.*.*.*x", "", "(a)\\1", "[", "(?<!x)y"];
    const disagreements: string[] = [];
    for (const pattern of patterns) {
      const asOrigin = issuesIfAny(() => createPolicy({ allowOrigins: [{ regex: pattern }] }))
        .filter((issue) => issue.code.startsWith("regex-") || issue.code === "type-invalid")
        .map((issue) => [issue.code, issue.hint]);
      const asRoute = issuesIfAny(() => routePolicies([{ match: { uri: { regex: pattern } } }])).map((issue) => [issue.code, issue.hint]);
      // Origin-only checks (an empty regex's hint names origins) aside, the two must agree.
      const comparable = (found: unknown[][]) => found.map(([code, hint]) => (code === "regex-invalid" ? [code] : [code, hint]));
      if (JSON.stringify(comparable(asOrigin)) !== JSON.stringify(comparable(asRoute))) disagreements.push(pattern);
    }
    expect(disagreements).toEqual([]);
    // The corpus exercises both sides of the rule.
    const refused = patterns.filter((pattern) => issuesIfAny(() => routePolicies([{ match: { uri: { regex: pattern } } }])).length > 0);
    expect(refused.length).toBeGreaterThan(patterns.length / 10);
    expect(refused.length).toBeLessThan(patterns.length);
  });
});
