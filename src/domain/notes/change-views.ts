import type { ManifestChange, ManifestLimitation } from "../manifest/schema.js";
import type { ChangeType, LimitationKind } from "../vocabulary.js";
import { includesName, type AvailabilityView, type ReaderRequest } from "./availability-view.js";
import type { NotesWording } from "./wording.js";

/**
 * What the notes say changed and what still limits the release: each change narrowed to the
 * release's segment (and to one reader's plan and region), each limitation, and the customer
 * notice when the release is rolled back.
 */

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

/** The customer notice for a rollback; what to do is in the notes' limitations and their workarounds. */
export interface RollbackNoticeView {
  /** What is rolled back. */
  changes: ChangeView[];
  /** Who is affected: the plans and regions that had it (all, when the segment was not limited that way). */
  plans: string[];
  regions: string[];
  allAccounts: boolean;
}

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

export function changeView(change: ManifestChange, availability: AvailabilityView, words: NotesWording): ChangeView {
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

/** Whether the one reader the notes are for gets this change (always, when the notes are for everyone). */
export function readerGets(reader: ReaderRequest | undefined, change: ChangeView, availability: AvailabilityView): boolean {
  if (!reader) return true;
  const fits = (name: string | undefined, own: string[], release: string[]) =>
    name === undefined || ((own.length === 0 || includesName(own, name)) && (release.length === 0 || includesName(release, name)));
  return fits(reader.plan, change.plans, availability.plans) && fits(reader.region, change.regions, availability.regions);
}

export function limitationView(limitation: ManifestLimitation, words: NotesWording): LimitationView {
  return {
    kind: limitation.kind,
    kindLabel: words.limitationKinds[limitation.kind],
    text: limitation.text,
    workaround: limitation.workaround ?? null,
    compliance: limitation.kind === "legal",
    audiences: (limitation.audiences ?? []).map((a) => words.audiences[a]),
  };
}

export function rollbackNotice(changes: ChangeView[], availability: AvailabilityView): RollbackNoticeView {
  return {
    changes,
    plans: availability.plans,
    regions: availability.regions,
    allAccounts: availability.plans.length === 0 && availability.regions.length === 0,
  };
}
