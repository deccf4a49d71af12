/**
 * Serialises work per key inside one process; work for different keys runs in parallel. The per-PR
 * lock is the coordinator's (src/coordination, docs/reference/running.md#scaling); this queue only
 * orders a replica's own fail-closed writes while that lock cannot be had.
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
