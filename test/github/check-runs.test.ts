import { describe, expect, it } from "vitest";
import { upsertCheckRun } from "../../src/github/check-runs.js";
import type { GitHubClient } from "../../src/github/client.js";
import type { CheckReport } from "../../src/domain/report/checks.js";

const report: CheckReport = { name: "Release readiness", conclusion: "success", title: "Ready", summary: "All met", annotations: [] };

describe("upsertCheckRun", () => {
  it("stamps completed_at with the time it is given (the app's clock), not the machine's", async () => {
    const bodies: Array<Record<string, unknown>> = [];
    const octokit = {
      rest: { checks: { create: async (body: Record<string, unknown>) => (bodies.push(body), { data: { id: 7 } }) } },
    } as unknown as GitHubClient;
    const completedAt = new Date("2026-11-23T12:00:00Z");
    const result = await upsertCheckRun(octokit, { owner: "acme", repo: "shop" }, "a".repeat(40), undefined, report, { externalId: "rr1:x:y", completedAt });
    expect(result).toEqual({ id: 7, written: true });
    expect(bodies[0]?.completed_at).toBe("2026-11-23T12:00:00.000Z");
  });
});
