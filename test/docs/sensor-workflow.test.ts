import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { WEBHOOK_EVENTS } from "../../src/action/events.js";
import { REPO_ROOT } from "../cli/cli-harness.js";

/**
 * docs/examples/readiness-sensor.yml, the documented workflow that runs the support sensor in
 * Action mode (docs/reference/sensor.md#in-a-github-action): it asks for the events the sensor
 * reads, and only those the Action handles, with the permissions its writes need.
 */
const text = readFileSync(join(REPO_ROOT, "docs/examples/readiness-sensor.yml"), "utf8");
const workflow = parse(text) as {
  on: Record<string, { types: string[] }>;
  permissions: Record<string, string>;
  concurrency: { group: string; "cancel-in-progress": boolean };
  jobs: Record<string, { if: string; steps: Array<{ uses?: string }> }>;
};

describe("docs/examples/readiness-sensor.yml", () => {
  it("runs on the issues and issue comments the sensor reads, events the Action handles", () => {
    expect(workflow.on).toEqual({ issues: { types: ["opened", "edited"] }, issue_comment: { types: ["created"] } });
    for (const event of Object.keys(workflow.on)) expect((WEBHOOK_EVENTS as readonly string[]).includes(event), event).toBe(true);
  });

  it("queues runs per issue, skips comments on pull requests, and may write issues only", () => {
    expect(workflow.concurrency).toEqual({ group: "readiness-sensor-${{ github.event.issue.number }}", "cancel-in-progress": false });
    expect(workflow.permissions).toEqual({ contents: "read", issues: "write" });
    const job = workflow.jobs.sensor!;
    expect(job.if).toBe("${{ !github.event.issue.pull_request }}");
    expect(job.steps.map((s) => s.uses)).toEqual(["OWNER/release-readiness@v1"]);
  });

  it("is the workflow docs/reference/sensor.md shows", () => {
    expect(readFileSync(join(REPO_ROOT, "docs/reference/sensor.md"), "utf8")).toContain(`\`\`\`yaml\n${text}\`\`\``);
  });
});
