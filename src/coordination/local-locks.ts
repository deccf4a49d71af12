import { LockTimeout } from "./errors.js";

/**
 * A serial queue per key inside one process (what `src/github/pr-queue.ts` does today), with a
 * bounded wait: a waiter that gives up leaves the line, and the ones behind it keep their order.
 */
export class LocalLocks {
  private readonly tails = new Map<string, Promise<void>>();

  /** Resolves with a release function once every earlier holder of `key` released; at most `waitMs`. */
  async acquire(key: string, waitMs: number): Promise<() => void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });

    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), waitMs);
    });
    const outcome = await Promise.race([previous.then(() => "turn" as const), timedOut]);
    clearTimeout(timer);
    if (outcome === "timeout") {
      // Give the place back: when the turn comes, it passes straight to the next waiter.
      release();
      throw new LockTimeout(key, waitMs);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
    };
  }

  /** Keys with a holder or waiters. */
  get size(): number {
    return this.tails.size;
  }
}
