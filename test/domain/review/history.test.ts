import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { promiseVersionsOf, statusChangesOf, type FileRevision } from "../../../src/domain/review/history.js";

const manifest = readFileSync("readiness/examples/checkout-v2.yml", "utf8");
const registry = readFileSync("readiness/examples/promises.yml", "utf8");
const at = (day: string) => `${day}T12:00:00.000Z`;
const withStatus = (status: string) => manifest.replace(/^status: \w+/m, `status: ${status}`);

describe("the review's history of a manifest", () => {
  it("finds each status change after the first revision read, and a new manifest as one from nothing", () => {
    const revisions: FileRevision[] = [
      { commit: "a", at: at("2026-11-01"), text: withStatus("experiment") },
      { commit: "b", at: at("2026-11-17"), text: withStatus("beta") },
      { commit: "c", at: at("2026-11-18"), text: withStatus("beta") },
      { commit: "d", at: at("2026-11-20"), text: "status: [broken" },
      { commit: "e", at: at("2026-11-24"), text: withStatus("ga") },
    ];
    expect(statusChangesOf("readiness/checkout-v2.yml", revisions).map((c) => [c.from, c.to, c.at])).toEqual([
      ["experiment", "beta", at("2026-11-17")],
      ["beta", "ga", at("2026-11-24")],
    ]);
    const created = statusChangesOf("readiness/checkout-v2.yml", [
      { commit: "a", at: at("2026-11-01"), text: null },
      { commit: "b", at: at("2026-11-17"), text: withStatus("beta") },
    ]);
    expect(created).toEqual([{ release: "checkout-v2", title: expect.any(String), to: "beta", at: at("2026-11-17") }]);
  });

  it("finds promises whose version rose, with what changed", () => {
    const raised = registry.replace("exceptions: [Payments by bank transfer]\n    version: 1", "exceptions: [Payments by bank transfer, Gift cards]\n    version: 2");
    expect(raised).not.toBe(registry);
    const rises = promiseVersionsOf("readiness/promises.yml", [
      { commit: "a", at: at("2026-11-01"), text: registry },
      { commit: "b", at: at("2026-11-25"), text: raised },
    ]);
    expect(rises).toEqual([{ id: "instant-receipt", from: 1, to: 2, at: at("2026-11-25"), changed: ["exceptions"] }]);
  });
});
