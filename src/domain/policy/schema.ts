import { z } from "zod";
import { campaignLabelsProblem } from "../labels/label-match.js";
import { AUDIENCES, CHECKLIST_ITEMS, NOTES_LOCALES, PERMISSION_LEVELS, STATUSES, type ChecklistItem } from "../vocabulary.js";
import { compileLinearPattern } from "./linear-pattern.js";

/**
 * The policy's one source: its types (`Policy`, `PolicyFile`), its defaults (what parsing `{}`
 * gives), its JSON Schema and the comments `readiness init` writes all come from this schema.
 *
 * A key left out takes its `.default()`; a list written replaces the default list; a mapping is
 * filled in key by key (each mapping is `.prefault({})`, so its own keys' defaults apply); the one
 * free-form mapping, `channels`, has no default entries to merge with. Single strings where a list
 * is meant (`manifests: "glob"`) are made lists, so readers only see lists.
 */

/** The word PR-comment commands start with unless the policy says otherwise. */
export const DEFAULT_COMMAND_PREFIX = "/readiness";

const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

const globs = z.union([z.string().min(1), z.array(z.string().min(1)).max(100)]);
/** Globs with a default, read as a list. The default sits before the transform so the JSON Schema shows it. */
const globList = (defaults: string[]) => globs.default(defaults).transform(asList);

const item = z.enum(CHECKLIST_ITEMS);

/** Checks that need more than a type run on values that passed every other check of their key. */
const whenValid = { when: (payload: z.core.ParsePayload) => payload.issues.length === 0 };

/** An empty list, or one of negations only, would switch the campaign gate off unseen. */
const campaignLabels = globList(["campaign:*"]).superRefine((labels, ctx) => {
  const problem = campaignLabelsProblem(labels);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
}, whenValid);

/** Matched against PR authors' text, so it must run in linear time (see linear-pattern.ts). */
const eventNamePattern = z.string().min(1).max(500).superRefine((source, ctx) => {
  const pattern = compileLinearPattern(source);
  if (!pattern.ok) ctx.addIssue({ code: "custom", message: pattern.message });
}, whenValid);

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

const signers = (forItem: ChecklistItem) =>
  z.union([signer, z.array(signer).min(1).max(50)]).transform(asList)
    .optional().describe(`Who may sign off ${forItem}: @org/team, @user or a permission level (one or a list)`);

interface StatusDefaults {
  requires: ChecklistItem[];
  max_rollout_percent: number;
  campaigns: string[];
}

const statusRule = (defaults: StatusDefaults) =>
  z.strictObject({
    requires: z.array(item).max(CHECKLIST_ITEMS.length).default(defaults.requires)
      .describe("Checklist items required before a release at this status counts as ready"),
    max_rollout_percent: z.number().min(0).max(100).default(defaults.max_rollout_percent)
      .describe("The largest segment_limits.rollout_percent a release at this status may have"),
    campaigns: z.array(z.string().min(1)).max(100).default(defaults.campaigns)
      .describe("Campaign labels (globs) a release at this status may carry"),
  }).prefault({}).describe("What a release at this status needs, how far it may roll out, and which campaigns it may run");

/** Building a DateTimeFormat costs most of a policy's parse, and a policy is parsed per event. */
const knownTimeZones = new Map<string, boolean>();

const isTimeZone = (zone: string): boolean => {
  let known = knownTimeZones.get(zone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: zone });
      known = true;
    } catch {
      known = false;
    }
    if (knownTimeZones.size > 100) knownTimeZones.clear();
    knownTimeZones.set(zone, known);
  }
  return known;
};

const statuses = z.strictObject({
  experiment: statusRule({ requires: ["analytics", "rollback_plan", "segment_limits"], max_rollout_percent: 10, campaigns: [] }),
  beta: statusRule({
    requires: ["analytics", "docs", "monitoring", "support_training", "rollback_plan", "segment_limits"],
    max_rollout_percent: 50,
    campaigns: ["campaign:in-app", "campaign:beta*"],
  }),
  ga: statusRule({ requires: [...CHECKLIST_ITEMS], max_rollout_percent: 100, campaigns: ["campaign:*"] }),
  rollback: statusRule({ requires: ["rollback_plan", "support_training"], max_rollout_percent: 0, campaigns: [] }),
}).prefault({}).describe(
  "Per status: the checklist items required before a release counts as ready, the largest rollout it may have " +
    "(segment_limits.rollout_percent), and the campaign labels it may carry.",
);

