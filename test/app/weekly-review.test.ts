/**
 * The hosted review's reads and writes against GitHub's REST API (nock; every request checked
 * against GitHub's OpenAPI description): bounded issue listing, mismatches from labels and the
 * app's own comment, waivers and campaign decisions from the app's own check runs, and the week's
 * issue found by label and title before one is created.
 */
import { Octokit } from "@octokit/rest";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createServices } from "../../src/app/services.js";
import { DEFAULT_REVIEW_LIMITS } from "../../src/app/review-issues.js";
import { gatherReviewInputs, writeWeeklyReview } from "../../src/app/weekly-review.js";
import { encodeCheckState } from "../../src/domain/ledger/check-state.js";
import { policySchema } from "../../src/domain/policy/schema.js";
import { describeDecision } from "../../src/domain/report/checks.js";
import { encodeSensorFinding } from "../../src/domain/sensor/finding-record.js";
import type { GitHubClient } from "../../src/github/client.js";
import { GitHubApiRecorder } from "../helpers/github-nock.js";
import { CHECKOUT_BETA } from "../support/examples.js";

const REPO = { owner: "acme", repo: "support" };
const WEEK = { year: 2026, week: 48 };
const NOW = new Date("2026-11-30T10:00:00Z");
const APP_ID = 123;
const base = `/repos/${REPO.owner}/${REPO.repo}`;

let recorder: GitHubApiRecorder;
beforeEach(() => (recorder = new GitHubApiRecorder()));
afterEach(() => {
  expect(recorder.violations).toEqual([]);
  recorder.done();
});

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const octokit = () => new Octokit({ baseUrl: "https://api.github.com", log: quiet }) as unknown as GitHubClient;
const services = () => createServices(pino({ level: "silent" }), { now: () => NOW, identity: async () => ({ appId: APP_ID }) });
const policy = (extra: object = {}) => policySchema.parse({ digest: { enabled: true }, ...extra });

function issueJson(number: number, createdAt: string, labels: string[] = [], extra: object = {}) {
  return {
    number, title: `Issue ${number}`, html_url: `https://github.com/acme/support/issues/${number}`, created_at: createdAt,
    comments: 0, reactions: { total_count: 0 }, labels: labels.map((name) => ({ name })), body: "", ...extra,
  };
}

/** A default branch holding one manifest that did not change in the two weeks, and no open PR. */
function quietReleases(scope: ReturnType<GitHubApiRecorder["scope"]>, openPulls: object[] = []) {
  scope.get(base).reply(200, { default_branch: "main", full_name: "acme/support" })
    .get(`${base}/git/trees/main`).query({ recursive: "true" }).reply(200, { sha: "t", truncated: false, tree: [{ path: "readiness/checkout-v2.yml", type: "blob", sha: "b1" }] })
    .get(`${base}/commits`).query((q) => q.path === "readiness/checkout-v2.yml" && q.since !== undefined).reply(200, [])
    .get(`${base}/contents/readiness%2Fcheckout-v2.yml`).query({ ref: "main" })
    .reply(200, { type: "file", size: CHECKOUT_BETA.length, encoding: "base64", content: Buffer.from(CHECKOUT_BETA).toString("base64"), sha: "b1" })
    .get(`${base}/pulls`).query(true).reply(200, openPulls)
    .get(`${base}/commits`).query((q) => q.path === "readiness/checkout-v2.yml" && q.per_page === "1" && q.since === undefined).reply(200, [{ sha: "c1", commit: { committer: { date: "2026-11-02T00:00:00Z" } } }])
    .get(`${base}/commits/c1/pulls`).query(true).reply(200, []);
}

