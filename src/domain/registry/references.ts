import type { Manifest } from "../manifest/schema.js";
import type { Problem } from "../source/problems.js";
import { problemAt, type Locator } from "../source/yaml-source.js";
import { PROMISE_FIELDS, type CatalogDiff, type PromiseField } from "./changes.js";
import { EVENTS_PATH, PROMISES_PATH } from "./parse.js";
import type { PromiseRegistry } from "./schema.js";

/**
 * docs/reference/promises-and-events.md#a-pr-that-changes-only-the-registry: which releases rely on
 * each promise and event, so a PR that changes the registry or the catalog can name the releases a
 * changed promise reaches, and cannot remove what a release still refers to.
 */

/** What one release refers to in the registry and the catalog. */
export interface ReleaseReferences {
  release: string;
  /** Promise ids under `promises`. */
  promises: string[];
  /** Events it adds or changes, and its campaigns' exposure events (the ones it needs in the catalog). */
  events: string[];
  /** Events it removes (a removal it declares). */
  removesEvents: string[];
}

export function referencesOf(manifest: Manifest): ReleaseReferences {
  const analytics = manifest.checklist.analytics;
  const listed = analytics && !("not_applicable" in analytics) ? analytics.events : undefined;
  const exposure = (manifest.campaigns ?? []).flatMap((c) => (c.exposure_event ? [c.exposure_event] : []));
  return {
    release: manifest.release,
    promises: [...(manifest.promises ?? [])],
    events: [...new Set([...(listed ? [...listed.added, ...listed.changed].map((e) => e.name) : []), ...exposure])],
    removesEvents: listed ? listed.removed.map((e) => e.name) : [],
  };
}

/** A promise the PR adds, changes or removes, and the releases that carry it. */
export interface ChangedPromise {
  id: string;
  change: "added" | "changed" | "removed";
  /** The version at the base and at the head (null where the promise is not there). */
  from: number | null;
  to: number | null;
  /** Fields besides the version that differ. */
  changed: PromiseField[];
  /** Releases that list the promise, sorted. */
  releases: string[];
}

/** Every promise that differs between base and head, in head order, removed ones last. */
export function changedPromises(
  base: PromiseRegistry | null,
  head: PromiseRegistry | null,
  references: readonly ReleaseReferences[],
): ChangedPromise[] {
  const carriers = (id: string) => [...new Set(references.filter((r) => r.promises.includes(id)).map((r) => r.release))].sort();
  const before = new Map((base?.promises ?? []).map((p) => [p.id, p]));
  const after = new Set((head?.promises ?? []).map((p) => p.id));
  const out: ChangedPromise[] = [];
  for (const promise of head?.promises ?? []) {
    const old = before.get(promise.id);
    if (!old) {
      out.push({ id: promise.id, change: "added", from: null, to: promise.version, changed: [], releases: carriers(promise.id) });
      continue;
    }
    const changed = PROMISE_FIELDS.filter((field) => JSON.stringify(old[field]) !== JSON.stringify(promise[field]));
    if (changed.length > 0 || old.version !== promise.version) {
      out.push({ id: promise.id, change: "changed", from: old.version, to: promise.version, changed, releases: carriers(promise.id) });
    }
  }
  for (const old of base?.promises ?? []) {
    if (!after.has(old.id)) out.push({ id: old.id, change: "removed", from: old.version, to: null, changed: [], releases: carriers(old.id) });
  }
  return out;
}

export interface RemovalInputs {
  removedPromises: readonly string[];
  catalog: CatalogDiff | null;
  /** The base branch's releases, those the PR touches as they are at its head. */
  references: readonly ReleaseReferences[];
  /** Events a release in the PR declares removed: removing those from the catalog is the point. */
  declaredRemovals: ReadonlySet<string>;
  locate: { promises?: Locator; events?: Locator };
}

/**
 * A promise or event removed while a release still refers to it is a finding
 * at the list it was removed from: that release's notes and campaign gate would lose it silently.
 */
export function removedButReferenced({ removedPromises, catalog, references, declaredRemovals, locate }: RemovalInputs): Problem[] {
  const problems: Problem[] = [];
  const users = (pick: (r: ReleaseReferences) => readonly string[], name: string) =>
    [...new Set(references.filter((r) => pick(r).includes(name)).map((r) => r.release))].sort();
  for (const id of removedPromises) {
    const releases = users((r) => r.promises, id);
    if (releases.length === 0) continue;
    problems.push(problemAt(PROMISES_PATH, locate.promises, ["promises"],
      `promise "${id}" is removed, but ${releaseList(releases)} still ${releases.length === 1 ? "lists" : "list"} it under promises`, { target: "key" }));
  }
  for (const event of catalog?.removed ?? []) {
    if (declaredRemovals.has(event.name)) continue;
    const releases = users((r) => r.events, event.name);
    if (releases.length === 0) continue;
    problems.push(problemAt(EVENTS_PATH, locate.events, ["events"],
      `event "${event.name}" is removed from the catalog, but ${releaseList(releases)} still ${releases.length === 1 ? "uses" : "use"} it`, { target: "key" }));
  }
  return problems;
}

const releaseList = (releases: readonly string[]) => `release${releases.length === 1 ? "" : "s"} ${releases.join(", ")}`;
