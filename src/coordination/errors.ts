/**
 * What can go wrong when replicas coordinate. Every error carries a `reason` written for a person
 * reading a failing check, so a caller can fail closed with it (docs/reference/guarantees.md: both checks fail saying
 * why, no label is removed).
 */
export abstract class CoordinationError extends Error {
  abstract readonly reason: string;
}

/** Redis could not be reached or answered with an error: nothing can be known about other replicas. */
export class CoordinationUnavailable extends CoordinationError {
  override readonly name = "CoordinationUnavailable";
  readonly reason = "the coordination store (Redis) is unavailable, so this replica cannot know whether another one is working on the same pull request";

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The lock for a key was still held by someone else when the bounded wait ran out. */
export class LockTimeout extends CoordinationError {
  override readonly name = "LockTimeout";
  readonly reason: string;

  constructor(
    readonly key: string,
    readonly waitedMs: number,
  ) {
    super(`lock ${key} still held by another worker after ${waitedMs} ms`);
    this.reason = `another evaluation of this pull request was still running after ${Math.round(waitedMs / 1000)} s`;
  }
}

/** A held lock expired or was taken over (a stalled process, Redis restarted, a failed renewal). */
export class LockLost extends CoordinationError {
  override readonly name = "LockLost";
  readonly reason = "this replica lost its lock on the pull request before it finished, so it stopped before writing";

  constructor(
    readonly key: string,
    options?: { cause?: unknown },
  ) {
    super(`lock ${key} was lost`, options);
  }
}

export function isCoordinationError(error: unknown): error is CoordinationError {
  return error instanceof CoordinationError;
}
