/** The words of the product contract (docs/reference/README.md#files-in-a-repository), one home for each list. */

export const STATUSES = ["experiment", "beta", "ga", "rollback"] as const;
export type ReleaseStatus = (typeof STATUSES)[number];

export const CHECKLIST_ITEMS = [
  "analytics",
  "docs",
  "monitoring",
  "support_training",
  "rollback_plan",
  "segment_limits",
] as const;
export type ChecklistItem = (typeof CHECKLIST_ITEMS)[number];

export const AUDIENCES = ["new", "existing", "enterprise", "support"] as const;
export type Audience = (typeof AUDIENCES)[number];

/** Languages the bundled release-notes templates are written in (`notes.locale`). */
export const NOTES_LOCALES = ["en", "ru"] as const;
export type NotesLocale = (typeof NOTES_LOCALES)[number];

export const CHANGE_TYPES = ["feature", "improvement", "fix", "deprecation", "removal"] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];

export const LIMITATION_KINDS = ["functional", "infrastructure", "legal", "operational", "integration"] as const;
export type LimitationKind = (typeof LIMITATION_KINDS)[number];

/** GitHub repository roles, weakest first, so a level can be compared by index. */
export const PERMISSION_LEVELS = ["read", "triage", "write", "maintain", "admin"] as const;
export type PermissionLevel = (typeof PERMISSION_LEVELS)[number];

export function permissionAtLeast(actual: PermissionLevel | "none", required: PermissionLevel): boolean {
  if (actual === "none") return false;
  return PERMISSION_LEVELS.indexOf(actual) >= PERMISSION_LEVELS.indexOf(required);
}

/** Order used when a rule needs "the stricter status" (a promise's min_status, for instance). */
export const STATUS_RANK: Record<ReleaseStatus, number> = { rollback: 0, experiment: 1, beta: 2, ga: 3 };

export const ITEM_TITLES: Record<ChecklistItem, string> = {
  analytics: "Analytics",
  docs: "Documentation",
  monitoring: "Monitoring",
  support_training: "Support training",
  rollback_plan: "Rollback plan",
  segment_limits: "Segment limits",
};

export const STATUS_TITLES: Record<ReleaseStatus, string> = {
  experiment: "Experiment",
  beta: "Beta",
  ga: "GA",
  rollback: "Rollback",
};
