import type { Redis } from "ioredis";
import { Mutex } from "redis-semaphore";
import {
  DEFAULT_TIMINGS,
  type CoordinationLog,
  type Coordinator,
  type CoordinatorTimings,
  type DeliveryClaim,
  type HeldLock,
  type LockOptions,
  type RunOnceResult,
} from "./coordinator.js";
import { CoordinationError, CoordinationUnavailable, LockLost, LockTimeout } from "./errors.js";
import { LocalLocks } from "./local-locks.js";

/**
 * redis-semaphore's Mutex, with one guard. Its renewal runs on a timer, and when Redis is down the
 * renewal's rejection is unhandled, which ends a Node process. Here a failed renewal counts as a
 * lost lock instead (the holder can no longer prove it owns the key, so it must stop before
 * writing), and `onLockLost` says so.
 */
class GuardedMutex extends Mutex {
  renewalError: unknown;

  protected override async _refresh(): Promise<boolean> {
    try {
      return await super._refresh();
    } catch (error) {
      this.renewalError = error;
      return false;
    }
  }

  /** One renewal now: true while the key still holds this mutex's token; errors propagate. */
  async renewNow(): Promise<boolean> {
    return super._refresh();
  }
}

export interface RedisCoordinatorOptions {
  client: Redis;
  log: CoordinationLog;
  /** Prefix of every key (redis-semaphore adds `mutex:` in front). */
  prefix?: string;
  timings?: Partial<CoordinatorTimings>;
  /** How long a call waits for a (re)connection before it fails with `CoordinationUnavailable`. */
  readyWaitMs?: number;
  /** Poll interval while waiting for a lock another replica holds. */
  lockRetryMs?: number;
  /** Close the client in `close()` (true when the factory created it). */
  ownsClient?: boolean;
}

/**
 * Several replicas sharing one Redis. The per-PR lock is a redis-semaphore Mutex (`SET NX PX` with a
 * random token, renewal and release by compare-and-expire / compare-and-delete scripts), behind a
 * serial queue in this process so only one waiter per replica polls Redis. Deliveries and run-once
 * claims are the same mutex taken once and left to expire.
 */
export class RedisCoordinator implements Coordinator {
  readonly kind = "redis" as const;
  private readonly client: Redis;
  private readonly log: CoordinationLog;
  private readonly prefix: string;
  private readonly timings: CoordinatorTimings;
  private readonly readyWaitMs: number;
  private readonly lockRetryMs: number;
  private readonly ownsClient: boolean;
  private readonly local = new LocalLocks();
  private readyPromise: Promise<void> | undefined;
  private healthy: boolean | undefined;
  private closed = false;

  constructor(options: RedisCoordinatorOptions) {
    this.client = options.client;
    this.log = options.log;
    this.prefix = options.prefix ?? "release-readiness:";
    this.timings = { ...DEFAULT_TIMINGS, ...options.timings };
    this.readyWaitMs = options.readyWaitMs ?? 1_000;
    this.lockRetryMs = options.lockRetryMs ?? 50;
    this.ownsClient = options.ownsClient ?? false;
    this.client.on("error", this.onError);
    this.client.on("ready", this.onReady);
  }

  private readonly onError = (error: Error): void => {
    // ioredis reports every failed reconnection; log the change of state, not each attempt.
    if (this.healthy !== false) {
      this.healthy = false;
      this.log.error({ err: error }, "Redis is unavailable: per-PR locks, delivery de-duplication and run-once fail closed until it returns");
    }
  };

  private readonly onReady = (): void => {
    if (this.healthy !== true) this.log.info({}, this.healthy === false ? "Redis is available again" : "connected to Redis");
    this.healthy = true;
  };

