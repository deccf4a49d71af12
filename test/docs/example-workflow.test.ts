import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { SWEEP_EVENTS, WEBHOOK_EVENTS } from "../../src/action/events.js";
import { REPO_ROOT } from "../cli/cli-harness.js";

/** docs/getting-started/action.md tells people to copy this file: it must ask only for what the Action handles. */
const workflow = parse(readFileSync(join(REPO_ROOT, "docs/examples/release-readiness.yml"), "utf8")) as {
  on: Record<string, unknown>;
  concurrency: { group: string; "cancel-in-progress": boolean };
  permissions: Record<string, string>;
  jobs: Record<string, { name: string; steps: Array<{ uses?: string }> }>;
};
const actionYml = parse(readFileSync(join(REPO_ROOT, "action.yml"), "utf8")) as { inputs: Record<string, unknown> };

describe("docs/examples/release-readiness.yml", () => {
  it("runs on pull requests, comments, the merge queue and a nightly sweep, all events the Action handles", () => {
    const handled = new Set<string>([...WEBHOOK_EVENTS, ...SWEEP_EVENTS]);
    for (const event of Object.keys(workflow.on)) expect(handled.has(event), event).toBe(true);
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(["pull_request", "issue_comment", "merge_group", "schedule"]));
  });

  it("queues runs per PR and gives the token the writes the Action makes", () => {
    expect(workflow.concurrency.group).toContain("github.event.pull_request.number");
    expect(workflow.concurrency.group).toContain("github.event.issue.number");
    expect(workflow.concurrency["cancel-in-progress"]).toBe(false);
    expect(workflow.permissions).toEqual({ checks: "write", contents: "write", "pull-requests": "write", issues: "write" });
  });

  it("uses the Action with no checkout, under a job name that is not one of the app's check names", () => {
    const job = workflow.jobs.readiness!;
    expect(["Release readiness", "Campaign gate", "Release notes"]).not.toContain(job.name);
    expect(job.steps.some((step) => step.uses?.startsWith("actions/checkout"))).toBe(false);
    expect(job.steps.some((step) => step.uses?.endsWith("/release-readiness@v1"))).toBe(true);
    expect(Object.keys(actionYml.inputs)).toEqual(["github-token", "fail-on-not-ready"]);
  });
});
