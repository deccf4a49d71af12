import { describe, expect, it } from "vitest";
import { inEffectOn, reachesMinStatus } from "../../../src/domain/registry/promise-standing.js";

describe("when a release may rely on a promise", () => {
  it.each([
    ["experiment", "beta", false],
    ["beta", "beta", true],
    ["ga", "beta", true],
    ["rollback", "experiment", false],
    ["experiment", "ga", false],
  ] as const)("a release at %s, a promise from %s: %s", (status, min_status, reached) => {
    expect(reachesMinStatus(status, { min_status })).toBe(reached);
  });

  it("is in effect from its effective date on, that day included", () => {
    expect(inEffectOn({ effective: "2026-12-01" }, "2026-11-30")).toBe(false);
    expect(inEffectOn({ effective: "2026-12-01" }, "2026-12-01")).toBe(true);
    expect(inEffectOn({ effective: "2026-12-01" }, "2027-01-01")).toBe(true);
  });
});
