import { calendarDate } from "../calendar.js";
import { channelOfLabel } from "../evaluation/campaign-gate.js";
import { evaluateRelease } from "../evaluation/release.js";
import { EMPTY_LEDGER, type Ledger } from "../ledger/ledger.js";
import type { Manifest } from "../manifest/schema.js";
import type { Policy } from "../policy/schema.js";
import type { EventCatalog, ReleasePromise } from "../registry/schema.js";
import { statusChangesOf, type FileRevision } from "../review/history.js";
import { inEffectOn, reachesMinStatus } from "../registry/promise-standing.js";
import { AUDIENCES, type ChecklistItem } from "../vocabulary.js";
import { CALENDAR_KINDS, FEED_VERSION, type Feed, type FeedCampaign, type FeedDate, type FeedPromise, type FeedRelease } from "./schema.js";

/**
 * docs/reference/feed.md: the readiness feed as a pure function of the default branch's manifests,
 * the promise registry, the policy and the day. Readiness and the campaign decisions come from the
 * same evaluation the checks use (`evaluateRelease`, the campaign gate); this file only chooses
 * what of it may leave the company: no blocker detail, no waiver reasons, no people.
 */

export interface FeedManifest {
  manifest: Manifest;
  /** Problems the parser confined to single checklist items (those items count as invalid). */
  itemProblems?: Partial<Record<ChecklistItem, ReadonlyArray<{ key: string; message: string }>>>;
  /** The promise registry this manifest is read with; null when there is none. */
  promises: ReadonlyMap<string, ReleasePromise> | null;
  /** The event catalog; null when there is none. */
  catalog: EventCatalog | null;
  /** When the manifest last changed (ISO 8601), or null when that is unknown. */
  changed: string | null;
  /** Sign-offs and waivers accepted on the PR that brought the manifest; none when absent. */
  ledger?: Ledger;
  /** The manifest's revisions, for the calendar's status changes; none read when absent. */
  history?: ManifestRevisions;
}

/** A manifest's committed revisions, oldest first; `fromStart` when the first is the file's first commit. */
export interface ManifestRevisions {
  revisions: readonly FileRevision[];
  fromStart: boolean;
}

export interface FeedInput {
  manifests: readonly FeedManifest[];
  policy: Policy;
  now: Date;
  source: Feed["source"];
  /** Whether the caller passed the accepted ledgers (the app can; the CLI has no PR and cannot). */
  waiversCounted: boolean;
}

const NOTE_WITHOUT_WAIVERS =
  "ready counts no waivers or sign-offs: this feed was built from files, without the pull request that brought each manifest";
const NOTE_WITH_WAIVERS = "ready counts the waivers and sign-offs accepted on the pull request that brought each manifest";

export function buildFeed(input: FeedInput): Feed {
  const today = calendarDate(input.now, input.policy.timezone);
  const releases = input.manifests
    .map((entry) => feedRelease(entry, input, today))
    .sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  return {
    version: FEED_VERSION,
    as_of: today,
    timezone: input.policy.timezone,
    source: {
      repository: input.source.repository,
      changed_from: input.source.changed_from,
      status_history: { from: input.source.status_history.from, depth: input.source.status_history.depth },
    },
    readiness: {
      waivers_counted: input.waiversCounted,
      note: input.waiversCounted ? NOTE_WITH_WAIVERS : NOTE_WITHOUT_WAIVERS,
    },
    releases,
  };
}

/** The exact bytes of feed.json: two-space JSON, keys in the schema's order, a final newline. */
export function renderFeed(feed: Feed): string {
  return `${JSON.stringify(feed, null, 2)}\n`;
}

