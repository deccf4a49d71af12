import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import Bottleneck from "bottleneck";
import { pino } from "pino";
import { createNodeMiddleware, createProbot, type ProbotOctokit, type Logger } from "probot";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createApp, type Reviewer } from "../../src/index.js";
import { AppOctokit, RATE_LIMIT_MAX_WAIT_SECONDS, RATE_LIMIT_RETRIES } from "../../src/github/octokit.js";
import { FakeGitHub } from "../support/fake-github/fake-github.js";
import { Faults, type FaultPlan } from "../support/fake-github/faults.js";
import { DEFAULT_WEBHOOK_PATH, probotEnvironment, sandboxPrivateKey } from "../support/fake-github/server.js";
import { deliverWebhook, type SandboxWebhookEvent } from "../support/fake-github/webhooks.js";
import { CHECKOUT_BETA, CHECKOUT_BETA_READY, CHECKOUT_GA_PROMISED, MISMATCH_ISSUE, SENSOR_PROMISES, sensorPolicy } from "../support/examples.js";

/**
 * GitHub misbehaving (docs/reliability.md): the real server on loopback, signed webhooks, the
 * stand-in injecting faults (test/support/fake-github/faults.ts), and the app's Octokit as it runs
 * in production (src/github/octokit.ts) — retries and throttling on, with the app's rate-limit handlers —
 * except that one "second" of back-off lasts TIME_UNIT_MS and writes are not spaced a second
 * apart, so the suite runs in seconds. Retry timing is read from the stand-in's log.
 */

const NOW = new Date("2026-11-23T12:00:00Z");
const OWNER = "acme";
const REPO = "shop";
const MANIFEST = "readiness/checkout-v2.yml";
const TIME_UNIT_MS = 10;
const beta = CHECKOUT_BETA;
const ready = CHECKOUT_BETA_READY;

type ProbotOctokitOptions = NonNullable<ConstructorParameters<typeof ProbotOctokit>[0]>;

/** Production's Octokit (the app's, src/github/octokit.ts: its retry and throttle handlers kept), on a faster clock. */
const FastClockOctokit = AppOctokit.defaults((options: ProbotOctokitOptions) => ({
  ...options,
  retry: { ...options.retry, retryAfterBaseValue: TIME_UNIT_MS },
  throttle: {
    ...options.throttle,
    retryAfterBaseValue: TIME_UNIT_MS,
    write: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
    notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
  },
}));

interface World {
  fake: FakeGitHub;
  logs: Array<Record<string, unknown>>;
  /** The app's weekly review, run by hand instead of by its timer. */
  reviewer: Reviewer;
  /** `id`: the delivery's X-GitHub-Delivery, kept by GitHub's "Redeliver"; fresh when left out. */
  deliver(event: Pick<SandboxWebhookEvent, "name" | "payload">, id?: string): Promise<number>;
  stop(): Promise<void>;
}

let world: World;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

