import { parseManifest } from "../manifest/parse.js";
import { parsePromiseRegistry } from "../registry/parse.js";
import type { ReleasePromise } from "../registry/schema.js";
import type { ReleaseStatus } from "../vocabulary.js";
import type { ReviewPromiseVersion, ReviewStatusChange } from "./inputs.js";

/**
 * What the review reads from a file's history (a git log of the manifests and the promise
 * registry, for the offline review): each revision's text, oldest first. `text: null` means the
 * file did not exist at that revision.
 */
export interface FileRevision {
  commit: string;
  /** ISO instant the revision was committed. */
  at: string;
  text: string | null;
}

/**
 * A release's status changes along its manifest's revisions: a new manifest is a change from
 * nothing; a revision that does not parse is skipped (the check reports it, not the review).
 */
export function statusChangesOf(file: string, revisions: readonly FileRevision[]): ReviewStatusChange[] {
  const changes: ReviewStatusChange[] = [];
  let previous: ReleaseStatus | undefined;
  let seen = false;
  for (const revision of revisions) {
    if (revision.text === null) {
      previous = undefined;
      seen = true;
      continue;
    }
    const parsed = parseManifest(revision.text, file);
    if (!parsed.ok) continue;
    const { release, title, status } = parsed.manifest;
    // The first revision read is where the history starts (before the reviewed weeks), not a change.
    if (seen && status !== previous) changes.push({ release, title, ...(previous ? { from: previous } : {}), to: status, at: revision.at });
    previous = status;
    seen = true;
  }
  return changes;
}

/** The parts of a promise whose change must raise its version (docs/reference/promises-and-events.md#promise-registry). */
const WORDED_PARTS = ["text", "conditions", "exceptions"] as const;

/** Promises whose version rose between consecutive revisions of the registry, with what changed. */
export function promiseVersionsOf(file: string, revisions: readonly FileRevision[]): ReviewPromiseVersion[] {
  const rises: ReviewPromiseVersion[] = [];
  let before: Map<string, ReleasePromise> | undefined;
  for (const revision of revisions) {
    if (revision.text === null) continue;
    const parsed = parsePromiseRegistry(revision.text, file);
    if (!parsed.ok) continue;
    const now = new Map(parsed.data.promises.map((promise) => [promise.id, promise]));
    for (const promise of now.values()) {
      const old = before?.get(promise.id);
      if (!old || promise.version <= old.version) continue;
      const changed = WORDED_PARTS.filter((part) => JSON.stringify(old[part]) !== JSON.stringify(promise[part]));
      rises.push({ id: promise.id, from: old.version, to: promise.version, at: revision.at, changed });
    }
    before = now;
  }
  return rises;
}