describe("gatherReviewInputs", () => {
  it("lists the two weeks' issues with since, newest first, every page until it reaches back before them, pull requests left out", async () => {
    const scope = recorder.scope();
    const page1 = [
      issueJson(9, "2026-11-29T10:00:00Z", ["expectation-mismatch", "expectation:email"], { comments: 2 }),
      issueJson(8, "2026-11-28T10:00:00Z", [], { pull_request: { url: "x" } }),
      issueJson(7, "2026-11-27T10:00:00Z"),
    ];
    scope.get(`${base}/issues`).query((q) => q.state === "all" && q.sort === "created" && q.direction === "desc" && q.since === "2026-11-15T10:00:00.000Z" && q.per_page === "100")
      .reply(200, page1, { link: `<https://api.github.com${base}/issues?page=2>; rel="next"` })
      .get(`${base}/issues`).query((q) => q.page === "2").reply(200, [issueJson(6, "2026-11-17T10:00:00Z"), issueJson(5, "2026-11-01T10:00:00Z")])
      .get(`${base}/issues/9/comments`).query(true).reply(200, [
        { body: encodeSensorFinding({ mismatch: true, source: "landing", releases: ["bulk-edit"], promises: [], campaigns: [] }), user: { type: "User" }, performed_via_github_app: null },
        { body: encodeSensorFinding({ mismatch: true, source: "email", releases: ["checkout-v2"], promises: ["one-page"], campaigns: [] }), user: { type: "Bot" }, performed_via_github_app: { id: APP_ID } },
      ]);
    quietReleases(scope);
    const inputs = await gatherReviewInputs({ services: services(), octokit: octokit(), repo: REPO }, policy(), WEEK, DEFAULT_REVIEW_LIMITS);
    expect(inputs.issues.map((i) => i.id)).toEqual(["9", "7", "6"]);
    expect(inputs.issues[0]!.mismatch).toEqual({ source: "email", releases: ["checkout-v2"], promises: ["one-page"], campaigns: [] });
    expect(inputs.limits).toEqual([]);
    // Page 2 reached issue 5 (before the two weeks): nothing further was asked for.
    expect(recorder.calls.filter((c) => c.path === `${base}/issues`)).toHaveLength(2);
  });

  it("stops at maxIssuePages and says so in the review's limits", async () => {
    const scope = recorder.scope();
    const full = Array.from({ length: 100 }, (_, i) => issueJson(500 - i, "2026-11-28T10:00:00Z"));
    scope.get(`${base}/issues`).query(true).reply(200, full, { link: `<https://api.github.com${base}/issues?page=2>; rel="next"` });
    quietReleases(scope);
    const inputs = await gatherReviewInputs({ services: services(), octokit: octokit(), repo: REPO }, policy(), WEEK, { ...DEFAULT_REVIEW_LIMITS, maxIssuePages: 1 });
    expect(inputs.issues).toHaveLength(100);
    expect(inputs.limits).toEqual(["GitHub's issues list was read for 1 pages of 100 only; issues created before 2026-11-28 are not counted"]);
  });

  const gateRun = (id: number, completedAt: string, ...lines: string[]) => ({
    id, name: "Campaign gate", status: "completed", conclusion: "success", external_id: "", html_url: `https://github.com/run/${id}`,
    completed_at: completedAt, output: { text: null, summary: [...lines.map((l) => `- ${l}`), "", "Mode `check`: …"].join("\n"), annotations_count: 0 },
  });
  const runsAt = (scope: ReturnType<GitHubApiRecorder["scope"]>, sha: string, runs: object[]) =>
    scope.get(`${base}/commits/${sha}/check-runs`).query((q) => q.app_id === String(APP_ID) && q.filter === "latest").reply(200, { total_count: runs.length, check_runs: runs });
  // The head's accepted ledger, so no earlier commit is read for it (loadCarriedState).
  const readinessRun = { id: 9, name: "Release readiness", status: "completed", conclusion: "success", external_id: "", html_url: "https://github.com/run/9", completed_at: "2026-11-25T10:00:00Z", output: { text: encodeCheckState({ ledger: { entries: [] } }), summary: "", annotations_count: 0 } };
  const inApp = describeDecision({ label: "campaign:in-app", allowed: true, reasons: ["allowed at beta"] });
  const emailBlocked = describeDecision({ label: "campaign:email", allowed: false, reasons: ["campaign:email has no holdout"], remedy: "declare holdout_percent" });
  const emailAllowed = describeDecision({ label: "campaign:email", allowed: true, reasons: ["allowed at beta"] });

  it("reads waivers and campaign decisions from the app's own check runs on open release PRs", async () => {
    const scope = recorder.scope();
    scope.get(`${base}/issues`).query(true).reply(200, []);
    quietReleases(scope, [{ number: 12, head: { sha: "h12" }, labels: [{ name: "release:beta" }] }, { number: 13, head: { sha: "h13" }, labels: [] }]);
    scope.get(`${base}/pulls/12/files`).query(true).reply(200, []);
    const state = encodeCheckState({
      ledger: { entries: [
        { kind: "waiver", release: "checkout-v2", item: "docs", by: "maria", at: "2026-11-20T00:00:00Z", until: "2026-12-03T00:00:00Z", reason: "docs sprint" },
        { kind: "waiver", release: "checkout-v2", item: "docs", by: "maria", at: "2026-11-10T00:00:00Z", until: "2026-11-20T00:00:00Z", reason: "first" },
      ] },
    });
    const gate = [
      `- ${inApp}`,
      `- ${describeDecision({ label: "campaign:email", allowed: false, reasons: ["beta allows campaign:in-app, campaign:beta*"], remedy: "move the release to ga" })}`,
    ].join("\n");
    runsAt(scope, "h12", [
      { id: 1, name: "Release readiness", status: "completed", conclusion: "success", external_id: "", html_url: "https://github.com/run/1", completed_at: "2026-11-24T10:00:00Z", output: { text: state, summary: "", annotations_count: 0 } },
      { id: 2, name: "Campaign gate", status: "completed", conclusion: "failure", external_id: "", html_url: "https://github.com/run/2", completed_at: "2026-11-10T10:00:00Z", output: { text: null, summary: gate, annotations_count: 0 } },
    ]);
    const inputs = await gatherReviewInputs({ services: services(), octokit: octokit(), repo: REPO }, policy(), WEEK, DEFAULT_REVIEW_LIMITS);
    expect(inputs.waivers).toEqual([{ release: "checkout-v2", title: "One-page checkout", status: "beta", item: "docs", until: "2026-12-03T00:00:00Z", url: "https://github.com/run/1" }]);
    // The head's gate run completed before the two weeks: nothing new on the PR, its earlier commits are not read.
    expect(inputs.campaigns).toEqual([
      expect.objectContaining({ label: "campaign:in-app", release: "checkout-v2", allowed: true, at: "2026-11-10T10:00:00Z" }),
      expect.objectContaining({ label: "campaign:email", release: "checkout-v2", allowed: false, reason: "beta allows campaign:in-app, campaign:beta*" }),
    ]);
  });

  it("reads the gate's decisions at a PR's earlier commits back to the one before the two weeks: blocked, then allowed", async () => {
    const scope = recorder.scope();
    scope.get(`${base}/issues`).query(true).reply(200, []);
    quietReleases(scope, [{ number: 12, head: { sha: "h12" }, labels: [{ name: "release:beta" }] }]);
    runsAt(scope, "h12", [readinessRun, gateRun(3, "2026-11-25T10:00:00Z", inApp, emailAllowed)]);
    scope.get(`${base}/pulls/12/commits`).query(true).reply(200, ["h09", "h10", "h11", "h12"].map((sha) => ({ sha })));
    runsAt(scope, "h11", [gateRun(2, "2026-11-23T09:00:00Z", inApp, emailBlocked)]);
    runsAt(scope, "h10", [gateRun(1, "2026-11-10T09:00:00Z", inApp)]);
    // The open PR's own manifest, read at its head, names the release and the holdout.
    const bulk = CHECKOUT_BETA.replace("release: checkout-v2", "release: bulk-edit")
      .replace('  - { label: "campaign:email", audience: existing }', '  - { label: "campaign:email", audience: existing, holdout_percent: 10, exposure_event: checkout_started }');
    scope.get(`${base}/pulls/12/files`).query(true).reply(200, [{ filename: "readiness/bulk-edit.yml", status: "added" }, { filename: "src/app.ts", status: "modified" }])
      .get(`${base}/contents/readiness%2Fbulk-edit.yml`).query({ ref: "h12" })
      .reply(200, { type: "file", size: bulk.length, encoding: "base64", content: Buffer.from(bulk).toString("base64"), sha: "b2" });
    const inputs = await gatherReviewInputs({ services: services(), octokit: octokit(), repo: REPO }, policy(), WEEK, DEFAULT_REVIEW_LIMITS);
    expect(inputs.campaigns.map((c) => [c.label, c.release, c.allowed, c.at, c.reason, c.holdoutPercent, c.exposureEvent])).toEqual([
      ["campaign:in-app", "bulk-edit", true, "2026-11-10T09:00:00Z", undefined, undefined, undefined],
      ["campaign:email", "bulk-edit", false, "2026-11-23T09:00:00Z", "campaign:email has no holdout", 10, "checkout_started"],
      ["campaign:email", "bulk-edit", true, "2026-11-25T10:00:00Z", undefined, 10, "checkout_started"],
    ]);
    expect(inputs.limits).toEqual([]);
    // h09 lies before the run that completed before the two weeks: never asked for.
    expect(recorder.calls.some((c) => c.path.includes("/commits/h09/"))).toBe(false);
  });

  it("stops walking back at maxGateCommits and says so", async () => {
    const scope = recorder.scope();
    scope.get(`${base}/issues`).query(true).reply(200, []);
    quietReleases(scope, [{ number: 12, head: { sha: "h12" }, labels: [{ name: "release:beta" }] }]);
    runsAt(scope, "h12", [readinessRun, gateRun(3, "2026-11-25T10:00:00Z", emailAllowed)]);
    scope.get(`${base}/pulls/12/commits`).query(true).reply(200, ["h10", "h11", "h12"].map((sha) => ({ sha })));
    runsAt(scope, "h11", [gateRun(2, "2026-11-24T09:00:00Z", emailBlocked)]);
    scope.get(`${base}/pulls/12/files`).query(true).reply(200, []);
    const inputs = await gatherReviewInputs({ services: services(), octokit: octokit(), repo: REPO }, policy(), WEEK, { ...DEFAULT_REVIEW_LIMITS, maxGateCommits: 1 });
    expect(inputs.campaigns.map((c) => c.allowed)).toEqual([false, true]);
    expect(inputs.limits).toEqual(["1 release pull request had more than 1 commits in the two weeks; campaign decisions on their earlier commits are not listed"]);
  });
});

