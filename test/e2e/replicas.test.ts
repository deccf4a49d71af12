/**
 * Two replicas of the hosted app as users run them (docs/reference/running.md#scaling): two
 * separate `npm start` processes (src/probot-run.ts on src/index.ts, through tsx) sharing one real
 * Redis and one GitHub stand-in, webhooks signed and sent over 127.0.0.1.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SUMMARY_MARKER } from "../../src/domain/report/summary-comment.js";
import { REPO_ROOT } from "../cli/cli-harness.js";
import { eventually } from "../support/coordination.js";
import { FakeGitHub } from "../support/fake-github/fake-github.js";
import { probotEnvironment, sandboxPrivateKey } from "../support/fake-github/server.js";
import { deliverWebhook, type SandboxWebhookEvent } from "../support/fake-github/webhooks.js";
import { freePort, startRedisServer, type RedisServer } from "../support/redis-server.js";

const OWNER = "acme";
const REPO = "shop";
const beta = readFileSync(new URL("../../readiness/examples/checkout-v2.yml", import.meta.url), "utf8");

interface Replica {
  url: string;
  child: ChildProcess;
  output: string[];
  exited: boolean;
}

let redis: RedisServer;
let fake: FakeGitHub;
let secret: string;
const replicas: Replica[] = [];

async function startReplica(): Promise<Replica> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...probotEnvironment(fake, { appId: fake.state.app.id, privateKey: sandboxPrivateKey(), secret }, "warn"),
    PORT: String(port),
    HOST: "127.0.0.1",
    REDIS_URL: redis.url,
    SWEEP_INTERVAL_MINUTES: "0",
    NODE_ENV: "production",
    LOG_FORMAT: "json" as const,
  };
  const child = spawn(process.execPath, ["--import", "tsx", "src/probot-run.ts", "src/index.ts"], { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const replica: Replica = { url: `http://127.0.0.1:${port}`, child, output: [], exited: false };
  child.stdout?.on("data", (chunk: Buffer) => replica.output.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => replica.output.push(chunk.toString()));
  child.once("exit", () => (replica.exited = true));
  await eventually(async () => (await fetch(`${replica.url}/ping`).catch(() => undefined))?.ok, 60_000, 200);
  return replica;
}

const deliver = (replica: Replica, event: Pick<SandboxWebhookEvent, "name" | "payload" | "id">) =>
  deliverWebhook({ url: `${replica.url}/api/github/webhooks`, secret, name: event.name, payload: event.payload, id: event.id });

beforeAll(async () => {
  redis = await startRedisServer();
  fake = await FakeGitHub.start({ appKey: sandboxPrivateKey(), validateResponses: true });
  secret = randomBytes(16).toString("hex");
  fake.createRepository({ owner: OWNER, repo: REPO });
  replicas.push(...(await Promise.all([startReplica(), startReplica()])));
}, 120_000);

afterAll(async () => {
  for (const replica of replicas) replica.child.kill("SIGTERM");
  await fake?.stop();
  await redis?.stop();
});

const runsAt = (sha: string) => fake.checkRunsFor({ owner: OWNER, repo: REPO, sha });
const summaryComments = (number: number) => fake.commentsOn({ owner: OWNER, repo: REPO, number }).filter((c) => c.body.startsWith(SUMMARY_MARKER));
/** Resolves once the stand-in has had no request for a while: every handling has finished. */
async function quiet(forMs = 2_000): Promise<void> {
  let seen = -1;
  await eventually(() => {
    const now = fake.requests.length;
    const settled = now === seen;
    seen = now;
    return settled;
  }, 120_000, forMs);
}

const filesReads = (number: number) => fake.requests.filter((r) => r.method === "GET" && r.path.startsWith(`/repos/${OWNER}/${REPO}/pulls/${number}/files`)).length;

