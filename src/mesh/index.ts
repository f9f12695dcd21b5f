/**
 * `corsgate/mesh`: the same CORS policy in corsgate, Istio, Gateway API, kgateway / Gloo Gateway and agentgateway
 * form, per-route policies, and the effective policy of each HTTPRoute rule under policy attachment.
 * It takes parsed objects (no YAML parser here); the `corsgate` CLI reads the files.
 */
export { fromIstioCorsPolicy, toIstioCorsPolicy } from "./istio.js";
export type { IstioCorsPolicy, IstioStringMatch, MeshImportOptions } from "./istio.js";
export { fromGatewayApiCors, toGatewayApiCors } from "./gateway-api.js";
export type { GatewayApiCorsFilter } from "./gateway-api.js";
export { routePolicies } from "./routes.js";
export type { Route, RouteMatch, RouteResolver, CompiledRoute, StringMatch, UriMatch, RouteRequest } from "./routes.js";
export { fromVirtualService } from "./virtual-service.js";
export { fromHTTPRoute } from "./http-route.js";
export { re2ToJavaScript, javaScriptToRe2 } from "./re2.js";
export type { TranslationResult, TranslatedPattern, UntranslatablePattern } from "./re2.js";
export { parseDuration, formatDuration } from "./duration.js";
export type { MeshIssueCode, MeshWarningCode } from "./issues.js";
export { fromKgatewayCors, toKgatewayCors } from "./kgateway.js";
export type { KgatewayCorsPolicy } from "./kgateway.js";
export { fromAgentgatewayCors, toAgentgatewayCors } from "./agentgateway.js";
export type { AgentgatewayCorsPolicy } from "./agentgateway.js";
export { effectiveRoutePolicies } from "./attachment.js";
export type { AttachedRoute, AttachmentLevel, PolicyOrigin } from "./attachment.js";
export { conversionWarnings } from "./conversion-warnings.js";
export type { ConversionTarget, MeshExportOptions } from "./conversion-warnings.js";
