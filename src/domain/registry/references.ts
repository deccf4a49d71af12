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
  /** The registry at the base and at the head (null where it is not there); undefined when it was not compared. */
  promises: { base: PromiseRegistry | null; head: PromiseRegistry | null } | undefined;
  /** The catalog's change, base against head; null when it was not compared. */
  catalog: CatalogDiff | null;
  /**
   * Every release that relies on the registry and the catalog once the change lands: in the app the
   * base branch's releases the PR leaves alone and its own at their head; in the CLI the releases it checks.
   */
  references: readonly ReleaseReferences[];
  /** The releases that come with the change (a PR's manifests, the manifests the CLI checks), which declare its catalog changes. */
  declaring: readonly Manifest[];
  locate: { promises?: Locator; events?: Locator };
  /** The files the findings point at (the CLI's may be elsewhere); default readiness/promises.yml and readiness/events.yml. */
  files?: { promises?: string; events?: string };
}

/**
 * A promise or event removed while a release still refers to it is a finding at the list it was
 * removed from: that release's notes and campaign gate would lose it silently. The app (a PR's
 * registry or catalog change) and the CLI (`readiness check --base`) both apply this one rule.
 * Catalog removals are judged here only when no manifest comes with the change: otherwise
 * undeclaredCatalogChanges already finds every removal the manifests do not declare.
 */
export function removedButReferenced({ promises, catalog, references, declaring, locate, files = {} }: RemovalInputs): Problem[] {
  const problems: Problem[] = [];
  const users = (pick: (r: ReleaseReferences) => readonly string[], name: string) =>
    [...new Set(references.filter((r) => pick(r).includes(name)).map((r) => r.release))].sort();
  const kept = new Set((promises?.head?.promises ?? []).map((p) => p.id));
  for (const { id } of (promises?.base?.promises ?? []).filter((p) => !kept.has(p.id))) {
    const releases = users((r) => r.promises, id);
    if (releases.length === 0) continue;
    problems.push(problemAt(files.promises ?? PROMISES_PATH, locate.promises, ["promises"],
      `promise "${id}" is removed, but ${releaseList(releases)} still ${releases.length === 1 ? "lists" : "list"} it under promises`, { target: "key" }));
  }
  for (const event of declaring.length === 0 ? catalog?.removed ?? [] : []) {
    const releases = users((r) => r.events, event.name);
    if (releases.length === 0) continue;
    problems.push(problemAt(files.events ?? EVENTS_PATH, locate.events, ["events"],
      `event "${event.name}" is removed from the catalog, but ${releaseList(releases)} still ${releases.length === 1 ? "uses" : "use"} it`, { target: "key" }));
  }
  return problems;
}

const releaseList = (releases: readonly string[]) => `release${releases.length === 1 ? "" : "s"} ${releases.join(", ")}`;
