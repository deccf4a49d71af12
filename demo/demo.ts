/**
 * `npm run demo`: the real app at work on a pull request, without a GitHub account.
 *
 * The app (the same `createApp` that `npm start` runs, under Probot) and the GitHub stand-in the
 * end-to-end tests use both listen on 127.0.0.1. A release story is played step by step: each step
 * is what a person does on GitHub, turned into the webhook deliveries GitHub would send (signed,
 * POSTed over HTTP), followed by the deliveries GitHub sends back for what the app itself wrote.
 * After each step everything shown is read back from the stand-in's state, and the step checks
 * that the state is what the story says it should be, so the demo cannot quietly show a broken app.
 *
 * `servePlayground` keeps both servers running with a fresh PR to poke at, and prints a signed
 * curl delivery that works as printed.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { COLOURS, PLAIN, type Palette } from "../src/cli/format.js";
import { formatInstant } from "../src/domain/calendar.js";
import { CHECK_NAMES, type CheckName } from "../src/domain/report/checks.js";
import { createApp } from "../src/index.js";
import { inCheckOrder, isSummaryComment, renderPullRequest, type PullRequestSnapshot } from "./render.js";
import type { FakeGitHub, Violation } from "../test/support/fake-github/fake-github.js";
import { startSandbox, type Sandbox } from "../test/support/fake-github/server.js";
import { fullName, sameRepo, type CheckConclusion, type FakeCheckRun, type PermissionLevel } from "../test/support/fake-github/state.js";
import { signWebhookBody, type SandboxWebhookEvent } from "../test/support/fake-github/webhooks.js";

export const DEMO_OWNER = "acme";
export const DEMO_REPO = "shop";
export const PLAYGROUND_REPO = "playground";
export const DEMO_MANIFEST_PATH = "readiness/checkout-v2.yml";
/** The story's first moment; both clocks (the app's and the stand-in's) are set from it. */
export const DEMO_START = new Date("2026-11-23T09:00:00Z");
/** Who takes part, with their permission on the repository. */
export const DEMO_PEOPLE: Readonly<Record<string, PermissionLevel>> = { dev: "write", maria: "maintain", marketing: "triage" };

/** The beta example: missing support training, and it declares an email campaign. */
const CHECKOUT_V2 = readFileSync(new URL("../readiness/examples/checkout-v2.yml", import.meta.url), "utf8");
const WAIVER_COMMAND = "/readiness waive support_training 7d training is booked for Monday";
/** At most this many rounds of deliveries caused by the app's own writes follow one step. */
const MAX_FOLLOW_UP_ROUNDS = 10;

export interface DemoSink {
  write(text: string): unknown;
}

/** One webhook delivery the demo made: `pull_request.opened` and the app's HTTP answer. */
export interface DeliveryRecord {
  event: string;
  status: number;
  /** `person`: what someone did on GitHub; `app`: GitHub's event for a write the app made. */
  cause: "person" | "app";
}

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

export interface DemoWorld {
  sandbox: Sandbox;
  clock: { now(): Date; set(date: Date): void };
}

/** The palette for the demo's output: colours only when asked (a terminal without NO_COLOR). */
export function demoPalette(colour: boolean): Palette {
  return colour ? COLOURS : PLAIN;
}

/**
 * Start the stand-in and the app on 127.0.0.1 with one clock for both, and create the story's
 * repository (default policy) and people.
 */
export async function startDemoWorld(start: Date = DEMO_START): Promise<DemoWorld> {
  let now = start;
  const clock = { now: () => now, set: (date: Date) => void (now = date) };
  const sandbox = await startSandbox({ appFn: createApp({ now: clock.now }), fakeOptions: { now: clock.now } });
  createTeamRepository(sandbox.fake, DEMO_REPO);
  return { sandbox, clock };
}

function createTeamRepository(fake: FakeGitHub, repo: string): void {
  fake.createRepository({ owner: DEMO_OWNER, repo });
  for (const [user, permission] of Object.entries(DEMO_PEOPLE)) fake.setPermission({ owner: DEMO_OWNER, repo, user, permission });
}