const signoffs = z.strictObject({
  analytics: signers("analytics"),
  docs: signers("docs"),
  monitoring: signers("monitoring"),
  support_training: signers("support_training"),
  rollback_plan: signers("rollback_plan"),
  segment_limits: signers("segment_limits"),
  dismiss_on_change: z.boolean().default(false)
    .describe("true: a push that changes an item's section of the manifest voids that item's sign-offs."),
}).prefault({}).describe(
  `Items that also need a sign-off (\`${DEFAULT_COMMAND_PREFIX} signoff <item>\`) before they count: a team ("@org/team"), ` +
    `people ("@user") or a permission level (${PERMISSION_LEVELS.join(", ")}). No item needs one by default.\n` +
    'For example:  docs: "@acme/docs-writers"  or  support_training: [maintain]',
);

const waivers = z.strictObject({
  allowed: z.enum(PERMISSION_LEVELS).default("maintain").describe("The permission level needed to waive (or a higher one)."),
  max_days: z.number().int().min(1).max(365).default(14).describe("The longest a waiver may last, in days."),
}).prefault({}).describe(
  `Who may waive a required item (\`${DEFAULT_COMMAND_PREFIX} waive <item> <N>d <reason>\`), and for how many days at most. ` +
    "The author of a release PR can never waive or sign off on it.",
);

const analytics = z.strictObject({
  event_name_pattern: eventNamePattern.default("^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
    .describe("The regular expression every event name must match (RE2: no backreferences or lookarounds)."),
  required_properties: z.array(z.string().min(1)).max(100)
    .default(["plan", "segment", "source", "role", "environment", "version", "region"])
    .describe("Properties every added or changed event must carry."),
}).prefault({}).describe("Analytics events a manifest adds or changes must match the pattern and carry these properties.");

const notes = z.strictObject({
  audiences: z.array(z.enum(AUDIENCES)).min(1).max(AUDIENCES.length).default([...AUDIENCES]).describe("The audiences to write for."),
  templates: z.string().min(1).default(".github/release-readiness/templates").describe("A folder of templates overriding the bundled ones."),
  locale: z.enum(NOTES_LOCALES).default("en").describe("The language the notes are written in."),
  publish: z.enum(["draft", "none"]).default("draft")
    .describe("What happens when a release PR merges. draft: a draft GitHub release; none: nothing."),
}).prefault({}).describe("Release notes.");

const commands = z.strictObject({
  prefix: z.string().regex(/^\/[A-Za-z0-9_-]{1,40}$/, `expected a slash and a word, such as ${DEFAULT_COMMAND_PREFIX}`)
    .default(DEFAULT_COMMAND_PREFIX).describe("The word every command starts with."),
}).prefault({}).describe(`Commands people write in PR comments, such as \`${DEFAULT_COMMAND_PREFIX} help\`.`);

/** Support as a sensor (docs/reference/sensor.md): expectation mismatches in issues, tied to releases. */
const sensor = z.strictObject({
  enabled: z.boolean().default(false)
    .describe("true: issues and their comments in this repository are read for expectation mismatches."),
  releases_from: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9._-]{1,100}$/, "expected owner/repository")
    .optional().describe("The repository whose release manifests the issues are about (owner/repo); absent: this one."),
  window_days: z.number().int().min(1).max(365).default(14)
    .describe("Releases whose manifest changed within this many days before the issue are candidates."),
  phrases: z.array(z.string().trim().min(2).max(200)).max(200).default([])
    .describe("More phrases that say a customer expected something else, added to the built-in English and Russian ones."),
}).prefault({}).describe("Support as a sensor: label issues that say a customer expected something else, and name the release.");

const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;

const digest = z.strictObject({
  enabled: z.boolean().default(false).describe("true: the app opens (or updates) the week's promise review issue."),
  repository: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9._-]{1,100}$/, "expected owner/name, such as acme/support").optional()
    .describe("owner/name of the repository the review issue goes to, in the same installation; default: this repository."),
  weekday: z.enum(WEEKDAYS).default("monday").describe("The day the review of the week before is written (or, after downtime, the first day after it)."),
}).prefault({}).describe("The weekly promise review (docs/reference/promise-review.md).");

