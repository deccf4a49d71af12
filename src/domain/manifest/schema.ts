import { z } from "zod";
import { AUDIENCES, CHANGE_TYPES, CHECKLIST_ITEMS, LIMITATION_KINDS, STATUSES } from "../vocabulary.js";

/** Shared building blocks of the manifest, the promise registry and the event catalog. */
export const isoDate = z.iso.date({ error: "expected an ISO date such as 2026-11-20" });
export const httpUrl = z.url({ protocol: /^https?$/, error: "expected an http(s) URL" });
/**
 * Text a person must have written: after trimming it must show something. A zero-width space or a
 * byte-order mark is not whitespace to JavaScript's trim, but a title of only that reads as empty.
 */
const SHOWS_SOMETHING = /[^\s\p{Cf}\p{Zs}]/u;
export const text = (max = 10_000) =>
  z.string().trim().min(1, { error: "must not be empty", abort: true }).refine((value) => SHOWS_SOMETHING.test(value), "must not be empty").max(max);
export const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, "expected a slug: lowercase letters, digits, '.', '_' or '-', at most 100 characters");
export const handle = z
  .string()
  .regex(/^@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\/[A-Za-z0-9._-]{1,100})?$/, "expected @user or @org/team");

/** An item may be declared not applicable, with a reason; the policy decides whether that counts. */
export const notApplicable = z.strictObject({
  not_applicable: text(500).describe("Why this item does not apply to the release"),
});

const eventName = z.string().min(1).max(200).describe("The event's name; it must match the policy's analytics.event_name_pattern");
const eventPropertyList = z.array(z.string().min(1).max(200)).max(200)
  .describe("The properties the event carries; they must include the policy's analytics.required_properties");

export const analyticsSection = z.strictObject({
  events: z
    .strictObject({
      added: z.array(z.strictObject({ name: eventName, properties: eventPropertyList })).max(1000).default([])
        .describe("New events, each with its name and properties; they must be in the event catalog"),
      changed: z.array(z.strictObject({ name: eventName, properties: eventPropertyList })).max(1000).default([])
        .describe("Events whose properties change; they must be in the event catalog"),
      removed: z.array(z.strictObject({ name: eventName })).max(1000).default([])
        .describe("Events the release stops sending; they must no longer be in the event catalog"),
    })
    .describe("Analytics events the release adds, changes or removes"),
  dashboards: z.array(httpUrl).max(100).default([]).describe("Analytics dashboards that follow the release"),
});

export const docsSection = z.strictObject({ url: httpUrl.describe("Where the user-facing documentation lives") });

export const monitoringSection = z.strictObject({
  dashboards: z.array(httpUrl).min(1, "list at least one dashboard").max(100).describe("Monitoring dashboards for the release"),
  alerts: z.array(text(200)).min(1, "list at least one alert").max(100).describe("Alerts that fire when the release misbehaves"),
});

export const supportTrainingSection = z.strictObject({
  date: isoDate.describe("When support was (or will be) trained"),
  materials: httpUrl.describe("The training materials support learns from"),
});

export const rollbackPlanSection = z.strictObject({
  steps: text(5_000).describe("How to roll the release back"),
  tested: isoDate.optional().describe("When the rollback was last rehearsed"),
});

export const segmentLimitsSection = z.strictObject({
  rollout_percent: z.number().min(0).max(100).describe("Share of users the release reaches; at most the status's max_rollout_percent"),
  regions: z.array(text(100)).max(300).default([]).describe("Regions the release is limited to"),
  plans: z.array(text(100)).max(100).default([]).describe("Plans the release is limited to"),
});

/** The declared shape of each checklist item, keyed by item. */
export const CHECKLIST_SECTION_SCHEMAS = {
  analytics: analyticsSection,
  docs: docsSection,
  monitoring: monitoringSection,
  support_training: supportTrainingSection,
  rollback_plan: rollbackPlanSection,
  segment_limits: segmentLimitsSection,
} as const satisfies Record<(typeof CHECKLIST_ITEMS)[number], z.ZodType>;

