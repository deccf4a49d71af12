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
import { createNodeMiddleware, createProbot, type ApplicationFunction, type ProbotOctokit } from "probot";
import { createApp } from "../src/index.js";
import { DEFAULT_WEBHOOK_PATH, SandboxOctokit, sandboxPrivateKey } from "../test/support/fake-github/server.js";
import { median, type BenchModule, type BenchResult } from "./measure.js";
import type { BatchAnswer, BatchRequest, EventKind, StandInReady } from "./stand-in-process.js";

const QUICK = process.argv.includes("--quick");
/** Deliveries in flight at once, each on its own PR (one PR's deliveries queue behind each other). */
const CONCURRENCY = 4;
const ROUNDS = QUICK ? 3 : 5;
const BATCH = QUICK ? 40 : 100;
const MEMORY_DELIVERIES = QUICK ? 2_000 : 20_000;
/** One delivery in this many of the memory run is a release event, the rest touch no manifest. */
const MEMORY_RELEASE_SHARE = 10;
const RATIO_TARGET = 1.5;
const GROWTH_TARGET_MB = 5;
const MB = 1024 * 1024;
const OWNERS = { app: "acme", bare: "bare", mimic: "mimic", floor: "floor", minimum: "minimum" } as const;

/** The baseline: a Probot app that does the least a checks app can do. */
const bareApp: ApplicationFunction = (app) => {
  app.on(["pull_request.opened", "pull_request.synchronize"], async (context) => {
    await context.octokit.rest.checks.create(context.repo({ name: "Bare check", head_sha: context.payload.pull_request.head.sha, status: "completed", conclusion: "success" }));
  });
};

/**
 * A diagnostic second baseline: the same GitHub requests the app makes for these events (one page
 * of files; for a release event the PR, the check runs at the head and at the previous head, the
 * manifest, the event catalog, three check runs), one after another, with no decision in between.
 * The app's time over this one is what its own work costs; this one's over the bare app's is what
 * the requests cost.
 */
const sameRequestsApp: ApplicationFunction = (app) => {
  app.on(["pull_request.opened", "pull_request.synchronize"], async (context) => {
    const rest = context.octokit.rest;
    const files = await rest.pulls.listFiles(context.repo({ pull_number: context.payload.pull_request.number, per_page: 100 }));
    const manifest = files.data.find((f) => f.filename.startsWith("readiness/"));
    if (!manifest) return;
    const head = context.payload.pull_request.head.sha;
    await rest.pulls.get(context.repo({ pull_number: context.payload.pull_request.number }));
    await rest.checks.listForRef(context.repo({ ref: head, per_page: 100 }));
    if ("before" in context.payload) await rest.checks.listForRef(context.repo({ ref: context.payload.before, per_page: 100 }));
    await rest.repos.getContent(context.repo({ path: manifest.filename, ref: head }));
    await rest.repos.getContent(context.repo({ path: "readiness/events.yml", ref: head })).catch(() => undefined);
    for (const name of ["Release readiness", "Campaign gate", "Release notes"]) {
      await rest.checks.create(context.repo({ name, head_sha: head, status: "completed", conclusion: "neutral", output: { title: name, summary: "Same requests, no decision." } }));
    }
  });
};

/**
 * The floor the product contract sets, with no logic at all: the reads SPEC.md requires for a push
 * to a release PR whose manifest is unchanged, each round as parallel as its data allows. The file
 * list says whether it is a release PR (§4: nothing more for one that is not); then side by side
 * the live PR (the latest labels and head, §4 "the state that the latest inputs imply"), the check
 * runs at the head (a redelivery writes nothing, §4), those at the previous head (waivers and
 * sign-offs carry over to new commits, §2) and the event catalog at the head (events must be in the
 * catalog after the PR, §1.4); then one write per check (§4), all three at once. No app that keeps
 * the contract over REST can make fewer requests in fewer rounds, so this one's time over the bare
 * app's is the least ratio any such app can reach (docs/reliability.md#the-floor-the-contract-sets).
 */
