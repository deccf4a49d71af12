/**
 * docs/reference/feed.md#sayablefor-the-segment-question: one answer to the segment question. Given the readiness feed
 * and a visitor (plan, region) on a channel, which releases the visitor has and which promise
 * wording applies. It imports nothing, so a landing page, an email build or a help-centre script
 * can copy or import this one file and answer on the publishing side: targeting rules never need
 * to reach the browser.
 *
 * The types below name only the parts of feed.json this reads; the full document is described by
 * readiness/feed.schema.json (a test checks the two agree).
 */

export interface SayableFeed {
  as_of: string;
  releases: readonly SayableFeedRelease[];
}

export interface SayableFeedRelease {
  slug: string;
  title: string;
  status: string;
  ready: boolean;
  segment_limits: { rollout_percent: number; regions: readonly string[]; plans: readonly string[] } | null;
  changes: ReadonlyArray<{ title: string; type: string; audiences: readonly string[]; plans: readonly string[] | null; regions: readonly string[] | null }>;
  limitations: ReadonlyArray<{ kind: string; text: string; workaround: string | null; audiences: readonly string[] }> | null;
  promises: ReadonlyArray<
    | { id: string; sayable: true; text: string; conditions: readonly string[]; exceptions: readonly string[]; version: number; channels: readonly string[] }
    | { id: string; sayable: false }
  >;
  channels: readonly string[];
}

export interface Visitor {
  /** The visitor's plan; any plan when left out. */
  plan?: string;
  /** The visitor's region; any region when left out. */
  region?: string;
  /** Where they are being told (landing, email, in-app …); any open channel when left out. */
  channel?: string;
}

export interface SayableRelease {
  slug: string;
  title: string;
  status: string;
  /** Share of eligible accounts that have it; null when the manifest declares no segment limits. */
  rollout_percent: number | null;
  /** Channels it may be talked about on now (just the asked channel, when one was asked). */
  channels: string[];
  changes: Array<{ title: string; type: string; audiences: string[] }>;
  limitations: Array<{ kind: string; text: string; workaround: string | null }>;
  /** The promise wording that applies to this visitor on this channel. */
  promises: Array<{ id: string; text: string; conditions: string[]; exceptions: string[]; version: number }>;
}

export interface SayableAnswer {
  as_of: string;
  visitor: { plan: string | null; region: string | null; channel: string | null };
  releases: SayableRelease[];
}

const norm = (value: string) => value.trim().toLowerCase();
/** An empty list limits nothing; names match whatever their case or surrounding spaces. */
const admits = (list: readonly string[] | null, value: string | undefined) =>
  value === undefined || list === null || list.length === 0 || list.some((item) => norm(item) === norm(value));

/** Whether the visitor is in the release's segment: not rolled back, not at 0%, their plan and region included. */
function visitorHas(release: SayableFeedRelease, visitor: Visitor): boolean {
  if (release.status === "rollback") return false;
  const segment = release.segment_limits;
  if (!segment) return true;
  return segment.rollout_percent > 0 && admits(segment.plans, visitor.plan) && admits(segment.regions, visitor.region);
}

/** Which releases `visitor` has and what may be said to them; with a channel, only releases open on it. */
export function sayableFor(feed: SayableFeed, visitor: Visitor = {}): SayableAnswer {
  const channel = visitor.channel === undefined || visitor.channel.trim() === "" ? undefined : norm(visitor.channel);
  const releases: SayableRelease[] = [];
  for (const release of feed.releases) {
    if (!visitorHas(release, visitor)) continue;
    const open = release.channels.map(norm).filter((c) => channel === undefined || c === channel);
    if (channel !== undefined && open.length === 0) continue;
    releases.push({
      slug: release.slug,
      title: release.title,
      status: release.status,
      rollout_percent: release.segment_limits ? release.segment_limits.rollout_percent : null,
      channels: open,
      changes: release.changes
        .filter((change) => admits(change.plans, visitor.plan) && admits(change.regions, visitor.region))
        .map((change) => ({ title: change.title, type: change.type, audiences: [...change.audiences] })),
      limitations: (release.limitations ?? []).map((l) => ({ kind: l.kind, text: l.text, workaround: l.workaround })),
      promises: release.promises.flatMap((promise) =>
        promise.sayable && promise.channels.some((c) => open.includes(norm(c)))
          ? [{ id: promise.id, text: promise.text, conditions: [...promise.conditions], exceptions: [...promise.exceptions], version: promise.version }]
          : []),
    });
  }
  return {
    as_of: feed.as_of,
    visitor: { plan: visitor.plan ?? null, region: visitor.region ?? null, channel: channel ?? null },
    releases,
  };
}
