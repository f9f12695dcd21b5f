// `npm run example`: a policy, a handful of requests, and what corsgate decides for each — with the reason.
import { createPolicy, evaluate, explain, isCorsConfigError, type CorsRequest } from "../src/index.js";

const policy = createPolicy({
  allowOrigins: ["https://app.example.com", "https://*.example.org", "http://localhost:*"],
  allowMethods: ["PUT", "DELETE"],
  allowHeaders: ["content-type", "x-request-id"],
  exposeHeaders: ["x-total-count"],
  maxAge: "1h",
  allowCredentials: true,
});

const requests: [string, CorsRequest][] = [
  ["a simple GET from the app", { method: "GET", headers: { origin: "https://app.example.com" } }],
  [
    "a preflight for PUT with JSON",
    {
      method: "OPTIONS",
      headers: {
        origin: "https://app.example.com",
        "access-control-request-method": "PUT",
        "access-control-request-headers": "content-type",
      },
    },
  ],
  ["a GET from a subdomain", { method: "GET", headers: { origin: "https://eu.shop.example.org" } }],
  ["a GET from the app over plain http", { method: "GET", headers: { origin: "http://app.example.com" } }],
  [
    "a preflight for PATCH",
    { method: "OPTIONS", headers: { origin: "http://localhost:5173", "access-control-request-method": "PATCH" } },
  ],
  [
    "a preflight with a header the policy does not list",
    {
      method: "OPTIONS",
      headers: {
        origin: "https://app.example.com",
        "access-control-request-method": "DELETE",
        "access-control-request-headers": "x-request-id, x-debug",
      },
    },
  ],
  ["a request from curl (no Origin)", { method: "GET", headers: {} }],
];

for (const [title, request] of requests) {
  const decision = evaluate(request, policy);
  console.log(`\n● ${title}`);
  console.log(`  ${decision.kind}, ${decision.allowed ? "allowed" : "not allowed"}, ${decision.action}${decision.status === undefined ? "" : ` ${decision.status}`}`);
  for (const [name, value] of Object.entries(decision.headers)) console.log(`  ${name}: ${value}`);
  if (decision.vary.length > 0) console.log(`  vary: ${decision.vary.join(", ")}`);
  console.log(`  → ${explain(decision)}`);
}

// A dangerous policy is refused at start-up, with every problem listed at once.
try {
  createPolicy({ allowOrigins: ["*", "https://App.Example.com/"], allowCredentials: true, maxAge: "500ms" });
} catch (error) {
  if (isCorsConfigError(error)) console.log(`\n● a dangerous policy\n${error.message}`);
}