/** The PR as GitHub would show it now, copied so later steps cannot change it. */
export function snapshotPullRequest(fake: FakeGitHub, ref: { owner: string; repo: string; number: number }): PullRequestSnapshot {
  const pr = fake.pullRequest(ref);
  const head = fake.state.commits[pr.head.sha];
  const newest = new Map<string, FakeCheckRun>();
  for (const run of fake.checkRunsFor({ owner: ref.owner, repo: ref.repo, sha: pr.head.sha })) newest.set(run.name, run);
  const comments = fake.commentsOn(ref);
  const summaries = comments.filter(isSummaryComment);
  return structuredClone({
    repository: fullName(pr.repo),
    number: pr.number,
    title: pr.title,
    author: pr.user,
    state: pr.state,
    merged: pr.merged,
    headRef: pr.head.ref,
    headSha: pr.head.sha,
    headCommit: { author: head?.authorLogin ?? head?.author.name ?? "unknown", subject: head?.message.split("\n")[0] ?? "" },
    baseRef: pr.base.ref,
    labels: [...pr.labels],
    checks: inCheckOrder([...newest.values()]),
    summaryComment: summaries[0] ?? null,
    summaryCommentCount: summaries.length,
    conversation: comments.filter((comment) => !isSummaryComment(comment)),
    releases: fake.state.releases.filter((release) => sameRepo(release.repo, pr.repo)),
  });
}

function eventName(event: SandboxWebhookEvent): string {
  const action = event.payload.action;
  return typeof action === "string" ? `${event.name}.${action}` : event.name;
}

/**
 * Deliver events as GitHub would, then the events GitHub sends for what the app wrote meanwhile
 * (its labels, comments, status commits), round after round until there are none.
 */
export async function deliverWithFollowUps(sandbox: Sandbox, events: readonly SandboxWebhookEvent[]): Promise<{ deliveries: DeliveryRecord[]; settled: boolean }> {
  const deliveries: DeliveryRecord[] = [];
  for (const event of events) deliveries.push({ event: eventName(event), status: (await sandbox.deliver(event)).status, cause: "person" });
  for (let round = 0; round < MAX_FOLLOW_UP_ROUNDS; round++) {
    const followUps = sandbox.fake.takeEmittedEvents();
    if (followUps.length === 0) return { deliveries, settled: true };
    for (const event of followUps) deliveries.push({ event: eventName(event), status: (await sandbox.deliver(event)).status, cause: "app" });
  }
  return { deliveries, settled: sandbox.fake.emittedEvents.length === 0 };
}

// ---------------------------------------------------------------------------------------------
// The story

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

const rule = (paint: Palette, text: string) => paint.bold(`━━━ ${text} ${"━".repeat(Math.max(3, 72 - text.length))}`);

function deliveryLines(deliveries: readonly DeliveryRecord[], paint: Palette): string[] {
  const show = (records: readonly DeliveryRecord[]) =>
    records.map((d) => `${d.event} → ${d.status === 200 ? paint.green(String(d.status)) : paint.red(String(d.status))}`).join(", ");
  const byPerson = deliveries.filter((d) => d.cause === "person");
  const byApp = deliveries.filter((d) => d.cause === "app");
  const lines = [`GitHub → app: ${show(byPerson)}`];
  if (byApp.length > 0) lines.push(`  then, for what the app wrote: ${show(byApp)}`);
  return lines;
}

/** Play the story on a started world: prints each step to `out` and returns the transcript. */
export async function playReleaseStory(world: DemoWorld, options: StoryOptions): Promise<DemoTranscript> {
  const { sandbox } = world;
  const paint = demoPalette(options.colour);
  const write = (lines: readonly string[]) => options.out.write(`${lines.join("\n")}\n`);
  write([
    paint.bold("Release Readiness: a release story, played on a local GitHub stand-in"),
    "",
    `The real app (Probot, the same code \`npm start\` runs) receives webhooks at ${sandbox.webhookUrl}.`,
    `The GitHub it talks to is the stand-in the end-to-end tests use, at ${sandbox.fake.url} (REST under /api/v3).`,
    "Each step below is what a person does on GitHub, sent as the webhook deliveries GitHub would send",
    "(signed with the app's secret, POSTed over HTTP). What follows a step is read back from the stand-in.",
    "",
    `Repository ${DEMO_OWNER}/${DEMO_REPO}, default policy. People: ${Object.entries(DEMO_PEOPLE).map(([user, level]) => `${user} (${level})`).join(", ")}.`,
    `The app's and the stand-in's clocks start at ${formatInstant(world.clock.now().toISOString(), "UTC")}.`,
    "",
  ]);

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
  if (differences.length === 0) {
    write([
      paint.green("Every step came out as the story says, and the app made no request GitHub would refuse."),
      "",
      "Next:  npm run demo -- --serve   keep the stand-in and the app running, and send your own deliveries",
      "       npm run demo:cli          the readiness CLI on readiness/examples",
    ]);
  } else {
    write([paint.red("The story did not come out as told:"), ...differences.map((d) => paint.red(`  - ${d}`))]);
  }
  return { steps, differences, violations };
}

