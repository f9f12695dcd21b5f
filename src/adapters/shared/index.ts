// Types every adapter re-exports, so each subpath is complete on its own.
export type { CorsAdapterOptions } from "./options.js";
export type { CorsPolicyResolver, CorsPolicySource } from "./policy-source.js";
