import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { decodeSensorFinding, isSensorComment } from "../../src/domain/sensor/finding-record.js";
import { CHECKOUT_GA_PROMISED, exampleFile, SENSOR_PROMISES } from "../support/examples.js";
import { checkoutAction, runBundle, type ActionCheckout } from "./run-bundle.js";
import { startActionStandIn, type ActionStandIn } from "./stand-in.js";

/**
 * docs/reference/sensor.md#in-a-github-action: the committed bundle, run as GitHub runs it on the
 * `issues` and `issue_comment` events of a repository whose policy turns the sensor on, reads its
 * issues as the hosted app does, with `GITHUB_TOKEN` (github-actions[bot]).
 */
const OWNER = "acme";
const REPO = "shop";
const SHOP = { owner: OWNER, repo: REPO };
const POLICY = "sensor:\n  enabled: true\n";
const MISMATCH = {
  title: "One-page checkout missing on our plan",
  body: "Hi,\n\nthe email said every plan gets the one-page checkout, but our Basic store still shows the old three-step checkout.\n\nDana",
};
const BUG = { title: "Checkout page blank on Safari", body: "Steps: open the cart, press Pay.\nExpected behaviour: the payment page opens.\nActual: a blank page." };

let checkout: ActionCheckout;
let standIn: ActionStandIn;

beforeAll(() => {
  checkout = checkoutAction();
});
afterAll(() => checkout.remove());

function files(policy: string | undefined): Record<string, string> {
  return {
    "readiness/checkout-v2.yml": CHECKOUT_GA_PROMISED,
    "readiness/invoice-export.yml": exampleFile("invoice-export.yml"),
    "readiness/promises.yml": SENSOR_PROMISES,
    ...(policy ? { ".github/release-readiness.yml": policy } : {}),
  };
}

beforeEach(async () => {
  standIn = await startActionStandIn(OWNER);
});

afterEach(async () => {
  expect(standIn.fake.violations).toEqual([]);
  await standIn.stop();
});

const fake = () => standIn.fake;
const run = (eventName: string, payload: Record<string, unknown>) =>
  runBundle({ checkout, repository: `${OWNER}/${REPO}`, apiUrl: standIn.apiUrl, token: standIn.token(), eventName, payload });
const botComments = (number: number) => fake().commentsOn({ ...SHOP, number }).filter((c) => c.user === "github-actions[bot]");

describe("the support sensor in the committed Action bundle", () => {
  it("issues.opened with a mismatch: the labels and one comment naming the release, exit 0, the summary says what it did", async () => {
    fake().createRepository({ ...SHOP, files: files(POLICY) });
    const { issue, event } = fake().fileIssue({ ...SHOP, user: "dana", ...MISMATCH });
    const result = await run("issues", event.payload);

    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.outputs.result).toBe("non_release");
    expect(issue.labels).toEqual(["expectation-mismatch", "expectation:email"]);
    const [comment, ...others] = botComments(issue.number).filter((c) => isSensorComment(c.body));
    expect(others).toEqual([]);
    expect(comment!.body).toContain("`checkout-v2` in acme/shop");
    expect(comment!.body).toContain("Pro and Enterprise plans; Stores in the EU");
    expect(decodeSensorFinding(comment!.body)?.releases[0]).toBe("checkout-v2");
    expect(result.summary).toContain("## Release readiness: support sensor");
    expect(result.summary).toMatch(new RegExp(`- #${issue.number}: \`sensor: mismatch \\(email\\), \\d+ writes\``));
    expect(result.stdout).toContain(`Support sensor on #${issue.number}: sensor: mismatch (email)`);

    // The app's own comment, were it delivered (another token than GITHUB_TOKEN starts workflows): nothing.
    const writes = fake().writes().length;
    const own = fake().takeEmittedEvents().find((e) => e.name === "issue_comment");
    expect(own).toBeDefined();
    const again = await run("issue_comment", own!.payload);
    expect(again.code).toBe(0);
    expect(again.summary).toContain("the app's own comment");
    expect(fake().writes().length).toBe(writes);
  });

  it("issue_comment on the issue: a triager's correction is taken, a read-only user's refused with a reply", async () => {
    fake().createRepository({ ...SHOP, files: files(POLICY) });
    fake().setPermission({ ...SHOP, user: "tess", permission: "triage" });
    fake().setPermission({ ...SHOP, user: "rita", permission: "read" });
    const { issue, event } = fake().fileIssue({ ...SHOP, user: "dana", ...MISMATCH });
    expect((await run("issues", event.payload)).code).toBe(0);

    const refused = fake().addComment({ ...SHOP, number: issue.number, user: "rita", body: "/readiness mismatch none" });
    const first = await run("issue_comment", refused.event.payload);
    expect(first.code).toBe(0);
    expect(fake().comment(refused.comment.id).reactions.map((r) => r.content)).toEqual(["-1"]);
    expect(botComments(issue.number).find((c) => !isSensorComment(c.body))?.body).toContain("triage permission or above");
    expect(issue.labels).toEqual(["expectation-mismatch", "expectation:email"]);

    const taken = fake().addComment({ ...SHOP, number: issue.number, user: "tess", body: "/readiness mismatch invoice-export sales" });
    const second = await run("issue_comment", taken.event.payload);
    expect(second.code).toBe(0);
    expect(fake().comment(taken.comment.id).reactions.map((r) => r.content)).toEqual(["+1"]);
    expect(issue.labels).toEqual(["expectation-mismatch", "expectation:sales"]);
    expect(second.summary).toContain("sensor: corrected to invoice-export");
  });

  it("a plain bug report, and an issue where the sensor is off: nothing written, exit 0", async () => {
    fake().createRepository({ ...SHOP, files: files(POLICY) });
    fake().createRepository({ owner: OWNER, repo: "quiet", files: files(undefined) });
    const bug = fake().fileIssue({ ...SHOP, user: "dana", ...BUG });
    const plain = await run("issues", bug.event.payload);
    expect(plain.code).toBe(0);
    expect(plain.summary).toContain("sensor: no mismatch");

    const off = fake().fileIssue({ owner: OWNER, repo: "quiet", user: "dana", ...MISMATCH });
    const result = await runBundle({ checkout, repository: `${OWNER}/quiet`, apiUrl: standIn.apiUrl, token: standIn.token(), eventName: "issues", payload: off.event.payload });
    expect(result.code).toBe(0);
    expect(result.summary).toContain("ignored: the sensor is off");
    expect(fake().writes()).toEqual([]);
    expect(off.issue.labels).toEqual([]);
  });

  it("writes GitHub refused (a token that may not write issues) fail the run and are listed", async () => {
    fake().createRepository({ ...SHOP, files: files(POLICY) });
    const { issue, event } = fake().fileIssue({ ...SHOP, user: "dana", ...MISMATCH });
    const result = await runBundle({ checkout, repository: `${OWNER}/${REPO}`, apiUrl: standIn.apiUrl, token: standIn.token({ readOnly: true }), eventName: "issues", payload: event.payload });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("::error::the sensor's labels, comment or correction could not be written");
    expect(result.summary).toContain("### Not written to GitHub");
    expect(issue.labels).toEqual([]);
  });
});
