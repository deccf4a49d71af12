/**
 * The weekly promise review end to end (docs/reference/promise-review.md#the-hosted-app): the app
 * on the GitHub stand-in with its clock injected writes `Promise review 2026-W48` on Monday
 * 2026-11-30, updates it in place when run again, writes it on Tuesday after a missed Monday and
 * a week later after a missed week, once across two app instances sharing a coordinator, and its
 * rate is the stand-in's issues'.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCoordinator, MemoryCoordinator, type Coordinator } from "../../src/coordination/index.js";
import { encodeSensorFinding } from "../../src/domain/sensor/finding-record.js";
import { createApp, type Reviewer } from "../../src/index.js";
import { CHECKOUT_BETA, CHECKOUT_BETA_READY } from "../support/examples.js";
import { FakeGitHub } from "../support/fake-github/fake-github.js";
import { startSandbox, sandboxPrivateKey, type Sandbox } from "../support/fake-github/server.js";
import type { FakeIssue } from "../support/fake-github/state.js";
import { recordingLog } from "../support/coordination.js";
import { startRedisServer } from "../support/redis-server.js";

const OWNER = "acme";
const REPO = "support";
const TITLE = "Promise review 2026-W48";
const MONDAY = new Date("2026-11-30T10:00:00Z");
const TUESDAY = new Date("2026-12-01T10:00:00Z");
const POLICY = "digest:\n  enabled: true\n";

let githubClock: Date;
let fake: FakeGitHub;
const sandboxes: Sandbox[] = [];

/** One app instance on the stand-in, its clock at `at`; `coordinator` shared when given (replicas). */
async function startApp(at: () => Date, coordinator?: Coordinator): Promise<Reviewer> {
  let reviewer: Reviewer | undefined;
  const appFn = createApp({ now: at, ...(coordinator ? { coordinator } : {}) }, { onReviewer: (r) => { reviewer = r; } });
  sandboxes.push(await startSandbox({ appFn, fake }));
  if (!reviewer) throw new Error("the app offered no reviewer");
  return reviewer;
}

function at<T>(iso: string, make: () => T): T {
  const saved = githubClock;
  githubClock = new Date(iso);
  try {
    return make();
  } finally {
    githubClock = saved;
  }
}

function issue(iso: string, title: string, labels: string[] = [], reactions = 0): FakeIssue {
  return at(iso, () => fake.openIssue({ owner: OWNER, repo: REPO, user: "carol", title, labels, reactions }));
}

/** Two weeks of support issues, a pull request among them, and a release that went to GA in the reviewed week. */
function holdTwoWeeks(): void {
  at("2026-11-10T09:00:00Z", () => fake.createRepository({
    owner: OWNER, repo: REPO, files: { ".github/release-readiness.yml": POLICY, "readiness/checkout-v2.yml": CHECKOUT_BETA },
  }));
  // 2026-W47: one mismatch (labelled by hand) among two issues.
  issue("2026-11-17T08:00:00Z", "The site said export was free", ["expectation-mismatch", "expectation:landing"]);
  issue("2026-11-18T08:00:00Z", "How do I reset my password?");
  // 2026-W48: two mismatches among five issues; the pull request is not an issue.
  const told = issue("2026-11-24T08:00:00Z", "The email promised one-page checkout", ["expectation-mismatch", "expectation:email"], 4);
  at("2026-11-24T08:05:00Z", () => fake.commentOnIssue({
    issue: told, viaApp: true,
    body: `Looks like checkout-v2.\n\n${encodeSensorFinding({ mismatch: true, source: "email", releases: ["checkout-v2"], promises: ["one-page"], campaigns: ["campaign:email"] })}`,
  }));
  const byHand = issue("2026-11-25T08:00:00Z", "Your rep said SSO was included", ["expectation-mismatch", "expectation:sales"]);
  // A marker pasted by a person is not the app's finding.
  at("2026-11-25T09:00:00Z", () => fake.commentOnIssue({
    issue: byHand, user: "mallory",
    body: encodeSensorFinding({ mismatch: true, source: "sales", releases: ["bulk-edit"], promises: [], campaigns: [] }),
  }));
  issue("2026-11-26T08:00:00Z", "Invoice PDF is blank");
  issue("2026-11-27T08:00:00Z", "Dark mode?");
  issue("2026-11-28T08:00:00Z", "Export stuck at 99%");
  at("2026-11-25T12:00:00Z", () => fake.openPullRequest({ owner: OWNER, repo: REPO, head: "fix/typo", user: "dev", files: { "README.md": "typo\n" } }));
  at("2026-11-26T15:00:00Z", () => fake.commit({
    owner: OWNER, repo: REPO, branch: "main", author: "dev", files: { "readiness/checkout-v2.yml": CHECKOUT_BETA.replace("status: beta", "status: ga") },
  }));
  // 2026-W49 has begun: not in the review.
  issue("2026-11-30T07:00:00Z", "Monday morning question");
}

