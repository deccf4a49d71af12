import { describe, expect, it } from "vitest";
import { defaultPolicy, parsePolicy } from "../../../src/domain/policy/resolve.js";

describe("the policy's digest (the weekly promise review)", () => {
  it("is off by default, on Mondays, in this repository", () => {
    expect(defaultPolicy().digest).toEqual({ enabled: false, weekday: "monday" });
  });

  it("takes a repository of the same installation and a weekday", () => {
    const parsed = parsePolicy("digest:\n  enabled: true\n  repository: acme/support\n  weekday: tuesday\n", ".github/release-readiness.yml");
    expect(parsed.ok && parsed.policy.digest).toEqual({ enabled: true, repository: "acme/support", weekday: "tuesday" });
  });

  it("refuses a repository that is not owner/name and a day that is not a weekday, with the line and key", () => {
    const parsed = parsePolicy("digest:\n  enabled: true\n  repository: support\n  weekday: someday\n", ".github/release-readiness.yml");
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ line: 3, key: "digest.repository", message: expect.stringContaining("owner/name") }),
      expect.objectContaining({ line: 4, key: "digest.weekday" }),
    ]));
  });
});
