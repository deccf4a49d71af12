import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/index.js";
import { pullRequestsInMergeGroup } from "../../src/handlers/merge-group.js";
import { startSandbox, type Sandbox } from "../support/fake-github/server.js";

const NOW = new Date("2026-11-23T12:00:00Z");
const OWNER = "acme";
const REPO = "shop";
const beta = readFileSync(new URL("../../readiness/examples/checkout-v2.yml", import.meta.url), "utf8");
const ga = readFileSync(new URL("../../readiness/examples/invoice-export.yml", import.meta.url), "utf8");
const events = readFileSync(new URL("../../readiness/examples/events.yml", import.meta.url), "utf8");
const promises = readFileSync(new URL("../../readiness/examples/promises.yml", import.meta.url), "utf8");

let sandbox: Sandbox;

beforeEach(async () => {
  sandbox = await startSandbox({ appFn: createApp({ now: () => NOW }) });
  sandbox.fake.createRepository({ owner: OWNER, repo: REPO, files: { "README.md": "# shop\n", "readiness/events.yml": events, "readiness/promises.yml": promises } });
});

afterEach(async () => {
  expect(sandbox.fake.violations).toEqual([]);
  await sandbox.stop();
});

const runsAt = (sha: string) => Object.fromEntries(sandbox.fake.checkRunsFor({ owner: OWNER, repo: REPO, sha }).map((r) => [r.name, r]));

