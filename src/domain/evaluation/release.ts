import { calendarDate, formatInstant } from "../calendar.js";
import { hasLabel, labelMatches, sameLabel } from "../labels/label-match.js";
import { compileLinearPattern } from "../policy/linear-pattern.js";
import { activeWaiver, signoffsFor, type Ledger, type SignoffEntry, type WaiverEntry } from "../ledger/ledger.js";
import type { ChecklistSections, Manifest } from "../manifest/schema.js";
import type { Policy } from "../policy/schema.js";
import { parseKeyPath, type KeyPath } from "../source/problems.js";
import type { EventCatalog, ReleasePromise } from "../registry/schema.js";
import { transitionPattern } from "../policy/schema.js";
import {
  CHECKLIST_ITEMS,
  ITEM_TITLES,
  STATUS_RANK,
  type ChecklistItem,
  type ReleaseStatus,
} from "../vocabulary.js";

export type ItemState = "met" | "missing" | "invalid" | "not_applicable" | "needs_signoff" | "waived";

export interface ItemVerdict {
  item: ChecklistItem;
  required: boolean;
  state: ItemState;
  /** A sentence a person can act on. */
  reason: string;
  /** Where in the manifest to look (for annotations). */
  path: KeyPath;
  /** Specific problems inside the item, each with its own path. */
  findings: Finding[];
  /** Whether the item counts towards readiness (met, accepted as not applicable, or waived). */
  satisfied: boolean;
  waiver?: WaiverEntry;
  signoffs: SignoffEntry[];
  /** Who may sign off, when the policy asks for a sign-off. */
  signers?: string[];
}

export interface Finding {
  path: KeyPath;
  message: string;
}

export type RuleId = "rollout" | "hypothesis" | "key_metric" | "limitations" | "transition" | "promises";

export interface RuleVerdict {
  id: RuleId;
  ok: boolean;
  message: string;
  path: KeyPath;
}

export interface CampaignDecision {
  label: string;
  allowed: boolean;
  /** Why it is allowed, or every reason it is blocked. */
  reasons: string[];
  /** What would allow it, when it is blocked. */
  remedy?: string;
}

export interface TransitionVerdict {
  from: ReleaseStatus;
  to: ReleaseStatus;
  allowed: boolean;
  message: string;
}

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

function evaluateItem(
  item: ChecklistItem,
  manifest: Manifest,
  policy: Policy,
  ledger: Ledger,
  now: Date,
  today: string,
  required: boolean,
  context: EvaluationContext,
): ItemVerdict {
  const path: KeyPath = ["checklist", item];
  const declared = manifest.checklist[item];
  const signers = policy.signoffs[item];
  const signoffs = signoffsFor(ledger, manifest.release, item);
  const base = { item, required, path, signoffs, signers } as const;

  let state: ItemState;
  let reason: string;
  let findings: Finding[] = [];
  const parserProblems = context.itemProblems?.[item];
  if (parserProblems && parserProblems.length > 0) {
    state = "invalid";
    findings = parserProblems.map((p) => ({ path: parseKeyPath(p.key), message: p.message }));
    reason = parserProblems.map((p) => `${p.key}: ${p.message}`).join("; ");
  } else if (declared === undefined) {
    state = "missing";
    reason = required ? `not declared; required at ${manifest.status}` : "not declared";
  } else if ("not_applicable" in declared) {
    if (policy.not_applicable.includes(item)) {
      state = "not_applicable";
      reason = `not applicable: ${declared.not_applicable}`;
    } else {
      state = "missing";
      reason = `declared not applicable ("${declared.not_applicable}"), but the policy does not accept that for ${item}`;
    }
  } else {
    findings = checkSection(item, declared as ChecklistSections[ChecklistItem], policy, today, context);
    const pending = findings.find((f) => f.message.startsWith(PENDING));
    if (pending) {
      state = "missing";
      reason = pending.message.slice(PENDING.length);
      findings = findings.filter((f) => f !== pending);
    } else if (findings.length > 0) {
      state = "invalid";
      reason = findings.map((f) => f.message).join("; ");
    } else if (signers && signoffs.length === 0) {
      state = "needs_signoff";
      reason = `declared; needs a sign-off from ${signers.join(" or ")}`;
    } else {
      state = "met";
      reason = signoffs.length > 0 ? `met; signed off by ${[...new Set(signoffs.map((s) => `@${s.by}`))].join(", ")}` : "met";
    }
  }

  if (state !== "met" && state !== "not_applicable") {
    const waiver = activeWaiver(ledger, manifest.release, item, now);
    if (waiver) {
      return {
        ...base,
        findings,
        state: "waived",
        satisfied: true,
        waiver,
        reason: `waived until ${formatInstant(waiver.until, policy.timezone)} by @${waiver.by}: ${waiver.reason} (was: ${reason})`,
      };
    }
  }
  return { ...base, findings, state, reason, satisfied: state === "met" || state === "not_applicable" };
}

