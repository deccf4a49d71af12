/**
 * The Redis coordinator against a real redis-server (test/support/redis-server.ts), with two
 * coordinators on two separate ioredis clients standing for two replicas. Bounds are generous: the
 * tests assert what happens, not how fast.
 */
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  CoordinationUnavailable,
  createCoordinator,
  LockLost,
  LockTimeout,
  type Coordinator,
  type CoordinatorTimings,
  type HeldLock,
} from "../../src/coordination/index.js";
import { eventually, gate, recordingLog, sleep, type LogEntry } from "../support/coordination.js";
import { freePort, startRedisServer, type RedisServer } from "../support/redis-server.js";

const TIMINGS: Partial<CoordinatorTimings> = { lockTtlMs: 3_000, lockRenewMs: 500, lockWaitMs: 20_000 };
const CLIENT = { commandTimeoutMs: 1_500, connectTimeoutMs: 1_500, reconnectStepMs: 100, reconnectMaxMs: 300 };

let server: RedisServer;
let admin: Redis;
let prefix: string;
const opened: Coordinator[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => void unhandled.push(reason);

function replica(options: { timings?: Partial<CoordinatorTimings>; url?: string; log?: ReturnType<typeof recordingLog> } = {}) {
  const log = options.log ?? recordingLog();
  const coordinator = createCoordinator({
    redisUrl: options.url ?? server.url,
    log,
    prefix,
    timings: { ...TIMINGS, ...options.timings },
    clientTimings: CLIENT,
    readyWaitMs: 500,
  });
  opened.push(coordinator);
  return { coordinator, log };
}

const lockKey = (key: string) => `mutex:${prefix}pr:${key}`;

beforeAll(async () => {
  server = await startRedisServer();
  admin = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  admin.on("error", () => undefined);
  await admin.connect();
  process.on("unhandledRejection", onUnhandled);
});

afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  admin.disconnect();
  await server.stop();
});

beforeEach(() => {
  prefix = `test:${randomUUID()}:`;
  unhandled.length = 0;
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((coordinator) => coordinator.close()));
  if (!server.running) await server.start();
  if (admin.status !== "ready") await eventually(() => admin.status === "ready");
  expect(unhandled).toEqual([]);
});

