import { z } from "zod";
import { AUDIENCES, CHANGE_TYPES, LIMITATION_KINDS, STATUSES } from "../vocabulary.js";

/**
 * docs/reference/feed.md: the readiness feed (`feed.json`), the true state of every release for
 * marketing and support. This schema is the one source of the document's type and of
 * `readiness/feed.schema.json`. It describes what the app writes, so every key is always present
 * (null or an empty list when there is nothing): a landing page can read a key without guessing.
 */
export const FEED_VERSION = 1 as const;

const date = z.iso.date();
const instant = z.iso.datetime({ offset: true });

export const feedChangeSchema = z.strictObject({
  title: z.string(),
  type: z.enum(CHANGE_TYPES),
  /** All audiences when the manifest names none. */
  audiences: z.array(z.enum(AUDIENCES)),
  /** Only these plans or regions get the change; null when the change is not limited that way. */
  plans: z.array(z.string()).nullable(),
  regions: z.array(z.string()).nullable(),
});

export const feedLimitationSchema = z.strictObject({
  kind: z.enum(LIMITATION_KINDS),
  text: z.string(),
  workaround: z.string().nullable(),
  audiences: z.array(z.enum(AUDIENCES)),
});

export const sayablePromiseSchema = z.strictObject({
  id: z.string(),
  sayable: z.literal(true),
  text: z.string(),
  conditions: z.array(z.string()),
  exceptions: z.array(z.string()),
  version: z.number().int(),
  effective: date,
  /** Channels the promise may be made on, as the registry lists them. */
  channels: z.array(z.string()),
});

/** A promise that may not be made yet: listed so nobody thinks it was forgotten, without its wording. */
export const unsayablePromiseSchema = z.strictObject({
  id: z.string(),
  sayable: z.literal(false),
  /** `min_status`: the release has not reached the status the promise needs; `effective`: its date is still to come; `unknown`: the registry does not hold it. */
  reason: z.enum(["min_status", "effective", "unknown"]),
  min_status: z.enum(STATUSES).nullable(),
  effective: date.nullable(),
});

export const feedPromiseSchema = z.discriminatedUnion("sayable", [sayablePromiseSchema, unsayablePromiseSchema]);

export const feedCampaignSchema = z.strictObject({
  label: z.string(),
  channel: z.string(),
  audience: z.enum(AUDIENCES).nullable(),
  /** The campaign gate allows the label now: the status allows it, the release is ready, its promises may be made there. */
  open: z.boolean(),
});

export const CALENDAR_KINDS = ["support_training", "rollback_rehearsal", "promise_effective", "status_changed", "manifest_changed"] as const;

export const feedDateSchema = z.strictObject({
  date,
  kind: z.enum(CALENDAR_KINDS),
  /** The promise, for `promise_effective`; null otherwise. */
  promise: z.string().nullable(),
  /** For `status_changed`: the status before (null when the manifest was new) and after; null otherwise. */
  status: z.strictObject({ from: z.enum(STATUSES).nullable(), to: z.enum(STATUSES) }).nullable(),
});

export const feedReleaseSchema = z.strictObject({
  slug: z.string(),
  title: z.string(),
  status: z.enum(STATUSES),
  /** The owning team (`@org/team`); null when the manifest names a person, since the feed names no individual. */
  owner: z.string().nullable(),
  flag: z.string().nullable(),
  ready: z.boolean(),
  /** When the manifest last changed (its last commit, or the file's modification time; see `source.changed_from`). */
  changed: instant.nullable(),
  /** Null when the manifest declares no segment limits (or declares them not applicable). */
  segment_limits: z.strictObject({
    rollout_percent: z.number(),
    regions: z.array(z.string()),
    plans: z.array(z.string()),
  }).nullable(),
  changes: z.array(feedChangeSchema),
  /** Null when the manifest does not state its limitations (an empty list states that there are none). */
  limitations: z.array(feedLimitationSchema).nullable(),
  promises: z.array(feedPromiseSchema),
  campaigns: z.array(feedCampaignSchema),
  /** Channels open for the release now: those of its sayable promises and open campaigns, and none while it is not ready. */
  channels: z.array(z.string()),
  calendar: z.array(feedDateSchema),
});

export const feedSchema = z.strictObject({
  version: z.literal(FEED_VERSION),
  /** The calendar day (in `timezone`) the feed was worked out for: what is sayable depends on it. */
  as_of: date,
  timezone: z.string(),
  source: z.strictObject({
    /** `owner/repo` when the app serves the feed; null from the CLI. */
    repository: z.string().nullable(),
    /** Where `changed` comes from: `git` (last commit), `mtime` (the file's modification time), `github` (last commit on the default branch). */
    changed_from: z.enum(["git", "mtime", "github"]),
    /** Where the calendar's status changes come from, and how far back. */
    status_history: z.strictObject({
      /** `git` (the manifest's commits), `github` (its commits on the default branch); null when no history was read (files outside git). */
      from: z.enum(["git", "github"]).nullable(),
      /** At most this many of each manifest's latest revisions were read; null when every one was. */
      depth: z.number().int().positive().nullable(),
    }),
  }),
  /** What `ready` counts beyond the manifest itself. */
  readiness: z.strictObject({
    waivers_counted: z.boolean(),
    note: z.string(),
  }),
  releases: z.array(feedReleaseSchema),
}).describe("Release Readiness feed (feed.json, version 1)");

export type Feed = z.infer<typeof feedSchema>;
export type FeedRelease = z.infer<typeof feedReleaseSchema>;
export type FeedPromise = z.infer<typeof feedPromiseSchema>;
export type FeedCampaign = z.infer<typeof feedCampaignSchema>;
export type FeedDate = z.infer<typeof feedDateSchema>;
export type CalendarKind = (typeof CALENDAR_KINDS)[number];
