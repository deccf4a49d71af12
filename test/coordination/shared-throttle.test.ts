/**
 * Probot's shared rate limiting through a real Redis that comes and goes: GitHub requests must
 * keep flowing (rate limited per replica) while Redis is away, and be shared again when it returns.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import { ProbotOctokit } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSharedThrottle, type SharedThrottle } from "../../src/coordination/shared-throttle.js";
import { eventually, recordingLog } from "../support/coordination.js";
import { freePort, startRedisServer, type RedisServer } from "../support/redis-server.js";

const CLIENT = { commandTimeoutMs: 1_500, connectTimeoutMs: 1_500, reconnectStepMs: 100, reconnectMaxMs: 300 };
type OctokitOptions = NonNullable<ConstructorParameters<typeof ProbotOctokit>[0]>;

let github: Server;
let baseUrl: string;
let requests = 0;
let missing = 0;
let server: RedisServer;
let admin: Redis;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => void unhandled.push(reason);

beforeAll(async () => {
  github = createServer((request, response) => {
    requests += 1;
    if (request.url?.startsWith("/repos/o/missing")) {
      missing += 1;
      response.writeHead(404, { "content-type": "application/json" });
      response.end(JSON.stringify({ message: "Not Found" }));
      return;
    }
    response.writeHead(200, { "content-type": "application/json" });
    response.end("{}");
  });
  await new Promise<void>((resolve) => github.listen(0, "127.0.0.1", () => resolve()));
  baseUrl = `http://127.0.0.1:${(github.address() as AddressInfo).port}`;
  server = await startRedisServer();
  admin = new Redis(server.url, { maxRetriesPerRequest: 1 });
  admin.on("error", () => undefined);
  process.on("unhandledRejection", onUnhandled);
});

afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  admin.disconnect();
  await server.stop();
  await new Promise((resolve) => github.close(resolve));
  expect(unhandled).toEqual([]);
});

/** An installation's Octokit as Probot builds it, with the shared throttle merged in last. */
function octokitFor(shared: SharedThrottle, installation: string) {
  const Octokit = ProbotOctokit.defaults((options: OctokitOptions) => ({
    ...options,
    retry: { enabled: false },
    throttle: { ...options.throttle, ...shared.throttle, id: installation },
  }));
  return new Octokit({ baseUrl, auth: "token" });
}

const get = async (octokit: ReturnType<typeof octokitFor>) => (await octokit.request("GET /repos/{owner}/{repo}", { owner: "o", repo: "r" })).status;
const post = async (octokit: ReturnType<typeof octokitFor>) =>
  (await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", { owner: "o", repo: "r", issue_number: 1, labels: ["x"] })).status;

describe("shared throttle (plugin-throttling groups are per process, so one throttle for the file)", () => {
  // The throttling plugin creates its Bottleneck groups once per process, from the first Octokit.
  let shared: SharedThrottle;
  const log = recordingLog();

  beforeAll(async () => {
    shared = createSharedThrottle({ redisUrl: server.url, log, clientTimings: CLIENT });
    await eventually(() => shared.shared);
  });

  afterAll(async () => {
    await shared.close();
  });

  it("goes through Redis while Redis is up", async () => {
    const octokit = octokitFor(shared, "101");
    expect(await get(octokit)).toBe(200);
    expect(await post(octokit)).toBe(200);
    expect(await admin.exists("b_octokit-global-101_settings")).toBe(1);
    expect(await admin.exists("b_octokit-write-101_settings")).toBe(1);
  });

  it("keeps GitHub requests flowing, each sent once, while Redis is stopped, and shares again after it restarts", async () => {
    const octokit = octokitFor(shared, "102");
    expect(await get(octokit)).toBe(200);
    await server.stop();
    await eventually(() => !shared.shared);
    const before = requests;
    const statuses = await Promise.all([get(octokit), post(octokit), get(octokit)]);
    expect(statuses).toEqual([200, 200, 200]);
    expect(requests - before).toBe(3);
    expect(log.entries.filter((e) => e.level === "warn" && /unavailable/.test(e.msg))).toHaveLength(1);

    await server.start();
    await eventually(() => shared.shared);
    expect(await get(octokit)).toBe(200);
    expect(await admin.exists("b_octokit-global-102_settings")).toBe(1);
    expect(log.entries.some((e) => e.level === "info" && /shared again/.test(e.msg))).toBe(true);
  });

  it("recovers at once when Redis lost its keys (Redis 7), instead of failing for a minute", async () => {
    const octokit = octokitFor(shared, "103");
    expect(await get(octokit)).toBe(200);
    await admin.flushall();
    expect(await get(octokit)).toBe(200);
    expect(await admin.exists("b_octokit-global-103_settings")).toBe(1);
  });

  it("passes a request's own error through, without sending it twice", async () => {
    const octokit = octokitFor(shared, "104");
    await expect(octokit.request("GET /repos/{owner}/{repo}", { owner: "o", repo: "missing" })).rejects.toMatchObject({ status: 404 });
    expect(missing).toBe(1);
  });
});

describe("shared throttle with Redis down at start", () => {
  it("does not wait for Redis: requests go through the local limiter", async () => {
    // A separate process would be needed to test a fresh plugin; here the groups already exist
    // and point at the throttle above, so this checks the throttle's own routing instead.
    const port = await freePort();
    const log = recordingLog();
    const down = createSharedThrottle({ redisUrl: `redis://127.0.0.1:${port}`, log, clientTimings: CLIENT });
    try {
      expect(down.shared).toBe(false);
      const group = new down.throttle.Bottleneck.Group({ id: "down-at-start", maxConcurrent: 1 });
      await expect(group.key("1").schedule({}, async () => "ran")).resolves.toBe("ran");
      await eventually(() => log.entries.some((e) => e.level === "warn"));
    } finally {
      await down.close();
    }
  });
});
