import { calendarDate, formatInstant } from "../calendar.js";
import type { ReleaseVerdict } from "../evaluation/release.js";
import type { Manifest, ManifestChange, ManifestLimitation } from "../manifest/schema.js";
import { NOTES_WORDING, type NotesWording } from "./wording.js";
import type { Policy } from "../policy/schema.js";
import type { ReleasePromise } from "../registry/schema.js";
import {
  STATUS_RANK,
  type Audience,
  type ChangeType,
  type LimitationKind,
  type NotesLocale,
  type ReleaseStatus,
} from "../vocabulary.js";

/**
 * View-models for release notes: what one audience may read about one release, built by a pure
 * function from the manifest, its verdict and the policy. Templates only choose words; every
 * decision about what a reader may be told (which changes, which limits, whether a promise may
 * be made yet) is taken here.
 *
 * Every field is always present (`null` or an empty list when there is nothing), because the
 * templates run in Handlebars' strict mode, where a missing field is an error. Strings are raw
 * here; the renderer escapes them all before a template sees them. Fields whose names end in
 * `Url` are link destinations and are escaped as such.
 */
export interface NotesViewModel {
  audience: Audience;
  audienceLabel: string;
  locale: NotesLocale;
  release: { slug: string; title: string; docsUrl: string | null };
  status: StatusView;
  availability: AvailabilityView;
  /** The reader's own plan and region, when the notes were asked for one. */
  reader: ReaderView | null;
  /** The changes this audience hears about, most pressing first for it. */
  changes: ChangeView[];
  /** The same changes grouped by type. */
  sections: Record<"removals" | "deprecations" | "features" | "improvements" | "fixes", ChangeView[]>;
  /** The changes that come with a description ("how it works"). */
  described: ChangeView[];
  limitations: LimitationView[];
  /** The manifest states its limitations (an empty list is a statement: "none known"). */
  limitationsStated: boolean;
  /** Promises the notes may make (customers) or every promise the release refers to (support). */
  promises: PromiseView[];
  /** Present when the release is rolled back: the customer notice. */
  rollback: RollbackNoticeView | null;
  /** Present only in the support audience's notes: internal detail the other audiences never get. */
  support: SupportView | null;
}

export interface StatusView {
  code: ReleaseStatus;
  label: string;
  experiment: boolean;
  beta: boolean;
  ga: boolean;
  rollback: boolean;
  /** Anything but ga: the notes must not read as generally available and must state who gets it. */
  limited: boolean;
}

export interface AvailabilityView {
  /** Segment limits are declared (not missing, not "not applicable"). */
  known: boolean;
  rolloutPercent: number | null;
  /** Fewer than all eligible accounts have it. */
  partial: boolean;
  /** Plans and regions the release is limited to; empty when it is not limited that way. */
  plans: string[];
  regions: string[];
  /** Only at ga, and only when nothing limits it: the one case where notes may say "everyone". */
  everyone: boolean;
  /** The most the policy allows at this status, and whether the declared rollout exceeds it. */
  maxRolloutPercent: number;
  overLimit: boolean;
}

export interface ReaderView {
  plan: string | null;
  region: string | null;
  /** Whether the release's segment includes this reader's plan and region. */
  included: boolean;
}

export interface ChangeView {
  title: string;
  description: string | null;
  type: ChangeType;
  typeLabel: string;
  feature: boolean;
  improvement: boolean;
  fix: boolean;
  deprecation: boolean;
  removal: boolean;
  /** Plans and regions that get this change, when narrower than the release as a whole. */
  plans: string[];
  regions: string[];
  scoped: boolean;
  /** False when the change is limited to plans or regions the release's segment does not reach. */
  reachable: boolean;
  /** Who the change is written for (labels), for support. */
  audiences: string[];
}

export interface LimitationView {
  kind: LimitationKind;
  kindLabel: string;
  text: string;
  workaround: string | null;
  /** Legal limitations are the ones a buyer's compliance review asks about. */
  compliance: boolean;
  audiences: string[];
}