describe("Redis coordinator: the per-PR lock", () => {
  it("is what the factory gives with a Redis URL", () => {
    expect(replica().coordinator.kind).toBe("redis");
  });

  it("never lets two replicas work on one PR at once, and every delivery gets its turn", async () => {
    const a = replica().coordinator;
    const b = replica().coordinator;
    let inside = 0;
    let most = 0;
    const done: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? a : b).withLock("acme/shop#7", async () => {
          inside += 1;
          most = Math.max(most, inside);
          await sleep(10);
          inside -= 1;
          done.push(i);
        }),
      ),
    );
    expect(most).toBe(1);
    expect(done.sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(await admin.exists(lockKey("acme/shop#7"))).toBe(0);
  });

  it("holds different PRs independently", async () => {
    const a = replica().coordinator;
    const b = replica().coordinator;
    const held = gate();
    const first = a.withLock("acme/shop#1", () => held.opened);
    // Settles only if #2 can be taken while #1 is held.
    await b.withLock("acme/shop#2", async () => held.open());
    await first;
  });

  it("is freed by expiry when its owner died without releasing it", async () => {
    // A replica that crashed: it took the lock with its own token and will never renew or release it.
    await admin.set(lockKey("acme/shop#3"), "token-of-a-dead-replica", "PX", 1_500);
    const b = replica().coordinator;
    let ranAt = 0;
    await b.withLock("acme/shop#3", async () => {
      ranAt = Date.now();
      expect(await admin.get(lockKey("acme/shop#3"))).not.toBe("token-of-a-dead-replica");
    });
    expect(ranAt).toBeGreaterThan(0);
    expect(await admin.exists(lockKey("acme/shop#3"))).toBe(0);
  });

  it("is released only by its owner: a holder whose lock expired leaves the new owner's lock alone", async () => {
    // No renewal, so A's lock expires while A is still working.
    const a = replica({ timings: { lockTtlMs: 1_000, lockRenewMs: 0 } }).coordinator;
    const b = replica().coordinator;
    const c = replica().coordinator;
    const bHolds = gate();
    const bMayFinish = gate();
    let aLock: HeldLock | undefined;
    const aWork = a.withLock("acme/shop#4", async (lock) => {
      aLock = lock;
      await bHolds.opened;
    });
    await eventually(() => aLock !== undefined);
    const bWork = b.withLock("acme/shop#4", async () => {
      bHolds.open();
      await bMayFinish.opened;
    });
    await aWork; // A finished and "released" after B took over
    await expect(aLock!.confirm()).rejects.toBeInstanceOf(LockLost);
    // B's lock is still there: C cannot take it.
    expect(await admin.exists(lockKey("acme/shop#4"))).toBe(1);
    await expect(c.withLock("acme/shop#4", async () => "c", { waitMs: 500 })).rejects.toBeInstanceOf(LockTimeout);
    bMayFinish.open();
    await bWork;
    await expect(c.withLock("acme/shop#4", async () => "c")).resolves.toBe("c");
  });

  it("bounds the wait with a typed error, and the waiter's work never runs", async () => {
    const a = replica().coordinator;
    const b = replica().coordinator;
    const held = gate();
    const holder = a.withLock("acme/shop#5", () => held.opened);
    await eventually(async () => (await admin.exists(lockKey("acme/shop#5"))) === 1);
    let ran = false;
    const started = Date.now();
    const error = await b
      .withLock("acme/shop#5", async () => {
        ran = true;
      }, { waitMs: 800 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockTimeout);
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
    expect(ran).toBe(false);
    held.open();
    await holder;
  });

  it("renews the lock of long work, so it outlives its expiry and nobody else gets in", async () => {
    const a = replica({ timings: { lockTtlMs: 2_000, lockRenewMs: 400 } }).coordinator;
    const b = replica().coordinator;
    const contender = gate();
    const work = a.withLock("acme/shop#6", async (lock) => {
      contender.open();
      await sleep(5_000); // 2.5 times the lock's expiry
      expect(lock.lost).toBe(false);
      await lock.confirm();
      return "finished";
    });
    await contender.opened;
    await expect(b.withLock("acme/shop#6", async () => "b", { waitMs: 3_500 })).rejects.toBeInstanceOf(LockTimeout);
    await expect(work).resolves.toBe("finished");
  });

  it("tells the holder when its lock is lost, so it can stop before writing", async () => {
    const { coordinator: a, log } = replica({ timings: { lockTtlMs: 5_000, lockRenewMs: 300 } });
    const work = a.withLock("acme/shop#8", async (lock) => {
      // Someone else owns the key now (the lock expired during a stall, or Redis lost it).
      await admin.set(lockKey("acme/shop#8"), "someone-else", "PX", 10_000);
      await new Promise<void>((resolve) => lock.signal.addEventListener("abort", () => resolve(), { once: true }));
      expect(lock.lost).toBe(true);
      expect(lock.signal.reason).toBeInstanceOf(LockLost);
      expect(() => lock.throwIfLost()).toThrow(LockLost);
      await expect(lock.confirm()).rejects.toBeInstanceOf(LockLost);
      return "stopped";
    });
    await expect(work).resolves.toBe("stopped");
    // The other owner's key was not released by the replica that lost it.
    expect(await admin.get(lockKey("acme/shop#8"))).toBe("someone-else");
    expect(log.entries.some((e) => e.level === "warn" && /lost the lock/.test(e.msg))).toBe(true);
  });

  it("confirm() notices a lost lock at once, before the next renewal", async () => {
    const a = replica({ timings: { lockTtlMs: 30_000, lockRenewMs: 10_000 } }).coordinator;
    await a.withLock("acme/shop#9", async (lock) => {
      await lock.confirm();
      await admin.del(lockKey("acme/shop#9"));
      await expect(lock.confirm()).rejects.toBeInstanceOf(LockLost);
      expect(lock.signal.aborted).toBe(true);
    });
  });
});

describe("Redis coordinator: deliveries and run-once", () => {
  it("lets exactly one replica claim a delivery, remembers it with an expiry, and can give it back", async () => {
    const a = replica({ timings: { deliveryTtlMs: 60_000 } }).coordinator;
    const b = replica({ timings: { deliveryTtlMs: 60_000 } }).coordinator;
    const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).claimDelivery("delivery-1")));
    expect(claims.filter((claim) => claim.first)).toHaveLength(1);
    const ttl = await admin.pttl(`mutex:${prefix}delivery:delivery-1`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    expect((await a.claimDelivery("delivery-2")).first).toBe(true);

    // Handling failed: the winner gives the id back, so GitHub's redelivery is handled.
    await Promise.all(claims.filter((claim) => !claim.first).map((claim) => claim.release()));
    expect((await b.claimDelivery("delivery-1")).first).toBe(false);
    await claims.find((claim) => claim.first)!.release();
    expect((await b.claimDelivery("delivery-1")).first).toBe(true);
  });

  it("keeps delivery ids for a day by default", async () => {
    const { coordinator } = replica({ timings: {} });
    const defaults = createCoordinator({ redisUrl: server.url, log: recordingLog(), prefix });
    opened.push(defaults);
    await defaults.claimDelivery("delivery-default");
    const ttl = await admin.pttl(`mutex:${prefix}delivery:delivery-default`);
    expect(ttl).toBeGreaterThan(23 * 3_600_000);
    expect(ttl).toBeLessThanOrEqual(24 * 3_600_000);
    expect((await coordinator.claimDelivery("delivery-default")).first).toBe(false);
  });

  it("runs a job once per period across replicas, and a failed run lets another replica retry", async () => {
    const a = replica().coordinator;
    const b = replica().coordinator;
    let runs = 0;
    const sweep = async () => {
      runs += 1;
      await sleep(50);
      return runs;
    };
    const first = await Promise.all([a.runOnce("sweep", "p1", sweep), b.runOnce("sweep", "p1", sweep), a.runOnce("sweep", "p1", sweep)]);
    expect(first.filter((result) => result.ran)).toHaveLength(1);
    expect(runs).toBe(1);
    expect(await b.runOnce("sweep", "p1", sweep)).toEqual({ ran: false });
    expect((await b.runOnce("sweep", "p2", sweep)).ran).toBe(true);
    expect((await a.runOnce("review", "p2", sweep)).ran).toBe(true);

    await expect(a.runOnce("digest", "w48", async () => Promise.reject(new Error("GitHub down")))).rejects.toThrow("GitHub down");
    expect((await b.runOnce("digest", "w48", sweep)).ran).toBe(true);
  });
});

