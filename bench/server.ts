/**
 * The real server under load (docs/reliability.md): Probot's node middleware on 127.0.0.1
 * receiving signed webhooks, talking to the GitHub stand-in (in its own process, no added
 * latency) with Octokit's retries and throttling off, since the throttle is a policy, not a cost.
 *
 * The same run starts a bare Probot app that only creates one check run per delivery, on the same
 * stand-in, and alternates batches of the two so that a slow spell on a shared machine hits both
 * alike: the ratio is the figure that counts. Then the app alone takes 20,000 deliveries and its
 * resident memory is read after 10,000 and after 20,000.
 */
import { fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { createNodeMiddleware, createProbot, type ApplicationFunction } from "probot";
import { createApp } from "../src/index.js";
import { DEFAULT_WEBHOOK_PATH, SandboxOctokit, sandboxPrivateKey } from "../test/support/fake-github/server.js";
import { deliverWebhook, type SandboxWebhookEvent } from "../test/support/fake-github/webhooks.js";
import { median, type BenchModule, type BenchResult } from "./measure.js";
import type { StandInAnswer, StandInReady, StandInRequest } from "./stand-in-process.js";

const QUICK = process.argv.includes("--quick");
/** Deliveries in flight at once, each on its own PR (one PR's deliveries queue behind each other). */
const CONCURRENCY = 4;
const ROUNDS = QUICK ? 3 : 6;
const BATCH = QUICK ? 40 : 120;
const MEMORY_DELIVERIES = QUICK ? 2_000 : 20_000;
const RATIO_TARGET = 1.5;
const GROWTH_TARGET_MB = 5;
const MB = 1024 * 1024;

type Event = Pick<SandboxWebhookEvent, "name" | "payload">;
type Kind = "release" | "non-release";

/** The baseline: a Probot app that does the least a checks app can do. */
const bareApp: ApplicationFunction = (app) => {
  app.on(["pull_request.opened", "pull_request.synchronize"], async (context) => {
    await context.octokit.rest.checks.create(context.repo({ name: "Bare check", head_sha: context.payload.pull_request.head.sha, status: "completed", conclusion: "success" }));
  });
};

class StandIn {
  private nextId = 1;
  private readonly waiting = new Map<number, (answer: StandInAnswer) => void>();
  private constructor(readonly child: ChildProcess, readonly ready: StandInReady) {
    child.on("message", (message: StandInAnswer) => {
      this.waiting.get(message.id)?.(message);
      this.waiting.delete(message.id);
    });
  }

  static async start(appKey: string): Promise<StandIn> {
    const child = fork(new URL("./stand-in-process.ts", import.meta.url), [], {
      execArgv: ["--import", "tsx"],
      env: { ...process.env, BENCH_APP_KEY: appKey, BENCH_PRS: String(CONCURRENCY), BENCH_OWNERS: "acme,bare" },
    });
    const ready = await new Promise<StandInReady>((resolve, reject) => {
      child.once("message", (message: StandInReady) => resolve(message));
      child.once("exit", (code) => reject(new Error(`the stand-in exited with ${code} before it was ready`)));
    });
    return new StandIn(child, ready);
  }

  ask<K extends StandInAnswer["kind"]>(request: Omit<StandInRequest, "id">): Promise<Extract<StandInAnswer, { kind: K }>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve as (answer: StandInAnswer) => void);
      this.child.send({ ...request, id });
    });
  }

  stop(): void {
    this.child.disconnect();
  }
}

interface AppServer {
  url: string;
  secret: string;
  server: Server;
}

