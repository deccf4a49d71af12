import { calendarDate } from "../calendar.js";
import { NOTES_WORDING } from "../notes/wording.js";
import type { NotesLocale } from "../vocabulary.js";
import type {
  ReviewCampaignDecision, ReviewInputs, ReviewIssue, ReviewWaiver,
} from "./inputs.js";
import { dateInIsoWeek, formatIsoWeek, isoWeekDates, previousIsoWeek, shiftDate } from "./iso-week.js";
import { overallRate, rateBreakdown, type RateRow } from "./rates.js";
import { REVIEW_WORDING } from "./wording.js";
import { compareText } from "../compare-text.js";

/** The issue's title, exactly (docs/reference/promise-review.md): one issue per ISO week. */
/** The week's issue title, `Promise review YYYY-Www` (exact, SPEC §5.4); weekOfReviewTitle (./schedule.ts) reads it back. */
export const REVIEW_TITLE_PREFIX = "Promise review ";
export const reviewTitle = (inputs: Pick<ReviewInputs, "week">) => `${REVIEW_TITLE_PREFIX}${formatIsoWeek(inputs.week)}`;

/** The label every weekly review carries (exact). */
export const REVIEW_LABEL = "promise-review";

/** How many of the week's mismatch stories the review tells. */
const STORIES = 2;
/** A waiver ending this many days after today counts as expiring soon. */
const EXPIRING_WITHIN_DAYS = 7;

export interface ReviewViewModel {
  title: string;
  locale: NotesLocale;
  week: { code: string; first: string; last: string };
  previousWeek: { code: string };
  /** True when the week brought no issue and nothing changed: the review says so in one line. */
  quiet: boolean;
  rate: LabelledRow;
  breakdown: { releases: LabelledRow[]; promises: LabelledRow[]; campaigns: LabelledRow[]; sources: LabelledRow[] };
  stories: StoryView[];
  statusChanges: StatusChangeView[];
  campaignsAllowed: CampaignView[];
  campaignsBlocked: CampaignView[];
  /** Campaigns whose latest decision is "allowed", with their holdouts (docs/reference/manifest.md#campaigns). */
  runningCampaigns: CampaignView[];
  promiseVersions: { id: string; from: number; to: number; changed: readonly string[]; date: string }[];
  waivers: { expired: WaiverView[]; expiringSoon: WaiverView[]; gaStillWaived: WaiverView[] };
  limits: readonly string[];
}

export type LabelledRow = RateRow & { label: string; trendLabel: string };

/**
 * Views hold `null` where an input may lack a value: templates compile in strict mode (a misspelt
 * field is an error), so every field a template may ask for is present.
 */
export interface StatusChangeView {
  release: string;
  title: string;
  from: string | null;
  fromLabel: string | null;
  to: string;
  toLabel: string;
  date: string;
  url: string | null;
}

export interface StoryView {
  id: string;
  title: string;
  url: string | null;
  comments: number;
  reactions: number;
  source: string;
  sourceLabel: string;
  release: string | null;
  promise: string | null;
}

export interface CampaignView {
  label: string;
  release: string;
  allowed: boolean;
  reason: string | null;
  date: string;
  holdoutPercent: number | null;
  exposureEvent: string | null;
  hasHoldout: boolean;
}

export interface WaiverView {
  release: string;
  title: string;
  item: string;
  itemLabel: string;
  status: string;
  statusLabel: string;
  date: string;
  url: string | null;
}

/** The week's review from its inputs: rates against the previous week, stories, what changed, what expires. */
export function buildReviewViewModel(inputs: ReviewInputs): ReviewViewModel {
  const { week, timeZone, locale } = inputs;
  const previous = previousIsoWeek(week);
  const dayOf = (instant: string) => calendarDate(new Date(instant), timeZone);
  const inWeek = <T extends { at: string }>(list: readonly T[]) => list.filter((entry) => dateInIsoWeek(dayOf(entry.at), week));
  const current = inputs.issues.filter((issue) => dateInIsoWeek(dayOf(issue.createdAt), week));
  const before = inputs.issues.filter((issue) => dateInIsoWeek(dayOf(issue.createdAt), previous));
  const wording = REVIEW_WORDING[locale];
  const statuses = NOTES_WORDING[locale].statuses;
  const labelled = (rows: RateRow[], label: (name: string) => string): LabelledRow[] =>
    rows.map((row) => ({ ...row, label: label(row.name), trendLabel: wording.trends[row.trend] }));
  const sourceLabel = (code: string) => wording.sources[code] ?? code;

  const statusChanges = inWeek(inputs.statusChanges)
    .sort(byInstant)
    .map((change): StatusChangeView => ({
      release: change.release,
      title: change.title,
      from: change.from ?? null,
      fromLabel: change.from ? statuses[change.from] : null,
      to: change.to,
      toLabel: statuses[change.to],
      date: dayOf(change.at),
      url: change.url ?? null,
    }));
  const campaigns = inWeek(inputs.campaigns.filter((decision) => !decision.withdrawn)).sort(byInstant).map((decision) => campaignView(decision, dayOf));
  const promiseVersions = inWeek(inputs.promiseVersions).sort(byInstant).map((version) => ({
    id: version.id,
    from: version.from,
    to: version.to,
    changed: version.changed.map((part) => wording.promiseParts[part] ?? part),
    date: dayOf(version.at),
  }));
  const model: ReviewViewModel = {
    title: reviewTitle(inputs),
    locale,
    week: { code: formatIsoWeek(week), ...isoWeekDates(week) },
    previousWeek: { code: formatIsoWeek(previous) },
    quiet: false,
    rate: labelled([overallRate(current, before, locale)], () => "")[0]!,
    breakdown: {
      releases: labelled(rateBreakdown("releases", current, before, locale), (name) => name),
      promises: labelled(rateBreakdown("promises", current, before, locale), (name) => name),
      campaigns: labelled(rateBreakdown("campaigns", current, before, locale), (name) => name),
      sources: labelled(rateBreakdown("sources", current, before, locale), sourceLabel),
    },
    stories: painfulStories(current).map((issue) => storyView(issue, sourceLabel)),
    statusChanges,
    campaignsAllowed: campaigns.filter((c) => c.allowed),
    campaignsBlocked: campaigns.filter((c) => !c.allowed),
    runningCampaigns: runningCampaigns(inputs.campaigns, inputs.now).map((decision) => campaignView(decision, dayOf)),
    promiseVersions,
    waivers: waiverViews(inputs, dayOf),
    limits: inputs.limits,
  };
  model.quiet = current.length === 0 && statusChanges.length === 0 && campaigns.length === 0 && promiseVersions.length === 0
    && model.waivers.expired.length === 0 && model.waivers.expiringSoon.length === 0;
  return model;
}

