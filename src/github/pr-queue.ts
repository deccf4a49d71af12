/**
 * Serialises work per pull request inside one process, so two deliveries for the same PR never
 * evaluate it at once (docs/reference/running.md). Work for different PRs runs in parallel. Nothing serialises
 * across processes: the cross-replica lock (src/coordination) is not wired in yet, so the app runs as a
 * single replica (README, "Scaling").
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }

  get size(): number {
    return this.tails.size;
  }
}