/** docs/reference/policy.md#campaign-rules: what a campaign must declare so its effect can be measured apart from the release's. */
const campaignRules = z.strictObject({
  holdout_min_percent: z.number().min(0).max(50).default(0)
    .describe("The smallest holdout_percent a campaign's manifest entry may declare; 0 switches the rule off."),
  require_exposure_event: z.boolean().default(false).describe(
    "true: a campaign's manifest entry must name an exposure_event that is in readiness/events.yml and carries " +
      "the properties campaign and variant besides analytics.required_properties.",
  ),
  applies_to: globList(["campaign:*"]).describe("The campaign labels (globs) these rules apply to."),
}).prefault({}).describe("Campaign causality: holdouts and exposure events the campaign gate asks for.");

export const policySchema = z
  .strictObject({
    $schema: z.string().optional(),
    _extends: z.string().optional().describe("Probot config inheritance, for example .github"),
    manifests: globList(["readiness/**/*.yml", "readiness/**/*.yaml", "!readiness/promises.yml", "!readiness/events.yml"])
      .describe('Release manifests: globs relative to the repository root; "!" excludes.'),
    statuses,
    campaign_labels: campaignLabels.describe("Labels that count as campaign labels."),
    campaign_gate: z.enum(["remove", "check"]).default("remove").describe(
      "remove: take a campaign label the release may not use off the PR, and say why.\n" +
        'check: leave it on and fail the "Campaign gate" check until it is allowed or removed.',
    ),
    transitions: z.array(transition).max(50)
      .default(["experiment -> beta", "beta -> ga", "experiment -> ga", "any -> rollback", "rollback -> experiment", "rollback -> beta"])
      .describe('Allowed status changes; "any" stands for every status. A new manifest may start at any status.'),
    not_applicable: z.array(item).max(CHECKLIST_ITEMS.length)
      .default(["analytics", "docs", "monitoring", "support_training", "segment_limits"])
      .describe("Items that may be declared `not_applicable: <reason>` in a manifest and still count as met."),
    signoffs,
    waivers,
    analytics,
    notes,
    commands,
    digest,
    campaign_rules: campaignRules,
    channels: z.record(z.string().min(1), z.string().min(1)).default({}).describe(
      "Campaign label -> promise channel. Without an entry, campaign:<name> speaks on channel <name>.\n" +
        'For example:  "campaign:newsletter": email',
    ),
    report_non_release: z.boolean().default(false).describe(
      'true: PRs that touch no manifest get a neutral "Release readiness" check, so that check can be made required in branch protection.',
    ),
    deployment_gate: z.strictObject({
      environments: z.array(z.string().min(1).max(255)).max(100).default(["production"])
        .describe("Environments (names, compared without regard to case) where a deployment waits until every release it ships is ready."),
    }).prefault({}).describe(
      "The deployment gate (hosted app only): a custom deployment protection rule that approves a deployment to these " +
        "environments only when every release it ships is ready at the deployed commit.",
    ),
    timezone: z.string().refine(isTimeZone, "expected an IANA time zone such as UTC or Europe/Berlin").default("UTC")
      .describe("The IANA time zone calendar dates are read in (training dates, waiver ends, effective dates)."),
    sensor,
  })
  // The editor's $schema and Probot's _extends are for the file, not for the app.
  .transform(({ $schema: _schema, _extends: _ext, ...policy }) => policy)
  .describe("Release Readiness policy (.github/release-readiness.yml)");

/** The policy as a repository writes it: every key optional, single globs allowed. */
export type PolicyFile = z.input<typeof policySchema>;

/** The policy with every default filled in: what evaluation reads. */
export type Policy = z.output<typeof policySchema>;

/**
 * The policy keys that decide no PR report: the deployment gate's, the sensor's and the weekly
 * review's. A report's inputs hash leaves them out (../evaluation/inputs-hash.ts), so adding or
 * editing them rewrites no stored report. A key that any PR report reads must never be listed
 * here: a report would then not be rewritten when it changes.
 */
export const NON_REPORT_POLICY_KEYS = ["deployment_gate", "sensor", "digest"] as const satisfies readonly (keyof Policy)[];

/** The part of the policy that PR reports are worked out from. */
export type ReportPolicy = Omit<Policy, (typeof NON_REPORT_POLICY_KEYS)[number]>;

/** The policy without the keys no PR report reads, in the policy's own key order. */
export function reportPolicyOf(policy: Policy): ReportPolicy {
  const omitted = new Set<string>(NON_REPORT_POLICY_KEYS);
  return Object.fromEntries(Object.entries(policy).filter(([key]) => !omitted.has(key))) as ReportPolicy;
}
