import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/index.js";
import { decodeSensorFinding, isSensorComment } from "../../src/domain/sensor/finding-record.js";
import { CHECKOUT_GA_PROMISED, exampleFile, MISMATCH_ISSUE, SENSOR_PROMISES, sensorPolicy } from "../support/examples.js";
import { startSandbox, type Sandbox } from "../support/fake-github/server.js";
import type { FakeIssue } from "../support/fake-github/state.js";
import type { SandboxWebhookEvent } from "../support/fake-github/webhooks.js";
import { deliverUntilQuiet } from "../support/fake-github/deliver-until-quiet.js";

/**
 * docs/reference/sensor.md end to end on the stand-in: a support repository (acme/support) whose
 * issues are read against the releases of the product repository (acme/shop).
 */
const PRODUCT = { owner: "acme", repo: "shop" };
const SUPPORT = { owner: "acme", repo: "support" };
const DAY = 24 * 60 * 60 * 1000;

const BUG = {
  title: "Checkout page blank on Safari",
  body: "Steps: open the cart, press Pay.\nExpected behaviour: the payment page opens.\nActual: a blank page.",
};

let sandbox: Sandbox;
let clock: Date;

beforeEach(async () => {
  clock = new Date("2026-11-20T10:00:00Z");
  sandbox = await startSandbox({ appFn: createApp({ now: () => clock }), fakeOptions: { now: () => clock } });
  const { fake } = sandbox;
  fake.createRepository({
    ...PRODUCT,
    files: { "readiness/checkout-v2.yml": CHECKOUT_GA_PROMISED, "readiness/invoice-export.yml": exampleFile("invoice-export.yml"), "readiness/promises.yml": SENSOR_PROMISES },
  });
  fake.createRepository({ ...SUPPORT, files: { ".github/release-readiness.yml": sensorPolicy("acme/shop") } });
  fake.setPermission({ ...SUPPORT, user: "tess", permission: "triage" });
  fake.setPermission({ ...SUPPORT, user: "rita", permission: "read" });
  clock = new Date(clock.getTime() + 3 * DAY);
});

afterEach(async () => {
  expect(sandbox.fake.violations).toEqual([]);
  await sandbox.stop();
});

const deliver = (...events: SandboxWebhookEvent[]) => deliverUntilQuiet(sandbox, ...events);

async function fileIssue(text: { title: string; body: string }): Promise<FakeIssue> {
  const { issue, event } = sandbox.fake.fileIssue({ ...SUPPORT, user: "dana", ...text });
  await deliver(event);
  return issue;
}

const comment = (issue: FakeIssue, user: string, body: string) => sandbox.fake.addComment({ ...SUPPORT, number: issue.number, user, body });
const appComments = (issue: FakeIssue) => sandbox.fake.commentsOn({ ...SUPPORT, number: issue.number }).filter((c) => c.user === sandbox.fake.botLogin);
const sensorComments = (issue: FakeIssue) => appComments(issue).filter((c) => isSensorComment(c.body));
/** The app's replies on the issue: its comments other than the sensor's own. */
const replies = (issue: FakeIssue) => appComments(issue).filter((c) => !isSensorComment(c.body));

