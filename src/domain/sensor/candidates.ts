import type { Manifest } from "../manifest/schema.js";
import type { Policy } from "../policy/schema.js";
import type { ReleasePromise } from "../registry/schema.js";
import { labelMatches } from "../labels/label-match.js";

/**
 * The releases a ticket may be about (docs/reference/sensor.md#candidates): those whose manifest
 * changed within `sensor.window_days` before the ticket, or every release when the change dates
 * are not known (the CLI outside a git repository). A release's campaigns count when its status
 * allows them under the policy.
 */

export interface SensorRelease {
  slug: string;
  title: string;
  flag?: string;
  changes: string[];
  /** The changes' descriptions, which name more of what the release is ("Cart, delivery and payment on one screen"). */
  descriptions?: string[];
  limitations: string[];
  plans: string[];
  regions: string[];
  promises: string[];
  /** Campaign labels the release declares and its status allows, with the channel each speaks on. */
  campaigns: Array<{ label: string; channel: string }>;
  /** ISO time its manifest last changed on the default branch; absent when not known. */
  changedAt?: string;
}

export type SensorPromise = Pick<ReleasePromise, "id" | "text" | "conditions" | "exceptions">;

/** The channel a campaign label speaks on: the policy's `channels`, else the label's name after `campaign:`. */
export function campaignChannel(label: string, policy: Policy): string {
  return policy.channels[label] ?? label.replace(/^campaign:/, "");
}

export function sensorRelease(manifest: Manifest, policy: Policy, changedAt?: string): SensorRelease {
  const allowed = policy.statuses[manifest.status].campaigns;
  const segment = manifest.checklist.segment_limits;
  const limits = segment && "plans" in segment ? segment : undefined;
  return {
    slug: manifest.release,
    title: manifest.title,
    ...(manifest.flag ? { flag: manifest.flag } : {}),
    changes: manifest.changes.map((change) => change.title),
    descriptions: manifest.changes.flatMap((change) => (change.description ? [change.description] : [])),
    limitations: (manifest.limitations ?? []).map((limitation) => limitation.text),
    plans: [...(limits?.plans ?? []), ...manifest.changes.flatMap((c) => c.plans ?? [])],
    regions: [...(limits?.regions ?? []), ...manifest.changes.flatMap((c) => c.regions ?? [])],
    promises: manifest.promises ?? [],
    campaigns: (manifest.campaigns ?? [])
      .filter((campaign) => labelMatches(campaign.label, allowed))
      .map((campaign) => ({ label: campaign.label, channel: campaignChannel(campaign.label, policy) })),
    ...(changedAt ? { changedAt } : {}),
  };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Releases changed within `windowDays` before `at` (not after it); undated releases always count. */
export function releasesInWindow(releases: readonly SensorRelease[], at: Date, windowDays: number): SensorRelease[] {
  const end = at.getTime();
  const start = end - windowDays * DAY_MS;
  return releases.filter((release) => {
    if (release.changedAt === undefined) return true;
    const changed = Date.parse(release.changedAt);
    return Number.isFinite(changed) && changed >= start && changed <= end;
  });
}