const contractFloorApp: ApplicationFunction = (app) => {
  app.on(["pull_request.opened", "pull_request.synchronize"], async (context) => {
    const rest = context.octokit.rest;
    const number = context.payload.pull_request.number;
    const files = await rest.pulls.listFiles(context.repo({ pull_number: number, per_page: 100 }));
    if (!files.data.some((f) => f.filename.startsWith("readiness/"))) return;
    const head = context.payload.pull_request.head.sha;
    await Promise.all([
      rest.pulls.get(context.repo({ pull_number: number })),
      rest.checks.listForRef(context.repo({ ref: head, per_page: 100 })),
      "before" in context.payload ? rest.checks.listForRef(context.repo({ ref: context.payload.before, per_page: 100 })) : undefined,
      rest.repos.getContent(context.repo({ path: "readiness/events.yml", ref: head })).catch(() => undefined),
    ]);
    await writeThreeChecks(context.octokit, context.repo({ head_sha: head }));
  });
};

/**
 * Below the floor: the least §4's request budget allows in its own words, dropping the reads that
 * other sections require (the live PR, the carried ledger, the catalog). The file list, the check
 * runs at the head, three writes at once: five requests. Shown to say how far below the issue's
 * target even an app that broke the contract would stay.
 */
const budgetMinimumApp: ApplicationFunction = (app) => {
  app.on(["pull_request.opened", "pull_request.synchronize"], async (context) => {
    const rest = context.octokit.rest;
    const files = await rest.pulls.listFiles(context.repo({ pull_number: context.payload.pull_request.number, per_page: 100 }));
    if (!files.data.some((f) => f.filename.startsWith("readiness/"))) return;
    const head = context.payload.pull_request.head.sha;
    await rest.checks.listForRef(context.repo({ ref: head, per_page: 100 }));
    await writeThreeChecks(context.octokit, context.repo({ head_sha: head }));
  });
};

async function writeThreeChecks(octokit: ProbotOctokit, at: { owner: string; repo: string; head_sha: string }): Promise<void> {
  await Promise.all(["Release readiness", "Campaign gate", "Release notes"].map((name) =>
    octokit.rest.checks.create({ ...at, name, status: "completed", conclusion: "neutral", output: { title: name, summary: "The floor: no decision." } })));
}

class StandIn {
  private nextId = 1;
  private readonly waiting = new Map<number, (answer: BatchAnswer) => void>();
  private constructor(readonly child: ChildProcess, readonly ready: StandInReady) {
    child.on("message", (message: BatchAnswer) => {
      this.waiting.get(message.id)?.(message);
      this.waiting.delete(message.id);
    });
  }

  static async start(appKey: string): Promise<StandIn> {
    const child = fork(new URL("./stand-in-process.ts", import.meta.url), [], {
      execArgv: ["--import", "tsx"],
      env: { ...process.env, BENCH_APP_KEY: appKey, BENCH_PRS: String(CONCURRENCY), BENCH_OWNERS: Object.values(OWNERS).join(",") },
    });
    const ready = await new Promise<StandInReady>((resolve, reject) => {
      child.once("message", (message: StandInReady) => resolve(message));
      child.once("exit", (code) => reject(new Error(`the stand-in exited with ${code} before it was ready`)));
    });
    return new StandIn(child, ready);
  }

  /** Runs a batch of deliveries from the stand-in's side and checks that each was answered 200 with no refused request. */
  async batch(target: AppServer, kind: EventKind, count: number): Promise<BatchAnswer> {
    const id = this.nextId++;
    const request: BatchRequest = { id, op: "batch", url: target.url, secret: target.secret, owner: target.owner, kind, count, concurrency: CONCURRENCY };
    const answer = await new Promise<BatchAnswer>((resolve) => {
      this.waiting.set(id, resolve);
      this.child.send(request);
    });
    // 202 is Probot's "still processing" after 9 s: a figure to report (a busy machine), not a
    // broken run. Anything else is.
    if (answer.failures > 0 && !answer.firstFailure?.startsWith("202")) throw new Error(`${answer.failures} ${target.owner} ${kind} deliveries failed; the first answered ${answer.firstFailure}`);
    if (answer.violations.length > 0) throw new Error(`the stand-in saw requests GitHub would refuse: ${answer.violations.slice(0, 3).join("; ")}`);
    return answer;
  }

  stop(): void {
    this.child.disconnect();
  }
}

interface AppServer {
  owner: string;
  url: string;
  secret: string;
  server: Server;
}