/** The week's mismatches that hurt most: most comments and reactions, the earlier issue first on a tie. */
function painfulStories(issues: readonly ReviewIssue[]): ReviewIssue[] {
  return issues
    .filter((issue) => issue.mismatch)
    .sort((a, b) => b.comments + b.reactions - (a.comments + a.reactions) || byInstant({ at: a.createdAt }, { at: b.createdAt }))
    .slice(0, STORIES);
}

function storyView(issue: ReviewIssue, sourceLabel: (code: string) => string): StoryView {
  const mismatch = issue.mismatch!;
  return {
    id: issue.id,
    title: issue.title,
    url: issue.url ?? null,
    comments: issue.comments,
    reactions: issue.reactions,
    source: mismatch.source,
    sourceLabel: sourceLabel(mismatch.source),
    release: mismatch.releases[0] ?? null,
    promise: mismatch.promises[0] ?? null,
  };
}

function campaignView(decision: ReviewCampaignDecision, dayOf: (instant: string) => string): CampaignView {
  return {
    label: decision.label,
    release: decision.release,
    allowed: decision.allowed,
    reason: decision.reason ?? null,
    date: dayOf(decision.at),
    holdoutPercent: decision.holdoutPercent ?? null,
    exposureEvent: decision.exposureEvent ?? null,
    hasHoldout: (decision.holdoutPercent ?? 0) > 0,
  };
}

/** Each campaign (label on a release) whose latest decision up to now allowed it (and was not withdrawn since). */
function runningCampaigns(decisions: readonly ReviewCampaignDecision[], now: Date): ReviewCampaignDecision[] {
  const latest = new Map<string, ReviewCampaignDecision>();
  for (const decision of [...decisions].sort(byInstant)) {
    if (new Date(decision.at).getTime() <= now.getTime()) latest.set(`${decision.release}\u0000${decision.label}`, decision);
  }
  return [...latest.values()].filter((decision) => decision.allowed && !decision.withdrawn).sort((a, b) => compareText(a.release, b.release) || compareText(a.label, b.label));
}

function waiverViews(inputs: ReviewInputs, dayOf: (instant: string) => string): ReviewViewModel["waivers"] {
  const { locale, now, week } = inputs;
  const today = calendarDate(now, inputs.timeZone);
  const soon = shiftDate(today, EXPIRING_WITHIN_DAYS);
  const weekStart = isoWeekDates(week).first;
  const view = (waiver: ReviewWaiver): WaiverView => ({
    release: waiver.release,
    title: waiver.title,
    item: waiver.item,
    itemLabel: NOTES_WORDING[locale].items[waiver.item],
    status: waiver.status,
    statusLabel: NOTES_WORDING[locale].statuses[waiver.status],
    date: dayOf(waiver.until),
    url: waiver.url ?? null,
  });
  const sorted = [...inputs.waivers].sort((a, b) => byInstant({ at: a.until }, { at: b.until }) || compareText(a.release, b.release));
  const ended = (waiver: ReviewWaiver) => new Date(waiver.until).getTime() <= now.getTime();
  return {
    // Expired since the reviewed week began: older ones were in an earlier review.
    expired: sorted.filter((waiver) => ended(waiver) && dayOf(waiver.until) >= weekStart).map(view),
    expiringSoon: sorted.filter((waiver) => !ended(waiver) && dayOf(waiver.until) <= soon).map(view),
    gaStillWaived: sorted.filter((waiver) => !ended(waiver) && waiver.status === "ga").map(view),
  };
}

const byInstant = (a: { at: string }, b: { at: string }) => new Date(a.at).getTime() - new Date(b.at).getTime();
