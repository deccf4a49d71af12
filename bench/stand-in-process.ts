/**
 * The GitHub stand-in in a process of its own, driven over IPC by bench/server.ts. It runs apart
 * from the app so that the app's resident memory is the app's alone, and so that the stand-in's
 * request validation (OpenAPI, on every call) does not share the app's event loop.
 *
 * Messages in: `{ id, op: "push" | "counts", ... }`; every answer carries the same `id`.
 */
import { readFileSync } from "node:fs";
import { FakeGitHub } from "../test/support/fake-github/fake-github.js";
import type { SandboxWebhookEvent } from "../test/support/fake-github/webhooks.js";

export interface StandInReady {
  kind: "ready";
  host: string;
  appId: number;
  /** Per owner: release PR numbers and non-release PR numbers with their `opened` events. */
  owners: Record<string, { release: number[]; plain: Array<{ number: number; event: Pick<SandboxWebhookEvent, "name" | "payload"> }> }>;
}

export type StandInRequest =
  | { id: number; op: "push"; owner: string; number: number }
  | { id: number; op: "counts"; owner: string };

export type StandInAnswer =
  | { id: number; kind: "event"; event: Pick<SandboxWebhookEvent, "name" | "payload"> }
  | { id: number; kind: "counts"; requests: number; writes: number; violations: string[] };

const REPO = "shop";
const PRS_PER_OWNER = Number(process.env.BENCH_PRS ?? 8);
const OWNERS = (process.env.BENCH_OWNERS ?? "acme,bare").split(",");
const manifest = readFileSync(new URL("../readiness/examples/checkout-v2.yml", import.meta.url), "utf8");

const fake = await FakeGitHub.start({ appKey: process.env.BENCH_APP_KEY!, validateResponses: false });
const owners: StandInReady["owners"] = {};
for (const owner of OWNERS) {
  fake.createRepository({ owner, repo: REPO });
  const release: number[] = [];
  const plain: StandInReady["owners"][string]["plain"] = [];
  for (let i = 0; i < PRS_PER_OWNER; i++) {
    release.push(fake.openPullRequest({ owner, repo: REPO, head: `release-${i}`, user: "dev", files: { [`readiness/checkout-v${i}.yml`]: manifest.replace("release: checkout-v2", `release: checkout-v${i}`) } }).pullRequest.number);
    const files = Object.fromEntries(Array.from({ length: 20 }, (_, f) => [`src/f${f}.ts`, `export const v = ${f};\n`]));
    const opened = fake.openPullRequest({ owner, repo: REPO, head: `feature-${i}`, user: "dev", files });
    plain.push({ number: opened.pullRequest.number, event: { name: opened.event.name, payload: opened.event.payload } });
  }
  owners[owner] = { release, plain };
}
fake.resetRecording();

let pushes = 0;
process.on("message", (message: StandInRequest) => {
  if (message.op === "push") {
    pushes++;
    const pushed = fake.pushToPullRequest({ owner: message.owner, repo: REPO, number: message.number, user: "dev", files: { "src/counter.ts": `export const n = ${pushes};\n` } });
    fake.takeEmittedEvents();
    send({ id: message.id, kind: "event", event: { name: pushed.event.name, payload: pushed.event.payload } });
    return;
  }
  const prefix = `/repos/${message.owner}/`;
  const calls = fake.requests.filter((r) => r.path.startsWith(prefix));
  const answer: StandInAnswer = {
    id: message.id,
    kind: "counts",
    requests: calls.length,
    writes: calls.filter((r) => r.method !== "GET").length,
    violations: fake.violations.map((v) => `${v.kind} ${v.method} ${v.path}: ${v.message}`),
  };
  // The recording would otherwise grow with every delivery of a 20,000-delivery run.
  fake.resetRecording();
  send(answer);
});

function send(message: StandInAnswer | StandInReady): void {
  process.send!(message);
}

send({ kind: "ready", host: fake.host, appId: fake.state.app.id, owners });
process.on("disconnect", () => void fake.stop().then(() => process.exit(0)));
