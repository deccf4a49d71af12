import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/index.js";
import { startSandbox, type Sandbox } from "../support/fake-github/server.js";

/**
 * Promises and campaign causality end to end against the stand-in
 * (docs/reference/promises-and-events.md): the campaign gate waits for a promise's effective date
 * (the app's clock is injected and moved on), asks for the holdout the policy sets, and a PR that
 * changes only the promise registry is checked.
 */
const OWNER = "acme";
const REPO = "shop";
const example = (name: string) => readFileSync(new URL(`../../readiness/examples/${name}`, import.meta.url), "utf8");
const ga = example("invoice-export.yml");
const events = example("events.yml");
const promises = example("promises.yml");

let now = new Date("2026-11-23T12:00:00Z");
let sandbox: Sandbox;

beforeEach(async () => {
  now = new Date("2026-11-23T12:00:00Z");
  sandbox = await startSandbox({ appFn: createApp({ now: () => now }) });
  sandbox.fake.createRepository({ owner: OWNER, repo: REPO, files: { "README.md": "# shop\n", "readiness/events.yml": events, "readiness/promises.yml": promises } });
});

afterEach(async () => {
  expect(sandbox.fake.violations).toEqual([]);
  await sandbox.stop();
});

const runsAt = (sha: string) => Object.fromEntries(sandbox.fake.checkRunsFor({ owner: OWNER, repo: REPO, sha }).map((r) => [r.name, r]));
const onMain = (files: Record<string, string>) => sandbox.fake.commit({ owner: OWNER, repo: REPO, branch: "main", author: "lead", files });
const rerun = async (sha: string) => sandbox.deliver(sandbox.fake.rerequestCheckRun({ checkRunId: runsAt(sha)["Release readiness"]!.id, user: "dev" }));