export interface PromiseView {
  id: string;
  /** The promise is in the registry; support notes also list ids the registry lacks. */
  known: boolean;
  text: string | null;
  conditions: string[];
  exceptions: string[];
  effective: string | null;
  minStatusLabel: string | null;
  channels: string[];
  /** The release's status is at least the promise's `min_status`. */
  allowedAtStatus: boolean;
  /** The promise's effective date has come. */
  inEffect: boolean;
  /** It may be told to customers now. */
  usable: boolean;
}

/** The customer notice for a rollback; what to do is in the notes' limitations and their workarounds. */
export interface RollbackNoticeView {
  /** What is rolled back. */
  changes: ChangeView[];
  /** Who is affected: the plans and regions that had it (all, when the segment was not limited that way). */
  plans: string[];
  regions: string[];
  allAccounts: boolean;
}

export interface SupportView {
  owner: string;
  flag: string | null;
  ready: boolean;
  /** Required checklist items that are not satisfied, with their state. */
  unmet: Array<{ label: string; state: string }>;
  /** Release-level rules that fail, in words. */
  failedRules: string[];
  waived: Array<{ label: string; until: string; by: string; reason: string }>;
  rollbackPlan: { steps: string; tested: string | null } | null;
  /** Support training; `done` once its date has come. */
  training: { date: string; materialsUrl: string; done: boolean } | null;
  /** Changes that are outside the release's segment and so reach nobody (a manifest mistake). */
  unreachable: number;
}

export interface NotesInput {
  manifest: Manifest;
  verdict: ReleaseVerdict;
  policy: Policy;
  locale: NotesLocale;
  /** "Now" for promises' effective dates, read in the policy's time zone. */
  now: Date;
  /** Promises at their strictest; null or absent when the repository has no registry. */
  promises?: ReadonlyMap<string, ReleasePromise> | null;
  /** Notes for one reader: only what their plan and region get. */
  reader?: { plan?: string; region?: string };
}

const ORDER_CUSTOMER: readonly ChangeType[] = ["removal", "deprecation", "feature", "improvement", "fix"];
const ORDER_NEW: readonly ChangeType[] = ["feature", "improvement", "fix", "deprecation", "removal"];
/** New users only hear about what they can do, unless a change names them outright. */
const NEW_USER_TYPES: ReadonlySet<ChangeType> = new Set(["feature", "improvement"]);
const ENTERPRISE_KIND_ORDER: readonly LimitationKind[] = ["legal", "infrastructure", "operational", "integration", "functional"];

/** Builds one view-model for each audience; changes and limitations are shared between them. */
export function buildNotesViewModels(input: NotesInput, audiences: readonly Audience[]): NotesViewModel[] {
  const shared = sharedParts(input);
  return audiences.map((audience) => assemble(input, shared, audience));
}

export function buildNotesViewModel(input: NotesInput, audience: Audience): NotesViewModel {
  return buildNotesViewModels(input, [audience])[0]!;
}

interface SharedParts {
  words: NotesWording;
  status: StatusView;
  availability: AvailabilityView;
  reader: ReaderView | null;
  changes: Array<{ source: ManifestChange; view: ChangeView }>;
  limitations: Array<{ source: ManifestLimitation; view: LimitationView }>;
  promises: PromiseView[];
  docsUrl: string | null;
  /** Today in the policy's time zone. */
  today: string;
}

function sharedParts(input: NotesInput): SharedParts {
  const { manifest, policy, locale } = input;
  const words = NOTES_WORDING[locale];
  const status = statusView(manifest.status, words);
  const availability = availabilityView(manifest, policy);
  const reader = readerView(input.reader, availability);
  const changes = manifest.changes.map((source) => ({ source, view: changeView(source, availability, words) }));
  const limitations = (manifest.limitations ?? []).map((source) => ({ source, view: limitationView(source, words) }));
  const today = calendarDate(input.now, policy.timezone);
  const promises = (manifest.promises ?? []).map((id) => promiseView(id, input.promises?.get(id), manifest.status, today, words));
  const docs = manifest.checklist.docs;
  const docsUrl = docs && "url" in docs ? docs.url : null;
  return { words, status, availability, reader, changes, limitations, promises, docsUrl, today };
}