describe("writeWeeklyReview", () => {
  const reviewIssues = (scope: ReturnType<GitHubApiRecorder["scope"]>, found: object[]) =>
    scope.get(`${base}/issues`).query((q) => q.labels === "promise-review" && q.state === "all").reply(200, found);

  function quietWeek(scope: ReturnType<GitHubApiRecorder["scope"]>) {
    scope.get(`${base}/issues`).query((q) => q.sort === "created" && q.labels === undefined).reply(200, []);
    quietReleases(scope);
    scope.get(`${base}/contents/.github%2Frelease-readiness%2Ftemplates`).reply(404, { message: "Not Found" });
  }

  it("creates the week's issue with its label when none has the label and title", async () => {
    const scope = recorder.scope();
    quietWeek(scope);
    reviewIssues(scope, [issueJson(3, "2026-11-23T10:00:00Z", ["promise-review"], { title: "Promise review 2026-W47" })]);
    scope.get(`${base}/labels/promise-review`).reply(404, { message: "Not Found" })
      .post(`${base}/labels`).reply(201, { name: "promise-review" })
      .post(`${base}/issues`).reply(201, { number: 21, html_url: "https://github.com/acme/support/issues/21" });
    const written = await writeWeeklyReview({ services: services(), octokit: octokit(), repo: REPO }, policy(), WEEK);
    expect(written).toEqual({ repo: "acme/support", week: "2026-W48", target: "acme/support", number: 21, action: "created" });
    const created = recorder.writes().find((c) => c.path === `${base}/issues`)!.body as { title: string; labels: string[]; body: string };
    expect(created.title).toBe("Promise review 2026-W48");
    expect(created.labels).toEqual(["promise-review"]);
    expect(created.body).toContain("A quiet week");
  });

  it("updates the one it finds in place, and writes nothing when its body is the same", async () => {
    const scope = recorder.scope();
    quietWeek(scope);
    reviewIssues(scope, [issueJson(21, "2026-11-30T10:00:00Z", ["promise-review"], { title: "Promise review 2026-W48", body: "old" })]);
    scope.patch(`${base}/issues/21`).reply(200, { number: 21 });
    const first = await writeWeeklyReview({ services: services(), octokit: octokit(), repo: REPO }, policy(), WEEK);
    expect(first.action).toBe("updated");
    const body = (recorder.writes()[0]!.body as { body: string }).body;
    expect(recorder.writes()).toHaveLength(1);

    const again = recorder.scope();
    quietWeek(again);
    reviewIssues(again, [issueJson(21, "2026-11-30T10:00:00Z", ["promise-review"], { title: "Promise review 2026-W48", body })]);
    const second = await writeWeeklyReview({ services: services(), octokit: octokit(), repo: REPO }, policy(), WEEK);
    expect(second.action).toBe("unchanged");
    expect(recorder.writes()).toHaveLength(1);
  });
});