describe("Redis coordinator when Redis goes away", () => {
  const unavailableLogs = (entries: LogEntry[]) => entries.filter((e) => e.level === "error" && /Redis is unavailable/.test(e.msg));

  it("fails fast with CoordinationUnavailable mid-run, without crashing, and recovers when Redis restarts on the same port", async () => {
    const { coordinator: a, log } = replica({ timings: { lockTtlMs: 3_000, lockRenewMs: 300 } });
    const b = replica().coordinator;
    expect((await a.claimDelivery("before")).first).toBe(true);

    const stopped = gate();
    const holding = a.withLock("acme/shop#10", async (lock) => {
      await server.stop();
      stopped.open();
      // The renewal fails: the holder is told, and nothing is left unhandled.
      await new Promise<void>((resolve) => lock.signal.addEventListener("abort", () => resolve(), { once: true }));
      expect(lock.signal.reason).toBeInstanceOf(LockLost);
      await expect(lock.confirm()).rejects.toBeInstanceOf(LockLost);
      return "stopped before writing";
    });
    await stopped.opened;
    await expect(holding).resolves.toBe("stopped before writing");

    for (const call of [
      () => a.claimDelivery("during"),
      () => b.withLock("acme/shop#11", async () => "never"),
      () => b.runOnce("sweep", "p-down", async () => "never"),
    ]) {
      const started = Date.now();
      const error = await call().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(CoordinationUnavailable);
      expect((error as CoordinationUnavailable).reason).toMatch(/Redis/);
      expect(Date.now() - started).toBeLessThan(10_000);
    }
    expect(unavailableLogs(log.entries)).toHaveLength(1);

    await server.start();
    const claim = await eventually(async () => a.claimDelivery("after"));
    expect(claim.first).toBe(true); // the restarted server is empty
    await expect(b.withLock("acme/shop#10", async () => "normal again")).resolves.toBe("normal again");
    expect(log.entries.some((e) => e.level === "info" && /available again/.test(e.msg))).toBe(true);
  });

  it("starts with Redis down, fails closed, and works once Redis comes up", async () => {
    const port = await freePort();
    const { coordinator, log } = replica({ url: `redis://127.0.0.1:${port}` });
    await expect(coordinator.claimDelivery("d")).rejects.toBeInstanceOf(CoordinationUnavailable);
    await expect(coordinator.withLock("acme/shop#12", async () => "never")).rejects.toBeInstanceOf(CoordinationUnavailable);
    await eventually(() => unavailableLogs(log.entries).length === 1);
    const late = await startRedisServer({ port });
    try {
      await eventually(async () => (await coordinator.claimDelivery("d")).first);
      await expect(coordinator.withLock("acme/shop#12", async () => "works")).resolves.toBe("works");
    } finally {
      await coordinator.close();
      await late.stop();
    }
  });

  it("fails with CoordinationUnavailable when Redis stops answering (a stalled server), and recovers", async () => {
    const a = replica().coordinator;
    expect((await a.claimDelivery("before-stall")).first).toBe(true);
    server.pause();
    try {
      await expect(a.claimDelivery("stalled")).rejects.toBeInstanceOf(CoordinationUnavailable);
    } finally {
      server.resume();
    }
    const claim = await eventually(async () => a.claimDelivery("after-stall"));
    expect(claim.first).toBe(true);
  });

  it("turns a URL ioredis cannot use into CoordinationUnavailable, and logs no URL", async () => {
    const log = recordingLog();
    const coordinator = createCoordinator({ redisUrl: "redis://:s3cret@[bad", log });
    expect(coordinator.kind).toBe("redis");
    await expect(coordinator.claimDelivery("d")).rejects.toBeInstanceOf(CoordinationUnavailable);
    await expect(coordinator.withLock("k", async () => "never")).rejects.toBeInstanceOf(CoordinationUnavailable);
    await expect(coordinator.runOnce("j", "p", async () => "never")).rejects.toBeInstanceOf(CoordinationUnavailable);
    expect(JSON.stringify(log.entries)).not.toContain("s3cret");
    expect(log.entries.some((e) => e.level === "error")).toBe(true);
  });
});