describe("promises and campaigns, end to end", () => {
  it("a GA release's campaign waits for its promise's effective date, then is allowed", async () => {
    // The promise takes effect next week; campaign_gate: check keeps the label on so the same label is decided again.
    onMain({
      "readiness/promises.yml": promises.replace("effective: 2026-11-01", "effective: 2026-11-30"),
      ".github/release-readiness.yml": "campaign_gate: check\n",
    });
    const { pullRequest, event } = sandbox.fake.openPullRequest({ owner: OWNER, repo: REPO, head: "ga", user: "dev", files: { "readiness/invoice-export.yml": ga } });
    await sandbox.deliver(event);
    await sandbox.deliver(sandbox.fake.addLabel({ owner: OWNER, repo: REPO, number: pullRequest.number, label: "campaign:email", user: "marketing" }));
    const sha = pullRequest.head.sha;
    expect(runsAt(sha)["Release readiness"]!.conclusion).toBe("success");
    const blocked = runsAt(sha)["Campaign gate"]!;
    expect(blocked.conclusion).toBe("failure");
    expect(blocked.output.summary).toContain('promise "invoice-export-24h" takes effect on 2026-11-30');
    const [comment] = sandbox.fake.commentsOn({ owner: OWNER, repo: REPO, number: pullRequest.number });
    expect(comment!.body).toContain("- `invoice-export-24h` v2, in effect from 2026-11-30; owner @\u200bacme/billing");

    now = new Date("2026-11-30T09:00:00Z");
    await rerun(sha);
    const allowed = runsAt(sha)["Campaign gate"]!;
    expect(allowed.conclusion).toBe("success");
    expect(allowed.output.summary).toContain("`campaign:email`: allowed at ga");
    expect(sandbox.fake.pullRequest({ owner: OWNER, repo: REPO, number: pullRequest.number }).labels).toContain("campaign:email");
  });

  it("a campaign without the holdout the policy asks for is blocked, and allowed after a push adds it", async () => {
    onMain({ ".github/release-readiness.yml": "campaign_gate: check\ncampaign_rules:\n  holdout_min_percent: 5\n" });
    const { pullRequest, event } = sandbox.fake.openPullRequest({ owner: OWNER, repo: REPO, head: "ga", user: "dev", files: { "readiness/invoice-export.yml": ga } });
    await sandbox.deliver(event);
    await sandbox.deliver(sandbox.fake.addLabel({ owner: OWNER, repo: REPO, number: pullRequest.number, label: "campaign:landing", user: "marketing" }));
    const gate = runsAt(pullRequest.head.sha)["Campaign gate"]!;
    expect(gate.conclusion).toBe("failure");
    expect(gate.output.summary).toContain("campaign:landing has no holdout; the policy asks for at least 5%");

    const fixed = ga.replace('{ label: "campaign:landing", audience: new }', '{ label: "campaign:landing", audience: new, holdout_percent: 5 }');
    expect(fixed).not.toBe(ga);
    const push = sandbox.fake.pushToPullRequest({ owner: OWNER, repo: REPO, number: pullRequest.number, user: "dev", files: { "readiness/invoice-export.yml": fixed } });
    await sandbox.deliver(push.event);
    const head = sandbox.fake.pullRequest({ owner: OWNER, repo: REPO, number: pullRequest.number }).head.sha;
    expect(runsAt(head)["Campaign gate"]!.conclusion).toBe("success");
    const comment = sandbox.fake.commentsOn({ owner: OWNER, repo: REPO, number: pullRequest.number })[0]!.body;
    expect(comment).toContain("`campaign:landing`: holdout 5%, no exposure event");
  });

  it("a PR that changes only the promise registry is checked: wording changed without a version bump fails at the promise's line", async () => {
    onMain({ "readiness/invoice-export.yml": ga });
    const reworded = promises.replace("Any invoice export is ready to download within 24 hours.", "Any invoice export is ready within 12 hours.");
    const { pullRequest, event } = sandbox.fake.openPullRequest({ owner: OWNER, repo: REPO, head: "copy", user: "marketing", files: { "readiness/promises.yml": reworded } });
    await sandbox.deliver(event);
    const runs = runsAt(pullRequest.head.sha);
    // Release readiness alone: there is no release to gate or write notes for, and no summary comment.
    expect(Object.keys(runs)).toEqual(["Release readiness"]);
    expect(sandbox.fake.commentsOn({ owner: OWNER, repo: REPO, number: pullRequest.number })).toEqual([]);
    const readiness = runs["Release readiness"]!;
    expect(readiness.conclusion).toBe("failure");
    const versionLine = reworded.split("\n").findIndex((line, i, all) => line.trim() === "version: 2" && all[i - 4]!.includes("invoice-export-24h")) + 1;
    expect(versionLine).toBeGreaterThan(0);
    expect(readiness.output.annotations).toEqual([expect.objectContaining({
      path: "readiness/promises.yml", start_line: versionLine, annotation_level: "failure",
      message: expect.stringContaining('promise "invoice-export-24h" changed its text, conditions or exceptions, so its version must rise above 2'),
    })]);
    expect(readiness.output.text).toContain("`invoice-export-24h` v2: text changed, version not raised (carried by invoice-export)");

    const bumped = reworded.replace(/(id: invoice-export-24h[\s\S]*?version:) 2/, "$1 3");
    const push = sandbox.fake.pushToPullRequest({ owner: OWNER, repo: REPO, number: pullRequest.number, user: "marketing", files: { "readiness/promises.yml": bumped } });
    await sandbox.deliver(push.event);
    const head = sandbox.fake.pullRequest({ owner: OWNER, repo: REPO, number: pullRequest.number }).head.sha;
    const passed = runsAt(head)["Release readiness"]!;
    expect(passed.conclusion).toBe("success");
    expect(passed.output.text).toContain("invoice-export-24h v2 → v3: text changed (carried by invoice-export)");
  });

  it("a registry-only PR cannot remove a promise a release on the default branch still lists", async () => {
    onMain({ "readiness/invoice-export.yml": ga });
    const without = promises.replace(/ {2}- id: invoice-export-24h[\s\S]*$/, "");
    expect(without).not.toContain("invoice-export-24h");
    const { pullRequest, event } = sandbox.fake.openPullRequest({ owner: OWNER, repo: REPO, head: "drop", user: "dev", files: { "readiness/promises.yml": without } });
    await sandbox.deliver(event);
    const readiness = runsAt(pullRequest.head.sha)["Release readiness"]!;
    expect(readiness.conclusion).toBe("failure");
    expect(readiness.output.summary).toContain('promise "invoice-export-24h" is removed, but release invoice-export still lists it under promises');
  });

  it("a PR that changes a manifest cannot remove the promise its own release lists", async () => {
    const without = promises.replace(/ {2}- id: invoice-export-24h[\s\S]*$/, "");
    const { pullRequest, event } = sandbox.fake.openPullRequest({ owner: OWNER, repo: REPO, head: "both", user: "dev", files: { "readiness/invoice-export.yml": ga, "readiness/promises.yml": without } });
    await sandbox.deliver(event);
    const readiness = runsAt(pullRequest.head.sha)["Release readiness"]!;
    expect(readiness.conclusion).toBe("failure");
    expect(readiness.output.summary).toContain('promise "invoice-export-24h" is removed, but release invoice-export still lists it under promises');
    expect(readiness.output.text).toContain("- `invoice-export-24h` removed (it was v2; carried by invoice-export)");
  });

  it("a PR that changes only the event catalog may add an event, but not remove one a base-branch release logs", async () => {
    onMain({ "readiness/invoice-export.yml": ga });
    const added = `${events.trimEnd()}\n  - name: export_scheduled\n    description: A finance team scheduled an export.\n    properties: [plan, segment, source, role, environment, version, region]\n    owner: "@acme/billing"\n`;
    const ahead = sandbox.fake.openPullRequest({ owner: OWNER, repo: REPO, head: "ahead", user: "dev", files: { "readiness/events.yml": added } });
    await sandbox.deliver(ahead.event);
    const fine = runsAt(ahead.pullRequest.head.sha)["Release readiness"]!;
    expect(fine.conclusion).toBe("success");
    expect(fine.output.text).toContain("added `export_scheduled`");

    const without = events.replace(/ {2}- name: campaign_exposed\n(?: {4}.*\n)+/, "");
    expect(without).not.toContain("campaign_exposed");
    const drop = sandbox.fake.openPullRequest({ owner: OWNER, repo: REPO, head: "drop", user: "dev", files: { "readiness/events.yml": without } });
    await sandbox.deliver(drop.event);
    const refused = runsAt(drop.pullRequest.head.sha)["Release readiness"]!;
    expect(refused.conclusion).toBe("failure");
    expect(refused.output.summary).toContain('event "campaign\\_exposed" is removed from the catalog, but release invoice-export still uses it');
  });
});
