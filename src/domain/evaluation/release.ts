import { calendarDate } from "../calendar.js";
import type { Ledger } from "../ledger/ledger.js";
import type { Manifest } from "../manifest/schema.js";
import type { Policy } from "../policy/schema.js";
import type { EventCatalog, ReleasePromise } from "../registry/schema.js";
import { CHECKLIST_ITEMS, ITEM_TITLES, type ChecklistItem, type ReleaseStatus } from "../vocabulary.js";
import { decideCampaigns, type CampaignDecision } from "./campaign-gate.js";
import { evaluateItem, type ItemVerdict } from "./checklist-items.js";
import { evaluateRules, type RuleVerdict } from "./rules.js";
import { evaluateTransition, type TransitionVerdict } from "./transitions.js";

/**
 * Readiness of one release. The verdict is put together here from its parts, each in its own
 * file: checklist items (checklist-items.ts), release-level rules (rules.ts), the status
 * transition (transitions.ts) and the campaign gate (campaign-gate.ts).
 */

export interface ReleaseVerdict {
  release: string;
  title: string;
  status: ReleaseStatus;
  /** Who is accountable for the release (`@org/team` or `@user`). */
  owner: string;
  ready: boolean;
  items: ItemVerdict[];
  rules: RuleVerdict[];
  campaigns: CampaignDecision[];
  transition?: TransitionVerdict;
  /** Short reasons the release is not ready, in the order a person should fix them. */
  blockers: string[];
  /** Advice that does not block (for example: start an event catalog). */
  notes: string[];
}

export interface EvaluationContext {
  /** The manifest's status on the base branch; absent for a new manifest (any status may start). */
  baseStatus?: ReleaseStatus;
  /** Labels on the pull request; campaign labels among them get a decision. */
  labels?: readonly string[];
  /** Promises at their strictest (base vs head), or null when the repository has no registry. */
  promises?: ReadonlyMap<string, ReleasePromise> | null;
  /** The event catalog after the PR, or null when the repository has none. */
  catalog?: EventCatalog | null;
  /** Problems the parser found inside individual items (those items are invalid). */
  itemProblems?: Partial<Record<ChecklistItem, ReadonlyArray<{ key: string; message: string }>>>;
}

/**
 * The definition of ready, in one pure function: a manifest, the policy, the accepted ledger and
 * the time give each item's state, the release-level rules, each campaign label's decision and the
 * overall verdict.
 */
export function evaluateRelease(
  manifest: Manifest,
  policy: Policy,
  ledger: Ledger,
  now: Date,
  context: EvaluationContext = {},
): ReleaseVerdict {
  const today = calendarDate(now, policy.timezone);
  const statusPolicy = policy.statuses[manifest.status];
  const items = CHECKLIST_ITEMS.map((item) =>
    evaluateItem(item, manifest, policy, ledger, now, today, statusPolicy.requires.includes(item), context),
  );
  const rules = evaluateRules(manifest, policy, context);
  const transition = context.baseStatus !== undefined && context.baseStatus !== manifest.status
    ? evaluateTransition(context.baseStatus, manifest.status, policy)
    : undefined;
  if (transition && !transition.allowed) rules.push({ id: "transition", ok: false, message: transition.message, path: ["status"] });

  const blockers = [
    ...items.filter((i) => i.required && !i.satisfied).map((i) => `${ITEM_TITLES[i.item]}: ${i.reason}`),
    ...rules.filter((r) => !r.ok).map((r) => r.message),
  ];
  const ready = blockers.length === 0;
  const notes: string[] = [];
  if (context.catalog === null && manifestHasEvents(manifest)) {
    notes.push("This repository has no event catalog; start readiness/events.yml so event names and properties are checked against one dictionary.");
  }
  const verdict: ReleaseVerdict = {
    release: manifest.release,
    title: manifest.title,
    status: manifest.status,
    owner: manifest.owner,
    ready,
    items,
    rules,
    campaigns: [],
    transition,
    blockers,
    notes,
  };
  verdict.campaigns = decideCampaigns(manifest, verdict, policy, today, context);
  return verdict;
}

function manifestHasEvents(manifest: Manifest): boolean {
  const analytics = manifest.checklist.analytics;
  return !!analytics && !("not_applicable" in analytics) &&
    analytics.events.added.length + analytics.events.changed.length + analytics.events.removed.length > 0;
}
