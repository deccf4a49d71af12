/**
 * `npm run demo`: the real app at work on a pull request, without a GitHub account.
 *
 * A release story is played step by step on the demo's world (`./world.ts`): each step is what a
 * person does on GitHub, turned into the webhook deliveries GitHub would send (signed, POSTed over
 * HTTP), followed by the deliveries GitHub sends back for what the app itself wrote. After each
 * step everything shown is read back from the stand-in's state, and the step checks that the
 * state is what the story says it should be, so the demo cannot quietly show a broken app.
 */
import type { Palette } from "../src/cli/format.js";
import { formatInstant } from "../src/domain/calendar.js";
import { CHECK_NAMES, type CheckName } from "../src/domain/report/checks.js";
import type { FakeGitHub, Violation } from "../test/support/fake-github/fake-github.js";
import type { CheckConclusion } from "../test/support/fake-github/state.js";
import type { SandboxWebhookEvent } from "../test/support/fake-github/webhooks.js";
import { renderPullRequest, type PullRequestSnapshot } from "./render.js";
import {
  CHECKOUT_V2,
  DEMO_MANIFEST_PATH,
  DEMO_OWNER,
  DEMO_PEOPLE,
  DEMO_REPO,
  MAX_FOLLOW_UP_ROUNDS,
  WAIVER_COMMAND,
  deliverWithFollowUps,
  deliveryLines,
  demoPalette,
  rule,
  snapshotPullRequest,
  type DeliveryRecord,
  type DemoSink,
  type DemoWorld,
} from "./world.js";

export interface DemoStep {
  number: number;
  title: string;
  /** When it happens (ISO), on the clocks of the app and the stand-in. */
  at: string;
  /** What the person does, in words. */
  action: string;
  deliveries: DeliveryRecord[];
  /** The PR as read back from the stand-in after the step. */
  snapshot: PullRequestSnapshot;
  /** Where the state differs from what the story says should happen (empty when it went as told). */
  differences: string[];
  /** Exactly the text printed for this step. */
  printed: string;
}

export interface DemoTranscript {
  steps: DemoStep[];
  /** Every difference of every step, plus any request the stand-in says GitHub would refuse. */
  differences: string[];
  violations: Violation[];
}

interface StoryContext {
  fake: FakeGitHub;
  /** The story's PR number, once opened. */
  number: number;
}

interface StoryStep {
  title: string;
  /** Minutes after the story's start. */
  minute: number;
  action: string;
  /** Changes the stand-in the way the person's action does; returns the events GitHub sends for it. */
  act(context: StoryContext): SandboxWebhookEvent[];
  /** What the story says the PR looks like afterwards; returns the differences. */
  expect(snapshot: PullRequestSnapshot): string[];
}

const find = (snapshot: PullRequestSnapshot, name: CheckName) => snapshot.checks.find((run) => run.name === name);

function conclusion(snapshot: PullRequestSnapshot, name: CheckName, wanted: CheckConclusion): string[] {
  const actual = find(snapshot, name)?.conclusion ?? "missing";
  return actual === wanted ? [] : [`${name} is ${actual}, the story expects ${wanted}`];
}

function labels(snapshot: PullRequestSnapshot, wanted: readonly string[]): string[] {
  const same = snapshot.labels.length === wanted.length && wanted.every((label) => snapshot.labels.includes(label));
  return same ? [] : [`labels are [${snapshot.labels.join(", ")}], the story expects [${wanted.join(", ")}]`];
}

function contains(where: string, text: string | null | undefined, wanted: string): string[] {
  return (text ?? "").includes(wanted) ? [] : [`${where} does not say "${wanted}"`];
}

function oneSummaryComment(snapshot: PullRequestSnapshot): string[] {
  return snapshot.summaryCommentCount === 1 ? [] : [`the PR has ${snapshot.summaryCommentCount} summary comments, the story expects one edited in place`];
}

const newestReply = (snapshot: PullRequestSnapshot) => snapshot.conversation.filter((comment) => comment.viaAppId !== null).at(-1)?.body;

function reactedTo(snapshot: PullRequestSnapshot, body: string, content: string): string[] {
  const comment = snapshot.conversation.find((candidate) => candidate.body === body);
  return comment?.reactions.some((reaction) => reaction.content === content) ? [] : [`the comment "${body}" has no ${content} reaction`];
}