async function startAppServer(appFn: ApplicationFunction, standIn: StandIn, privateKey: string): Promise<AppServer> {
  const secret = randomBytes(16).toString("hex");
  const probot = createProbot({
    env: { APP_ID: String(standIn.ready.appId), PRIVATE_KEY: privateKey, WEBHOOK_SECRET: secret, GHE_HOST: standIn.ready.host, GHE_PROTOCOL: "http", LOG_LEVEL: "fatal" },
    overrides: { Octokit: SandboxOctokit },
  });
  const middleware = await createNodeMiddleware(appFn, { probot, webhooksPath: DEFAULT_WEBHOOK_PATH });
  const server = createServer((request, response) => void middleware(request, response));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${DEFAULT_WEBHOOK_PATH}`, secret, server };
}

interface Batch {
  latenciesMs: number[];
  wallMs: number;
  requests: number;
  writes: number;
}

/**
 * `count` deliveries of one kind, `CONCURRENCY` at a time, each worker on its own PR. A release
 * delivery is a `synchronize` after a fresh push, so every one is a full evaluation at a new head.
 */
async function runBatch(target: AppServer, standIn: StandIn, owner: string, kind: Kind, count: number): Promise<Batch> {
  const prs = standIn.ready.owners[owner]!;
  const latenciesMs: number[] = [];
  let left = count;
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async (_, worker) => {
    while (left > 0) {
      left--;
      const event: Event = kind === "release"
        ? (await standIn.ask<"event">({ op: "push", owner, number: prs.release[worker]! })).event
        : prs.plain[worker]!.event;
      const sent = performance.now();
      const response = await deliverWebhook({ url: target.url, secret: target.secret, name: event.name, payload: event.payload });
      latenciesMs.push(performance.now() - sent);
      if (response.status !== 200) throw new Error(`${owner} ${kind} delivery answered ${response.status}: ${response.body.slice(0, 200)}`);
    }
  }));
  const wallMs = performance.now() - started;
  const counts = await standIn.ask<"counts">({ op: "counts", owner });
  if (counts.violations.length > 0) throw new Error(`the stand-in saw requests GitHub would refuse: ${counts.violations.slice(0, 3).join("; ")}`);
  return { latenciesMs, wallMs, requests: counts.requests, writes: counts.writes };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function summarise(batches: readonly Batch[]) {
  const latencies = batches.flatMap((b) => b.latenciesMs).sort((a, b) => a - b);
  const deliveries = latencies.length;
  const wallMs = batches.reduce((sum, b) => sum + b.wallMs, 0);
  return {
    perSecond: deliveries / (wallMs / 1000),
    p50: median(latencies),
    p99: percentile(latencies, 99),
    requests: batches.reduce((sum, b) => sum + b.requests, 0) / deliveries,
    writes: batches.reduce((sum, b) => sum + b.writes, 0) / deliveries,
  };
}

function residentAfterGc(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss;
}

async function throughputAndLatency(app: AppServer, bare: AppServer, standIn: StandIn): Promise<BenchResult[]> {
  // Warm up both (token exchange, policy cache, JIT) before anything is measured.
  for (const kind of ["release", "non-release"] as const) {
    await runBatch(app, standIn, "acme", kind, CONCURRENCY * 3);
    await runBatch(bare, standIn, "bare", kind, CONCURRENCY * 3);
  }
  const results: BenchResult[] = [];
  for (const kind of ["release", "non-release"] as const) {
    const appBatches: Batch[] = [];
    const bareBatches: Batch[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      appBatches.push(await runBatch(app, standIn, "acme", kind, BATCH));
      bareBatches.push(await runBatch(bare, standIn, "bare", kind, BATCH));
    }
    const a = summarise(appBatches);
    const b = summarise(bareBatches);
    const ratio = a.p50 / b.p50;
    const n = ROUNDS * BATCH;
    results.push(
      { name: `${kind} PR events (${n}, ${CONCURRENCY} in flight): deliveries per second`, value: a.perSecond, unit: "/s" },
      { name: `${kind}: p50 handling time`, value: a.p50, unit: "ms" },
      { name: `${kind}: p99 handling time`, value: a.p99, unit: "ms" },
      { name: `${kind}: GitHub requests per delivery`, value: a.requests, unit: "req" },
      { name: `${kind}: GitHub writes per delivery`, value: a.writes, unit: "writes" },
      { name: `bare app, ${kind} events: deliveries per second`, value: b.perSecond, unit: "/s" },
      { name: `bare app, ${kind}: p50 / p99 handling time`, value: b.p50, unit: `ms (p99 ${b.p99.toFixed(1)} ms)` },
      { name: `bare app, ${kind}: GitHub requests per delivery`, value: b.requests, unit: "req" },
      {
        name: `${kind}: p50 ratio to the bare app`,
        value: ratio,
        unit: "x",
        ...(kind === "release" ? { target: `≤ ${RATIO_TARGET}x`, pass: ratio <= RATIO_TARGET } : {}),
      },
      { name: `${kind}: throughput ratio (bare / app)`, value: b.perSecond / a.perSecond, unit: "x" },
    );
  }
  return results;
}

async function memoryUnderLoad(app: AppServer, standIn: StandIn): Promise<BenchResult[]> {
  const half = MEMORY_DELIVERIES / 2;
  const step = 500;
  const before = residentAfterGc();
  let atHalf = 0;
  for (let done = 0; done < MEMORY_DELIVERIES; done += step) {
    // Half release events (a new head each), half non-release.
    await runBatch(app, standIn, "acme", "release", step / 2);
    await runBatch(app, standIn, "acme", "non-release", step / 2);
    if (done + step === half) atHalf = residentAfterGc();
  }
  const atEnd = residentAfterGc();
  const growth = (atEnd - atHalf) / MB;
  const gc = typeof (globalThis as { gc?: unknown }).gc === "function" ? "after gc" : "no --expose-gc";
  return [
    { name: `resident memory before the run (${gc})`, value: before / MB, unit: "MB" },
    { name: `resident memory after ${MEMORY_DELIVERIES.toLocaleString("en-US")} deliveries`, value: atEnd / MB, unit: "MB" },
    { name: `growth over the last ${half.toLocaleString("en-US")} deliveries`, value: growth, unit: "MB", target: `< ${GROWTH_TARGET_MB} MB`, pass: growth < GROWTH_TARGET_MB },
    { name: "heap used at the end", value: process.memoryUsage().heapUsed / MB, unit: "MB" },
  ];
}

export const bench: BenchModule = {
  title: "server under load",
  async run(): Promise<BenchResult[]> {
    const privateKey = sandboxPrivateKey();
    const standIn = await StandIn.start(privateKey);
    const app = await startAppServer(createApp(), standIn, privateKey);
    const bare = await startAppServer(bareApp, standIn, privateKey);
    try {
      const latency = await throughputAndLatency(app, bare, standIn);
      bare.server.close();
      return [...latency, ...(await memoryUnderLoad(app, standIn))];
    } finally {
      for (const server of [app.server, bare.server]) {
        server.close();
        server.closeAllConnections();
      }
      standIn.stop();
    }
  },
};