const checklistEntry = <T extends z.ZodType>(section: T) => z.union([notApplicable, section]).optional();

export const checklistSchema = z.strictObject({
  analytics: checklistEntry(analyticsSection).describe("Analytics events and dashboards"),
  docs: checklistEntry(docsSection).describe("User-facing documentation"),
  monitoring: checklistEntry(monitoringSection).describe("Dashboards and alerts"),
  support_training: checklistEntry(supportTrainingSection).describe("Support's training; a date in the future means not done yet"),
  rollback_plan: checklistEntry(rollbackPlanSection).describe("How to roll back, and when that was rehearsed"),
  segment_limits: checklistEntry(segmentLimitsSection).describe("How far the release is rolled out, and to whom"),
});

export const changeSchema = z.strictObject({
  title: text(300).describe("The change as the release notes name it"),
  type: z.enum(CHANGE_TYPES).describe("What kind of change it is"),
  audiences: z.array(z.enum(AUDIENCES)).min(1).max(AUDIENCES.length).optional()
    .describe("Who the change is for; all audiences when left out"),
  description: text(10_000).optional().describe("More about the change, for the notes"),
  plans: z.array(text(100)).max(100).optional().describe("Only these plans get the change"),
  regions: z.array(text(100)).max(300).optional().describe("Only these regions get the change"),
});

export const limitationSchema = z.strictObject({
  kind: z.enum(LIMITATION_KINDS).describe("What kind of limit it is"),
  text: text(2_000).describe("What the release cannot do yet, as customers read it"),
  workaround: text(2_000).optional().describe("What to do meanwhile"),
  audiences: z.array(z.enum(AUDIENCES)).min(1).max(AUDIENCES.length).optional()
    .describe("Who the limitation concerns; all audiences when left out"),
});

/** docs/reference/manifest.md#campaigns: a holdout and an exposure event let a campaign's effect be told from the release's. */
export const campaignSchema = z.strictObject({
  label: text(100).describe("The campaign label, such as campaign:email"),
  audience: z.enum(AUDIENCES).optional().describe("The audience the campaign speaks to"),
  holdout_percent: z.number().min(0).max(50).optional()
    .describe("Share of the campaign's audience (0 to 50%) kept from it, to measure its effect"),
  exposure_event: eventName.optional()
    .describe("The analytics event logged when someone sees the campaign (from readiness/events.yml)"),
});

export const manifestSchema = z
  .strictObject({
    $schema: z.string().optional().describe("Editor hint; ignored by the app"),
    version: z.literal(1, { error: "expected version: 1" }).describe("The manifest format; always 1"),
    release: slug.describe("Unique slug of the release in the repository"),
    title: text(200).describe("The release's name as people read it"),
    status: z.enum(STATUSES).describe("Decides what the policy requires and which campaigns may run"),
    owner: handle.describe("Team or person accountable for the release"),
    hypothesis: text(2_000).optional().describe("Required at experiment"),
    key_metric: text(200).optional().describe("The metric that judges the release; required at experiment"),
    flag: text(200).optional().describe("Feature-flag key"),
    checklist: checklistSchema.default({}).describe("The six readiness items; each may be { not_applicable: <reason> } instead"),
    changes: z.array(changeSchema).max(20_000).default([]).describe("What the release changes, for the release notes"),
    limitations: z.array(limitationSchema).max(1_000).optional()
      .describe("Known limitations; required (an empty list counts) at ga"),
    promises: z.array(slug).max(200).optional().describe("Ids from readiness/promises.yml"),
    campaigns: z.array(campaignSchema).max(200).optional()
      .describe("Campaign labels the release intends; others are blocked as undeclared"),
  })
  .describe("Release manifest (Release Readiness, version 1)");

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestChange = z.infer<typeof changeSchema>;
export type ManifestLimitation = z.infer<typeof limitationSchema>;
export type ManifestCampaign = z.infer<typeof campaignSchema>;
export type ChecklistSections = { [K in keyof typeof CHECKLIST_SECTION_SCHEMAS]: z.infer<(typeof CHECKLIST_SECTION_SCHEMAS)[K]> };
