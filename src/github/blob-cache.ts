import { repoKey, type RepoRef } from "./client.js";

/** Enough for every manifest and registry of the PRs a replica is busy with; files are at most 1 MiB. */
const DEFAULT_MAX_CHARS = 8 * 1024 * 1024;

/**
 * The text of files the app has read, by repository and git blob SHA. A blob SHA is the hash of
 * the file's content, so an entry can never be stale: when a PR's file list shows a manifest with
 * a blob SHA already read (a push that did not touch the manifest, the common case), its content
 * is known without a request. Least recently used entries go first once `maxChars` is reached.
 */
export class BlobCache {
  private readonly entries = new Map<string, string>();
  private chars = 0;

  constructor(private readonly maxChars = DEFAULT_MAX_CHARS) {}

  get(repo: RepoRef, blobSha: string): string | undefined {
    const key = `${repoKey(repo)} ${blobSha}`;
    const text = this.entries.get(key);
    if (text !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, text);
    }
    return text;
  }

  set(repo: RepoRef, blobSha: string, text: string): void {
    const key = `${repoKey(repo)} ${blobSha}`;
    if (this.entries.has(key) || text.length > this.maxChars) return;
    this.entries.set(key, text);
    this.chars += text.length;
    for (const [oldest, old] of this.entries) {
      if (this.chars <= this.maxChars) break;
      this.entries.delete(oldest);
      this.chars -= old.length;
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
