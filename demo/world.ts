/**
 * The demo's world: the GitHub stand-in and the real app (the same `createApp` that `npm start`
 * runs, under Probot), both on 127.0.0.1 with one clock, the story's repository and people, and
 * how a delivery is followed by the deliveries GitHub sends back for what the app itself wrote.
 * The story is in `./story.ts`, the playground of `npm run demo -- --serve` in `./playground.ts`.
 */
import { readFileSync } from "node:fs";
import { COLOURS, PLAIN, type Palette } from "../src/cli/format.js";
import { randomBytes } from "node:crypto";
import { feedTokenEntry } from "../src/domain/feed/tokens.js";
import { createApp } from "../src/index.js";
import { SENSOR_PROMISES } from "../test/support/examples.js";
import type { FakeGitHub } from "../test/support/fake-github/fake-github.js";
import { startSandbox, type Sandbox } from "../test/support/fake-github/server.js";
import { fullName, sameRepo, type FakeCheckRun, type PermissionLevel } from "../test/support/fake-github/state.js";
import type { SandboxWebhookEvent } from "../test/support/fake-github/webhooks.js";
import { inCheckOrder, isSummaryComment, type PullRequestSnapshot } from "./render.js";

export const DEMO_OWNER = "acme";
export const DEMO_REPO = "shop";
export const PLAYGROUND_REPO = "playground";
export const DEMO_MANIFEST_PATH = "readiness/checkout-v2.yml";
/** The story's first moment; both clocks (the app's and the stand-in's) are set from it. */
export const DEMO_START = new Date("2026-11-23T09:00:00Z");
/** Who takes part, with their permission on the repository. */
export const DEMO_PEOPLE: Readonly<Record<string, PermissionLevel>> = { dev: "write", maria: "maintain", marketing: "triage" };

/**
 * The beta example: missing support training, and it declares an email campaign. In the story it
 * also carries the one-page checkout promise, whose real terms (Pro and Enterprise, the EU) the
 * sensor quotes when a customer writes that "the email said every plan gets it" (./sensor.ts).
 */
export const CHECKOUT_V2 = `${readFileSync(new URL("../readiness/examples/checkout-v2.yml", import.meta.url), "utf8")}promises: [one-page-checkout]\n`;
/** The team's promise registry, on the default branch from the start. */
export const DEMO_PROMISES = SENSOR_PROMISES;
export const WAIVER_COMMAND = "/readiness waive support_training 7d training is booked for Monday";
/** At most this many rounds of deliveries caused by the app's own writes follow one step. */
export const MAX_FOLLOW_UP_ROUNDS = 10;

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

export interface DemoWorld {
  sandbox: Sandbox;
  clock: { now(): Date; set(date: Date): void };
  /** The bearer token the app's feed route takes for the story's repository (docs/reference/feed.md). */
  feedToken: string;
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
  const feedToken = randomBytes(18).toString("base64url");
  const feedTokens = feedTokenEntry(`${DEMO_OWNER}/${DEMO_REPO}`, feedToken);
  const sandbox = await startSandbox({ appFn: createApp({ now: clock.now }, { feedTokens }), fakeOptions: { now: clock.now } });
  createTeamRepository(sandbox.fake, DEMO_REPO);
  return { sandbox, clock, feedToken };
}

/** A repository owned by the story's organization, with the story's people and their permissions (and the team's promise registry). */
export function createTeamRepository(fake: FakeGitHub, repo: string, files: Record<string, string> = { "readiness/promises.yml": DEMO_PROMISES }): void {
  fake.createRepository({ owner: DEMO_OWNER, repo, files: { "README.md": `# ${repo}\n`, ...files } });
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

/** A step's heading: bold, ruled to the width of the story. */
export const rule = (paint: Palette, text: string) => paint.bold(`━━━ ${text} ${"━".repeat(Math.max(3, 72 - text.length))}`);

/** `GitHub → app: …` lines: the person's deliveries, then those for what the app wrote. */
export function deliveryLines(deliveries: readonly DeliveryRecord[], paint: Palette): string[] {
  const show = (records: readonly DeliveryRecord[]) =>
    records.map((d) => `${d.event} → ${d.status === 200 ? paint.green(String(d.status)) : paint.red(String(d.status))}`).join(", ");
  const byPerson = deliveries.filter((d) => d.cause === "person");
  const byApp = deliveries.filter((d) => d.cause === "app");
  const lines = [`GitHub → app: ${show(byPerson)}`];
  if (byApp.length > 0) lines.push(`  then, for what the app wrote: ${show(byApp)}`);
  return lines;
}