function feedRelease(entry: FeedManifest, input: FeedInput, today: string): FeedRelease {
  const { manifest } = entry;
  const declaredLabels = (manifest.campaigns ?? []).map((c) => c.label);
  const verdict = evaluateRelease(manifest, input.policy, entry.ledger ?? EMPTY_LEDGER, input.now, {
    labels: declaredLabels,
    promises: entry.promises,
    catalog: entry.catalog,
    itemProblems: entry.itemProblems,
  });
  const promises = (manifest.promises ?? []).map((id) => feedPromise(id, entry.promises?.get(id), manifest, today));
  const campaigns = (manifest.campaigns ?? []).map((campaign): FeedCampaign => ({
    label: campaign.label,
    channel: channelOfLabel(campaign.label, input.policy),
    audience: campaign.audience ?? null,
    open: verdict.campaigns.find((d) => d.label === campaign.label)?.allowed ?? false,
  }));
  const channels = verdict.ready
    ? [...new Set([
        ...promises.flatMap((p) => (p.sayable ? p.channels : [])),
        ...campaigns.filter((c) => c.open).map((c) => c.channel),
      ])].sort()
    : [];
  const segment = manifest.checklist.segment_limits;
  return {
    slug: manifest.release,
    title: manifest.title,
    status: manifest.status,
    // A team is named; a person is not (docs/reference/feed.md#nothing-internal).
    owner: manifest.owner.includes("/") ? manifest.owner : null,
    flag: manifest.flag ?? null,
    ready: verdict.ready,
    changed: entry.changed,
    segment_limits: segment && !("not_applicable" in segment)
      ? { rollout_percent: segment.rollout_percent, regions: [...segment.regions], plans: [...segment.plans] }
      : null,
    changes: manifest.changes.map((change) => ({
      title: change.title,
      type: change.type,
      audiences: [...(change.audiences ?? AUDIENCES)],
      plans: change.plans ? [...change.plans] : null,
      regions: change.regions ? [...change.regions] : null,
    })),
    limitations: manifest.limitations?.map((limitation) => ({
      kind: limitation.kind,
      text: limitation.text,
      workaround: limitation.workaround ?? null,
      audiences: [...(limitation.audiences ?? AUDIENCES)],
    })) ?? null,
    promises,
    campaigns,
    channels,
    calendar: calendarOf(entry, input.policy.timezone),
  };
}

/** What may be said of a promise today: its wording once the release's status and the date allow it, else only why not. */
function feedPromise(id: string, promise: ReleasePromise | undefined, manifest: Manifest, today: string): FeedPromise {
  if (!promise) return { id, sayable: false, reason: "unknown", min_status: null, effective: null };
  const statusReached = reachesMinStatus(manifest.status, promise);
  if (!statusReached || !inEffectOn(promise, today)) {
    return { id, sayable: false, reason: statusReached ? "effective" : "min_status", min_status: promise.min_status, effective: promise.effective };
  }
  return {
    id,
    sayable: true,
    text: promise.text,
    conditions: [...promise.conditions],
    exceptions: [...promise.exceptions],
    version: promise.version,
    effective: promise.effective,
    channels: [...promise.channels],
  };
}

function calendarOf(entry: FeedManifest, timeZone: string): FeedDate[] {
  const { checklist, promises } = entry.manifest;
  const dates: FeedDate[] = [];
  const on = (day: string, kind: FeedDate["kind"], extra: Partial<Pick<FeedDate, "promise" | "status">> = {}) =>
    dates.push({ date: day, kind, promise: extra.promise ?? null, status: extra.status ?? null });
  const training = checklist.support_training;
  if (training && !("not_applicable" in training)) on(training.date, "support_training");
  const rollback = checklist.rollback_plan;
  if (rollback && !("not_applicable" in rollback) && rollback.tested) on(rollback.tested, "rollback_rehearsal");
  for (const id of promises ?? []) {
    const promise = entry.promises?.get(id);
    if (promise) on(promise.effective, "promise_effective", { promise: id });
  }
  for (const change of statusChanges(entry)) {
    on(calendarDate(new Date(change.at), timeZone), "status_changed", { status: { from: change.from ?? null, to: change.to } });
  }
  if (entry.changed) on(calendarDate(new Date(entry.changed), timeZone), "manifest_changed");
  // By date, then kind in CALENDAR_KINDS order, then promise; a stable sort keeps two status changes of one day in the order they happened.
  const key = (d: FeedDate) => `${d.date}\u0000${CALENDAR_KINDS.indexOf(d.kind)}\u0000${d.promise ?? ""}`;
  return dates.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/**
 * The release's status changes along its manifest's committed revisions (the weekly review's
 * reading of them). When the revisions reach back to the file's first commit, the manifest's
 * arrival counts as a change from nothing; otherwise the oldest revision read is only where the
 * history starts. Revisions under another slug are another release's.
 */
function statusChanges(entry: FeedManifest) {
  const history = entry.history;
  if (!history || history.revisions.length === 0) return [];
  const start: FileRevision[] = history.fromStart ? [{ commit: "", at: history.revisions[0]!.at, text: null }] : [];
  return statusChangesOf(entry.manifest.release, [...start, ...history.revisions]).filter((c) => c.release === entry.manifest.release);
}
