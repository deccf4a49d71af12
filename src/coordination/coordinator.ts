/**
 * How replicas of the app agree (docs/reference/running.md, last point): one evaluation of a pull request at a time,
 * one handling of a webhook delivery, one run of a periodic job. With one replica this is all in
 * memory (`memory.ts`); with several it goes through Redis (`redis.ts`). `createCoordinator`
 * (`index.ts`) picks one.
 */

/** A lock the caller holds while `withLock`'s work runs. */
export interface HeldLock {
  readonly key: string;
  /** Aborted (with a `LockLost` reason) as soon as the lock is known to be lost. */
  readonly signal: AbortSignal;
  readonly lost: boolean;
  /** Throws `LockLost` when the loss is already known; no round trip. */
  throwIfLost(): void;
  /**
   * Confirms with the store that the lock is still ours and extends it, then returns; throws
   * `LockLost` when it is not, `CoordinationUnavailable` when the store cannot say. Call it right
   * before writing to GitHub.
   */
  confirm(): Promise<void>;
}

export interface LockOptions {
  /** How long to wait for the lock before giving up with `LockTimeout`. */
  waitMs?: number;
}

export type RunOnceResult<T> = { ran: true; value: T } | { ran: false };

export interface DeliveryClaim {
  /** True for the first replica (and the first time) that sees this delivery id. */
  readonly first: boolean;
  /** Forget the claim, so a redelivery of the same id is handled again (call it when handling failed). */
  release(): Promise<void>;
}

export interface Coordinator {
  readonly kind: "memory" | "redis";
  /**
   * Runs `work` while holding the lock for `key`; work for one key never overlaps, across replicas
   * too. Rejects with `LockTimeout` after the bounded wait, `CoordinationUnavailable` when the store
   * is down. The lock is released when `work` settles (only if still ours).
   */
  withLock<T>(key: string, work: (lock: HeldLock) => Promise<T>, options?: LockOptions): Promise<T>;
  /** Claims a webhook delivery by its `X-GitHub-Delivery` id (Probot's `context.id`). */
  claimDelivery(deliveryId: string): Promise<DeliveryClaim>;
  /**
   * Runs `work` unless some replica already ran (or is running) `job` for `period`. A failed run
   * gives the period back so another replica's next tick may try again.
   */
  runOnce<T>(job: string, period: string, work: () => Promise<T>): Promise<RunOnceResult<T>>;
  /** Stops timers and closes connections. */
  close(): Promise<void>;
}

/** The structural subset of a pino logger (Probot's `app.log`) this layer uses. */
export interface CoordinationLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface CoordinatorTimings {
  /** A lock expires this long after its last renewal (a replica that dies frees it by then). */
  lockTtlMs: number;
  /** Renew held locks this often (0: never, for tests of expiry). */
  lockRenewMs: number;
  /** Default bound on waiting for a lock. */
  lockWaitMs: number;
  /** How long a delivery id is remembered. */
  deliveryTtlMs: number;
  /** How long a run-once claim is kept (at least a period). */
  runOnceTtlMs: number;
}

export const DEFAULT_TIMINGS: CoordinatorTimings = {
  lockTtlMs: 30_000,
  lockRenewMs: 10_000,
  lockWaitMs: 60_000,
  deliveryTtlMs: 24 * 60 * 60_000,
  runOnceTtlMs: 7 * 24 * 60 * 60_000,
};

/**
 * The period a tick falls in, for `runOnce`: replicas whose timers fire in the same window of
 * `everyMs` (aligned to the Unix epoch) get the same period, so one of them runs the job.
 */
export function periodOf(now: Date, everyMs: number): string {
  if (!(everyMs > 0)) throw new RangeError("everyMs must be positive");
  return `${everyMs}:${Math.floor(now.getTime() / everyMs)}`;
}
