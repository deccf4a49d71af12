import { repoKey, type RepoRef } from "./client.js";

/** docs/reference/policy.md: what comes from the default branch is cached per repository and refreshed at least this often. */
export const DEFAULT_BRANCH_TTL_MS = 10 * 60 * 1000;

interface CacheEntry<T> {
  value: T;
  loadedAt: number;
  /** Repositories whose files make up the value (itself, `.github`, `_extends` targets). */
  sources: string[];
}

/**
 * What the app reads from a repository's default branch (policy, template overrides), cached per
 * repository for at most `ttlMs` and dropped at once when a push changes one of its sources.
 */
export class RepoCache<T> {
  private readonly entries = new Map<string, CacheEntry<T>>();

  constructor(private readonly clock: () => number = Date.now, private readonly ttlMs = DEFAULT_BRANCH_TTL_MS) {}

  get(repo: RepoRef): T | undefined {
    const entry = this.entries.get(repoKey(repo));
    if (!entry || this.clock() - entry.loadedAt >= this.ttlMs) return undefined;
    return entry.value;
  }

  set(repo: RepoRef, value: T, sources: string[]): void {
    this.entries.set(repoKey(repo), { value, loadedAt: this.clock(), sources: sources.map((s) => s.toLowerCase()) });
  }

  /** Drops every entry that was built from the given repository's files. */
  invalidateSource(repo: RepoRef): void {
    const key = repoKey(repo);
    for (const [cached, entry] of this.entries) {
      if (cached === key || entry.sources.includes(key)) this.entries.delete(cached);
    }
  }
}

