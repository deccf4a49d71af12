import { formatInstant } from "../calendar.js";
import { activeWaiver, signoffsFor, type Ledger, type SignoffEntry, type WaiverEntry } from "../ledger/ledger.js";
import type { ChecklistSections, Manifest } from "../manifest/schema.js";
import { compileLinearPattern } from "../policy/linear-pattern.js";
import type { Policy } from "../policy/schema.js";
import type { EventCatalog } from "../registry/schema.js";
import { parseKeyPath, type KeyPath } from "../source/problems.js";
import type { ChecklistItem } from "../vocabulary.js";
import type { EvaluationContext } from "./release.js";

/**
 * One checklist item's state: declared or not, accepted as not applicable, checked against the
 * policy (analytics names and properties, dates), signed off, or waived.
 */

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

export function evaluateItem(
  item: ChecklistItem,
  manifest: Manifest,
  policy: Policy,
  ledger: Ledger,
  now: Date,
  today: string,
  required: boolean,
  context: Pick<EvaluationContext, "itemProblems" | "catalog">,
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
    const check = checkSection(item, declared as ChecklistSections[ChecklistItem], policy, today, context);
    findings = check.findings;
    if (check.notDoneYet !== undefined) {
      state = "missing";
      reason = check.notDoneYet;
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

/** What checking a declared section finds. */
interface SectionCheck {
  /** What is wrong with the section as declared: the item is invalid. */
  findings: Finding[];
  /** Set when the section is declared but not done yet (training scheduled later): the item is missing, not invalid. */
  notDoneYet?: string;
}

function checkSection(
  item: ChecklistItem,
  section: ChecklistSections[ChecklistItem],
  policy: Policy,
  today: string,
  context: Pick<EvaluationContext, "catalog">,
): SectionCheck {
  const at = (...rest: KeyPath): KeyPath => ["checklist", item, ...rest];
  switch (item) {
    case "analytics":
      return { findings: checkAnalytics(section as ChecklistSections["analytics"], policy, context.catalog, at) };
    case "support_training": {
      const training = section as ChecklistSections["support_training"];
      return training.date > today
        ? { findings: [], notDoneYet: `training is scheduled for ${training.date}, not done yet` }
        : { findings: [] };
    }
    case "rollback_plan": {
      const plan = section as ChecklistSections["rollback_plan"];
      return plan.tested && plan.tested > today
        ? { findings: [{ path: at("tested"), message: `tested date ${plan.tested} is in the future` }] }
        : { findings: [] };
    }
    default:
      return { findings: [] };
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