const STORY: readonly StoryStep[] = [
  {
    title: "dev opens a beta release PR for checkout-v2, before support is trained",
    minute: 0,
    action: `dev pushes ${DEMO_MANIFEST_PATH} (readiness/examples/checkout-v2.yml: status beta, no support_training) to release/checkout-v2 and opens a PR`,
    act: (context) => {
      const { pullRequest, event } = context.fake.openPullRequest({
        owner: DEMO_OWNER,
        repo: DEMO_REPO,
        head: "release/checkout-v2",
        user: "dev",
        title: "Release checkout-v2: one-page checkout",
        files: { [DEMO_MANIFEST_PATH]: CHECKOUT_V2 },
      });
      context.number = pullRequest.number;
      return [event];
    },
    expect: (s) => [
      ...conclusion(s, CHECK_NAMES.readiness, "failure"),
      ...conclusion(s, CHECK_NAMES.gate, "success"),
      ...conclusion(s, CHECK_NAMES.notes, "neutral"),
      ...labels(s, ["release:beta"]),
      ...oneSummaryComment(s),
      ...contains("the summary comment", s.summaryComment?.body, "Support training: not declared; required at beta"),
      ...contains("the Release notes check", find(s, CHECK_NAMES.notes)?.output.text, "This is a beta"),
    ],
  },
  {
    title: "marketing adds campaign:email",
    minute: 12,
    action: "marketing adds the label campaign:email to the PR",
    act: (context) => [context.fake.addLabel({ owner: DEMO_OWNER, repo: DEMO_REPO, number: context.number, label: "campaign:email", user: "marketing" })],
    expect: (s) => [
      ...labels(s, ["release:beta"]),
      ...conclusion(s, CHECK_NAMES.gate, "success"),
      ...contains("the Campaign gate summary", find(s, CHECK_NAMES.gate)?.output.summary, "removed from the PR"),
      ...contains("the summary comment", s.summaryComment?.body, "The app removed it from this PR"),
      ...oneSummaryComment(s),
    ],
  },
  {
    title: "maria, a maintainer, waives support training for 7 days",
    minute: 24,
    action: `maria comments "${WAIVER_COMMAND}"`,
    act: (context) => [context.fake.addComment({ owner: DEMO_OWNER, repo: DEMO_REPO, number: context.number, user: "maria", body: WAIVER_COMMAND }).event],
    expect: (s) => [
      ...conclusion(s, CHECK_NAMES.readiness, "success"),
      ...contains("the Release readiness check", find(s, CHECK_NAMES.readiness)?.output.text, "waived until 2026-11-30"),
      ...reactedTo(s, WAIVER_COMMAND, "+1"),
      ...labels(s, ["release:beta"]),
      ...oneSummaryComment(s),
    ],
  },
  {
    title: "maria moves the release to GA",
    minute: 36,
    action: 'maria comments "/readiness status ga"; the app commits the new status to the PR branch, and GitHub sends the push',
    act: (context) => [context.fake.addComment({ owner: DEMO_OWNER, repo: DEMO_REPO, number: context.number, user: "maria", body: "/readiness status ga" }).event],
    expect: (s) => [
      ...conclusion(s, CHECK_NAMES.readiness, "success"),
      // At GA support training is required too; the waiver carries over to the app's new commit.
      ...contains("the Release readiness check", find(s, CHECK_NAMES.readiness)?.output.text, "waived until 2026-11-30"),
      ...contains("the Release readiness check", find(s, CHECK_NAMES.readiness)?.output.text, "GA"),
      ...contains("the app's reply", newestReply(s), "to `ga`"),
      ...reactedTo(s, "/readiness status ga", "+1"),
      ...labels(s, ["release:ga"]),
      ...contains("the Release notes check", find(s, CHECK_NAMES.notes)?.output.text, "generally available"),
      ...oneSummaryComment(s),
    ],
  },
  {
    title: "marketing adds campaign:email again",
    minute: 41,
    action: "marketing adds the label campaign:email to the PR",
    act: (context) => [context.fake.addLabel({ owner: DEMO_OWNER, repo: DEMO_REPO, number: context.number, label: "campaign:email", user: "marketing" })],
    expect: (s) => [
      ...labels(s, ["release:ga", "campaign:email"]),
      ...conclusion(s, CHECK_NAMES.gate, "success"),
      ...contains("the Campaign gate summary", find(s, CHECK_NAMES.gate)?.output.summary, "allowed at ga"),
      ...oneSummaryComment(s),
    ],
  },
  {
    title: "maria merges the PR; a draft release appears with the notes",
    minute: 52,
    action: "maria merges the PR into main",
    act: (context) => context.fake.mergePullRequest({ owner: DEMO_OWNER, repo: DEMO_REPO, number: context.number, user: "maria" }).events,
    expect: (s) => {
      const release = s.releases[0];
      if (s.releases.length !== 1 || !release) return [`the repository has ${s.releases.length} releases, the story expects one draft`];
      return [
        ...(s.merged ? [] : ["the PR is not merged"]),
        ...(release.draft ? [] : ["the release is not a draft"]),
        ...["# New users", "# Existing users", "# Enterprise", "# Support"].flatMap((heading) => contains("the draft release", release.body, heading)),
        ...contains("the draft release", release.body, "Pay on one page"),
      ];
    },
  },
];