// ---------------------------------------------------------------------------------------------
// Serving: a PR to poke at, and how to send deliveries

/** Wraps a word for a POSIX shell. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A node one-liner printing GitHub's `X-Hub-Signature-256` for a file: `<command> SECRET FILE`. */
export const SIGN_FILE_COMMAND =
  `node -e 'const {createHmac}=require("node:crypto");const body=require("node:fs").readFileSync(process.argv[2]);` +
  `process.stdout.write("sha256="+createHmac("sha256",process.argv[1]).update(body).digest("hex")+"\\n")'`;

export interface Playground {
  repository: string;
  number: number;
  /** The sample delivery: maria's waiver comment (it exists on the stand-in; the app has not heard of it). */
  sample: { file: string; event: string; deliveryId: string; signature: string };
  /** A curl command that delivers the sample, signed; it prints the HTTP status. */
  curl: string;
  /** Signs any payload file with the app's secret. */
  sign: string;
  /** Personal tokens on the stand-in, to act as the story's people through its REST API. */
  tokens: Record<string, string>;
  /** A curl command that comments on the PR as maria through the stand-in's REST API. */
  restComment: string;
  stop(): Promise<void>;
}

export interface ServeOptions {
  out: DemoSink;
  colour: boolean;
  /** How often to deliver GitHub's events for API writes and look for changes (ms). */
  pollMs?: number;
}

/**
 * Open a fresh beta PR in `acme/playground`, write a signed sample delivery, print how to send it
 * and others, then keep delivering the events GitHub would send for API writes (the app's, and
 * anyone's through the stand-in's REST API) and print the PR whenever it changes.
 */