  async withLock<T>(key: string, work: (lock: HeldLock) => Promise<T>, options: LockOptions = {}): Promise<T> {
    const waitMs = options.waitMs ?? this.timings.lockWaitMs;
    const deadline = Date.now() + waitMs;
    const releaseLocal = await this.local.acquire(key, waitMs);
    try {
      await this.ready();
      const controller = new AbortController();
      const mutex = new GuardedMutex(this.client, `${this.prefix}pr:${key}`, {
        lockTimeout: this.timings.lockTtlMs,
        acquireTimeout: Math.max(deadline - Date.now(), this.lockRetryMs),
        retryInterval: this.lockRetryMs,
        refreshInterval: this.timings.lockRenewMs,
        onLockLost: (error) => {
          const cause = mutex.renewalError ?? error;
          this.log.warn({ err: cause, lock: key }, "lost the lock on a pull request while working on it");
          controller.abort(new LockLost(key, { cause }));
        },
      });
      const acquired = await this.guard("acquiring a lock", () => mutex.tryAcquire());
      if (!acquired) throw new LockTimeout(key, waitMs);
      const lock: HeldLock = {
        key,
        signal: controller.signal,
        get lost() {
          return controller.signal.aborted;
        },
        throwIfLost: () => {
          if (controller.signal.aborted) throw controller.signal.reason;
        },
        confirm: async () => {
          if (controller.signal.aborted) throw controller.signal.reason;
          const mine = await this.guard("confirming a lock", () => mutex.renewNow());
          if (!mine) {
            mutex.stopRefresh();
            if (!controller.signal.aborted) controller.abort(new LockLost(key));
            throw controller.signal.reason;
          }
        },
      };
      try {
        return await work(lock);
      } finally {
        // Compare-and-delete: a lock that expired and went to someone else is left alone. When Redis
        // is down the key expires by itself.
        await mutex.release().catch((error: unknown) => this.log.warn({ err: error, lock: key }, "could not release a lock; it expires by itself"));
      }
    } finally {
      releaseLocal();
    }
  }

  async claimDelivery(deliveryId: string): Promise<DeliveryClaim> {
    return this.claim(`${this.prefix}delivery:${deliveryId}`, this.timings.deliveryTtlMs);
  }

  async runOnce<T>(job: string, period: string, work: () => Promise<T>): Promise<RunOnceResult<T>> {
    const claim = await this.claim(`${this.prefix}once:${job}:${period}`, this.timings.runOnceTtlMs);
    if (!claim.first) return { ran: false };
    try {
      return { ran: true, value: await work() };
    } catch (error) {
      // Give the period back, so another replica's next tick in it may run the job.
      await claim.release().catch((releaseError: unknown) => this.log.warn({ err: releaseError, job }, "could not give back a run-once claim"));
      throw error;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.client.off("error", this.onError);
    this.client.off("ready", this.onReady);
    if (!this.ownsClient) return;
    // ioredis logs an error event with no listener; keep one while closing.
    this.client.on("error", () => undefined);
    if (this.client.status === "ready") await this.client.quit().catch(() => this.client.disconnect());
    else this.client.disconnect();
  }

  /** `SET key token PX ttl NX` once; the key is left to expire, or given back by `release()`. */
  private async claim(key: string, ttlMs: number): Promise<DeliveryClaim> {
    await this.ready();
    const mutex = new Mutex(this.client, key, { lockTimeout: ttlMs, acquireAttemptsLimit: 1, refreshInterval: 0 });
    const first = await this.guard("claiming", () => mutex.tryAcquire());
    return {
      first,
      release: async () => {
        if (first) await this.guard("giving back a claim", () => mutex.release());
      },
    };
  }

  /** Waits (bounded) for a connection; a call made while Redis is away fails fast. */
  private async ready(): Promise<void> {
    if (this.closed) throw new CoordinationUnavailable("the coordinator is closed");
    if (this.client.status === "ready") return;
    this.readyPromise ??= new Promise<void>((resolve) => {
      this.client.once("ready", () => {
        this.readyPromise = undefined;
        resolve();
      });
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), this.readyWaitMs)));
    const outcome = await Promise.race([this.readyPromise.then(() => "ready" as const), timeout]);
    clearTimeout(timer);
    if (outcome === "timeout") throw new CoordinationUnavailable(`Redis is not connected (${this.client.status})`);
  }

  private async guard<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof CoordinationError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new CoordinationUnavailable(`Redis failed while ${what}: ${message}`, { cause: error });
    }
  }
}

/** A stand-in when REDIS_URL cannot be used at all (not a URL): every call fails closed, saying why. */
export class BrokenCoordinator implements Coordinator {
  readonly kind = "redis" as const;

  constructor(private readonly why: string) {}

  private fail(): never {
    throw new CoordinationUnavailable(this.why);
  }

  async withLock<T>(): Promise<T> {
    return this.fail();
  }

  async claimDelivery(): Promise<DeliveryClaim> {
    return this.fail();
  }

  async runOnce<T>(): Promise<RunOnceResult<T>> {
    return this.fail();
  }

  async close(): Promise<void> {}
}
