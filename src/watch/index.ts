/**
 * `corsgate/watch` (Node): a policy source that follows a policy file — corsgate JSON or YAML, an Istio
 * VirtualService or a Gateway API HTTPRoute — through edits and Kubernetes ConfigMap updates.
 */
export { watchPolicyFile } from "./watch-policy-file.js";
export type { PolicyFileFailure, PolicyFileVersion, PolicyFileWatcher, WatchPolicyFileOptions } from "./watch-policy-file.js";