function assemble(input: NotesInput, shared: SharedParts, audience: Audience): NotesViewModel {
  const { manifest } = input;
  const isSupport = audience === "support";
  const byType: Record<ChangeType, ChangeView[]> = { feature: [], improvement: [], fix: [], deprecation: [], removal: [] };
  for (const { source, view } of shared.changes) {
    if (isSupport || (hearsAbout(audience, source) && view.reachable && readerGets(input.reader, view, shared.availability))) byType[view.type].push(view);
  }
  const changes = (audience === "new" ? ORDER_NEW : ORDER_CUSTOMER).flatMap((type) => byType[type]);
  const limitations = shared.limitations
    .filter(({ source }) => isSupport || (source.audiences ?? [audience]).includes(audience))
    .map(({ view }) => view);
  if (audience === "enterprise") limitations.sort((a, b) => ENTERPRISE_KIND_ORDER.indexOf(a.kind) - ENTERPRISE_KIND_ORDER.indexOf(b.kind));
  return {
    audience,
    audienceLabel: shared.words.audiences[audience],
    locale: input.locale,
    release: { slug: manifest.release, title: manifest.title, docsUrl: shared.docsUrl },
    status: shared.status,
    availability: shared.availability,
    reader: shared.reader,
    changes,
    sections: {
      removals: byType.removal,
      deprecations: byType.deprecation,
      features: byType.feature,
      improvements: byType.improvement,
      fixes: byType.fix,
    },
    described: changes.filter((c) => c.description !== null),
    limitations,
    limitationsStated: manifest.limitations !== undefined,
    promises: isSupport ? shared.promises : shared.promises.filter((p) => p.usable),
    rollback: manifest.status === "rollback" ? rollbackNotice(changes, shared.availability) : null,
    support: isSupport ? supportView(input, shared) : null,
  };
}

function hearsAbout(audience: Audience, change: ManifestChange): boolean {
  if (change.audiences) return change.audiences.includes(audience);
  return audience !== "new" || NEW_USER_TYPES.has(change.type);
}

function statusView(code: ReleaseStatus, words: NotesWording): StatusView {
  return {
    code,
    label: words.statuses[code],
    experiment: code === "experiment",
    beta: code === "beta",
    ga: code === "ga",
    rollback: code === "rollback",
    limited: code !== "ga",
  };
}

function availabilityView(manifest: Manifest, policy: Policy): AvailabilityView {
  const declared = manifest.checklist.segment_limits;
  const maxRolloutPercent = policy.statuses[manifest.status].max_rollout_percent;
  const isGa = manifest.status === "ga";
  if (!declared || "not_applicable" in declared) {
    return {
      known: false,
      rolloutPercent: null,
      partial: !isGa,
      plans: [],
      regions: [],
      // "Not applicable" at ga means the release is not segmented; anywhere else it stays limited.
      everyone: isGa && declared !== undefined,
      maxRolloutPercent,
      overLimit: false,
    };
  }
  const partial = declared.rollout_percent < 100;
  return {
    known: true,
    rolloutPercent: declared.rollout_percent,
    partial,
    plans: [...declared.plans],
    regions: [...declared.regions],
    everyone: isGa && !partial && declared.plans.length === 0 && declared.regions.length === 0,
    maxRolloutPercent,
    overLimit: declared.rollout_percent > maxRolloutPercent,
  };
}

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
const includesName = (list: readonly string[], name: string) => list.some((item) => sameName(item, name));

/**
 * What a scope list narrows the release to: the change's own list, cut down to the release's
 * segment when both are limited. Empty means "no narrower than the release".
 */
function narrowed(own: readonly string[] | undefined, release: readonly string[]): { list: string[]; empty: boolean } {
  if (!own || own.length === 0) return { list: [], empty: false };
  if (release.length === 0) return { list: [...own], empty: false };
  const list = own.filter((name) => includesName(release, name));
  if (release.every((name) => includesName(list, name))) return { list: [], empty: false };
  return { list, empty: list.length === 0 };
}

