import { calendarDate } from "../calendar.js";
import type { ReleaseVerdict } from "../evaluation/release.js";
import type { Manifest, ManifestChange, ManifestLimitation } from "../manifest/schema.js";
import type { Policy } from "../policy/schema.js";
import type { PromiseVersionChange } from "../registry/changes.js";
import type { ReleasePromise } from "../registry/schema.js";
import type { Audience, ChangeType, LimitationKind, NotesLocale } from "../vocabulary.js";
import {
  availabilityView,
  readerView,
  statusView,
  type AvailabilityView,
  type ReaderRequest,
  type ReaderView,
  type StatusView,
} from "./availability-view.js";
import {
  changeView,
  limitationView,
  readerGets,
  rollbackNotice,
  type ChangeView,
  type LimitationView,
  type RollbackNoticeView,
} from "./change-views.js";
import { promiseView, type PromiseView } from "./promise-view.js";
import { supportView, type SupportView } from "./support-view.js";
import { NOTES_WORDING, type NotesWording } from "./wording.js";

/**
 * View-models for release notes: what one audience may read about one release, built by a pure
 * function from the manifest, its verdict and the policy. Templates only choose words; every
 * decision about what a reader may be told (which changes, which limits, whether a promise may
 * be made yet) is taken here and in the views beside it (availability-view.ts, change-views.ts,
 * promise-view.ts, support-view.ts).
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

export interface NotesInput {
  manifest: Manifest;
  verdict: ReleaseVerdict;
  policy: Policy;
  locale: NotesLocale;
  /** "Now" for promises' effective dates, read in the policy's time zone. */
  now: Date;
  /** Promises at their strictest; null or absent when the repository has no registry. */
  promises?: ReadonlyMap<string, ReleasePromise> | null;
  /** Promises whose version rose in the PR; absent or null when the registry was not compared. */
  promiseChanges?: readonly PromiseVersionChange[] | null;
  /** Notes for one reader: only what their plan and region get. */
  reader?: ReaderRequest;
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
  const promises = (manifest.promises ?? []).map((id) =>
    promiseView(id, input.promises?.get(id), manifest.status, today, words, input.promiseChanges?.find((c) => c.id === id)));
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
    support: isSupport
      ? supportView({ manifest, verdict: input.verdict, policy: input.policy, words: shared.words, today: shared.today, changes: shared.changes.map(({ view }) => view) })
      : null,
  };
}

function hearsAbout(audience: Audience, change: ManifestChange): boolean {
  if (change.audiences) return change.audiences.includes(audience);
  return audience !== "new" || NEW_USER_TYPES.has(change.type);
}
