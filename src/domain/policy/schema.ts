import { z } from "zod";
import { AUDIENCES, CHECKLIST_ITEMS, NOTES_LOCALES, PERMISSION_LEVELS, STATUSES, type ChecklistItem, type NotesLocale, type ReleaseStatus } from "../vocabulary.js";

const globList = z.union([z.string().min(1), z.array(z.string().min(1)).max(100)]);
const item = z.enum(CHECKLIST_ITEMS);

/** `experiment -> beta`, `any -> rollback`: the readable way to write an allowed status change. */
export const transitionPattern = new RegExp(
  `^\\s*(${[...STATUSES, "any"].join("|")})\\s*->\\s*(${STATUSES.join("|")})\\s*$`,
);
const transition = z.string().regex(transitionPattern, `expected "<from> -> <to>" with statuses ${STATUSES.join(", ")} (from may be "any")`);

/** Who may sign off an item: `@org/team`, `@user`, or a permission level such as `maintain`. */
const signer = z.union([
  z.enum(PERMISSION_LEVELS),
  z.string().regex(/^@[A-Za-z0-9][A-Za-z0-9-]{0,38}(\/[A-Za-z0-9._-]{1,100})?$/, "expected @user, @org/team or a permission level"),
]);

const signers = z.union([signer, z.array(signer).min(1).max(50)]);

const statusRule = z.strictObject({
  requires: z.array(item).max(CHECKLIST_ITEMS.length).optional(),
  max_rollout_percent: z.number().min(0).max(100).optional(),
  campaigns: z.array(z.string().min(1)).max(100).optional(),
});

const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/**
 * The policy as a repository writes it: every key optional. Defaults are merged in afterwards by
 * `resolvePolicy`, with lists replacing (not extending) the default lists.
 */
export const policyFileSchema = z
  .strictObject({
    $schema: z.string().optional(),
    _extends: z.string().optional().describe("Probot config inheritance, for example .github"),
    manifests: globList.optional().describe("Globs of release manifests; '!' excludes"),
    statuses: z
      .strictObject({
        experiment: statusRule.optional(),
        beta: statusRule.optional(),
        ga: statusRule.optional(),
        rollback: statusRule.optional(),
      })
      .optional(),
    campaign_labels: globList.optional(),
    campaign_gate: z.enum(["remove", "check"]).optional(),
    transitions: z.array(transition).max(50).optional(),
    not_applicable: z.array(item).max(CHECKLIST_ITEMS.length).optional()
      .describe("Items that may be declared not applicable and still count as met"),
    signoffs: z
      .strictObject({
        analytics: signers.optional(),
        docs: signers.optional(),
        monitoring: signers.optional(),
        support_training: signers.optional(),
        rollback_plan: signers.optional(),
        segment_limits: signers.optional(),
        dismiss_on_change: z.boolean().optional(),
      })
      .optional(),
    waivers: z
      .strictObject({
        allowed: z.enum(PERMISSION_LEVELS).optional(),
        max_days: z.number().int().min(1).max(365).optional(),
      })
      .optional(),
    analytics: z
      .strictObject({
        event_name_pattern: z.string().min(1).max(500).optional(),
        required_properties: z.array(z.string().min(1)).max(100).optional(),
      })
      .optional(),
    notes: z
      .strictObject({
        audiences: z.array(z.enum(AUDIENCES)).min(1).max(AUDIENCES.length).optional(),
        templates: z.string().min(1).optional(),
        locale: z.enum(NOTES_LOCALES).optional(),
        publish: z.enum(["draft", "none"]).optional().describe("What to do with the notes when a release PR merges"),
      })
      .optional(),
    commands: z.strictObject({ prefix: z.string().regex(/^\/[A-Za-z0-9_-]{1,40}$/, "expected a slash and a word, such as /readiness").optional() }).optional(),
    channels: z.record(z.string().min(1), z.string().min(1)).optional()
      .describe("Campaign label to promise channel; default campaign:<name> -> <name>"),
    report_non_release: z.boolean().optional(),
    timezone: z.string().refine(isTimeZone, "expected an IANA time zone such as UTC or Europe/Berlin").optional(),
  })
  .describe("Release Readiness policy (.github/release-readiness.yml)");

export type PolicyFile = z.infer<typeof policyFileSchema>;

export interface StatusPolicy {
  requires: ChecklistItem[];
  max_rollout_percent: number;
  campaigns: string[];
}

/** The policy with every default filled in: what evaluation reads. */
export interface Policy {
  manifests: string[];
  statuses: Record<ReleaseStatus, StatusPolicy>;
  campaign_labels: string[];
  campaign_gate: "remove" | "check";
  transitions: string[];
  not_applicable: ChecklistItem[];
  signoffs: Partial<Record<ChecklistItem, string[]>> & { dismiss_on_change: boolean };
  waivers: { allowed: (typeof PERMISSION_LEVELS)[number]; max_days: number };
  analytics: { event_name_pattern: string; required_properties: string[] };
  notes: { audiences: (typeof AUDIENCES)[number][]; templates: string; locale: NotesLocale; publish: "draft" | "none" };
  commands: { prefix: string };
  channels: Record<string, string>;
  report_non_release: boolean;
  timezone: string;
}

export const DEFAULT_POLICY: Policy = {
  manifests: ["readiness/**/*.yml", "readiness/**/*.yaml", "!readiness/promises.yml", "!readiness/events.yml"],
  statuses: {
    experiment: { requires: ["analytics", "rollback_plan", "segment_limits"], max_rollout_percent: 10, campaigns: [] },
    beta: {
      requires: ["analytics", "docs", "monitoring", "support_training", "rollback_plan", "segment_limits"],
      max_rollout_percent: 50,
      campaigns: ["campaign:in-app", "campaign:beta*"],
    },
    ga: { requires: [...CHECKLIST_ITEMS], max_rollout_percent: 100, campaigns: ["campaign:*"] },
    rollback: { requires: ["rollback_plan", "support_training"], max_rollout_percent: 0, campaigns: [] },
  },
  campaign_labels: ["campaign:*"],
  campaign_gate: "remove",
  transitions: [
    "experiment -> beta",
    "beta -> ga",
    "experiment -> ga",
    "any -> rollback",
    "rollback -> experiment",
    "rollback -> beta",
  ],
  not_applicable: ["analytics", "docs", "monitoring", "support_training", "segment_limits"],
  signoffs: { dismiss_on_change: false },
  waivers: { allowed: "maintain", max_days: 14 },
  analytics: {
    event_name_pattern: "^[a-z][a-z0-9]*(_[a-z0-9]+)*$",
    required_properties: ["plan", "segment", "source", "role", "environment", "version", "region"],
  },
  notes: { audiences: [...AUDIENCES], templates: ".github/release-readiness/templates", locale: "en", publish: "draft" },
  commands: { prefix: "/readiness" },
  channels: {},
  report_non_release: false,
  timezone: "UTC",
};