function changeView(change: ManifestChange, availability: AvailabilityView, words: NotesWording): ChangeView {
  const plans = narrowed(change.plans, availability.plans);
  const regions = narrowed(change.regions, availability.regions);
  return {
    title: change.title,
    description: change.description ?? null,
    type: change.type,
    typeLabel: words.changeTypes[change.type],
    feature: change.type === "feature",
    improvement: change.type === "improvement",
    fix: change.type === "fix",
    deprecation: change.type === "deprecation",
    removal: change.type === "removal",
    plans: plans.list,
    regions: regions.list,
    scoped: plans.list.length + regions.list.length > 0,
    reachable: !plans.empty && !regions.empty,
    audiences: (change.audiences ?? []).map((a) => words.audiences[a]),
  };
}

function readerView(reader: NotesInput["reader"], availability: AvailabilityView): ReaderView | null {
  if (!reader || (reader.plan === undefined && reader.region === undefined)) return null;
  const plan = reader.plan ?? null;
  const region = reader.region ?? null;
  const included = (plan === null || availability.plans.length === 0 || includesName(availability.plans, plan)) &&
    (region === null || availability.regions.length === 0 || includesName(availability.regions, region));
  return { plan, region, included };
}

function readerGets(reader: NotesInput["reader"], change: ChangeView, availability: AvailabilityView): boolean {
  if (!reader) return true;
  const fits = (name: string | undefined, own: string[], release: string[]) =>
    name === undefined || ((own.length === 0 || includesName(own, name)) && (release.length === 0 || includesName(release, name)));
  return fits(reader.plan, change.plans, availability.plans) && fits(reader.region, change.regions, availability.regions);
}

function limitationView(limitation: ManifestLimitation, words: NotesWording): LimitationView {
  return {
    kind: limitation.kind,
    kindLabel: words.limitationKinds[limitation.kind],
    text: limitation.text,
    workaround: limitation.workaround ?? null,
    compliance: limitation.kind === "legal",
    audiences: (limitation.audiences ?? []).map((a) => words.audiences[a]),
  };
}

function promiseView(
  id: string,
  promise: ReleasePromise | undefined,
  status: ReleaseStatus,
  today: string,
  words: NotesWording,
): PromiseView {
  if (!promise) {
    return {
      id, known: false, text: null, conditions: [], exceptions: [], effective: null, minStatusLabel: null, channels: [],
      allowedAtStatus: false, inEffect: false, usable: false,
    };
  }
  const allowedAtStatus = status !== "rollback" && STATUS_RANK[status] >= STATUS_RANK[promise.min_status];
  const inEffect = promise.effective <= today;
  return {
    id,
    known: true,
    text: promise.text,
    conditions: [...promise.conditions],
    exceptions: [...promise.exceptions],
    effective: promise.effective,
    minStatusLabel: words.statuses[promise.min_status],
    channels: [...promise.channels],
    allowedAtStatus,
    inEffect,
    usable: allowedAtStatus && inEffect,
  };
}

function rollbackNotice(changes: ChangeView[], availability: AvailabilityView): RollbackNoticeView {
  return {
    changes,
    plans: availability.plans,
    regions: availability.regions,
    allAccounts: availability.plans.length === 0 && availability.regions.length === 0,
  };
}

function supportView(input: NotesInput, shared: SharedParts): SupportView {
  const { manifest, verdict, policy } = input;
  const words = shared.words;
  const plan = manifest.checklist.rollback_plan;
  const training = manifest.checklist.support_training;
  return {
    owner: manifest.owner,
    flag: manifest.flag ?? null,
    ready: verdict.ready,
    unmet: verdict.items
      .filter((item) => item.required && !item.satisfied)
      .map((item) => ({
        label: words.items[item.item],
        state: item.state === "met" || item.state === "not_applicable" ? item.state : words.itemStates[item.state],
      })),
    failedRules: [...new Set(verdict.rules.filter((rule) => !rule.ok).map((rule) => words.rules[rule.id]))],
    waived: verdict.items.flatMap((item) => item.state === "waived" && item.waiver
      ? [{ label: words.items[item.item], until: formatInstant(item.waiver.until, policy.timezone), by: `@${item.waiver.by}`, reason: item.waiver.reason }]
      : []),
    rollbackPlan: plan && "steps" in plan ? { steps: plan.steps, tested: plan.tested ?? null } : null,
    training: training && "date" in training ? { date: training.date, materialsUrl: training.materials, done: training.date <= shared.today } : null,
    unreachable: shared.changes.filter(({ view }) => !view.reachable).length,
  };
}