/** Marks a finding that means "declared, but not done yet" rather than "wrong". */
const PENDING = "\u0000pending:";

function checkSection(
  item: ChecklistItem,
  section: ChecklistSections[ChecklistItem],
  policy: Policy,
  today: string,
  context: EvaluationContext,
): Finding[] {
  const at = (...rest: KeyPath): KeyPath => ["checklist", item, ...rest];
  switch (item) {
    case "analytics":
      return checkAnalytics(section as ChecklistSections["analytics"], policy, context.catalog, at);
    case "support_training": {
      const training = section as ChecklistSections["support_training"];
      return training.date > today
        ? [{ path: at("date"), message: `${PENDING}training is scheduled for ${training.date}, not done yet` }]
        : [];
    }
    case "rollback_plan": {
      const plan = section as ChecklistSections["rollback_plan"];
      return plan.tested && plan.tested > today
        ? [{ path: at("tested"), message: `tested date ${plan.tested} is in the future` }]
        : [];
    }
    default:
      return [];
  }
}

function checkAnalytics(
  analytics: ChecklistSections["analytics"],
  policy: Policy,
  catalog: EventCatalog | null | undefined,
  at: (...rest: KeyPath) => KeyPath,
): Finding[] {
  const findings: Finding[] = [];
  // The policy was refused at load time if its pattern does not compile; a name is then simply unmatched.
  const pattern = compileLinearPattern(policy.analytics.event_name_pattern);
  const catalogued = catalog ? new Map(catalog.events.map((e) => [e.name, e])) : undefined;
  for (const list of ["added", "changed"] as const) {
    analytics.events[list].forEach((event, index) => {
      if (!pattern.ok || !pattern.test(event.name)) {
        findings.push({ path: at("events", list, index, "name"), message: `event name "${event.name}" does not match ${policy.analytics.event_name_pattern}` });
      }
      const missing = policy.analytics.required_properties.filter((p) => !event.properties.includes(p));
      if (missing.length > 0) {
        findings.push({ path: at("events", list, index, "properties"), message: `event "${event.name}" lacks required properties: ${missing.join(", ")}` });
      }
      if (catalogued && !catalogued.has(event.name)) {
        findings.push({ path: at("events", list, index, "name"), message: `event "${event.name}" is not in readiness/events.yml` });
      }
    });
  }
  analytics.events.removed.forEach((event, index) => {
    if (catalogued?.has(event.name)) {
      findings.push({ path: at("events", "removed", index, "name"), message: `removed event "${event.name}" is still in readiness/events.yml` });
    }
  });
  return findings;
}

function evaluateRules(manifest: Manifest, policy: Policy, context: EvaluationContext): RuleVerdict[] {
  const rules: RuleVerdict[] = [];
  const max = policy.statuses[manifest.status].max_rollout_percent;
  const limits = manifest.checklist.segment_limits;
  if (limits && !("not_applicable" in limits)) {
    const ok = limits.rollout_percent <= max;
    rules.push({
      id: "rollout",
      ok,
      message: ok
        ? `rollout ${limits.rollout_percent}% is within the ${max}% allowed at ${manifest.status}`
        : `rollout ${limits.rollout_percent}% exceeds the ${max}% allowed at ${manifest.status}`,
      path: ["checklist", "segment_limits", "rollout_percent"],
    });
  }
  if (manifest.status === "experiment") {
    rules.push(manifest.hypothesis
      ? { id: "hypothesis", ok: true, message: "hypothesis stated", path: ["hypothesis"] }
      : { id: "hypothesis", ok: false, message: "an experiment needs a hypothesis", path: [] });
    rules.push(manifest.key_metric
      ? { id: "key_metric", ok: true, message: "key metric named", path: ["key_metric"] }
      : { id: "key_metric", ok: false, message: "an experiment needs a key_metric", path: [] });
  }
  if (manifest.status === "ga") {
    rules.push(manifest.limitations !== undefined
      ? { id: "limitations", ok: true, message: `limitations stated (${manifest.limitations.length})`, path: ["limitations"] }
      : { id: "limitations", ok: false, message: "at ga, limitations must be stated explicitly (an empty list counts)", path: [] });
  }
  const registry = context.promises;
  if (manifest.promises && manifest.promises.length > 0 && registry !== undefined) {
    manifest.promises.forEach((id, index) => {
      if (registry === null) {
        rules.push({ id: "promises", ok: false, message: `promise "${id}" is referenced but the repository has no readiness/promises.yml`, path: ["promises", index] });
      } else if (!registry.has(id)) {
        rules.push({ id: "promises", ok: false, message: `promise "${id}" is not in readiness/promises.yml`, path: ["promises", index] });
      }
    });
  }
  return rules;
}

export function parseTransition(rule: string): { from: ReleaseStatus | "any"; to: ReleaseStatus } | undefined {
  const match = transitionPattern.exec(rule);
  if (!match) return undefined;
  return { from: match[1] as ReleaseStatus | "any", to: match[2] as ReleaseStatus };
}

