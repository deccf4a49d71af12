import type { Manifest } from "../manifest/schema.js";
import type { Policy } from "../policy/schema.js";
import type { ReleaseStatus } from "../vocabulary.js";
import type { NotesWording } from "./wording.js";

/**
 * Where a release stands and whom it reaches, as the notes show it: its status, its segment
 * (rollout, plans, regions) and, when the notes are for one reader, whether that reader is in it.
 */

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

/** The plan and region of the one reader the notes are asked for. */
export interface ReaderRequest {
  plan?: string;
  region?: string;
}

export function statusView(code: ReleaseStatus, words: NotesWording): StatusView {
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

export function availabilityView(manifest: Manifest, policy: Policy): AvailabilityView {
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
/** Plan and region names match whatever their case or surrounding spaces. */
export const includesName = (list: readonly string[], name: string) => list.some((item) => sameName(item, name));

export function readerView(reader: ReaderRequest | undefined, availability: AvailabilityView): ReaderView | null {
  if (!reader || (reader.plan === undefined && reader.region === undefined)) return null;
  const plan = reader.plan ?? null;
  const region = reader.region ?? null;
  const included = (plan === null || availability.plans.length === 0 || includesName(availability.plans, plan)) &&
    (region === null || availability.regions.length === 0 || includesName(availability.regions, region));
  return { plan, region, included };
}