const reviews = () => fake.issuesTitled({ owner: OWNER, repo: REPO, title: TITLE });
const reviewWrites = () => fake.writes().filter((r) => r.operationId === "issues/create" || r.operationId === "issues/update");

/** The rate the stand-in's own issues give for a week: mismatch-labelled plain issues among all plain issues created in it. */
function rateHeld(first: string, last: string): { mismatches: number; issues: number } {
  const inWeek = fake.state.issues.filter((i) => i.createdAt.slice(0, 10) >= first && i.createdAt.slice(0, 10) <= last && !i.labels.includes("promise-review"));
  return { mismatches: inWeek.filter((i) => i.labels.includes("expectation-mismatch")).length, issues: inWeek.length };
}

beforeEach(async () => {
  githubClock = MONDAY;
  fake = await FakeGitHub.start({ appKey: sandboxPrivateKey(), validateResponses: true, now: () => githubClock });
  holdTwoWeeks();
});

afterEach(async () => {
  expect(fake.violations).toEqual([]);
  for (const sandbox of sandboxes.splice(0)) await sandbox.stop();
  await fake.stop();
});

describe("the weekly promise review on the stand-in", () => {
  it("appears on Monday with the rate of the issues GitHub holds, and is updated in place, never duplicated", async () => {
    const clock = MONDAY;
    const reviewer = await startApp(() => clock);
    const first = await reviewer.due();
    expect(first.failures).toEqual([]);
    expect(first.written).toEqual([expect.objectContaining({ week: "2026-W48", action: "created", target: `${OWNER}/${REPO}` })]);
    const [review] = reviews();
    expect(review!.labels).toEqual(["promise-review"]);
    const held = rateHeld("2026-11-23", "2026-11-29");
    const before = rateHeld("2026-11-16", "2026-11-22");
    expect(held).toEqual({ mismatches: 2, issues: 5 });
    expect(review!.body).toContain(`**40%** of new issues were expectation mismatches: ${held.mismatches} of ${held.issues} (2026-W47: 50%, ${before.mismatches} of ${before.issues}; down)`);
    expect(review!.body).toContain("| checkout-v2 | 20% (1) |");
    expect(review!.body).not.toContain("bulk-edit");
    expect(review!.body).toMatch(/\[The email promised one-page checkout\]\([^)]*\/issues\/\d+\) \(#\d+\): expected from Email, release checkout-v2/);
    expect(review!.body).not.toContain("Data cut short");
    expect(review!.body).toMatch(/One-page checkout \(checkout-v2\): Beta → Full release on 2026-11-26/);

    // The same replica's next tick this week writes nothing.
    fake.resetRecording();
    expect((await reviewer.due()).written).toEqual([]);
    expect(reviewWrites()).toEqual([]);

    // A mismatch labelled on Monday for an issue of last week: a restarted app updates the same issue.
    const late = fake.state.issues.find((i) => i.title === "Dark mode?")!;
    late.labels.push(fake.createLabel({ owner: OWNER, repo: REPO, name: "expectation-mismatch" }).name);
    const restarted = await startApp(() => clock);
    const again = await restarted.due();
    expect(again.written).toEqual([expect.objectContaining({ action: "updated", number: review!.number })]);
    expect(reviews()).toHaveLength(1);
    expect(reviews()[0]!.body).toContain("3 of 5");
    expect(rateHeld("2026-11-23", "2026-11-29")).toEqual({ mismatches: 3, issues: 5 });

    // Nothing changed since: found by label and title, no write.
    fake.resetRecording();
    const third = await (await startApp(() => clock)).due();
    expect(third.written).toEqual([expect.objectContaining({ action: "unchanged" })]);
    expect(reviewWrites()).toEqual([]);
  });

  it("tells a campaign blocked and then allowed in the week as both, and lists it running with its holdout", async () => {
    fake.commit({ owner: OWNER, repo: REPO, branch: "main", author: "lead", files: { ".github/release-readiness.yml": `${POLICY}campaign_gate: check\ncampaign_rules:\n  holdout_min_percent: 5\n` } });
    githubClock = new Date("2026-11-23T09:00:00Z");
    await startApp(() => githubClock);
    let app = sandboxes.at(-1)!;
    // A release ready at beta, whose campaign label beta allows once the policy's holdout is declared.
    const bulk = CHECKOUT_BETA_READY.replace("release: checkout-v2", "release: bulk-edit").replace("title: One-page checkout", "title: Bulk edit")
      .replace('  - { label: "campaign:email", audience: existing }', '  - { label: "campaign:in-app", audience: existing }');
    const { pullRequest, event } = fake.openPullRequest({ owner: OWNER, repo: REPO, head: "release/bulk-edit", user: "dev", files: { "readiness/bulk-edit.yml": bulk } });
    await app.deliver(event);
    // (OpenAPI's pull-request-simple wants a label description as a string: the team's label has one.)
    fake.createLabel({ owner: OWNER, repo: REPO, name: "campaign:in-app", description: "In-app campaign" });
    await app.deliver(fake.addLabel({ owner: OWNER, repo: REPO, number: pullRequest.number, label: "campaign:in-app", user: "marketing" }));
    expect(fake.checkRunsFor({ owner: OWNER, repo: REPO, sha: pullRequest.head.sha }).find((r) => r.name === "Campaign gate")!.conclusion).toBe("failure");
    // Tuesday: a push declares the holdout and an exposure event; the gate allows the label.
    githubClock = new Date("2026-11-24T10:00:00Z");
    await startApp(() => githubClock); // installation tokens last an hour on the stand-in's clock
    app = sandboxes.at(-1)!;
    const fixed = bulk.replace('{ label: "campaign:in-app", audience: existing }', '{ label: "campaign:in-app", audience: existing, holdout_percent: 10, exposure_event: checkout_started }');
    await app.deliver(fake.pushToPullRequest({ owner: OWNER, repo: REPO, number: pullRequest.number, user: "dev", files: { "readiness/bulk-edit.yml": fixed } }).event);

    // Monday: the review, by an app started now (its installation tokens are of this week).
    githubClock = MONDAY;
    const reviewer = await startApp(() => MONDAY);
    expect((await reviewer.due()).written).toEqual([expect.objectContaining({ week: "2026-W48", action: "created" })]);
    const body = reviews()[0]!.body;
    expect(body).toMatch(/- Campaign campaign:in-app blocked for bulk-edit on 2026-11-23: campaign:in-app has no holdout; the policy asks for at least 5%\.\n/);
    expect(body).toContain("- Campaign campaign:in-app allowed for bulk-edit on 2026-11-24.\n");
    expect(body).toContain("| campaign:in-app | bulk-edit | 10% | checkout\\_started |");
  });

  it("waits for the next tick while the installation's rate limit runs low", async () => {
    const reviewer = await startApp(() => MONDAY);
    fake.rateLimitRemaining = 100;
    expect(await reviewer.due()).toMatchObject({ rateLimited: 1, written: [] });
    fake.rateLimitRemaining = 5000;
    expect((await reviewer.due()).written).toEqual([expect.objectContaining({ action: "created" })]);
  });

  it("is written on Tuesday after a missed Monday", async () => {
    githubClock = TUESDAY;
    const reviewer = await startApp(() => TUESDAY);
    const report = await reviewer.due();
    expect(report.written).toEqual([expect.objectContaining({ week: "2026-W48", action: "created" })]);
    expect(reviews()).toHaveLength(1);
    expect(reviews()[0]!.body).toContain("2 of 5");
  });

  it("catches up the week missed while the app was down all week, once, and only where reviews already ran", async () => {
    // 2026-W47's review is written on its Monday; then the app is down until Tuesday of 2026-W50,
    // so 2026-W48's review (due Monday 30 November) was never written.
    githubClock = new Date("2026-11-23T10:00:00Z");
    const before = await startApp(() => githubClock);
    expect((await before.due()).written).toEqual([expect.objectContaining({ week: "2026-W47", action: "created" })]);
    githubClock = new Date("2026-12-08T10:00:00Z");
    const back = await startApp(() => githubClock);
    const report = await back.due();
    expect(report.failures).toEqual([]);
    expect(report.written.map((w) => [w.week, w.action])).toEqual([["2026-W48", "created"], ["2026-W49", "created"]]);
    expect(reviews()).toHaveLength(1);
    expect(reviews()[0]!.body).toContain("2 of 5");
    const [w49] = fake.issuesTitled({ owner: OWNER, repo: REPO, title: "Promise review 2026-W49" });
    expect(w49!.body).toContain("0 of 1");

    // Another start that week: the due week is refreshed in place, the caught-up week is left alone.
    fake.resetRecording();
    const again = await (await startApp(() => githubClock)).due();
    expect(again.written).toEqual([expect.objectContaining({ week: "2026-W49", action: "unchanged" })]);
    expect(reviewWrites()).toEqual([]);
    expect(fake.state.issues.filter((i) => i.labels.includes("promise-review")).map((i) => i.title).sort())
      .toEqual(["Promise review 2026-W47", "Promise review 2026-W48", "Promise review 2026-W49"]);
  });

  it("writes only the review due now when the reviews start, however long the weeks before were", async () => {
    githubClock = new Date("2026-12-08T10:00:00Z");
    const report = await (await startApp(() => githubClock)).due();
    expect(report.written.map((w) => w.week)).toEqual(["2026-W49"]);
    expect(reviews()).toEqual([]);
  });

  it("writes nothing where the policy leaves digest off", async () => {
    fake.commit({ owner: OWNER, repo: REPO, branch: "main", author: "dev", files: { ".github/release-readiness.yml": "digest:\n  enabled: false\n" } });
    const report = await (await startApp(() => MONDAY)).due();
    expect(report).toMatchObject({ enabled: 0, written: [], failures: [] });
    expect(fake.state.issues.filter((i) => i.labels.includes("promise-review"))).toEqual([]);
  });

  it("speaks notes.locale, and a repository's own review template replaces the built-in one", async () => {
    fake.commit({ owner: OWNER, repo: REPO, branch: "main", author: "dev", files: { ".github/release-readiness.yml": `${POLICY}notes:\n  locale: ru\n` } });
    await (await startApp(() => MONDAY)).due();
    expect(reviews()[0]!.body).toContain("новых обращений — несовпадение ожиданий: 2 из 5");
    fake.commit({ owner: OWNER, repo: REPO, branch: "main", author: "dev", files: {
      ".github/release-readiness/templates/review.ru.hbs": "# {{title}}\n\nДоля: {{rate.current.percent}} ({{rate.current.mismatches}}/{{rate.current.issues}})\n",
    } });
    const again = await (await startApp(() => MONDAY)).due();
    expect(again.written).toEqual([expect.objectContaining({ action: "updated" })]);
    expect(reviews()).toHaveLength(1);
    expect(reviews()[0]!.body).toBe("# Promise review 2026-W48\n\nДоля: 40\u00a0% (2/5)\n");
  });

  it("waits for digest.weekday in the policy's time zone", async () => {
    fake.commit({ owner: OWNER, repo: REPO, branch: "main", author: "dev", files: { ".github/release-readiness.yml": `${POLICY}  weekday: wednesday\ntimezone: Asia/Tokyo\n` } });
    let clock = new Date("2026-12-01T14:00:00Z"); // Tuesday 23:00 in Tokyo
    const reviewer = await startApp(() => clock);
    expect(await reviewer.due()).toMatchObject({ enabled: 1, skipped: 1, written: [] });
    expect(reviews()).toEqual([]);
    clock = new Date("2026-12-01T15:30:00Z"); // Wednesday 00:30 in Tokyo
    expect((await reviewer.due()).written).toEqual([expect.objectContaining({ week: "2026-W48", action: "created" })]);
  });

  it("is written once by two app instances sharing a coordinator", async () => {
    const coordinator = new MemoryCoordinator();
    const [one, two] = [await startApp(() => MONDAY, coordinator), await startApp(() => MONDAY, coordinator)];
    const [a, b] = await Promise.all([one.due(), two.due()]);
    expect([...a.written, ...b.written]).toHaveLength(1);
    expect(a.skipped + b.skipped).toBe(1);
    expect(reviews()).toHaveLength(1);
    expect(fake.writes().filter((r) => r.operationId === "issues/create")).toHaveLength(1);
  });

  it("is written once by two replicas sharing a Redis, and again by neither", async () => {
    const redis = await startRedisServer();
    const coordinators = [0, 1].map(() => createCoordinator({ redisUrl: redis.url, log: recordingLog() }));
    try {
      const [one, two] = [await startApp(() => MONDAY, coordinators[0]), await startApp(() => MONDAY, coordinators[1])];
      const [a, b] = await Promise.all([one.due(), two.due()]);
      expect([...a.written, ...b.written]).toEqual([expect.objectContaining({ action: "created" })]);
      expect((await one.due()).written).toEqual([]);
      expect((await two.due()).written).toEqual([]);
      expect(reviews()).toHaveLength(1);
      expect(fake.writes().filter((r) => r.operationId === "issues/create")).toHaveLength(1);
    } finally {
      for (const coordinator of coordinators) await coordinator.close();
      await redis.stop();
    }
  });

  it("goes to digest.repository, and `readiness digest --week` can write an earlier week", async () => {
    at("2026-11-10T09:00:00Z", () => fake.createRepository({ owner: OWNER, repo: "product-sync" }));
    fake.commit({ owner: OWNER, repo: REPO, branch: "main", author: "dev", files: { ".github/release-readiness.yml": `${POLICY}  repository: ${OWNER}/product-sync\n` } });
    const reviewer = await startApp(() => MONDAY);
    const written = await reviewer.repository({ owner: OWNER, repo: REPO }, { week: { year: 2026, week: 47 } });
    expect(written).toMatchObject({ week: "2026-W47", target: `${OWNER}/product-sync`, action: "created" });
    const [review] = fake.issuesTitled({ owner: OWNER, repo: "product-sync", title: "Promise review 2026-W47" });
    expect(review!.body).toContain("1 of 2");
    expect(reviews()).toEqual([]);
  });

  it("holds the reviews of every repository whose digest.repository is the same one in one issue, none overwriting another", async () => {
    for (const [repo, title] of [["shop", "The banner promised free shipping"], ["web", "Where is the dark mode you announced?"]] as const) {
      at("2026-11-10T09:00:00Z", () => fake.createRepository({ owner: OWNER, repo, files: { ".github/release-readiness.yml": `${POLICY}  repository: ${OWNER}/${REPO}\n` } }));
      at("2026-11-24T08:00:00Z", () => fake.openIssue({ owner: OWNER, repo, user: "carol", title, labels: ["expectation-mismatch", "expectation:landing"] }));
    }
    // Two replicas sharing a coordinator, as they would share a Redis: both tick at once.
    const coordinator = new MemoryCoordinator();
    const [one, two] = [await startApp(() => MONDAY, coordinator), await startApp(() => MONDAY, coordinator)];
    const [a, b] = await Promise.all([one.due(), two.due()]);
    expect([...a.failures, ...b.failures]).toEqual([]);
    expect([...a.written, ...b.written].map((w) => w.repo).sort()).toEqual([`${OWNER}/shop`, `${OWNER}/support`, `${OWNER}/web`]);
    expect(reviews()).toHaveLength(1);
    expect(fake.writes().filter((r) => r.operationId === "issues/create")).toHaveLength(1);
    const body = reviews()[0]!.body ?? "";
    // acme/support's own review, then each other repository's, named.
    expect(body).toContain("2 of 5");
    expect(body).toMatch(/\*\*Issues and releases of acme\/shop\*\*\n\n# Promise review 2026-W48\n[\s\S]*The banner promised free shipping/);
    expect(body).toMatch(/\*\*Issues and releases of acme\/web\*\*\n\n# Promise review 2026-W48\n[\s\S]*Where is the dark mode you announced\?/);
    expect(body.indexOf("2 of 5")).toBeLessThan(body.indexOf("acme/shop"));

    // A restart rewrites each repository's part in place: nothing changed, so nothing is written.
    fake.resetRecording();
    const again = await (await startApp(() => MONDAY)).due();
    expect(again.written.map((w) => w.action)).toEqual(["unchanged", "unchanged", "unchanged"]);
    expect(reviewWrites()).toEqual([]);
    expect(reviews()[0]!.body).toBe(body);
  });

  it("catches up a missed week for every repository sharing the issue, not only the first to write it", async () => {
    at("2026-11-10T09:00:00Z", () => fake.createRepository({ owner: OWNER, repo: "shop", files: { ".github/release-readiness.yml": `${POLICY}  repository: ${OWNER}/${REPO}\n` } }));
    at("2026-11-24T08:00:00Z", () => fake.openIssue({ owner: OWNER, repo: "shop", user: "carol", title: "The banner promised free shipping", labels: ["expectation-mismatch", "expectation:landing"] }));
    // Both repositories' 2026-W47 reviews are written on its Monday; then the app is down until 2026-W50.
    githubClock = new Date("2026-11-23T10:00:00Z");
    const before = await startApp(() => githubClock);
    expect((await before.due()).written.map((w) => `${w.repo} ${w.week}`).sort()).toEqual([`${OWNER}/shop 2026-W47`, `${OWNER}/${REPO} 2026-W47`]);
    githubClock = new Date("2026-12-08T10:00:00Z");
    const report = await (await startApp(() => githubClock)).due();
    expect(report.failures).toEqual([]);
    expect(report.written.filter((w) => w.week === "2026-W48").map((w) => w.repo).sort()).toEqual([`${OWNER}/shop`, `${OWNER}/${REPO}`]);
    expect(reviews()).toHaveLength(1);
    const body = reviews()[0]!.body ?? "";
    expect(body).toContain("2 of 5");
    expect(body).toMatch(/\*\*Issues and releases of acme\/shop\*\*[\s\S]*The banner promised free shipping/);
  });
});