export function isTransitionAllowed(from: ReleaseStatus, to: ReleaseStatus, policy: Policy): boolean {
  if (from === to) return true;
  return policy.transitions.some((rule) => {
    const parsed = parseTransition(rule);
    return !!parsed && (parsed.from === from || parsed.from === "any") && parsed.to === to;
  });
}

export function evaluateTransition(from: ReleaseStatus, to: ReleaseStatus, policy: Policy): TransitionVerdict {
  const allowed = isTransitionAllowed(from, to, policy);
  const reachable = policy.transitions
    .map(parseTransition)
    .filter((t) => t && (t.from === from || t.from === "any") && t.to !== from)
    .map((t) => t!.to);
  return {
    from,
    to,
    allowed,
    message: allowed
      ? `status change ${from} -> ${to} is allowed`
      : `status change ${from} -> ${to} is not allowed by the policy${reachable.length ? ` (from ${from}: ${[...new Set(reachable)].join(", ")})` : ""}`,
  };
}

/** The promise channel a campaign label speaks on: the policy's mapping, else `campaign:<name>` → `<name>`. */
export function channelOfLabel(label: string, policy: Policy): string {
  const mapped = Object.entries(policy.channels).find(([name]) => sameLabel(name, label))?.[1];
  if (mapped) return mapped;
  // Label names ignore case on GitHub, so CAMPAIGN:EMAIL speaks on the email channel too.
  const colon = label.indexOf(":");
  return (colon >= 0 ? label.slice(colon + 1) : label).toLowerCase();
}

function decideCampaigns(
  manifest: Manifest,
  verdict: ReleaseVerdict,
  policy: Policy,
  today: string,
  context: EvaluationContext,
): CampaignDecision[] {
  const labels = (context.labels ?? []).filter((label) => labelMatches(label, policy.campaign_labels));
  return labels.map((label) => {
    const reasons: string[] = [];
    const remedies: string[] = [];
    if (manifest.campaigns && !hasLabel(manifest.campaigns.map((c) => c.label), label)) {
      reasons.push(`"${label}" is not declared in the manifest's campaigns`);
      remedies.push(`declare it under campaigns in ${manifest.release}'s manifest`);
    }
    const allowedGlobs = policy.statuses[manifest.status].campaigns;
    if (!labelMatches(label, allowedGlobs)) {
      reasons.push(`${manifest.status} allows ${allowedGlobs.length ? allowedGlobs.join(", ") : "no campaign labels"}`);
      const statuses = (Object.keys(policy.statuses) as ReleaseStatus[]).filter((s) => labelMatches(label, policy.statuses[s].campaigns));
      remedies.push(statuses.length ? `move the release to ${statuses.join(" or ")}` : "no status allows this label");
    }
    if (!verdict.ready) {
      reasons.push(`the release is not ready (${verdict.blockers.length} blocker${verdict.blockers.length === 1 ? "" : "s"})`);
      remedies.push("make the release ready");
    }
    const channel = channelOfLabel(label, policy);
    if (context.promises) {
      for (const id of manifest.promises ?? []) {
        const promise = context.promises.get(id);
        if (!promise) continue;
        if (STATUS_RANK[manifest.status] < STATUS_RANK[promise.min_status]) {
          reasons.push(`promise "${id}" may only be used from ${promise.min_status}`);
        }
        if (promise.effective > today) reasons.push(`promise "${id}" takes effect on ${promise.effective}`);
        if (!promise.channels.includes(channel)) {
          reasons.push(`promise "${id}" is not for the ${channel} channel (${promise.channels.join(", ") || "no channels"})`);
        }
      }
    }
    return reasons.length === 0
      ? { label, allowed: true, reasons: [`allowed at ${manifest.status}`] }
      : { label, allowed: false, reasons, remedy: remedies.join("; ") || undefined };
  });
}

/** SPEC §2.6: with several releases in one PR, a label is allowed only if every release allows it. */
export function combineCampaignDecisions(verdicts: readonly ReleaseVerdict[]): CampaignDecision[] {
  const byLabel = new Map<string, CampaignDecision>();
  for (const verdict of verdicts) {
    for (const decision of verdict.campaigns) {
      const prefix = verdicts.length > 1 ? `${verdict.release}: ` : "";
      const current = byLabel.get(decision.label);
      const reasons = decision.allowed ? [] : decision.reasons.map((r) => prefix + r);
      if (!current) {
        byLabel.set(decision.label, { ...decision, reasons: decision.allowed ? decision.reasons : reasons });
      } else if (!decision.allowed) {
        byLabel.set(decision.label, {
          label: decision.label,
          allowed: false,
          reasons: [...(current.allowed ? [] : current.reasons), ...reasons],
          remedy: [current.allowed ? undefined : current.remedy, decision.remedy ? prefix + decision.remedy : undefined].filter(Boolean).join("; ") || undefined,
        });
      }
    }
  }
  return [...byLabel.values()];
}
