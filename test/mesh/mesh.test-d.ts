import { expectTypeOf, test } from "vitest";
import type { ConfigIssue, CorsPolicy, CorsPolicyConfig } from "../../src/index.js";
import {
  fromGatewayApiCors,
  fromHTTPRoute,
  fromIstioCorsPolicy,
  fromVirtualService,
  routePolicies,
  toGatewayApiCors,
  toIstioCorsPolicy,
} from "../../src/mesh/index.js";
import type { GatewayApiCorsFilter, IstioCorsPolicy, Route, RouteRequest, RouteResolver } from "../../src/mesh/index.js";
import * as mesh from "../../src/mesh/index.js";

test("importers take parsed objects and give a config", () => {
  expectTypeOf(fromIstioCorsPolicy).parameter(0).toEqualTypeOf<unknown>();
  expectTypeOf(fromIstioCorsPolicy).returns.toEqualTypeOf<CorsPolicyConfig>();
  expectTypeOf(fromGatewayApiCors).returns.toEqualTypeOf<CorsPolicyConfig>();
  expectTypeOf(fromIstioCorsPolicy).parameter(1).toEqualTypeOf<{ readonly path?: string; readonly onWarning?: (issue: ConfigIssue) => void } | undefined>();
});

test("exporters take a policy or a config", () => {
  expectTypeOf(toIstioCorsPolicy).parameter(0).toEqualTypeOf<CorsPolicy | CorsPolicyConfig>();
  expectTypeOf(toIstioCorsPolicy).returns.toEqualTypeOf<IstioCorsPolicy>();
  expectTypeOf(toGatewayApiCors).returns.toEqualTypeOf<GatewayApiCorsFilter>();
});

test("route tables", () => {
  expectTypeOf(fromVirtualService).returns.toEqualTypeOf<Route[]>();
  expectTypeOf(fromHTTPRoute).returns.toEqualTypeOf<Route[]>();
  expectTypeOf(routePolicies).parameter(0).toEqualTypeOf<readonly Route[]>();
  expectTypeOf(routePolicies).returns.toEqualTypeOf<RouteResolver>();
  expectTypeOf<Parameters<RouteResolver>[0]>().toEqualTypeOf<RouteRequest>();
  expectTypeOf<ReturnType<RouteResolver>>().toEqualTypeOf<CorsPolicy | undefined>();
  // A fetch Request and a Node IncomingMessage are both requests a resolver reads.
  const fromFetch: RouteRequest = new Request("https://api.example.com/items");
  const fromNode: RouteRequest = {} as import("node:http").IncomingMessage;
  expectTypeOf(fromFetch).toEqualTypeOf(fromNode);
  // @ts-expect-error a policy is an object or a config, not a string
  routePolicies([{ policy: "https://a.example" }]);
});

test("kgateway, agentgateway and policy attachment", () => {
  expectTypeOf(mesh.fromKgatewayCors).returns.toEqualTypeOf<CorsPolicyConfig | undefined>();
  expectTypeOf(mesh.fromAgentgatewayCors).returns.toEqualTypeOf<CorsPolicyConfig>();
  expectTypeOf(mesh.toKgatewayCors).parameter(1).toEqualTypeOf<mesh.MeshExportOptions | undefined>();
  expectTypeOf(mesh.toGatewayApiCors).parameter(1).toEqualTypeOf<mesh.MeshExportOptions | undefined>();
  expectTypeOf(mesh.effectiveRoutePolicies).returns.toEqualTypeOf<mesh.AttachedRoute[]>();
  // The table goes to routePolicies as it is.
  expectTypeOf<mesh.AttachedRoute[]>().toExtend<readonly Route[]>();
  expectTypeOf(mesh.conversionWarnings).returns.toEqualTypeOf<ConfigIssue[]>();
  expectTypeOf<mesh.PolicyOrigin["attachment"]>().toEqualTypeOf<mesh.AttachmentLevel>();
});
