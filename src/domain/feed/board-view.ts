import { sayableFor } from "./sayable-for.js";
import type { Feed, FeedDate, FeedRelease } from "./schema.js";

/**
 * docs/reference/feed.md#the-board: what the readiness board shows, worked out from the feed.
 * The filters' answers come from `sayableFor`, one set per plan, region and channel; a visitor's
 * answer is the intersection of the three, since each narrows releases on its own.
 */
const STATUS_WORDS: Record<FeedRelease["status"], string> = { experiment: "Experiment", beta: "Beta", ga: "GA", rollback: "Rolled back" };
const DATE_WORDS: Record<FeedDate["kind"], string> = {
  support_training: "Support training",
  rollback_rehearsal: "Rollback rehearsed",
  promise_effective: "Promise takes effect",
  status_changed: "Status",
  manifest_changed: "Manifest changed",
};

export interface FilterAnswer {
  releases: string[];
  /** Promise ids that apply, by release (channel answers). */
  promises?: Record<string, string[]>;
  /** Indexes of the changes that apply, by release (plan and region answers). */
  changes?: Record<string, number[]>;
}

export interface BoardAnswers {
  plan: Record<string, FilterAnswer>;
  region: Record<string, FilterAnswer>;
  channel: Record<string, FilterAnswer>;
}

const sortedUnique = (values: Iterable<string>) => [...new Set(values)].sort((a, b) => a.localeCompare(b));

export function boardFilters(feed: Feed): { plans: string[]; regions: string[]; channels: string[] } {
  const r = feed.releases;
  return {
    plans: sortedUnique(r.flatMap((x) => [...(x.segment_limits?.plans ?? []), ...x.changes.flatMap((c) => c.plans ?? [])])),
    regions: sortedUnique(r.flatMap((x) => [...(x.segment_limits?.regions ?? []), ...x.changes.flatMap((c) => c.regions ?? [])])),
    channels: sortedUnique(r.flatMap((x) => [...x.channels, ...x.campaigns.map((c) => c.channel), ...x.promises.flatMap((p) => (p.sayable ? p.channels : []))])),
  };
}

export function boardAnswers(feed: Feed): BoardAnswers {
  const filters = boardFilters(feed);
  const changesOf = (answer: ReturnType<typeof sayableFor>) => Object.fromEntries(answer.releases.map((release) => {
    const all = feed.releases.find((r) => r.slug === release.slug)?.changes ?? [];
    // Changes keep their titles and order, so an index into the release's list names each.
    let from = 0;
    const indexes = release.changes.map((change) => {
      const index = all.findIndex((c, i) => i >= from && c.title === change.title && c.type === change.type);
      from = index + 1;
      return index;
    });
    return [release.slug, indexes];
  }));
  const segment = (key: "plan" | "region", values: string[]) => Object.fromEntries(values.map((value) => {
    const answer = sayableFor(feed, { [key]: value });
    return [value, { releases: answer.releases.map((r) => r.slug), changes: changesOf(answer) }];
  }));
  return {
    plan: segment("plan", filters.plans),
    region: segment("region", filters.regions),
    channel: Object.fromEntries(filters.channels.map((channel) => {
      const answer = sayableFor(feed, { channel });
      return [channel, { releases: answer.releases.map((r) => r.slug), promises: Object.fromEntries(answer.releases.map((r) => [r.slug, r.promises.map((p) => p.id)])) }];
    })),
  };
}

/** Who has a release, in a sentence. */
export function audienceSentence(release: FeedRelease): string {
  if (release.status === "rollback") return "Nobody: rolled back";
  const segment = release.segment_limits;
  if (!segment) return release.status === "ga" ? "Everyone (no segment limits declared)" : "Not stated";
  if (segment.rollout_percent === 0) return "Nobody yet (0% rollout)";
  const share = segment.rollout_percent === 100 ? "All" : `${segment.rollout_percent}%`;
  const plans = segment.plans.length ? ` of ${segment.plans.join(", ")}` : segment.rollout_percent === 100 ? " accounts" : " of accounts";
  const regions = segment.regions.length ? ` in ${segment.regions.join(", ")}` : "";
  return `${share}${plans}${regions}`;
}

export function boardView(feed: Feed) {
  const filters = boardFilters(feed);
  return {
    asOf: feed.as_of,
    timezone: feed.timezone,
    repository: feed.source.repository,
    releaseCount: feed.releases.length,
    readyCount: feed.releases.filter((r) => r.ready).length,
    readinessNote: feed.readiness.note.charAt(0).toUpperCase() + feed.readiness.note.slice(1),
    historyNote: statusHistoryNote(feed.source.status_history),
    ...filters,
    releases: feed.releases.map((release) => ({
      ...release,
      statusWord: STATUS_WORDS[release.status],
      audience: audienceSentence(release),
      changed: release.changed?.slice(0, 10) ?? null,
      limitationsStated: release.limitations !== null,
      promises: release.promises.map((p) => ({
        ...p,
        laterWhy: p.sayable ? null : p.reason === "min_status" ? `from ${p.min_status === "ga" ? "GA" : p.min_status}` : p.reason === "effective" ? `from ${p.effective}` : "not in the promise registry",
      })),
    })),
    calendar: feed.releases
      .flatMap((release) => release.calendar.filter((d) => !restatedByStatusChange(d, release)).map((d) => ({
        date: d.date,
        slug: release.slug,
        title: release.title,
        what: calendarWords(d, release),
        when: d.date < feed.as_of ? "past" : d.date === feed.as_of ? "today" : "upcoming",
      })))
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0)),
  };
}

/** How far back the calendar's status changes go (docs/reference/feed.md#the-board). */
export function statusHistoryNote(history: Feed["source"]["status_history"]): string {
  if (history.from === null) return "Status changes are not shown: the manifests' history was not read (they are not in git).";
  const branch = history.from === "github" ? " on the default branch" : "";
  if (history.depth === null) return history.from === "git" ? "Status changes come from each manifest's whole git history." : `Status changes come from every commit of each manifest${branch}.`;
  return `Status changes come from each manifest's latest ${history.depth} commits${branch}; an earlier change is not shown.`;
}

/** What a calendar date says, in words. */
function calendarWords(d: FeedDate, release: FeedRelease): string {
  if (d.kind === "status_changed" && d.status) {
    return d.status.from ? `${DATE_WORDS[d.kind]}: ${STATUS_WORDS[d.status.from]} → ${STATUS_WORDS[d.status.to]}` : `New release, as ${STATUS_WORDS[d.status.to]}`;
  }
  if (d.kind === "manifest_changed") return `${DATE_WORDS[d.kind]} (now ${STATUS_WORDS[release.status]})`;
  return d.promise ? `${DATE_WORDS[d.kind]}: ${d.promise}` : DATE_WORDS[d.kind];
}

/** "Manifest changed" says nothing more on a day whose status change the calendar already shows. */
const restatedByStatusChange = (d: FeedDate, release: FeedRelease) =>
  d.kind === "manifest_changed" && release.calendar.some((o) => o.kind === "status_changed" && o.date === d.date);
