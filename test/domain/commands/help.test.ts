import { describe, expect, it } from "vitest";
import { parseCommands } from "../../../src/domain/commands/grammar.js";
import { helpText } from "../../../src/domain/commands/help.js";
import { mergePolicy } from "../../../src/domain/policy/resolve.js";
import type { Policy } from "../../../src/domain/policy/schema.js";

describe("helpText", () => {
  it("describes the actual policy: prefix, sign-off lists, waiver level and days, transitions, audiences", () => {
    const policy: Policy = mergePolicy({
      commands: { prefix: "/rr" },
      signoffs: { docs: ["@acme/docs", "@carol"], monitoring: "admin" },
      waivers: { allowed: "admin", max_days: 5 },
      transitions: ["experiment -> beta"],
      notes: { audiences: ["support"] },
    });
    const text = helpText(policy);
    expect(text).toContain("`/rr signoff [release] <item> [note]`");
    expect(text).toContain("`docs`: members of `@acme/docs` or `@carol`; `monitoring`: people with admin permission");
    expect(text).toContain("people with admin permission, never the PR's author");
    expect(text).toContain("1 to 5 days");
    expect(text).toContain("`experiment -> beta`");
    expect(text).toContain("audiences: `support`");
    expect(text).toContain("`/rr revoke [release] <item> [signoff\\|waiver]`");
    expect(text).not.toContain("/readiness");
  });

  it("says plainly when no item needs a sign-off", () => {
    expect(helpText(mergePolicy({}))).toContain("nobody: this policy asks for no sign-offs");
  });

  it("never holds a line that would itself be read as a command", () => {
    for (const prefix of ["/readiness", "/rr"]) {
      expect(parseCommands(helpText(mergePolicy({ commands: { prefix }, signoffs: { docs: "@acme/docs" } })), prefix)).toEqual([]);
    }
  });
});