export async function servePlayground(world: DemoWorld, options: ServeOptions): Promise<Playground> {
  const { sandbox } = world;
  const { fake, credentials } = sandbox;
  const paint = demoPalette(options.colour);
  const write = (lines: readonly string[]) => options.out.write(`${lines.join("\n")}\n`);
  createTeamRepository(fake, PLAYGROUND_REPO);
  const ref = { owner: DEMO_OWNER, repo: PLAYGROUND_REPO };
  const opened = fake.openPullRequest({ ...ref, head: "release/checkout-v2", user: "dev", title: "Release checkout-v2: one-page checkout", files: { [DEMO_MANIFEST_PATH]: CHECKOUT_V2 } });
  const number = opened.pullRequest.number;
  await deliverWithFollowUps(sandbox, [opened.event]);

  // maria's waiver exists on the stand-in as a comment, so the app can react to it; the delivery
  // that tells the app about it is left for the person running the demo to send.
  const { event } = fake.addComment({ ...ref, number, user: "maria", body: WAIVER_COMMAND });
  const directory = await mkdtemp(join(tmpdir(), "readiness-sandbox-"));
  const file = join(directory, "waiver-comment.json");
  const body = JSON.stringify(event.payload);
  await writeFile(file, body);
  const deliveryId = randomUUID();
  const signature = signWebhookBody(credentials.secret, body);
  const curl = [
    `curl -sS -o /dev/null -w '%{http_code}\\n' -X POST ${shellQuote(sandbox.webhookUrl)}`,
    `-H 'content-type: application/json'`,
    `-H ${shellQuote(`x-github-event: ${event.name}`)}`,
    `-H ${shellQuote(`x-github-delivery: ${deliveryId}`)}`,
    `-H ${shellQuote(`x-hub-signature-256: ${signature}`)}`,
    `--data-binary @${shellQuote(file)}`,
  ].join(" \\\n      ");
  const sign = `${SIGN_FILE_COMMAND} ${shellQuote(credentials.secret)} ${shellQuote(file)}`;
  const tokens = Object.fromEntries(Object.keys(DEMO_PEOPLE).map((user) => [user, fake.userToken(user)]));
  const issueUrl = `${fake.apiUrl}/repos/${DEMO_OWNER}/${PLAYGROUND_REPO}/issues/${number}`;
  const restComment = [
    `curl -sS -o /dev/null -w '%{http_code}\\n' -X POST ${shellQuote(`${issueUrl}/comments`)}`,
    `-H ${shellQuote(`authorization: token ${tokens.maria ?? ""}`)}`,
    `-H 'content-type: application/json'`,
    `-d '{"body":"/readiness status ga"}'`,
  ].join(" \\\n      ");

  let shown = snapshotPullRequest(fake, { ...ref, number });
  write([
    rule(paint, "Serving: the stand-in and the app keep running (Ctrl-C stops both)"),
    `App webhook URL:   ${sandbox.webhookUrl}`,
    `Webhook secret:    ${credentials.secret}`,
    `Stand-in GitHub:   ${fake.url} (REST under ${fake.apiUrl})`,
    "",
    `A fresh PR to poke at (the story's starting point, in ${DEMO_OWNER}/${PLAYGROUND_REPO}):`,
    "",
    ...renderPullRequest(shown, { paint }).map((line) => `  ${line}`),
    "",
    paint.bold("1. Send a signed delivery yourself."),
    `   maria has just commented "${WAIVER_COMMAND}" on the stand-in;`,
    `   GitHub's ${event.name}.created delivery for it is in ${file}. Send it (prints the HTTP status):`,
    "",
    `    ${curl}`,
    "",
    paint.bold("2. Sign a payload of your own."),
    "   GitHub signs the exact bytes of the body with HMAC-SHA256 and the secret (X-Hub-Signature-256):",
    "",
    `    ${sign}`,
    "",
    paint.bold("3. Or act as a person through the stand-in's REST API."),
    "   The stand-in records the webhook GitHub would send for it, and this process delivers it to the app,",
    "   signed, as GitHub does. As maria:",
    "",
    `    ${restComment}`,
    "",
    `   Tokens: ${Object.entries(tokens).map(([user, token]) => `${user} (${DEMO_PEOPLE[user] ?? "?"}) ${token}`).join(", ")}`,
    `   Labels: POST ${issueUrl}/labels with {"labels":["campaign:email"]}; remove: DELETE ${issueUrl}/labels/campaign:email`,
    "",
    "The PR is printed again here whenever it changes.",
    "",
  ]);

  let lastSeen = JSON.stringify(shown);
  let violationsShown = fake.violations.length;
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const pending = fake.takeEmittedEvents();
      if (pending.length > 0) {
        const { deliveries } = await deliverWithFollowUps(sandbox, pending);
        write(deliveryLines(deliveries, paint).map((line) => paint.dim(line)));
      }
      for (const violation of fake.violations.slice(violationsShown)) {
        write([paint.red(`The stand-in refused ${violation.method} ${violation.path} (${violation.kind}): ${violation.message}`)]);
      }
      violationsShown = fake.violations.length;
      const now = snapshotPullRequest(fake, { ...ref, number });
      const key = JSON.stringify(now);
      // Print once the PR has stopped changing for a tick, so one action prints one state.
      if (key === lastSeen && key !== JSON.stringify(shown) && fake.emittedEvents.length === 0) {
        write([rule(paint, `${now.repository}#${now.number} now (${formatInstant(world.clock.now().toISOString(), "UTC")})`), ...renderPullRequest(now, { paint, previous: shown }), ""]);
        shown = now;
      }
      lastSeen = key;
    } catch (error) {
      write([paint.red(`sandbox: ${error instanceof Error ? error.message : String(error)}`)]);
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), options.pollMs ?? 200);

  return {
    repository: `${DEMO_OWNER}/${PLAYGROUND_REPO}`,
    number,
    sample: { file, event: event.name, deliveryId, signature },
    curl,
    sign,
    tokens,
    restComment,
    stop: async () => {
      clearInterval(timer);
      while (busy) await new Promise((resolve) => setTimeout(resolve, 10));
      await rm(directory, { recursive: true, force: true });
    },
  };
}
