import { repoKey, type RepoRef } from "./client.js";

/** Enough for every manifest and registry of the PRs a replica is busy with; files are at most 1 MiB. */
const DEFAULT_MAX_CHARS = 8 * 1024 * 1024;
/** Parsed files keep their YAML document (for positions), many times the text's size: few, and small ones only. */
const MAX_PARSED = 128;
const MAX_PARSED_CHARS = 64 * 1024;

/**
 * The text of files the app has read, by repository and git blob SHA. A blob SHA is the hash of
 * the file's content, so an entry can never be stale: when a PR's file list shows a manifest with
 * a blob SHA already read (a push that did not touch the manifest, the common case), its content
 * is known without a request. Least recently used entries go first once `maxChars` is reached.
 */
export class BlobCache {
  private readonly entries = new Map<string, string>();
  private readonly parsedEntries = new Map<string, unknown>();
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

  /**
   * What `parse` makes of a blob's text, worked out once per blob and `what` (a parser and a file
   * name: problems name the file). The result is shared by every delivery that reads the blob, so
   * it is frozen: nothing may change it.
   */
  parsed<T>(repo: RepoRef, blobSha: string, what: string, text: string, parse: () => T): T {
    if (text.length > MAX_PARSED_CHARS) return parse();
    const key = `${repoKey(repo)} ${blobSha} ${what}`;
    if (this.parsedEntries.has(key)) {
      const known = this.parsedEntries.get(key) as T;
      this.parsedEntries.delete(key);
      this.parsedEntries.set(key, known);
      return known;
    }
    const made = deepFreeze(parse());
    this.parsedEntries.set(key, made);
    if (this.parsedEntries.size > MAX_PARSED) this.parsedEntries.delete(this.parsedEntries.keys().next().value!);
    return made;
  }

  get size(): number {
    return this.entries.size;
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
  return value;
}