export interface StoryOptions {
  out: DemoSink;
  colour: boolean;
  /** Called after each step while everything still runs (a test compares with the live state). */
  afterStep?: (step: DemoStep, world: DemoWorld) => void | Promise<void>;
}

/** Play the story on a started world: prints each step to `out` and returns the transcript. */
export async function playReleaseStory(world: DemoWorld, options: StoryOptions): Promise<DemoTranscript> {
  const { sandbox } = world;
  const paint = demoPalette(options.colour);
  const write = (lines: readonly string[]) => options.out.write(`${lines.join("\n")}\n`);
  write(introLines(world, paint));

  const context: StoryContext = { fake: sandbox.fake, number: 0 };
  const steps: DemoStep[] = [];
  const unplayable: string[] = [];
  let previous: PullRequestSnapshot | undefined;
  const start = world.clock.now().getTime();
  for (const [index, story] of STORY.entries()) {
    world.clock.set(new Date(start + story.minute * 60_000));
    let events: SandboxWebhookEvent[];
    try {
      events = story.act(context);
    } catch (error) {
      // A step the state no longer allows (an earlier step went wrong); the rest would make no sense.
      unplayable.push(`step ${index + 1} (${story.title}) could not be played: ${error instanceof Error ? error.message : String(error)}`);
      write([rule(paint, `Step ${index + 1} — ${story.title}`), paint.red(unplayable.at(-1) ?? ""), ""]);
      break;
    }
    const { deliveries, settled } = await deliverWithFollowUps(sandbox, events);
    const snapshot = snapshotPullRequest(sandbox.fake, { owner: DEMO_OWNER, repo: DEMO_REPO, number: context.number });
    const differences = [
      ...deliveries.filter((d) => d.status !== 200).map((d) => `the app answered ${d.status} to ${d.event}`),
      ...(settled ? [] : [`the app's own writes still caused events after ${MAX_FOLLOW_UP_ROUNDS} rounds`]),
      ...story.expect(snapshot),
    ];
    const at = world.clock.now().toISOString();
    const lines = [
      rule(paint, `Step ${index + 1} — ${story.title}`),
      `${paint.dim(formatInstant(at, "UTC"))} · ${story.action}`,
      ...deliveryLines(deliveries, paint),
      "",
      ...renderPullRequest(snapshot, { paint, ...(previous ? { previous } : {}) }),
      ...(differences.length > 0 ? ["", paint.red("Not as the story says:"), ...differences.map((d) => paint.red(`  - ${d}`))] : []),
      "",
    ];
    const printed = `${lines.join("\n")}\n`;
    options.out.write(printed);
    const step: DemoStep = { number: index + 1, title: story.title, at, action: story.action, deliveries, snapshot, differences, printed };
    steps.push(step);
    await options.afterStep?.(step, world);
    previous = snapshot;
  }

  const violations = [...sandbox.fake.violations];
  const differences = [
    ...steps.flatMap((step) => step.differences.map((d) => `step ${step.number}: ${d}`)),
    ...unplayable,
    ...violations.map((v) => `the stand-in refused ${v.method} ${v.path} (${v.kind}): ${v.message}`),
  ];
  write([rule(paint, "The end")]);
  write(endingLines(differences, paint));
  return { steps, differences, violations };
}

/** What the story is about, printed before the first step. */
function introLines(world: DemoWorld, paint: Palette): string[] {
  return [
    paint.bold("Release Readiness: a release story, played on a local GitHub stand-in"),
    "",
    `The real app (Probot, the same code \`npm start\` runs) receives webhooks at ${world.sandbox.webhookUrl}.`,
    `The GitHub it talks to is the stand-in the end-to-end tests use, at ${world.sandbox.fake.url} (REST under /api/v3).`,
    "Each step below is what a person does on GitHub, sent as the webhook deliveries GitHub would send",
    "(signed with the app's secret, POSTed over HTTP). What follows a step is read back from the stand-in.",
    "",
    `Repository ${DEMO_OWNER}/${DEMO_REPO}, default policy. People: ${Object.entries(DEMO_PEOPLE).map(([user, level]) => `${user} (${level})`).join(", ")}.`,
    `The app's and the stand-in's clocks start at ${formatInstant(world.clock.now().toISOString(), "UTC")}.`,
    "",
  ];
}

/** The verdict: the story came out as told, or every difference. */
function endingLines(differences: readonly string[], paint: Palette): string[] {
  if (differences.length === 0) {
    return [
      paint.green("Every step came out as the story says, and the app made no request GitHub would refuse."),
      "",
      "Next:  npm run demo -- --serve   keep the stand-in and the app running, and send your own deliveries",
      "       npm run demo:cli          the readiness CLI on readiness/examples",
    ];
  }
  return [paint.red("The story did not come out as told:"), ...differences.map((d) => paint.red(`  - ${d}`))];
}
