/**
 * A manifest with several problems lists every one at once, the core's (a wildcard with credentials, a
 * non-canonical origin) together with the importer's (an unknown field, an unreadable maxAge), as a plain
 * policy does (issue 11 item 5). Before, the core's problems showed only once the others were fixed.
 */
import { describe, expect, it } from "vitest";
import { createPolicy } from "../../src/index.js";
import { fromGatewayApiCors, fromHTTPRoute, fromIstioCorsPolicy, fromVirtualService } from "../../src/mesh/index.js";
import { issuesIfAny } from "./helpers.js";

function issuesOf(run: () => unknown): [string, string][] {
  return issuesIfAny(run).map((issue) => [issue.code, issue.path]);
}

const sorted = (pairs: [string, string][]): [string, string][] => [...pairs].sort((left, right) => `${left[0]} ${left[1]}`.localeCompare(`${right[0]} ${right[1]}`));

/** An unknown field, a non-canonical origin, an untranslatable regex origin, any origin with credentials, a bad maxAge. */
const istioPolicy = {
  allowOrigins: [{ exact: "https://App.example.com/" }, { regex: "https://\\pL+\\.example\\.com" }, { exact: "*" }],
  allowCredentials: true,
  maxAge: "500ms",
  allowMethod: ["GET"],
};

describe("every problem at once", () => {
  it("an Istio corsPolicy: the core's errors with the importer's, at the manifest's origin indexes", () => {
    expect(sorted(issuesOf(() => fromIstioCorsPolicy(istioPolicy, { path: "corsPolicy" })))).toEqual(
      sorted([
        ["unknown-field", "corsPolicy.allowMethod"],
        ["regex-untranslatable", "corsPolicy.allowOrigins[1].regex"],
        ["maxage-invalid", "corsPolicy.maxAge"],
        // The untranslatable origin is left out, yet these keep the indexes of the manifest.
        ["origin-noncanonical", "corsPolicy.allowOrigins[0]"],
        ["credentials-any-origin", "corsPolicy.allowOrigins[2]"],
        ["wildcard-mixed", "corsPolicy.allowOrigins[2]"],
      ]),
    );
  });

  it("the core's errors are those createPolicy reports once the importer's are fixed", () => {
    const fixed = { ...istioPolicy, allowOrigins: [istioPolicy.allowOrigins[0], { exact: "*" }], maxAge: "5s" } as Record<string, unknown>;
    delete fixed["allowMethod"];
    const afterFix = issuesOf(() => createPolicy(fromIstioCorsPolicy(fixed)));
    expect(sorted(afterFix)).toEqual(sorted([["origin-noncanonical", "allowOrigins[0]"], ["credentials-any-origin", "allowOrigins[1]"], ["wildcard-mixed", "allowOrigins[1]"]]));
  });

  it("no origins-missing when the origins are there but unreadable", () => {
    expect(issuesOf(() => fromIstioCorsPolicy({ allowOrigins: [{ regex: "\\pL" }], allowCredentials: true }))).toEqual([["regex-untranslatable", "allowOrigins[0].regex"]]);
    expect(issuesOf(() => fromGatewayApiCors({ allowOrigins: ["https://a.example", 7], maxAge: -1 }))).toEqual([
      ["type-invalid", "allowOrigins[1]"],
      ["type-invalid", "maxAge"],
    ]);
  });

  it("a Gateway API filter: an unknown field and a bad maxAge do not hide a non-canonical origin", () => {
    expect(sorted(issuesOf(() => fromGatewayApiCors({ allowOrigins: ["https://a.example/"], allowMethod: ["GET"], maxAge: "10" })))).toEqual(
      sorted([
        ["unknown-field", "allowMethod"],
        ["type-invalid", "maxAge"],
        ["origin-noncanonical", "allowOrigins[0]"],
      ]),
    );
  });

  it("a VirtualService: problems of every route, the routes that translated included", () => {
    const virtualService = {
      apiVersion: "networking.istio.io/v1",
      kind: "VirtualService",
      spec: {
        http: [
          { corsPolicy: { allowOrigins: [{ prefix: "" }], allowCredentials: true } },
          { corsPolicy: { ...istioPolicy, allowOrigins: [{ exact: "https://a.example" }] } },
          { match: [{ uri: { regex: "/a.*.*.*x" } }] },
        ],
      },
    };
    expect(sorted(issuesOf(() => fromVirtualService(virtualService)))).toEqual(
      sorted([
        ["credentials-any-origin", "spec.http[0].corsPolicy.allowOrigins[0].prefix"],
        ["unknown-field", "spec.http[1].corsPolicy.allowMethod"],
        ["maxage-invalid", "spec.http[1].corsPolicy.maxAge"],
        ["regex-unsafe", "spec.http[2].match[0].uri.regex"],
      ]),
    );
  });

  it("HTTPRoutes: problems of every rule of every route, each policy once", () => {
    const route = (name: string, cors: Record<string, unknown>) => ({
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "HTTPRoute",
      metadata: { name },
      spec: { rules: [{ matches: [{ path: { value: "/a" } }, { path: { value: "/b" } }], filters: [{ type: "CORS", cors }] }] },
    });
    const issues = issuesOf(() => fromHTTPRoute([route("one", { allowOrigins: ["https://A.example"] }), route("two", { allowOrigins: ["https://b.example"], maxAge: "x" })]));
    expect(sorted(issues)).toEqual(
      sorted([
        ["origin-noncanonical", "[0].spec.rules[0].filters[0].cors.allowOrigins[0]"],
        ["type-invalid", "[1].spec.rules[0].filters[0].cors.maxAge"],
      ]),
    );
  });

  it("a manifest without other problems still leaves the core's checks to createPolicy", () => {
    // The importers translate; createPolicy (or routePolicies) validates, with its warnings.
    expect(issuesOf(() => fromIstioCorsPolicy({ allowOrigins: [{ exact: "*" }], allowCredentials: true }))).toEqual([]);
  });
});
