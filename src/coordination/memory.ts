import { DEFAULT_TIMINGS, type Coordinator, type CoordinatorTimings, type DeliveryClaim, type HeldLock, type LockOptions, type RunOnceResult } from "./coordinator.js";
import { LocalLocks } from "./local-locks.js";

export interface MemoryCoordinatorOptions {
  timings?: Partial<CoordinatorTimings>;
  /** Milliseconds since the epoch; injected by tests. */
  now?: () => number;
  /** Delivery ids remembered at most (the oldest are forgotten first). */
  maxDeliveries?: number;
}

/** Remembers keys until they expire, oldest first; bounded so a busy process cannot grow it forever. */
class ExpiringSet {
  private readonly expiries = new Map<string, number>();

  constructor(
    private readonly now: () => number,
    private readonly max: number,
  ) {}

  /** Adds `key` unless present and unexpired; true when added. */
  addIfAbsent(key: string, ttlMs: number): boolean {
    const now = this.now();
    this.purge(now);
    const expiry = this.expiries.get(key);
    if (expiry !== undefined && expiry > now) return false;
    this.expiries.delete(key);
    this.expiries.set(key, now + ttlMs);
    while (this.expiries.size > this.max) {
      const oldest = this.expiries.keys().next().value as string;
      this.expiries.delete(oldest);
    }
    return true;
  }

  delete(key: string): void {
    this.expiries.delete(key);
  }

  private purge(now: number): void {
    // Insertion order is expiry order when every ttl is the same; stop at the first live entry.
    for (const [key, expiry] of this.expiries) {
      if (expiry > now) break;
      this.expiries.delete(key);
    }
  }
}

const NEVER_ABORTED = new AbortController().signal;

/**
 * One replica: the per-PR lock is a serial queue in this process, deliveries are remembered in
 * memory, and run-once is local. Nothing is shared with other processes.
 */
export class MemoryCoordinator implements Coordinator {
  readonly kind = "memory" as const;
  private readonly timings: CoordinatorTimings;
  private readonly locks = new LocalLocks();
  private readonly deliveries: ExpiringSet;
  private readonly jobs: ExpiringSet;

  constructor(options: MemoryCoordinatorOptions = {}) {
    this.timings = { ...DEFAULT_TIMINGS, ...options.timings };
    const now = options.now ?? Date.now;
    this.deliveries = new ExpiringSet(now, options.maxDeliveries ?? 100_000);
    this.jobs = new ExpiringSet(now, 10_000);
  }

  async withLock<T>(key: string, work: (lock: HeldLock) => Promise<T>, options: LockOptions = {}): Promise<T> {
    const release = await this.locks.acquire(key, options.waitMs ?? this.timings.lockWaitMs);
    // In one process the holder cannot die without the process, so the lock is never lost.
    const lock: HeldLock = {
      key,
      signal: NEVER_ABORTED,
      lost: false,
      throwIfLost: () => undefined,
      confirm: async () => undefined,
    };
    try {
      return await work(lock);
    } finally {
      release();
    }
  }

  async claimDelivery(deliveryId: string): Promise<DeliveryClaim> {
    const first = this.deliveries.addIfAbsent(deliveryId, this.timings.deliveryTtlMs);
    return {
      first,
      release: async () => {
        if (first) this.deliveries.delete(deliveryId);
      },
    };
  }

  async runOnce<T>(job: string, period: string, work: () => Promise<T>): Promise<RunOnceResult<T>> {
    const key = `${job}\u0000${period}`;
    if (!this.jobs.addIfAbsent(key, this.timings.runOnceTtlMs)) return { ran: false };
    try {
      return { ran: true, value: await work() };
    } catch (error) {
      this.jobs.delete(key);
      throw error;
    }
  }

  async close(): Promise<void> {}
}