async function startAppServer(appFn: ApplicationFunction, owner: string, standIn: StandIn, privateKey: string): Promise<AppServer> {
  const secret = randomBytes(16).toString("hex");
  const probot = createProbot({
    env: { APP_ID: String(standIn.ready.appId), PRIVATE_KEY: privateKey, WEBHOOK_SECRET: secret, GHE_HOST: standIn.ready.host, GHE_PROTOCOL: "http", LOG_LEVEL: "fatal" },
    overrides: { Octokit: SandboxOctokit },
  });
  const middleware = await createNodeMiddleware(appFn, { probot, webhooksPath: DEFAULT_WEBHOOK_PATH });
  const server = createServer((request, response) => void middleware(request, response));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return { owner, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${DEFAULT_WEBHOOK_PATH}`, secret, server };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

type Summary = ReturnType<typeof summarise>;

function summarise(batches: readonly BatchAnswer[]) {
  const latencies = batches.flatMap((b) => b.latenciesMs).sort((a, b) => a - b);
  const deliveries = latencies.length;
  const wallMs = batches.reduce((sum, b) => sum + b.wallMs, 0);
  return {
    perSecond: deliveries / (wallMs / 1000),
    late: batches.reduce((sum, b) => sum + b.failures, 0),
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

type Servers = Record<keyof typeof OWNERS, AppServer>;

async function throughputAndLatency(servers: Servers, standIn: StandIn): Promise<BenchResult[]> {
  // The floors differ from the bare app only on release events, so they take only those.
  const orders = {
    release: [servers.app, servers.bare, servers.mimic, servers.floor, servers.minimum],
    "non-release": [servers.app, servers.bare, servers.mimic],
  } as const;
  // Warm up every app (token exchange, policy cache, JIT) before anything is measured.
  for (const kind of ["release", "non-release"] as const) for (const server of orders[kind]) await standIn.batch(server, kind, CONCURRENCY * 5);
  const results: BenchResult[] = [];
  for (const kind of ["release", "non-release"] as const) {
    const order = orders[kind];
    const batches = new Map<AppServer, BatchAnswer[]>(order.map((server) => [server, []]));
    // Alternate them so that a slow spell on the machine hits each alike.
    for (let round = 0; round < ROUNDS; round++) for (const server of order) batches.get(server)!.push(await standIn.batch(server, kind, BATCH));
    const [a, b, m] = order.map((server) => summarise(batches.get(server)!)) as [Summary, Summary, Summary];
    const ratio = a.p50 / b.p50;
    results.push(
      { name: `${kind} PR events (${ROUNDS * BATCH}, ${CONCURRENCY} in flight): deliveries per second`, value: a.perSecond, unit: "/s" },
      { name: `${kind}: p50 handling time`, value: a.p50, unit: "ms" },
      { name: `${kind}: p99 handling time`, value: a.p99, unit: "ms" },
      { name: `${kind}: answered 202 (still processing after 9 s)`, value: a.late, unit: "", target: "0", pass: a.late === 0 },
      { name: `${kind}: GitHub requests per delivery`, value: a.requests, unit: "req" },
      { name: `${kind}: GitHub writes per delivery`, value: a.writes, unit: "writes" },
      { name: `bare app, ${kind}: deliveries per second`, value: b.perSecond, unit: "/s" },
      { name: `bare app, ${kind}: p50 handling time`, value: b.p50, unit: `ms (p99 ${b.p99.toFixed(1)} ms)` },
      { name: `bare app, ${kind}: GitHub requests per delivery`, value: b.requests, unit: "req" },
      {
        name: `${kind}: p50 ratio to the bare app`,
        value: ratio,
        unit: "x",
        ...(kind === "release" ? { target: `≤ ${RATIO_TARGET}x`, pass: ratio <= RATIO_TARGET } : {}),
      },
      { name: `${kind}: throughput ratio (bare / app)`, value: b.perSecond / a.perSecond, unit: "x" },
      { name: `same requests, no logic, ${kind}: p50 handling time (${m.requests.toFixed(1)} req)`, value: m.p50, unit: `ms (p99 ${m.p99.toFixed(1)} ms)` },
      { name: `${kind}: p50 ratio to the same requests with no logic`, value: a.p50 / m.p50, unit: "x" },
    );
    if (kind === "release") results.push(...floorResults(a, b, summarise(batches.get(servers.floor)!), summarise(batches.get(servers.minimum)!)));
  }
  return results;
}

/** The floors against the bare app, and the app against the contract's floor (see contractFloorApp). */
function floorResults(app: Summary, bare: Summary, floor: Summary, minimum: Summary): BenchResult[] {
  return [
    { name: `contract floor, no logic, release: p50 handling time (${floor.requests.toFixed(1)} req, ${floor.writes.toFixed(1)} writes)`, value: floor.p50, unit: `ms (p99 ${floor.p99.toFixed(1)} ms)` },
    { name: "release: the contract floor's p50 ratio to the bare app (the least any app keeping SPEC.md can reach)", value: floor.p50 / bare.p50, unit: "x" },
    { name: "release: p50 ratio to the contract floor", value: app.p50 / floor.p50, unit: "x" },
    { name: `budget minimum, no logic, release: p50 handling time (${minimum.requests.toFixed(1)} req, ${minimum.writes.toFixed(1)} writes)`, value: minimum.p50, unit: `ms (p99 ${minimum.p99.toFixed(1)} ms)` },
    { name: "release: the budget minimum's p50 ratio to the bare app", value: minimum.p50 / bare.p50, unit: "x" },
  ];
}

async function memoryUnderLoad(app: AppServer, standIn: StandIn): Promise<BenchResult[]> {
  const half = MEMORY_DELIVERIES / 2;
  const step = 500;
  const before = residentAfterGc();
  let atHalf = 0;
  let heapAtHalf = 0;
  for (let done = 0; done < MEMORY_DELIVERIES; done += step) {
    await standIn.batch(app, "release", step / MEMORY_RELEASE_SHARE);
    await standIn.batch(app, "non-release", step - step / MEMORY_RELEASE_SHARE);
    if (done + step === half) {
      atHalf = residentAfterGc();
      heapAtHalf = process.memoryUsage().heapUsed;
    }
  }
  const atEnd = residentAfterGc();
  const growth = (atEnd - atHalf) / MB;
  const gc = typeof (globalThis as { gc?: unknown }).gc === "function" ? "after gc" : "no --expose-gc";
  return [
    { name: `resident memory before the run (${gc})`, value: before / MB, unit: "MB" },
    { name: `resident memory after ${MEMORY_DELIVERIES.toLocaleString("en-US")} deliveries (1 in ${MEMORY_RELEASE_SHARE} a release event)`, value: atEnd / MB, unit: "MB" },
    { name: `growth over the last ${half.toLocaleString("en-US")} deliveries`, value: growth, unit: "MB", target: `< ${GROWTH_TARGET_MB} MB`, pass: growth < GROWTH_TARGET_MB },
    // Resident memory also moves with the allocator and with buffers outside the heap; the heap's
    // growth says whether JavaScript objects are being kept.
    { name: "heap used at the end", value: process.memoryUsage().heapUsed / MB, unit: "MB" },
    { name: `heap growth over the last ${half.toLocaleString("en-US")} deliveries`, value: (process.memoryUsage().heapUsed - heapAtHalf) / MB, unit: "MB" },
  ];
}

export const bench: BenchModule = {
  title: "server under load",
  async run(): Promise<BenchResult[]> {
    const privateKey = sandboxPrivateKey();
    const standIn = await StandIn.start(privateKey);
    const servers = {
      app: await startAppServer(createApp(), OWNERS.app, standIn, privateKey),
      bare: await startAppServer(bareApp, OWNERS.bare, standIn, privateKey),
      mimic: await startAppServer(sameRequestsApp, OWNERS.mimic, standIn, privateKey),
      floor: await startAppServer(contractFloorApp, OWNERS.floor, standIn, privateKey),
      minimum: await startAppServer(budgetMinimumApp, OWNERS.minimum, standIn, privateKey),
    };
    try {
      const latency = await throughputAndLatency(servers, standIn);
      return [...latency, ...(await memoryUnderLoad(servers.app, standIn))];
    } finally {
      for (const { server } of Object.values(servers)) {
        server.close();
        server.closeAllConnections();
      }
      standIn.stop();
    }
  },
};
