import type { Manifest } from "../manifest/schema.js";
import type { Problem } from "../source/problems.js";
import { problemAt, type Locator } from "../source/yaml-source.js";
import { EVENTS_PATH } from "./parse.js";
import type { EventCatalog, PromiseRegistry, ReleasePromise } from "./schema.js";

/**
 * What a PR changes in the event catalog and the promise registry, base against head
 * (docs/reference/promises-and-events.md): the analytics contract's catalog side, and the promises
 * whose version rose, so marketing knows which copy to update.
 */

export interface CatalogEventRef {
  name: string;
  properties: string[];
  /** Its index in the catalog it is listed in (head for added, base for removed), for its line. */
  index: number;
}

export interface CatalogEventChange {
  name: string;
  propertiesAdded: string[];
  propertiesRemoved: string[];
  /** The description or owner changed (its properties may not have). */
  detailsChanged: boolean;
  index: number;
}

export interface CatalogDiff {
  added: CatalogEventRef[];
  changed: CatalogEventChange[];
  removed: CatalogEventRef[];
}

export const EMPTY_CATALOG_DIFF: CatalogDiff = { added: [], changed: [], removed: [] };

/** The catalog at head against the base; a missing catalog counts as one with no events. */
export function diffCatalogs(base: EventCatalog | null, head: EventCatalog | null): CatalogDiff {
  const before = new Map((base?.events ?? []).map((event, index) => [event.name, { event, index }]));
  const after = new Set((head?.events ?? []).map((event) => event.name));
  const diff: CatalogDiff = { added: [], changed: [], removed: [] };
  (head?.events ?? []).forEach((event, index) => {
    const old = before.get(event.name)?.event;
    if (!old) {
      diff.added.push({ name: event.name, properties: [...event.properties], index });
      return;
    }
    const propertiesAdded = event.properties.filter((p) => !old.properties.includes(p));
    const propertiesRemoved = old.properties.filter((p) => !event.properties.includes(p));
    const detailsChanged = old.description !== event.description || old.owner !== event.owner;
    if (propertiesAdded.length + propertiesRemoved.length > 0 || detailsChanged) {
      diff.changed.push({ name: event.name, propertiesAdded, propertiesRemoved, detailsChanged, index });
    }
  });
  for (const [name, { event, index }] of before) {
    if (!after.has(name)) diff.removed.push({ name, properties: [...event.properties], index });
  }
  return diff;
}

/** Every event name the manifests mention: added, changed or removed, and campaigns' exposure events. */
function mentionedEvents(manifests: readonly Manifest[]): { listed: Map<string, string>; removed: Set<string> } {
  const listed = new Map<string, string>();
  const removed = new Set<string>();
  for (const manifest of manifests) {
    const analytics = manifest.checklist.analytics;
    if (analytics && !("not_applicable" in analytics)) {
      for (const event of [...analytics.events.added, ...analytics.events.changed]) listed.set(event.name, manifest.release);
      for (const event of analytics.events.removed) removed.add(event.name);
    }
    for (const campaign of manifest.campaigns ?? []) {
      if (campaign.exposure_event) listed.set(campaign.exposure_event, manifest.release);
    }
  }
  return { listed, removed };
}

/**
 * Where the manifests that must declare a catalog change come from, for the words of a finding:
 * the release manifests in a PR (the app), or those `readiness check` checks against the catalog.
 */
export type DeclaringManifests = "pull_request" | "checked";

const NO_MANIFEST: Record<DeclaringManifests, string> = {
  pull_request: "no release manifest in this PR",
  checked: "no release manifest checked against this catalog",
};

/**
 * docs/reference/promises-and-events.md#event-catalog: a catalog change that none of the release
 * manifests declares is a finding at its line. An event added to the catalog must be one a
 * manifest adds, changes or logs as a campaign's exposure; an event removed from it must be one a
 * manifest removes. Starting a catalog (none at the base) declares nothing, so callers do not ask;
 * a change no manifest comes with (a PR that changes only the catalog) is no finding here either:
 * there, removals a release still uses are found by removedButReferenced.
 */
export function undeclaredCatalogChanges(
  diff: CatalogDiff,
  manifests: readonly Manifest[],
  locate: { head?: Locator; base?: Locator },
  options: { file?: string; declaring?: DeclaringManifests } = {},
): Problem[] {
  if (manifests.length === 0) return [];
  const file = options.file ?? EVENTS_PATH;
  const none = NO_MANIFEST[options.declaring ?? "pull_request"];
  const { listed, removed } = mentionedEvents(manifests);
  const problems: Problem[] = [];
  for (const event of diff.added) {
    if (listed.has(event.name)) continue;
    problems.push(problemAt(file, locate.head, ["events", event.index, "name"],
      `event "${event.name}" is added to the catalog, but ${none} adds it (list it under checklist.analytics.events.added)`));
  }
  for (const event of diff.removed) {
    if (removed.has(event.name)) continue;
    const baseLine = locate.base ? ` (line ${locate.base(["events", event.index, "name"]).line} at the base)` : "";
    const stillListed = listed.get(event.name);
    const why = stillListed
      ? `release ${stillListed} still lists it`
      : `${none} removes it (list it under checklist.analytics.events.removed)`;
    problems.push(problemAt(file, locate.head, ["events"], `event "${event.name}"${baseLine} is removed from the catalog, but ${why}`, { target: "key" }));
  }
  return problems;
}

export interface PromiseVersionChange {
  id: string;
  from: number;
  to: number;
  /** What changed besides the version, in the registry's words (text, conditions, exceptions, …). */
  changed: PromiseField[];
}

/** A promise's fields besides its id and version, in the order they are reported. */
export const PROMISE_FIELDS = ["text", "conditions", "exceptions", "effective", "channels", "min_status", "owner", "metric"] as const satisfies ReadonlyArray<keyof ReleasePromise>;
export type PromiseField = (typeof PROMISE_FIELDS)[number];

/** Promises whose version rose between base and head, with what else changed. */
export function promiseVersionChanges(base: PromiseRegistry, head: PromiseRegistry): PromiseVersionChange[] {
  const before = new Map(base.promises.map((p) => [p.id, p]));
  return head.promises.flatMap((promise) => {
    const old = before.get(promise.id);
    if (!old || promise.version <= old.version) return [];
    const changed = PROMISE_FIELDS.filter((field) => JSON.stringify(old[field]) !== JSON.stringify(promise[field]));
    return [{ id: promise.id, from: old.version, to: promise.version, changed }];
  });
}

/** "instant-receipt v1 → v2: conditions changed" */
export function describePromiseChange(change: PromiseVersionChange): string {
  const what = change.changed.length === 0 ? "only the version changed"
    : `${change.changed.length === 1 ? change.changed[0] : `${change.changed.slice(0, -1).join(", ")} and ${change.changed.at(-1)}`} changed`;
  return `${change.id} v${change.from} → v${change.to}: ${what.replaceAll("min_status", "min status")}`;
}
