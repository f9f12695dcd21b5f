// The backend's current policy: what the resolver hands corsgate, and what the editor shows and replaces.
import type { ConfigIssue, CorsPolicy } from "../../src/index.js";
import { createPolicy } from "../../src/index.js";
import { policyFormat, readPolicyText } from "./policy-yaml.js";
import type { PolicyForm } from "./policy-yaml.js";

/**
 * The starting policy. `allowOrigins` may not be empty, so it names a site that is not the frontend:
 * the page's first Send is blocked by the browser, as in the mesh tutorial.
 */
export const initialPolicyText = `# The policy the backend enforces, as YAML (corsgate's CorsPolicyConfig).
# allowOrigins may not be empty; https://example.com stands in for "some other site".
# The frontend's origin is not listed yet, so the browser blocks the page's calls.
allowOrigins:
  - https://example.com
allowMethods: [PUT, DELETE]
`;

/** What the editor shows: the applied policy's text in one form, its warnings and the normalized config. */
export interface PolicyView {
  readonly form: PolicyForm;
  readonly text: string;
  /** False when the policy was written in the other form and could not be shown in this one. */
  readonly converted: boolean;
  readonly warnings: readonly ConfigIssue[];
  readonly config: CorsPolicy["config"];
}

export type ApplyResult =
  | { readonly ok: true; readonly view: PolicyView }
  | { readonly ok: false; readonly issues: readonly ConfigIssue[] };

export class PolicyStore {
  private text: string;
  private form: PolicyForm = "corsgate";
  private policy: CorsPolicy;
  private warnings: readonly ConfigIssue[];

  constructor(text = initialPolicyText) {
    const reading = readPolicyText(text, "corsgate", createPolicy);
    if (!reading.ok) throw new Error(`the demo's starting policy is invalid: ${JSON.stringify(reading.issues)}`);
    this.text = text;
    this.policy = reading.policy;
    this.warnings = reading.warnings;
  }

  /** The policy every request is decided with (the resolver calls this: a new policy applies at once). */
  get current(): CorsPolicy {
    return this.policy;
  }

  /** Validates `text` in `form`; only a valid policy replaces the current one. */
  apply(text: string, form: string): ApplyResult {
    const reading = readPolicyText(text, form, createPolicy);
    if (!reading.ok) return reading;
    this.text = text;
    this.form = form as PolicyForm;
    this.policy = reading.policy;
    this.warnings = reading.warnings;
    return { ok: true, view: this.view(this.form) };
  }

  /** The applied policy in `form`: as typed when it was applied in that form, otherwise translated. */
  view(form: PolicyForm = this.form): PolicyView {
    const base = { warnings: this.warnings, config: this.policy.config };
    if (form === this.form) return { ...base, form, text: this.text, converted: true };
    const written = policyFormat(form)?.write(this.policy);
    if (written === undefined) return { ...base, form: this.form, text: this.text, converted: false };
    return { ...base, form, text: written, converted: true };
  }
}