describe("cases docs/reference/cases.md names", () => {
  it("a merge group passes only if every PR in it would", async () => {
    const ready = sandbox.fake.openPullRequest({ owner: OWNER, repo: REPO, head: "ga", user: "dev", files: { "readiness/invoice-export.yml": ga } });
    const blocked = sandbox.fake.openPullRequest({ owner: OWNER, repo: REPO, head: "beta", user: "dev", files: { "readiness/checkout-v2.yml": beta } });
    await sandbox.deliver(ready.event);
    await sandbox.deliver(blocked.event);
    expect(runsAt(ready.pullRequest.head.sha)["Release readiness"]!.conclusion).toBe("success");

    const alone = sandbox.fake.enqueuePullRequests({ owner: OWNER, repo: REPO, numbers: [ready.pullRequest.number], user: "lead" });
    await sandbox.deliver(alone.event);
    expect(runsAt(alone.headSha)["Release readiness"]!.conclusion).toBe("success");
    expect(runsAt(alone.headSha)["Campaign gate"]!.conclusion).toBe("success");

    const both = sandbox.fake.enqueuePullRequests({ owner: OWNER, repo: REPO, numbers: [ready.pullRequest.number, blocked.pullRequest.number], user: "lead" });
    await sandbox.deliver(both.event);
    expect(runsAt(both.headSha)["Release readiness"]!.conclusion).toBe("failure");
    expect(runsAt(both.headSha)["Release readiness"]!.output.summary).toContain(`#${blocked.pullRequest.number}: failure`);
  });

  it("several manifests: the PR is ready only when all are, and labels cover every status", async () => {
    const { pullRequest, event } = sandbox.fake.openPullRequest({ owner: OWNER, repo: REPO, head: "two", user: "dev", files: { "readiness/invoice-export.yml": ga, "readiness/checkout-v2.yml": beta } });
    await sandbox.deliver(event);
    expect(runsAt(pullRequest.head.sha)["Release readiness"]!.conclusion).toBe("failure");
    expect(sandbox.fake.pullRequest({ owner: OWNER, repo: REPO, number: pullRequest.number }).labels.sort()).toEqual(["release:beta", "release:ga"]);
  });

  it("a PR that deletes a manifest is a release PR with nothing to check", async () => {
    sandbox.fake.commit({ owner: OWNER, repo: REPO, branch: "main", author: "lead", files: { "readiness/invoice-export.yml": ga } });
    const { pullRequest, event } = sandbox.fake.openPullRequest({ owner: OWNER, repo: REPO, head: "cleanup", user: "dev", files: { "readiness/invoice-export.yml": null } });
    await sandbox.deliver(event);
    expect(runsAt(pullRequest.head.sha)["Release readiness"]!.conclusion).toBe("neutral");
  });

  it("a renamed manifest is the same release: its base status still governs the transition", async () => {
    sandbox.fake.commit({ owner: OWNER, repo: REPO, branch: "main", author: "lead", files: { "readiness/invoice-export.yml": ga } });
    const moved = ga.replace("status: ga", "status: experiment");
    const { pullRequest, event } = sandbox.fake.openPullRequest({ owner: OWNER, repo: REPO, head: "move", user: "dev", files: { "readiness/invoice-export.yml": null, "readiness/billing/invoice-export.yml": moved } });
    await sandbox.deliver(event);
    const readiness = runsAt(pullRequest.head.sha)["Release readiness"]!;
    expect(readiness.conclusion).toBe("failure");
    expect(readiness.output.text).toMatch(/status change ga -(>|&gt;) experiment is not allowed/);
    expect(readiness.output.text).toContain("(renamed)");
  });

  it("a PR whose later commit undoes its manifest change loses its status label", async () => {
    const { pullRequest, event } = sandbox.fake.openPullRequest({ owner: OWNER, repo: REPO, head: "oops", user: "dev", files: { "readiness/checkout-v2.yml": beta } });
    await sandbox.deliver(event);
    expect(sandbox.fake.pullRequest({ owner: OWNER, repo: REPO, number: pullRequest.number }).labels).toEqual(["release:beta"]);
    const undone = sandbox.fake.pushToPullRequest({ owner: OWNER, repo: REPO, number: pullRequest.number, user: "dev", files: { "readiness/checkout-v2.yml": null, "src/a.ts": "export {};\n" } });
    await sandbox.deliver(undone.event);
    expect(sandbox.fake.pullRequest({ owner: OWNER, repo: REPO, number: pullRequest.number }).labels).toEqual([]);
  });

  it("_extends reads the organisation's policy, and the repository's own lists replace it", async () => {
    sandbox.fake.createRepository({ owner: OWNER, repo: ".github", files: { ".github/release-readiness.yml": "statuses:\n  beta:\n    requires: [docs, support_training]\ncampaign_gate: check\n" } });
    sandbox.fake.commit({ owner: OWNER, repo: REPO, branch: "main", author: "lead", files: { ".github/release-readiness.yml": "_extends: .github\nstatuses:\n  beta:\n    requires: [docs]\n" } });
    const { pullRequest, event } = sandbox.fake.openPullRequest({ owner: OWNER, repo: REPO, head: "beta", user: "dev", files: { "readiness/checkout-v2.yml": beta } });
    await sandbox.deliver(event);
    // The repository's [docs] replaced the organisation's [docs, support_training] (not merged into it)...
    expect(runsAt(pullRequest.head.sha)["Release readiness"]!.conclusion).toBe("success");
    // ...while the organisation's campaign_gate still applies.
    await sandbox.deliver(sandbox.fake.addLabel({ owner: OWNER, repo: REPO, number: pullRequest.number, label: "campaign:email", user: "marketing" }));
    expect(sandbox.fake.pullRequest({ owner: OWNER, repo: REPO, number: pullRequest.number }).labels).toContain("campaign:email");
    expect(runsAt(pullRequest.head.sha)["Campaign gate"]!.conclusion).toBe("failure");
  });

  it("without a policy of its own, a repository uses its organisation's .github policy", async () => {
    sandbox.fake.createRepository({ owner: OWNER, repo: ".github", files: { ".github/release-readiness.yml": "statuses:\n  beta:\n    requires: [docs]\n" } });
    const { pullRequest, event } = sandbox.fake.openPullRequest({ owner: OWNER, repo: REPO, head: "beta", user: "dev", files: { "readiness/checkout-v2.yml": beta } });
    await sandbox.deliver(event);
    expect(runsAt(pullRequest.head.sha)["Release readiness"]!.conclusion).toBe("success");
  });

  it("report_non_release gives other PRs a neutral check so it can be required", async () => {
    sandbox.fake.commit({ owner: OWNER, repo: REPO, branch: "main", author: "lead", files: { ".github/release-readiness.yml": "report_non_release: true\n" } });
    const { pullRequest, event } = sandbox.fake.openPullRequest({ owner: OWNER, repo: REPO, head: "docs", user: "dev", files: { "docs/a.md": "hi\n" } });
    await sandbox.deliver(event);
    expect(runsAt(pullRequest.head.sha)["Release readiness"]).toMatchObject({ conclusion: "neutral" });
    expect(sandbox.fake.commentsOn({ owner: OWNER, repo: REPO, number: pullRequest.number })).toEqual([]);
  });

  it("a push to the default branch that changes the policy refreshes the cached policy", async () => {
    const { pullRequest, event } = sandbox.fake.openPullRequest({ owner: OWNER, repo: REPO, head: "beta", user: "dev", files: { "readiness/checkout-v2.yml": beta } });
    await sandbox.deliver(event);
    expect(runsAt(pullRequest.head.sha)["Release readiness"]!.conclusion).toBe("failure");
    const { events: pushed } = sandbox.fake.commit({ owner: OWNER, repo: REPO, branch: "main", author: "lead", files: { ".github/release-readiness.yml": "statuses:\n  beta:\n    requires: [docs]\n" } });
    for (const e of pushed) await sandbox.deliver(e);
    await sandbox.deliver(sandbox.fake.rerequestCheckRun({ checkRunId: runsAt(pullRequest.head.sha)["Release readiness"]!.id, user: "dev" }));
    expect(runsAt(pullRequest.head.sha)["Release readiness"]!.conclusion).toBe("success");
  });

  it("a fork PR's manifest is read from the fork, and a status command replies with the change to make", async () => {
    sandbox.fake.createRepository({ owner: "outsider", repo: REPO, forkOf: { owner: OWNER, name: REPO } });
    sandbox.fake.setPermission({ owner: OWNER, repo: REPO, user: "maria", permission: "maintain" });
    const { pullRequest, event } = sandbox.fake.openPullRequest({ owner: OWNER, repo: REPO, head: "release", user: "outsider", headRepo: { owner: "outsider", name: REPO }, files: { "readiness/checkout-v2.yml": beta } });
    await sandbox.deliver(event);
    expect(runsAt(pullRequest.head.sha)["Release readiness"]!.output.text).toContain("Support training");
    const { event: command } = sandbox.fake.addComment({ owner: OWNER, repo: REPO, number: pullRequest.number, user: "maria", body: "/readiness status ga" });
    await sandbox.deliver(command);
    const reply = sandbox.fake.commentsOn({ owner: OWNER, repo: REPO, number: pullRequest.number }).at(-1)!;
    expect(reply.body).toContain("comes from a fork");
    expect(reply.body).toContain("status: ga");
    expect(sandbox.fake.fileAt({ owner: "outsider", repo: REPO, path: "readiness/checkout-v2.yml", ref: "release" })).toBe(beta);
  });
});

describe("pullRequestsInMergeGroup", () => {
  it("reads PR numbers from the queue branch and the merge message", () => {
    expect(pullRequestsInMergeGroup("refs/heads/gh-readonly-queue/main/pr-42-0123456789abcdef0123456789abcdef01234567", "Merge pull request #42 from a/b")).toEqual([42]);
    expect(pullRequestsInMergeGroup("gh-readonly-queue/main/pr-1-2-0123456789abcdef0123456789abcdef01234567", undefined)).toEqual([1, 2]);
    expect(pullRequestsInMergeGroup("main", "no numbers")).toEqual([]);
  });
});
