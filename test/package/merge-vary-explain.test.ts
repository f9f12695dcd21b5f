// SPEC §1 `mergeVary` (with the merge rule of §7: union, case-insensitive, no duplicates, `*` stays `*`) and
// `explain` ("one paragraph a person can act on: it names the origin, and what was refused (method, headers)").
import { describe, expect, it } from "vitest";
import { builds } from "./builds.js";
import { actual, decide, preflight } from "./requests.js";

const APP = "https://app.example.com";

function tokens(value: string): string[] {
  return value
    .split(",")
    .map((token) => token.trim())
    .filter((token) => token !== "");
}

describe.each(builds)("mergeVary ($name build)", ({ api }) => {
  it.each([
    [undefined, ["Origin"], ["Origin"]],
    [null, ["Origin"], ["Origin"]],
    ["", ["Origin"], ["Origin"]],
    ["Accept-Encoding", ["Origin"], ["Accept-Encoding", "Origin"]],
    ["Accept-Encoding", ["Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers"], ["Accept-Encoding", "Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers"]],
    ["origin", ["Origin"], ["origin"]],
    ["Accept, ORIGIN", ["Origin", "Accept-Language"], ["Accept", "ORIGIN", "Accept-Language"]],
    [undefined, ["Origin", "origin"], ["Origin"]],
    ["Accept,Origin", [], ["Accept", "Origin"]],
  ] as const)("mergeVary(%j, %j) has the tokens %j, in order, each once", (existing, added, expected) => {
    expect(tokens(api.mergeVary(existing, added))).toEqual(expected);
  });

  it("keeps the existing tokens first, then the new ones, joined with \", \"", () => {
    expect(api.mergeVary("Accept-Encoding", ["Origin"])).toBe("Accept-Encoding, Origin");
  });

  it("* stays *", () => {
    expect(api.mergeVary("*", ["Origin"])).toBe("*");
    expect(api.mergeVary("*", [])).toBe("*");
  });

  it("a * token absorbs the others", () => {
    expect(api.mergeVary("Accept", ["*"])).toBe("*");
    expect(api.mergeVary(undefined, ["*", "Origin"])).toBe("*");
    expect(api.mergeVary("Accept, *", ["Origin"])).toBe("*");
  });

  it("nothing to merge into nothing gives an empty value", () => {
    expect(api.mergeVary(undefined, [])).toBe("");
  });

  it("tolerates spaces, tabs and empty elements in the existing value", () => {
    expect(tokens(api.mergeVary(" Accept ,, \tOrigin\t,", ["origin"]))).toEqual(["Accept", "Origin"]);
  });

  it("merging a decision's vary twice adds nothing the second time", () => {
    const decision = decide(api, { allowOrigins: [APP] }, preflight(APP, "PUT"));
    const once = api.mergeVary("Accept-Encoding", decision.vary);
    expect(api.mergeVary(once, decision.vary)).toBe(once);
  });
});

describe.each(builds)("explain ($name build)", ({ api }) => {
  const config = { allowOrigins: [APP], allowMethods: ["PUT"], allowHeaders: ["x-a"] };

  it("names the origin of a refused origin", () => {
    const text = api.explain(decide(api, config, preflight("https://evil.example", "PUT")));
    expect(text).toContain("https://evil.example");
  });

  it("names the origin and the refused method", () => {
    const text = api.explain(decide(api, config, preflight(APP, "DELETE")));
    expect(text).toContain(APP);
    expect(text).toContain("DELETE");
  });

  it("names the origin and every refused header", () => {
    const text = api.explain(decide(api, config, preflight(APP, "PUT", "x-a, x-secret, x-other")));
    expect(text).toContain(APP);
    expect(text.toLowerCase()).toContain("x-secret");
    expect(text.toLowerCase()).toContain("x-other");
  });

  it("names the private network refusal", () => {
    const text = api.explain(decide(api, config, { method: "OPTIONS", headers: { origin: APP, "access-control-request-method": "PUT", "access-control-request-private-network": "true" } }));
    expect(text).toContain(APP);
    expect(text.toLowerCase()).toContain("private");
  });

  it("is one paragraph of text for every kind of decision", () => {
    const decisions = [
      decide(api, config, preflight(APP, "PUT", "x-a")),
      decide(api, config, preflight(APP, "DELETE")),
      decide(api, config, preflight("https://evil.example", "PUT")),
      decide(api, config, actual(APP)),
      decide(api, config, actual("https://evil.example")),
      decide(api, config, actual(undefined)),
      decide(api, config, actual(`${APP}, https://evil.example`)),
      decide(api, config, preflight(APP, "PUT", "x b")),
    ];
    for (const decision of decisions) {
      const text = api.explain(decision);
      expect(typeof text).toBe("string");
      expect(text.trim().length).toBeGreaterThan(20);
      expect(text).not.toMatch(/\n\s*\n/);
    }
  });

  it("the explanation of a refused origin differs from that of a refused method", () => {
    expect(api.explain(decide(api, config, preflight("https://evil.example", "PUT")))).not.toBe(api.explain(decide(api, config, preflight(APP, "DELETE"))));
  });
});
