import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/index.js";
import { startSandbox, type Sandbox } from "../support/fake-github/server.js";
import { SUMMARY_MARKER } from "../../src/domain/report/summary-comment.js";
import { CHECKOUT_BETA, CHECKOUT_BETA_READY } from "../support/examples.js";

const NOW = new Date("2026-11-23T12:00:00Z");
const OWNER = "acme";
const REPO = "shop";
const beta = CHECKOUT_BETA;
const trained = CHECKOUT_BETA_READY;

let sandbox: Sandbox;

beforeEach(async () => {
  sandbox = await startSandbox({ appFn: createApp({ now: () => NOW }) });
  sandbox.fake.createRepository({ owner: OWNER, repo: REPO });
});

afterEach(async () => {
  expect(sandbox.fake.violations).toEqual([]);
  await sandbox.stop();
});

function openReleasePr(files: Record<string, string>) {
  return sandbox.fake.openPullRequest({ owner: OWNER, repo: REPO, head: "release/checkout", user: "dev", files });
}

function checks(sha: string) {
  const runs = sandbox.fake.checkRunsFor({ owner: OWNER, repo: REPO, sha });
  return Object.fromEntries(runs.map((r) => [r.name, r]));
}

function summaryComments(number: number) {
  return sandbox.fake.commentsOn({ owner: OWNER, repo: REPO, number }).filter((c) => c.body.startsWith(SUMMARY_MARKER));
}

