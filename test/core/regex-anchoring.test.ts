/**
 * A regex matcher runs as ^(?:source)$. A source with an unmatched ")" would close that group early and leave
 * an alternative anchored at one end only, so createPolicy refuses it as regex-invalid.
 */
import { describe, expect, it } from "vitest";
import { createPolicy, evaluate, isCorsConfigError } from "../../src/index.js";

function codesOf(regex: string): string[] {
  try {
    createPolicy({ allowOrigins: [{ regex }], allowCredentials: true });
    return [];
  } catch (error) {
    if (!isCorsConfigError(error)) throw error;
    return error.issues.map((issue) => `${issue.path} ${issue.code}`);
  }
}

describe("a regex source cannot break out of the anchoring group", () => {
  it.each([
    // ^(?:https://app\.example\.com)|(?:x)$ would allow https://app.example.com.evil.net
    "https://app\\.example\\.com)|(?:x",
    // ^(?:https://x)|(http://evil\.com)$ would allow plain http://evil.com with credentials, without a warning
    "https://x)|(http://evil\\.com",
    "https://app\\.example\\.com)(",
  ])("%s is regex-invalid", (regex) => {
    expect(codesOf(regex)).toEqual(["allowOrigins[0].regex regex-invalid"]);
  });

  it("a balanced source with groups and alternatives is still accepted, and anchored as a whole", () => {
    const policy = createPolicy({ allowOrigins: [{ regex: "(https://(app|api)\\.example\\.com)|https://b\\.example\\.com" }], allowCredentials: true });
    const allowed = (origin: string) => evaluate({ method: "GET", headers: { origin } }, policy).allowed;
    expect(allowed("https://api.example.com")).toBe(true);
    expect(allowed("https://b.example.com")).toBe(true);
    expect(allowed("https://app.example.com.evil.net")).toBe(false);
  });
});
