/**
 * After the story's merge and campaign: support as a sensor (docs/reference/sensor.md). A customer
 * files an issue in the story's support repository, which reads its releases from the product
 * repository; the app labels it and answers with the promise's real conditions. What is printed is
 * read back from the stand-in, and checked against what the story says, like every step.
 */
import { formatInstant } from "../src/domain/calendar.js";
import { decodeSensorFinding, isSensorComment } from "../src/domain/sensor/finding-record.js";
import { sensorPolicy } from "../test/support/examples.js";
import { markdownToTerminal } from "./render.js";
import { createTeamRepository, deliverWithFollowUps, deliveryLines, DEMO_OWNER, DEMO_REPO, demoPalette, rule, type DemoSink, type DemoWorld } from "./world.js";

export const SUPPORT_REPO = "support";
export const CUSTOMER_ISSUE = {
  title: "One-page checkout not on our plan?",
  body: "Hi,\n\nthe email said every plan gets the new one-page checkout, but our store on the Basic plan still has the old three-step checkout. When do we get it?\n\nDana, Dana's Bakery",
};
/**
 * Minutes after the merge, not days: the stand-in and the app share one clock, and the app's
 * installation tokens (an hour, from the story's start) must stay valid on it.
 */
const AFTER_MERGE_MS = 6 * 60 * 1000;

export interface SensorEpilogue {
  labels: string[];
  comment: string | undefined;
  differences: string[];
  printed: string;
}

/** Just after the story: the customer's issue, the app's labels and its one comment. */
export async function playSensorEpilogue(world: DemoWorld, options: { out: DemoSink; colour: boolean }): Promise<SensorEpilogue> {
  const { fake } = world.sandbox;
  const paint = demoPalette(options.colour);
  createTeamRepository(fake, SUPPORT_REPO, { ".github/release-readiness.yml": sensorPolicy(`${DEMO_OWNER}/${DEMO_REPO}`) });
  world.clock.set(new Date(world.clock.now().getTime() + AFTER_MERGE_MS));
  const { issue, event } = fake.fileIssue({ owner: DEMO_OWNER, repo: SUPPORT_REPO, user: "dana", ...CUSTOMER_ISSUE });
  const { deliveries, settled } = await deliverWithFollowUps(world.sandbox, [event]);

  const comment = fake.commentsOn({ owner: DEMO_OWNER, repo: SUPPORT_REPO, number: issue.number }).find((c) => c.user === fake.botLogin && isSensorComment(c.body));
  const finding = decodeSensorFinding(comment?.body);
  const labels = [...issue.labels];
  const differences = [
    ...deliveries.filter((d) => d.status !== 200).map((d) => `the app answered ${d.status} to ${d.event}`),
    ...(settled ? [] : ["the app's own writes kept causing events"]),
    ...(labels.join(",") === "expectation-mismatch,expectation:email" ? [] : [`the issue's labels are [${labels.join(", ")}], the story expects [expectation-mismatch, expectation:email]`]),
    ...(finding?.releases[0] === "checkout-v2" ? [] : ["the app's comment does not name checkout-v2 as the likely release"]),
    ...["Pro and Enterprise plans", "Orders paid with a gift card"].flatMap((terms) => (comment?.body.includes(terms) ? [] : [`the app's comment does not quote "${terms}"`])),
  ];
  const lines = [
    rule(paint, `Then — support hears the surprise: ${DEMO_OWNER}/${SUPPORT_REPO} reads ${DEMO_OWNER}/${DEMO_REPO}'s releases`),
    `${paint.dim(formatInstant(world.clock.now().toISOString(), "UTC"))} · the customer dana opens an issue in ${DEMO_OWNER}/${SUPPORT_REPO} (policy: sensor.enabled, releases_from ${DEMO_OWNER}/${DEMO_REPO})`,
    ...deliveryLines(deliveries, paint),
    "",
    `${paint.bold(`Issue ${DEMO_OWNER}/${SUPPORT_REPO}#${issue.number}`)} "${issue.title}" by ${issue.user}`,
    ...CUSTOMER_ISSUE.body.split("\n").map((line) => `  > ${line}`),
    `Labels: ${labels.length > 0 ? labels.join(", ") : "(none)"}`,
    ...(comment ? [`Comment by ${comment.user}:`, ...markdownToTerminal(comment.body, paint).map((line) => `  │ ${line}`)] : ["No comment from the app."]),
    ...(differences.length > 0 ? ["", paint.red("Not as the story says:"), ...differences.map((d) => paint.red(`  - ${d}`))] : []),
    "",
  ];
  const printed = `${lines.join("\n")}\n`;
  options.out.write(printed);
  return { labels, comment: comment?.body, differences, printed };
}