describe("support as a sensor, on the stand-in", () => {
  it("labels a mismatch issue in the support repository and names the release of the product repository with the promise's real terms", async () => {
    const issue = await fileIssue(MISMATCH_ISSUE);
    expect(issue.labels).toEqual(["expectation-mismatch", "expectation:email"]);
    const [only, ...others] = sensorComments(issue);
    expect(others).toEqual([]);
    expect(only!.body).toContain("`checkout-v2` in acme/shop");
    expect(only!.body).toContain("Pro and Enterprise plans; Stores in the EU");
    expect(only!.body).toContain("Orders paid with a gift card");
    const finding = decodeSensorFinding(only!.body);
    // Ranked, most likely first: the release the text names leads; weaker candidates may follow.
    expect(finding).toMatchObject({ mismatch: true, source: "email" });
    expect(finding?.releases[0]).toBe("checkout-v2");
    expect(finding?.promises[0]).toBe("one-page-checkout");

    // The app's own comment and labels came back as events (delivered above) and cost nothing; a redelivery neither.
    const writes = sandbox.fake.writes().length;
    await deliver(sandbox.fake.editIssue({ issue, body: issue.body! }));
    expect(sandbox.fake.writes().length).toBe(writes);

    // More of the customer's words may change the ranking: the one comment is updated in place.
    const { event } = comment(issue, "dana", "Any news? You promised it for every plan in the email.");
    await deliver(event);
    expect(sandbox.fake.writes().slice(writes).map((w) => w.operationId).filter((id) => id !== "issues/update-comment")).toEqual([]);
    expect(sensorComments(issue)).toHaveLength(1);
    expect(issue.labels).toEqual(["expectation-mismatch", "expectation:email"]);
  });

  it("a plain bug report gets nothing and costs no write", async () => {
    const issue = await fileIssue(BUG);
    await deliver(comment(issue, "dana", "Still blank today, on Safari 18.").event);
    expect(issue.labels).toEqual([]);
    expect(appComments(issue)).toEqual([]);
    expect(sandbox.fake.writes()).toEqual([]);
  });

  it("an edit that takes the mismatch out withdraws the labels and the comment, unless a correction was made", async () => {
    const issue = await fileIssue(MISMATCH_ISSUE);
    await deliver(sandbox.fake.editIssue({ issue, body: "Our Basic store shows the three-step checkout. Is one-page checkout coming to Basic?" }));
    expect(issue.labels).toEqual([]);
    expect(sensorComments(issue)).toEqual([]);
  });

  it("a triager's correction sticks: later edits never relabel", async () => {
    const issue = await fileIssue(MISMATCH_ISSUE);
    const { comment: command, event } = comment(issue, "tess", "/readiness mismatch invoice-export sales");
    await deliver(event);
    expect(sandbox.fake.comment(command.id).reactions.map((r) => r.content)).toEqual(["+1"]);
    expect(issue.labels).toEqual(["expectation-mismatch", "expectation:sales"]);
    const corrected = decodeSensorFinding(sensorComments(issue)[0]!.body);
    expect(corrected).toMatchObject({ mismatch: true, source: "sales", releases: ["invoice-export"], promises: ["invoice-export-24h"], correction: { by: "tess" } });

    const writes = sandbox.fake.writes().length;
    await deliver(sandbox.fake.editIssue({ issue, body: "Our Basic store shows the three-step checkout." }));
    await deliver(sandbox.fake.editIssue({ issue, body: "The website says every plan gets one-page checkout!" }));
    expect(sandbox.fake.writes().length).toBe(writes);
    expect(issue.labels).toEqual(["expectation-mismatch", "expectation:sales"]);
    expect(decodeSensorFinding(sensorComments(issue)[0]!.body)).toEqual(corrected);

    await deliver(comment(issue, "tess", "/readiness mismatch none").event);
    expect(issue.labels).toEqual([]);
    expect(decodeSensorFinding(sensorComments(issue)[0]!.body)).toMatchObject({ mismatch: false, correction: { by: "tess" } });
    expect(sensorComments(issue)).toHaveLength(1);
  });

  it("a read-only user's correction is refused with a reply, at most once an hour, and changes nothing", async () => {
    const issue = await fileIssue(MISMATCH_ISSUE);
    const before = sensorComments(issue)[0]!.body;
    const { comment: command, event } = comment(issue, "rita", "/readiness mismatch none");
    await deliver(event);
    expect(sandbox.fake.comment(command.id).reactions.map((r) => r.content)).toEqual(["-1"]);
    expect(replies(issue)).toHaveLength(1);
    expect(replies(issue)[0]!.body).toContain("triage permission or above");
    expect(issue.labels).toEqual(["expectation-mismatch", "expectation:email"]);
    expect(sensorComments(issue)[0]!.body).toBe(before);

    await deliver(comment(issue, "rita", "/readiness mismatch checkout-v2").event);
    expect(replies(issue)).toHaveLength(1);
  });

  it("a correction naming nothing known is refused with what is known", async () => {
    const issue = await fileIssue(MISMATCH_ISSUE);
    await deliver(comment(issue, "tess", "/readiness mismatch gift-cards").event);
    const [reply] = replies(issue);
    expect(reply?.body).toContain("neither a release nor a promise in acme/shop");
    expect(reply?.body).toContain("checkout-v2");
    expect(issue.labels).toEqual(["expectation-mismatch", "expectation:email"]);
  });

  it("a correction while the policy is broken is refused with the policy's file, line and key, and changes nothing", async () => {
    const issue = await fileIssue(MISMATCH_ISSUE);
    const before = sensorComments(issue)[0]!.body;
    const { events } = sandbox.fake.commit({ ...SUPPORT, branch: "main", author: "lead", files: { ".github/release-readiness.yml": "sensor:\n  enabled: true\n  window_days: 0\n" } });
    await deliver(...events);
    const { comment: command, event } = comment(issue, "tess", "/readiness mismatch none");
    await deliver(event);
    expect(sandbox.fake.comment(command.id).reactions.map((r) => r.content)).toEqual(["-1"]);
    expect(replies(issue)).toHaveLength(1);
    // The mention is escaped, as every reply's is: "@" then a zero-width space.
    expect(replies(issue)[0]!.body).toContain("@\u200btess: the repository's release policy is invalid, so the correction could not run");
    expect(replies(issue)[0]!.body).toMatch(/\.github\/release-readiness\.yml:3:\d+: sensor\.window\\_days: /);
    expect(issue.labels).toEqual(["expectation-mismatch", "expectation:email"]);
    expect(sensorComments(issue)[0]!.body).toBe(before);
    // Other comments are still not read while the policy is broken: no write.
    sandbox.fake.resetRecording();
    await deliver(comment(issue, "dana", "You promised it in the email!").event);
    expect(sandbox.fake.writes()).toEqual([]);
  });

  it("reads nothing but the policy where the sensor is off", async () => {
    sandbox.fake.createRepository({ owner: "acme", repo: "quiet" });
    const { issue, event } = sandbox.fake.fileIssue({ owner: "acme", repo: "quiet", user: "dana", ...MISMATCH_ISSUE });
    sandbox.fake.resetRecording();
    await deliver(event);
    await deliver(sandbox.fake.addComment({ owner: "acme", repo: "quiet", number: issue.number, user: "dana", body: "You promised it in the email!" }).event);
    expect(sandbox.fake.requests.filter((r) => !["apps/create-installation-access-token", "apps/get-authenticated"].includes(r.operationId ?? "") && !r.path.includes("release-readiness.yml"))).toEqual([]);
  });

  it("leaves pull requests alone: a mismatch phrase in a PR's body or comment is no support issue", async () => {
    const { pullRequest, event } = sandbox.fake.openPullRequest({ ...SUPPORT, head: "docs/faq", user: "dana", title: MISMATCH_ISSUE.title, body: MISMATCH_ISSUE.body, files: { "FAQ.md": "faq\n" } });
    await deliver(event);
    await deliver(sandbox.fake.addComment({ ...SUPPORT, number: pullRequest.number, user: "dana", body: "You promised it in the email, for every plan." }).event);
    expect(pullRequest.labels).toEqual([]);
    expect(sandbox.fake.writes().filter((w) => w.path.includes("/labels") || w.path.includes("/comments"))).toEqual([]);
  });
});