async function startWorld(): Promise<World> {
  const privateKey = sandboxPrivateKey();
  const fake = await FakeGitHub.start({ appKey: privateKey });
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({ write(chunk: Buffer, _encoding, done) { logs.push(JSON.parse(chunk.toString("utf8")) as Record<string, unknown>); done(); } });
  const log = pino({ level: "info" }, sink) as unknown as Logger;
  const secret = "fault-secret";
  const probot = createProbot({ env: probotEnvironment(fake, { appId: fake.state.app.id, privateKey, secret }, "fatal"), overrides: { Octokit: FastClockOctokit, log } });
  let reviewer: Reviewer | undefined;
  const appFn = createApp({ now: () => NOW, log }, { onReviewer: (r) => { reviewer = r; } });
  const middleware = await createNodeMiddleware(appFn, { probot, webhooksPath: DEFAULT_WEBHOOK_PATH });
  if (!reviewer) throw new Error("the app offered no reviewer");
  const server: Server = createServer((request, response) => void middleware(request, response));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${DEFAULT_WEBHOOK_PATH}`;
  fake.createRepository({ owner: OWNER, repo: REPO });
  return {
    fake,
    logs,
    reviewer,
    deliver: async (event, id) => (await deliverWebhook({ url, secret, name: event.name, payload: event.payload, ...(id ? { id } : {}) })).status,
    stop: async () => {
      await new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); });
      await fake.stop();
    },
  };
}

beforeEach(async () => {
  unhandled.length = 0;
  process.on("unhandledRejection", onUnhandled);
  world = await startWorld();
});

afterEach(async () => {
  await world.stop();
  process.off("unhandledRejection", onUnhandled);
  expect(unhandled).toEqual([]);
  // Faults are answers GitHub can give; a request GitHub would refuse is still a bug.
  expect(world.fake.violations).toEqual([]);
});

function openRelease(manifest: string, head = "release/checkout") {
  return world.fake.openPullRequest({ owner: OWNER, repo: REPO, head, user: "dev", files: { [MANIFEST]: manifest } });
}

function checks(sha: string) {
  return Object.fromEntries(world.fake.checkRunsFor({ owner: OWNER, repo: REPO, sha }).map((r) => [r.name, r]));
}

function labels(number: number) {
  return world.fake.pullRequest({ owner: OWNER, repo: REPO, number }).labels;
}

function inject(plan: Omit<FaultPlan, "seed"> & { seed?: number }): Faults {
  const faults = new Faults({ seed: 1, ...plan });
  world.fake.faults = faults;
  return faults;
}

const UNDETERMINED = "Readiness could not be determined";

describe("faults: GitHub misbehaving, the real server, signed webhooks", () => {
  it("with 500 and 502 on a third of calls, every delivery ends in the verdict its inputs imply, or fails closed saying why", { timeout: 90_000 }, async () => {
    const prs = [openRelease(beta, "release/a"), openRelease(ready, "release/b")];
    const faults = inject({ seed: 7, serverErrors: 0.34 });
    // On a busy machine Probot may answer 202 ("still processing") after 9 s; the work goes on.
    for (const { event } of prs) expect([200, 202]).toContain(await world.deliver(event));
    await vi.waitFor(() => { for (const { pullRequest } of prs) expect(checks(pullRequest.head.sha)["Release readiness"]?.status).toBe("completed"); }, { timeout: 30_000, interval: 100 });

    const hit = faults.log.filter((e) => e.fault === "500" || e.fault === "502");
    expect(hit.length).toBeGreaterThan(1);
    for (const [index, { pullRequest }] of prs.entries()) {
      const runs = checks(pullRequest.head.sha);
      const readiness = runs["Release readiness"]!;
      expect(readiness.status).toBe("completed");
      // Either the verdict the manifest implies (beta lacks support training; b and d are ready) …
      const expected = index % 2 === 0 ? "failure" : "success";
      if (readiness.output.title !== UNDETERMINED) {
        expect(readiness.conclusion).toBe(expected);
      } else {
        // … or, when the retries ran out, a failure that says so and blocks campaigns.
        expect(readiness.conclusion).toBe("failure");
        expect(runs["Campaign gate"]).toMatchObject({ conclusion: "failure" });
        expect(readiness.output.summary).toMatch(/GitHub answered 50[02]/);
      }
    }
    // Retries happened: some call that first got a 5xx was made again and then served.
    const retried = hit.filter((e) => faults.callsTo(e.method, e.path).some((later) => later.at > e.at && later.fault === null));
    expect(retried.length).toBeGreaterThan(0);
  });

  it("when GitHub keeps failing a read, both checks fail closed saying why, and a redelivery once it recovers gives the real verdict", async () => {
    const { pullRequest, event } = openRelease(ready);
    const faults = inject({ serverErrors: 1, eligible: (call) => call.method === "GET" && call.path.endsWith("/files") });
    expect(await world.deliver(event)).toBe(200);
    // Production's retry plugin tried three more times before giving up.
    expect(faults.callsTo("GET", `/repos/${OWNER}/${REPO}/pulls/${pullRequest.number}/files`)).toHaveLength(4);
    const failed = checks(pullRequest.head.sha);
    expect(failed["Release readiness"]).toMatchObject({ conclusion: "failure", output: { title: UNDETERMINED } });
    expect(failed["Release readiness"]!.output.summary).toMatch(/GitHub answered 50[02]/);
    expect(failed["Campaign gate"]).toMatchObject({ conclusion: "failure", output: { title: "Readiness unknown: campaigns blocked" } });
    expect(world.logs.find((l) => l.msg === "readiness could not be determined")).toMatchObject({ pr: pullRequest.number, level: 50 });

    world.fake.faults = undefined;
    expect(await world.deliver(event)).toBe(200);
    expect(checks(pullRequest.head.sha)["Release readiness"]).toMatchObject({ conclusion: "success" });
  });

  it("a manifest deleted mid-flight (404 at the head although the PR lists it) leaves readiness unknown: campaigns blocked, nothing removed", async () => {
    const { pullRequest, event } = openRelease(beta);
    expect(await world.deliver(event)).toBe(200);
    const before = [...labels(pullRequest.number)];
    // The push edits the manifest: a manifest whose listed blob was read before is known by its
    // blob SHA and not read again (src/github/blob-cache.ts), so only a new blob can vanish.
    const pushed = world.fake.pushToPullRequest({ owner: OWNER, repo: REPO, number: pullRequest.number, user: "dev", files: { "src/a.ts": "export {};\n", [MANIFEST]: `${beta}# edited\n` } });
    const faults = inject({ vanishedPaths: [MANIFEST] });
    expect(await world.deliver(pushed.event)).toBe(200);

    expect(faults.log.some((e) => e.fault === "vanished")).toBe(true);
    const runs = checks(pushed.commit.sha);
    // Not an invalid manifest (a known verdict that removes labels): the app could not read it.
    expect(runs["Release readiness"]).toMatchObject({ conclusion: "failure", output: { title: UNDETERMINED } });
    expect(runs["Release readiness"]!.output.summary).toContain(`${MANIFEST} is among the PR's changed files, but GitHub answered 404 for it at ${pushed.commit.sha.slice(0, 7)}`);
    expect(runs["Campaign gate"]).toMatchObject({ conclusion: "failure", output: { title: "Readiness unknown: campaigns blocked" } });
    expect(world.logs.find((l) => l.msg === "readiness could not be determined")).toMatchObject({ pr: pullRequest.number });
    const email = world.fake.addLabel({ owner: OWNER, repo: REPO, number: pullRequest.number, label: "campaign:email", user: "marketing" });
    expect(await world.deliver(email)).toBe(200);
    // Readiness unknown removes nothing (SPEC §4): the label stays, the gate stays red.
    expect(labels(pullRequest.number)).toEqual([...before, "campaign:email"]);
    expect(checks(pushed.commit.sha)["Campaign gate"]).toMatchObject({ conclusion: "failure", output: { title: "Readiness unknown: campaigns blocked" } });

    // Once the file is readable again, a re-run gives the verdict (beta is not ready: the label goes).
    world.fake.faults = undefined;
    expect(await world.deliver(email)).toBe(200);
    expect(checks(pushed.commit.sha)["Release readiness"]!.output.title).not.toBe(UNDETERMINED);
    expect(labels(pullRequest.number)).not.toContain("campaign:email");
  });

  it("slow answers and reset connections: the delivery still ends in its verdict", async () => {
    const { pullRequest, event } = openRelease(ready);
    const faults = inject({ seed: 3, slow: 0.3, slowMs: 150, resets: 0.2 });
    expect(await world.deliver(event)).toBe(200);
    expect(faults.log.some((e) => e.fault === "slow")).toBe(true);
    const runs = checks(pullRequest.head.sha);
    const readiness = runs["Release readiness"]!;
    if (readiness.output.title === UNDETERMINED) expect(runs["Campaign gate"]).toMatchObject({ conclusion: "failure" });
    else expect(readiness.conclusion).toBe("success");
  });

  it("a secondary rate limit (403 with retry-after) on a read is retried after retry-after, and the delivery ends in its verdict", async () => {
    const { pullRequest, event } = openRelease(ready);
    let seen = 0;
    const faults = inject({ secondaryRateLimit: 1, retryAfterSeconds: 3, eligible: (call) => call.method === "GET" && call.path.endsWith("/files") && seen++ === 0 });
    expect(await world.deliver(event)).toBe(200);

    const calls = faults.callsTo("GET", `/repos/${OWNER}/${REPO}/pulls/${pullRequest.number}/files`);
    expect(calls.map((c) => c.fault)).toEqual(["secondary-rate-limit", null]);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(3 * TIME_UNIT_MS);
    expect(checks(pullRequest.head.sha)["Release readiness"]).toMatchObject({ conclusion: "success" });
    expect(checks(pullRequest.head.sha)["Campaign gate"]!.conclusion).not.toBe("failure");
    expect(world.logs.find((l) => l.msg === "GitHub secondary rate limit: retrying in 3 s")).toMatchObject({ level: 40, retryAfter: 3, attempt: 1 });
  });

  it("a 429 secondary rate limit on a write is retried after retry-after, once, not again on the retry plugin's clock", async () => {
    const { pullRequest, event } = openRelease(beta);
    let seen = 0;
    const writes = (call: { method: string; path: string }) => call.method !== "GET" && call.path.includes("/check-runs");
    const faults = inject({ secondaryRateLimit: 1, rateLimitStatus: 429, retryAfterSeconds: 5, eligible: (call) => writes(call) && seen++ === 0 });
    expect(await world.deliver(event)).toBe(200);

    const first = faults.log.find((e) => e.fault === "secondary-rate-limit")!;
    expect(first).toBeDefined();
    // Other check runs are written beside it (src/github/publish.ts), so later calls to the same
    // path are not all the retry: none is refused again, and one comes after retry-after.
    const later = faults.callsTo(first.method, first.path).filter((e) => e.at > first.at);
    expect(later.map((e) => e.fault)).toEqual(later.map(() => null));
    expect(later.some((e) => e.at - first.at >= 5 * TIME_UNIT_MS)).toBe(true);
    // The verdict the manifest implies (beta lacks its support training), not a failure to determine it.
    const runs = checks(pullRequest.head.sha);
    expect(runs["Release readiness"]).toMatchObject({ conclusion: "failure" });
    expect(runs["Release readiness"]!.output.title).not.toBe(UNDETERMINED);
    // The retried create made one run, not two: one check run per name at the head.
    const names = world.fake.checkRunsFor({ owner: OWNER, repo: REPO, sha: pullRequest.head.sha }).map((r) => r.name);
    expect(names.length).toBe(new Set(names).size);
    // Retried once: every call to that path made a run, but for the one refused.
    const created = faults.callsTo(first.method, first.path).filter((e) => e.fault === null).length;
    expect(created).toBe(faults.callsTo(first.method, first.path).length - 1);
    expect(created).toBeLessThanOrEqual(names.length);
  });

  it("a rate limit that does not lift is retried a bounded number of times, each after retry-after, then fails closed saying so", async () => {
    const { pullRequest, event } = openRelease(ready);
    const faults = inject({ secondaryRateLimit: 1, retryAfterSeconds: 2, eligible: (call) => call.method === "GET" && call.path.endsWith("/files") });
    expect(await world.deliver(event)).toBe(200);

    const calls = faults.callsTo("GET", `/repos/${OWNER}/${REPO}/pulls/${pullRequest.number}/files`);
    expect(calls.map((c) => c.fault)).toEqual(Array(1 + RATE_LIMIT_RETRIES).fill("secondary-rate-limit"));
    for (let i = 1; i < calls.length; i++) expect(calls[i]!.at - calls[i - 1]!.at).toBeGreaterThanOrEqual(2 * TIME_UNIT_MS);
    const runs = checks(pullRequest.head.sha);
    expect(runs["Release readiness"]).toMatchObject({ conclusion: "failure", output: { title: UNDETERMINED } });
    expect(runs["Release readiness"]!.output.summary).toContain("GitHub answered 403: You have exceeded a secondary rate limit");
    expect(runs["Campaign gate"]).toMatchObject({ conclusion: "failure", output: { title: "Readiness unknown: campaigns blocked" } });
    expect(world.logs.find((l) => typeof l.msg === "string" && l.msg.startsWith("GitHub secondary rate limit: giving up"))).toMatchObject({
      level: 50, msg: `GitHub secondary rate limit: giving up (after ${RATE_LIMIT_RETRIES} retries)`,
    });
  });

  it("a wait longer than the ceiling is not taken: the request fails at once and the check says why", async () => {
    const { pullRequest, event } = openRelease(ready);
    const faults = inject({ secondaryRateLimit: 1, retryAfterSeconds: RATE_LIMIT_MAX_WAIT_SECONDS + 1, eligible: (call) => call.method === "GET" && call.path.endsWith("/files") });
    expect(await world.deliver(event)).toBe(200);

    expect(faults.callsTo("GET", `/repos/${OWNER}/${REPO}/pulls/${pullRequest.number}/files`)).toHaveLength(1);
    expect(checks(pullRequest.head.sha)["Release readiness"]).toMatchObject({ conclusion: "failure", output: { title: UNDETERMINED } });
    expect(world.logs.find((l) => typeof l.msg === "string" && l.msg.startsWith("GitHub secondary rate limit: giving up"))!.msg)
      .toBe(`GitHub secondary rate limit: giving up (GitHub asked to wait ${RATE_LIMIT_MAX_WAIT_SECONDS + 1} s, more than ${RATE_LIMIT_MAX_WAIT_SECONDS} s)`);
  });

  it("the sensor: with 500 and 502 on a third of calls it still ends in its verdict; when its comment cannot be written, a redelivery finishes it with one comment", { timeout: 60_000 }, async () => {
    world.fake.createRepository({ owner: OWNER, repo: "support", files: { ".github/release-readiness.yml": sensorPolicy(`${OWNER}/${REPO}`) } });
    world.fake.commit({ owner: OWNER, repo: REPO, branch: "main", author: "dev", files: { "readiness/checkout-v2.yml": CHECKOUT_GA_PROMISED, "readiness/promises.yml": SENSOR_PROMISES } });
    const file = (title: string) => world.fake.fileIssue({ owner: OWNER, repo: "support", user: "dana", title, body: MISMATCH_ISSUE.body });
    const own = (number: number) => world.fake.commentsOn({ owner: OWNER, repo: "support", number }).filter((c) => c.user === world.fake.botLogin);

    // A third of calls fail: retried, the delivery ends in the verdict.
    const first = file(MISMATCH_ISSUE.title);
    const faults = inject({ seed: 11, serverErrors: 0.34 });
    expect(await world.deliver(first.event)).toBe(200);
    expect(faults.log.filter((e) => e.fault === "500" || e.fault === "502").length).toBeGreaterThan(0);
    expect([...first.issue.labels].sort()).toEqual(["expectation-mismatch", "expectation:email"]);
    expect(own(first.issue.number)).toHaveLength(1);

    // The comment cannot be written (every try fails): the delivery fails, the labels are on.
    const second = file("Where is the one-page checkout?");
    inject({ serverErrors: 1, eligible: (call) => call.method === "POST" && call.path === `/repos/${OWNER}/support/issues/${second.issue.number}/comments` });
    const id = randomUUID();
    expect(await world.deliver(second.event, id)).toBe(500);
    expect(own(second.issue.number)).toHaveLength(0);
    expect([...second.issue.labels].sort()).toEqual(["expectation-mismatch", "expectation:email"]);
    expect(world.logs.some((l) => l.msg === "delivery failed" && l.event === "issues.opened")).toBe(true);
    // GitHub recovers; "Redeliver" sends the same delivery id, which the app handles again.
    world.fake.faults = undefined;
    expect(await world.deliver(second.event, id)).toBe(200);
    expect([...second.issue.labels].sort()).toEqual(["expectation-mismatch", "expectation:email"]);
    expect(own(second.issue.number)).toHaveLength(1);
    expect(own(second.issue.number)[0]!.body).toContain("`checkout-v2`");
  });

  it("the weekly review: a run GitHub fails is reported and gives the week back; the next run writes the one issue", { timeout: 60_000 }, async () => {
    world.fake.commit({ owner: OWNER, repo: REPO, branch: "main", author: "dev", files: { ".github/release-readiness.yml": "digest:\n  enabled: true\n" } });
    const creates = () => world.fake.writes().filter((r) => r.operationId === "issues/create");
    // Opening the issue fails on every try: the run says so, and nothing is half written.
    inject({ serverErrors: 1, eligible: (call) => call.method === "POST" && call.path === `/repos/${OWNER}/${REPO}/issues` });
    const failed = await world.reviewer.due();
    expect(failed.written).toEqual([]);
    expect(failed.failures).toEqual([expect.objectContaining({ repo: `${OWNER}/${REPO}`, error: expect.stringMatching(/50[02]/) })]);
    expect(world.fake.state.issues.filter((i) => i.labels.includes("promise-review"))).toEqual([]);
    // With a third of calls failing, runs go on until one gets through: one issue, never two.
    inject({ seed: 5, serverErrors: 0.34 });
    const reports: Array<Awaited<ReturnType<Reviewer["due"]>>> = [];
    for (let tick = 0; tick < 5 && !reports.some((r) => r.written.length > 0); tick++) reports.push(await world.reviewer.due());
    expect(reports.at(-1)!.written).toEqual([expect.objectContaining({ week: "2026-W47", action: "created" })]);
    world.fake.faults = undefined;
    expect((await world.reviewer.due()).written).toEqual([]);
    expect(world.fake.state.issues.filter((i) => i.labels.includes("promise-review")).map((i) => i.title)).toEqual(["Promise review 2026-W47"]);
    expect(creates().filter((r) => r.status < 300)).toHaveLength(1);
  });
});