describe("two replicas, one Redis, one GitHub", () => {
  it("20 concurrent deliveries split across both leave one run per name and SHA, one comment, no duplicate label; Redis lost and back", async () => {
    const { pullRequest, event } = fake.openPullRequest({ owner: OWNER, repo: REPO, head: "release/checkout", user: "dev", files: { "readiness/checkout-v2.yml": beta } });
    const [a, b] = replicas as [Replica, Replica];
    // 18 deliveries of the PR's events with ids of their own, alternating replicas, and one id sent to both.
    const deliveries = Array.from({ length: 18 }, (_, i) => deliver(i % 2 === 0 ? a : b, { ...event, id: `delivery-${i}` }));
    deliveries.push(deliver(a, { ...event, id: "same-id" }), deliver(b, { ...event, id: "same-id" }));
    const answers = await Promise.all(deliveries);
    expect(answers.map((r) => r.status).every((s) => s === 200 || s === 202)).toBe(true);
    // Probot answers 202 when handling takes longer than GitHub waits; let the handling finish.
    await eventually(() => runsAt(pullRequest.head.sha).length >= 3 && summaryComments(pullRequest.number).length >= 1, 60_000);
    await quiet();

    const names = runsAt(pullRequest.head.sha).map((r) => r.name).sort();
    expect(names).toEqual(["Campaign gate", "Release notes", "Release readiness"]);
    expect(summaryComments(pullRequest.number)).toHaveLength(1);
    expect(fake.pullRequest({ owner: OWNER, repo: REPO, number: pullRequest.number }).labels).toEqual(["release:beta"]);
    expect(fake.violations).toEqual([]);

    // One delivery id at both replicas at once is handled once: one read of the PR's files.
    const readsBefore = filesReads(pullRequest.number);
    await Promise.all([deliver(a, { ...event, id: "twice" }), deliver(b, { ...event, id: "twice" })]);
    await quiet();
    expect(filesReads(pullRequest.number) - readsBefore).toBe(1);

    // Redis stops: a campaign label that the release may not carry is added. Nothing crashes, the
    // checks fail saying why, the label stays (campaigns blocked, nothing removed).
    await redis.stop();
    const labeled = fake.addLabel({ owner: OWNER, repo: REPO, number: pullRequest.number, label: "campaign:email", user: "marketing" });
    const down = await Promise.all([deliver(a, labeled), deliver(b, { ...labeled, id: `${labeled.id}-b` })]);
    expect(down.map((r) => r.status).every((s) => s === 200 || s === 202)).toBe(true);
    const gateOf = () => runsAt(pullRequest.head.sha).find((r) => r.name === "Campaign gate");
    const failedClosed = await eventually(() => gateOf()?.conclusion === "failure" && gateOf(), 60_000);
    expect(failedClosed.output.summary).toContain("is unavailable, so this replica cannot know whether another one is working on the same pull request");
    expect(runsAt(pullRequest.head.sha).find((r) => r.name === "Release readiness")).toMatchObject({ conclusion: "failure" });
    expect(fake.pullRequest({ owner: OWNER, repo: REPO, number: pullRequest.number }).labels).toContain("campaign:email");
    expect(replicas.every((r) => !r.exited), replicas.map((r) => r.output.join("")).join("\n")).toBe(true);

    // Redis is back: the next delivery is handled as usual (the label goes, the gate says why).
    await redis.start();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await deliver(b, { ...labeled, id: `${labeled.id}-after` });
    await eventually(() => !fake.pullRequest({ owner: OWNER, repo: REPO, number: pullRequest.number }).labels.includes("campaign:email"), 60_000);
    await eventually(() => gateOf()?.conclusion === "success", 30_000);
    expect(gateOf()!.output.summary).toContain("removed from the PR");

    const finalNames = runsAt(pullRequest.head.sha).map((r) => r.name).sort();
    expect(finalNames).toEqual(["Campaign gate", "Release notes", "Release readiness"]);
    expect(summaryComments(pullRequest.number)).toHaveLength(1);
    expect(fake.violations).toEqual([]);
    expect(replicas.every((r) => !r.exited)).toBe(true);
  }, 240_000);
});
