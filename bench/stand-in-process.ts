/**
 * The GitHub stand-in in a process of its own, driven over IPC by bench/server.ts: it serves the
 * REST API and, like GitHub, sends the webhooks and times the app's answers. It runs apart from
 * the app so that the app's resident memory and CPU are the app's alone: the stand-in's request
 * validation (OpenAPI, on every call) and the signing of deliveries do not share its event loop.
 *
 * Messages in: `{ id, op: "batch" | "counts", ... }`; every answer carries the same `id`.
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { FakeGitHub } from "../test/support/fake-github/fake-github.js";
import { deliverWebhook, type SandboxWebhookEvent } from "../test/support/fake-github/webhooks.js";

export interface StandInReady {
  kind: "ready";
  host: string;
  appId: number;
}

export type EventKind = "release" | "non-release";

/** `count` deliveries of one kind to `url`, `concurrency` at a time, each worker on its own PR. */
export interface BatchRequest {
  id: number;
  op: "batch";
  url: string;
  secret: string;
  owner: string;
  kind: EventKind;
  count: number;
  concurrency: number;
}

export interface BatchAnswer {
  id: number;
  kind: "batch";
  latenciesMs: number[];
  wallMs: number;
  /** Requests and writes the app made to the owner's repository during the batch. */
  requests: number;
  writes: number;
  violations: string[];
  /** Deliveries the app did not answer 200, with the first answer. */
  failures: number;
  firstFailure?: string;
}

type Event = Pick<SandboxWebhookEvent, "name" | "payload">;

const REPO = "shop";
const PRS_PER_OWNER = Number(process.env.BENCH_PRS ?? 8);
const OWNERS = (process.env.BENCH_OWNERS ?? "acme,bare").split(",");
const manifest = readFileSync(new URL("../readiness/examples/checkout-v2.yml", import.meta.url), "utf8");

const fake = await FakeGitHub.start({ appKey: process.env.BENCH_APP_KEY!, validateResponses: false });
const owners: Record<string, { release: number[]; plain: Event[] }> = {};
for (const owner of OWNERS) {
  fake.createRepository({ owner, repo: REPO });
  const release: number[] = [];
  const plain: Event[] = [];
  for (let i = 0; i < PRS_PER_OWNER; i++) {
    release.push(fake.openPullRequest({ owner, repo: REPO, head: `release-${i}`, user: "dev", files: { [`readiness/checkout-v${i}.yml`]: manifest.replace("release: checkout-v2", `release: checkout-v${i}`) } }).pullRequest.number);
    const files = Object.fromEntries(Array.from({ length: 20 }, (_, f) => [`src/f${f}.ts`, `export const v = ${f};\n`]));
    const opened = fake.openPullRequest({ owner, repo: REPO, head: `feature-${i}`, user: "dev", files });
    plain.push({ name: opened.event.name, payload: opened.event.payload });
  }
  owners[owner] = { release, plain };
}
fake.resetRecording();

let pushes = 0;

/**
 * A release delivery is a `synchronize` after a fresh push, so each one is a full evaluation at a
 * new head; a non-release delivery is the same `opened` event of a PR that touches no manifest.
 */
async function runBatch(batch: BatchRequest): Promise<BatchAnswer> {
  const prs = owners[batch.owner]!;
  const latenciesMs: number[] = [];
  let left = batch.count;
  let failures = 0;
  let firstFailure: string | undefined;
  const started = performance.now();
  await Promise.all(Array.from({ length: batch.concurrency }, async (_, worker) => {
    while (left > 0) {
      left--;
      let event: Event = prs.plain[worker % prs.plain.length]!;
      if (batch.kind === "release") {
        const pushed = fake.pushToPullRequest({ owner: batch.owner, repo: REPO, number: prs.release[worker % prs.release.length]!, user: "dev", files: { "src/counter.ts": `export const n = ${++pushes};\n` } });
        fake.takeEmittedEvents();
        event = pushed.event;
      }
      const sent = performance.now();
      const response = await deliverWebhook({ url: batch.url, secret: batch.secret, name: event.name, payload: event.payload });
      latenciesMs.push(performance.now() - sent);
      if (response.status !== 200) {
        failures++;
        firstFailure ??= `${response.status}: ${response.body.slice(0, 200)}`;
      }
    }
  }));
  const wallMs = performance.now() - started;
  const prefix = `/repos/${batch.owner}/`;
  const calls = fake.requests.filter((r) => r.path.startsWith(prefix));
  const answer: BatchAnswer = {
    id: batch.id,
    kind: "batch",
    latenciesMs,
    wallMs,
    requests: calls.length,
    writes: calls.filter((r) => r.method !== "GET").length,
    violations: fake.violations.map((v) => `${v.kind} ${v.method} ${v.path}: ${v.message}`),
    failures,
    ...(firstFailure ? { firstFailure } : {}),
  };
  // The recording would otherwise grow with every delivery of a 20,000-delivery run.
  fake.resetRecording();
  return answer;
}

process.on("message", (message: BatchRequest) => {
  void runBatch(message).then(send);
});

function send(message: BatchAnswer | StandInReady): void {
  process.send!(message);
}

send({ kind: "ready", host: fake.host, appId: fake.state.app.id });
process.on("disconnect", () => void fake.stop().then(() => process.exit(0)));
