import { expect, it } from "vitest";
import { createPolicy, isCorsConfigError } from "../../src/index.js";
import { policyLookup } from "../../src/adapters/shared/policy-source.js";

const config = { allowOrigins: ["https://app.example.com"] };

it("compiles a config once, at set-up", () => {
  const lookup = policyLookup<unknown>(config);
  expect(lookup({})).toBe(lookup({}));
});

it("uses a compiled policy as it is", () => {
  const policy = createPolicy(config);
  expect(policyLookup<unknown>(policy)({})).toBe(policy);
});

it("throws CorsConfigError at set-up for an invalid config", () => {
  let thrown: unknown;
  try {
    policyLookup<unknown>({ allowOrigins: [] });
  } catch (error) {
    thrown = error;
  }
  expect(isCorsConfigError(thrown)).toBe(true);
});

it("caches what a resolver returns per config object, sync or async", async () => {
  const shared = { allowOrigins: ["https://a.example"] };
  const lookup = policyLookup<string>(() => shared);
  expect(lookup("x")).toBe(lookup("y"));
  const asyncLookup = policyLookup<string>(async () => shared);
  expect(await asyncLookup("x")).toBe(lookup("z"));
});

it("gives a distinct compiled policy to each distinct config", () => {
  const lookup = policyLookup<string>((tenant) => (tenant === "a" ? { allowOrigins: ["https://a.example"] } : config));
  expect(lookup("a")).not.toBe(lookup("a"));
  expect(lookup("b")).toBe(lookup("b"));
});

it("surfaces the core's error for whatever invalid value a resolver returns", async () => {
  const lookup = policyLookup<string>(() => null as never);
  let thrown: unknown;
  try {
    lookup("x");
  } catch (error) {
    thrown = error;
  }
  expect(isCorsConfigError(thrown)).toBe(true);
});