describe("release PRs end to end (real server, signed webhooks, fake GitHub on loopback)", () => {
  it("reports both checks, mirrors the status label and writes one summary comment", async () => {
    const { pullRequest, event } = openReleasePr({ "readiness/checkout-v2.yml": beta });
    const response = await sandbox.deliver(event);
    expect(response.status).toBe(200);

    const runs = checks(pullRequest.head.sha);
    expect(runs["Release readiness"]).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(runs["Release readiness"]!.output.text).toContain("Support training");
    expect(runs["Release readiness"]!.output.annotations.length).toBeGreaterThan(0);
    expect(runs["Campaign gate"]).toMatchObject({ conclusion: "success" });
    expect(sandbox.fake.pullRequest({ owner: OWNER, repo: REPO, number: pullRequest.number }).labels).toEqual(["release:beta"]);
    const comments = summaryComments(pullRequest.number);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain("Support training: not declared; required at beta");
    expect(comments[0]!.body).toContain("<details><summary>Release notes:");
    expect(runs["Release notes"]).toMatchObject({ conclusion: "neutral" });
    expect(runs["Release notes"]!.output.text).toContain("Pay on one page");
    expect(runs["Release notes"]!.output.text!.toLowerCase()).not.toContain("generally available");
  });

  it("a broken template override fails Release notes with its line instead of using the defaults", async () => {
    sandbox.fake.commit({ owner: OWNER, repo: REPO, branch: "main", author: "admin", files: { ".github/release-readiness/templates/support.en.hbs": "# Support\n{{#each changes}}\n{{title}}\n" } });
    const { pullRequest, event } = openReleasePr({ "readiness/checkout-v2.yml": beta });
    await sandbox.deliver(event);
    const notes = checks(pullRequest.head.sha)["Release notes"]!;
    expect(notes.conclusion).toBe("failure");
    expect(notes.output.summary).toContain(".github/release-readiness/templates/support.en.hbs");
  });

  it("removes a campaign label the release may not use and says why", async () => {
    const { pullRequest, event } = openReleasePr({ "readiness/checkout-v2.yml": beta });
    await sandbox.deliver(event);
    const labeled = sandbox.fake.addLabel({ owner: OWNER, repo: REPO, number: pullRequest.number, label: "campaign:email", user: "marketing" });
    await sandbox.deliver(labeled);

    expect(sandbox.fake.pullRequest({ owner: OWNER, repo: REPO, number: pullRequest.number }).labels).toEqual(["release:beta"]);
    const gate = checks(pullRequest.head.sha)["Campaign gate"]!;
    expect(gate.conclusion).toBe("success");
    expect(gate.output.summary).toContain("removed from the PR");
    expect(summaryComments(pullRequest.number)[0]!.body).toContain("The app removed it from this PR");

    // The app's own unlabel event comes back from GitHub: it must not cause another evaluation.
    const before = sandbox.fake.requests.length;
    for (const own of sandbox.fake.takeEmittedEvents()) await sandbox.deliver(own);
    expect(sandbox.fake.requests.slice(before).filter((r) => r.method !== "GET" && !r.path.includes("access_tokens"))).toEqual([]);
  });

  it.each(["CAMPAIGN:EMAIL", "Campaign:SMS", "campaign:landing/spring", "campaign:beta/../email"])(
    "removes %s as well: label spelling does not walk around the gate",
    async (label) => {
      const { pullRequest, event } = openReleasePr({ "readiness/checkout-v2.yml": beta });
      await sandbox.deliver(event);
      await sandbox.deliver(sandbox.fake.addLabel({ owner: OWNER, repo: REPO, number: pullRequest.number, label, user: "marketing" }));
      expect(sandbox.fake.pullRequest({ owner: OWNER, repo: REPO, number: pullRequest.number }).labels).toEqual(["release:beta"]);
      const gate = checks(pullRequest.head.sha)["Campaign gate"]!;
      expect(gate.output.summary).toContain("removed from the PR");
      expect(gate.output.summary).not.toContain("No campaign labels");
    },
  );

  it("in check mode keeps the label and fails the Campaign gate", async () => {
    sandbox.fake.commit({ owner: OWNER, repo: REPO, branch: "main", author: "admin", files: { ".github/release-readiness.yml": "campaign_gate: check\n" } });
    const { pullRequest, event } = openReleasePr({ "readiness/checkout-v2.yml": beta });
    await sandbox.deliver(event);
    await sandbox.deliver(sandbox.fake.addLabel({ owner: OWNER, repo: REPO, number: pullRequest.number, label: "campaign:email", user: "marketing" }));
    expect(sandbox.fake.pullRequest({ owner: OWNER, repo: REPO, number: pullRequest.number }).labels).toContain("campaign:email");
    expect(checks(pullRequest.head.sha)["Campaign gate"]).toMatchObject({ conclusion: "failure" });
  });

  it("turns green when a new commit completes the manifest", async () => {
    const { pullRequest, event } = openReleasePr({ "readiness/checkout-v2.yml": beta });
    await sandbox.deliver(event);
    const pushed = sandbox.fake.pushToPullRequest({ owner: OWNER, repo: REPO, number: pullRequest.number, user: "dev", files: { "readiness/checkout-v2.yml": trained } });
    await sandbox.deliver(pushed.event);
    const runs = checks(pushed.commit.sha);
    expect(runs["Release readiness"]).toMatchObject({ conclusion: "success" });
    expect(summaryComments(pullRequest.number)).toHaveLength(1);
    expect(summaryComments(pullRequest.number)[0]!.body).toContain("ready ✅");
  });

  it("replayed and concurrent deliveries leave one run per name and SHA, one comment, no duplicate labels", async () => {
    const { pullRequest, event } = openReleasePr({ "readiness/checkout-v2.yml": beta });
    await sandbox.deliver(event);
    const writesAfterFirst = sandbox.fake.writes().length;
    for (let i = 0; i < 10; i++) expect((await sandbox.deliver({ ...event, id: "same-delivery" })).status).toBe(200);
    expect(sandbox.fake.writes().slice(writesAfterFirst).map((r) => `${r.method} ${r.path}`)).toEqual([]);

    const statuses = await Promise.all(Array.from({ length: 20 }, () => sandbox.deliver(event)));
    expect(statuses.every((s) => s.status === 200)).toBe(true);
    const runs = sandbox.fake.checkRunsFor({ owner: OWNER, repo: REPO, sha: pullRequest.head.sha });
    expect(runs.map((r) => r.name).sort()).toEqual(["Campaign gate", "Release notes", "Release readiness"]);
    expect(summaryComments(pullRequest.number)).toHaveLength(1);
    expect(sandbox.fake.pullRequest({ owner: OWNER, repo: REPO, number: pullRequest.number }).labels).toEqual(["release:beta"]);
  });

  it("a PR that touches no manifest costs one read per 100 files and gets nothing", async () => {
    const files = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`src/file-${i}.ts`, `export const x${i} = ${i};\n`]));
    const { pullRequest, event } = sandbox.fake.openPullRequest({ owner: OWNER, repo: REPO, head: "feature", user: "dev", files });
    await sandbox.deliver(event); // first delivery also reads and caches the policy
    sandbox.fake.resetRecording();
    await sandbox.deliver(event);
    const calls = sandbox.fake.requests.filter((r) => !r.path.includes("access_tokens") && r.path !== "/app");
    expect(calls.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /repos/${OWNER}/${REPO}/pulls/${pullRequest.number}/files`,
      `GET /repos/${OWNER}/${REPO}/pulls/${pullRequest.number}/files`,
    ]);
    expect(sandbox.fake.checkRunsFor({ owner: OWNER, repo: REPO, sha: pullRequest.head.sha })).toEqual([]);
    expect(sandbox.fake.commentsOn({ owner: OWNER, repo: REPO, number: pullRequest.number })).toEqual([]);
  });

  it("a push that leaves the manifest as it was reads it no more, and one that edits it reads the new version", async () => {
    const { pullRequest, event } = openReleasePr({ "readiness/checkout-v2.yml": beta });
    await sandbox.deliver(event);
    const manifestReads = () => sandbox.fake.requests.filter((r) => r.method === "GET" && /\/contents\/readiness(%2F|\/)checkout-v2\.yml$/.test(r.path)).length;
    sandbox.fake.resetRecording();
    const code = sandbox.fake.pushToPullRequest({ owner: OWNER, repo: REPO, number: pullRequest.number, user: "dev", files: { "src/checkout.ts": "export {};\n" } });
    await sandbox.deliver(code.event);
    expect(manifestReads()).toBe(0);
    expect(checks(code.commit.sha)["Release readiness"]).toMatchObject({ conclusion: "failure", output: { title: expect.stringContaining("not ready") } });

    sandbox.fake.resetRecording();
    const edited = sandbox.fake.pushToPullRequest({ owner: OWNER, repo: REPO, number: pullRequest.number, user: "dev", files: { "readiness/checkout-v2.yml": trained } });
    await sandbox.deliver(edited.event);
    expect(manifestReads()).toBe(1);
    expect(checks(edited.commit.sha)["Release readiness"]).toMatchObject({ conclusion: "success" });
  });

  it("a broken policy fails Release readiness with the file and line, and never falls back to defaults", async () => {
    sandbox.fake.commit({ owner: OWNER, repo: REPO, branch: "main", author: "admin", files: { ".github/release-readiness.yml": "campaign_gate: remove\nstatuses:\n  beta:\n    requires: [docs, tests]\n" } });
    const { pullRequest, event } = openReleasePr({ "readiness/checkout-v2.yml": trained });
    await sandbox.deliver(event);
    const readiness = checks(pullRequest.head.sha)["Release readiness"]!;
    expect(readiness.conclusion).toBe("failure");
    expect(readiness.output.summary).toMatch(/\.github\/release-readiness\.yml:4:\d+: statuses\.beta\.requires\\\[1\\\]: expected one of/);
    expect(checks(pullRequest.head.sha)["Campaign gate"]).toMatchObject({ conclusion: "failure" });
  });

  it("a merged release PR gets one draft release with the notes for every audience, also on redelivery", async () => {
    const { pullRequest, event } = openReleasePr({ "readiness/checkout-v2.yml": trained });
    await sandbox.deliver(event);
    const merged = sandbox.fake.mergePullRequest({ owner: OWNER, repo: REPO, number: pullRequest.number, user: "lead" });
    await sandbox.deliver(merged.event);
    await sandbox.deliver(merged.event);
    const releases = sandbox.fake.state.releases;
    expect(releases).toHaveLength(1);
    expect(releases[0]).toMatchObject({ draft: true, name: "One-page checkout (beta)" });
    expect(releases[0]!.body).toContain("Pay on one page");
    expect(releases[0]!.body).toMatch(/# New users[\s\S]*# Existing users[\s\S]*# Enterprise[\s\S]*# Support/);
  });

  it("a bad signature gets 400 and causes no GitHub call", async () => {
    const { event } = openReleasePr({ "readiness/checkout-v2.yml": beta });
    sandbox.fake.resetRecording();
    const response = await sandbox.deliver(event, { signature: "sha256=" + "0".repeat(64) });
    expect(response.status).toBe(400);
    expect(sandbox.fake.requests).toEqual([]);
  });

  it("Re-run re-evaluates from the live PR", async () => {
    const { pullRequest, event } = openReleasePr({ "readiness/checkout-v2.yml": beta });
    await sandbox.deliver(event);
    const run = checks(pullRequest.head.sha)["Release readiness"]!;
    sandbox.fake.resetRecording();
    await sandbox.deliver(sandbox.fake.rerequestCheckRun({ checkRunId: run.id, user: "dev" }));
    expect(sandbox.fake.requests.some((r) => r.path === `/repos/${OWNER}/${REPO}/pulls/${pullRequest.number}`)).toBe(true);
    expect(sandbox.fake.checkRunsFor({ owner: OWNER, repo: REPO, sha: pullRequest.head.sha })).toHaveLength(3);
  });
});
