import { describe, expect, it } from "vitest";
import { createCoordinator, LockTimeout, MemoryCoordinator, periodOf } from "../../src/coordination/index.js";
import { gate, recordingLog, sleep } from "../support/coordination.js";

describe("in-memory coordinator (one replica)", () => {
  it("is what the factory gives without a Redis URL", async () => {
    const log = recordingLog();
    expect(createCoordinator({ log }).kind).toBe("memory");
    expect(createCoordinator({ redisUrl: "", log }).kind).toBe("memory");
    expect(createCoordinator({ redisUrl: "  ", log }).kind).toBe("memory");
  });

  it("runs work for one key one at a time, in arrival order, and different keys in parallel", async () => {
    const coordinator = new MemoryCoordinator();
    const order: string[] = [];
    let inside = 0;
    let most = 0;
    const task = (key: string, name: string) =>
      coordinator.withLock(key, async () => {
        inside += 1;
        most = Math.max(most, inside);
        order.push(`${name}:start`);
        await sleep(5);
        order.push(`${name}:end`);
        inside -= 1;
        return name;
      });
    const results = await Promise.all([task("pr#1", "a"), task("pr#1", "b"), task("pr#1", "c")]);
    expect(results).toEqual(["a", "b", "c"]);
    expect(order).toEqual(["a:start", "a:end", "b:start", "b:end", "c:start", "c:end"]);
    expect(most).toBe(1);

    // Work on another key runs while pr#1 is held: this would never settle if keys were serialised.
    const held = gate();
    const first = coordinator.withLock("pr#1", () => held.opened);
    await coordinator.withLock("pr#2", async () => held.open());
    await first;
  });

  it("lets the next waiter in after a failure", async () => {
    const coordinator = new MemoryCoordinator();
    await expect(coordinator.withLock("k", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(coordinator.withLock("k", async () => "next")).resolves.toBe("next");
  });

  it("bounds the wait, and a waiter that gave up does not hold up the ones behind it", async () => {
    const coordinator = new MemoryCoordinator();
    const held = gate();
    const holder = coordinator.withLock("k", () => held.opened);
    const impatient = coordinator.withLock("k", async () => "never", { waitMs: 100 });
    const patient = coordinator.withLock("k", async () => "patient", { waitMs: 30_000 });
    const error = await impatient.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockTimeout);
    expect((error as LockTimeout).reason).toMatch(/another evaluation/);
    held.open();
    await holder;
    await expect(patient).resolves.toBe("patient");
  });

  it("never reports its lock lost", async () => {
    const coordinator = new MemoryCoordinator();
    await coordinator.withLock("k", async (lock) => {
      expect(lock.lost).toBe(false);
      expect(lock.signal.aborted).toBe(false);
      lock.throwIfLost();
      await lock.confirm();
    });
  });

  it("claims a delivery id once until it expires, and a released claim can be claimed again", async () => {
    let now = 0;
    const coordinator = new MemoryCoordinator({ now: () => now, timings: { deliveryTtlMs: 1_000 } });
    expect((await coordinator.claimDelivery("d1")).first).toBe(true);
    expect((await coordinator.claimDelivery("d1")).first).toBe(false);
    expect((await coordinator.claimDelivery("d2")).first).toBe(true);
    now = 999;
    expect((await coordinator.claimDelivery("d1")).first).toBe(false);
    now = 1_000;
    expect((await coordinator.claimDelivery("d1")).first).toBe(true);

    const claim = await coordinator.claimDelivery("d3");
    const second = await coordinator.claimDelivery("d3");
    await second.release(); // not the owner: changes nothing
    expect((await coordinator.claimDelivery("d3")).first).toBe(false);
    await claim.release();
    expect((await coordinator.claimDelivery("d3")).first).toBe(true);
  });

  it("remembers a bounded number of deliveries", async () => {
    const coordinator = new MemoryCoordinator({ maxDeliveries: 3 });
    for (const id of ["a", "b", "c", "d"]) expect((await coordinator.claimDelivery(id)).first).toBe(true);
    expect((await coordinator.claimDelivery("a")).first).toBe(true);
    expect((await coordinator.claimDelivery("d")).first).toBe(false);
  });

  it("runs a job once per period, and a failed run gives the period back", async () => {
    const coordinator = new MemoryCoordinator();
    let runs = 0;
    const job = async () => ++runs;
    expect(await coordinator.runOnce("sweep", "p1", job)).toEqual({ ran: true, value: 1 });
    expect(await coordinator.runOnce("sweep", "p1", job)).toEqual({ ran: false });
    expect(await coordinator.runOnce("review", "p1", job)).toEqual({ ran: true, value: 2 });
    expect(await coordinator.runOnce("sweep", "p2", job)).toEqual({ ran: true, value: 3 });
    await expect(coordinator.runOnce("digest", "w1", async () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await coordinator.runOnce("digest", "w1", job)).toEqual({ ran: true, value: 4 });
  });
});

describe("periodOf", () => {
  it("gives every tick in one window of the interval the same period", () => {
    const hour = 3_600_000;
    expect(periodOf(new Date("2026-12-01T10:00:00Z"), hour)).toBe(periodOf(new Date("2026-12-01T10:59:59.999Z"), hour));
    expect(periodOf(new Date("2026-12-01T10:59:59.999Z"), hour)).not.toBe(periodOf(new Date("2026-12-01T11:00:00Z"), hour));
    expect(periodOf(new Date("2026-12-01T10:00:00Z"), hour)).not.toBe(periodOf(new Date("2026-12-01T10:00:00Z"), 2 * hour));
    expect(() => periodOf(new Date(), 0)).toThrow(RangeError);
  });
});
