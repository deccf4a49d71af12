import { formatInstant } from "../calendar.js";
import type { ReleaseVerdict } from "../evaluation/release.js";
import { sameLabel } from "../labels/label-match.js";
import type { Manifest } from "../manifest/schema.js";
import type { Policy } from "../policy/schema.js";
import type { ChangeView } from "./change-views.js";
import type { NotesWording } from "./wording.js";

/** What only support's notes hold: the release's internal state and the detail behind it. */
export interface SupportView {
  owner: string;
  flag: string | null;
  ready: boolean;
  /** Required checklist items that are not satisfied, with their state. */
  unmet: Array<{ label: string; state: string }>;
  /** Release-level rules that fail, in words. */
  failedRules: string[];
  waived: Array<{ label: string; until: string; by: string; reason: string }>;
  rollbackPlan: { steps: string; tested: string | null } | null;
  /** Support training; `done` once its date has come. */
  training: { date: string; materialsUrl: string; done: boolean } | null;
  /** Changes that are outside the release's segment and so reach nobody (a manifest mistake). */
  unreachable: number;
  /** The release's campaigns: running ones first, each with its holdout (docs/reference/manifest.md#campaigns). */
  campaigns: CampaignNotesView[];
}

/**
 * A campaign as support should know it: whether it is out (its label is on the PR and the gate
 * allows it), and its holdout, so a customer who got no email is not a fault.
 */
export interface CampaignNotesView {
  label: string;
  audienceLabel: string | null;
  /** On the PR and allowed by the campaign gate. */
  running: boolean;
  /** On the PR and blocked by the campaign gate. */
  blocked: boolean;
  holdoutPercent: number | null;
  exposureEvent: string | null;
}

export interface SupportViewInput {
  manifest: Manifest;
  verdict: ReleaseVerdict;
  policy: Policy;
  words: NotesWording;
  /** Today in the policy's time zone. */
  today: string;
  /** Every change the release makes, reachable or not. */
  changes: readonly ChangeView[];
}

export function supportView({ manifest, verdict, policy, words, today, changes }: SupportViewInput): SupportView {
  const plan = manifest.checklist.rollback_plan;
  const training = manifest.checklist.support_training;
  return {
    owner: manifest.owner,
    flag: manifest.flag ?? null,
    ready: verdict.ready,
    unmet: verdict.items
      .filter((item) => item.required && !item.satisfied)
      .map((item) => ({
        label: words.items[item.item],
        state: item.state === "met" || item.state === "not_applicable" ? item.state : words.itemStates[item.state],
      })),
    failedRules: [...new Set(verdict.rules.filter((rule) => !rule.ok).map((rule) => words.rules[rule.id]))],
    waived: verdict.items.flatMap((item) => item.state === "waived" && item.waiver
      ? [{ label: words.items[item.item], until: formatInstant(item.waiver.until, policy.timezone), by: `@${item.waiver.by}`, reason: item.waiver.reason }]
      : []),
    rollbackPlan: plan && "steps" in plan ? { steps: plan.steps, tested: plan.tested ?? null } : null,
    training: training && "date" in training ? { date: training.date, materialsUrl: training.materials, done: training.date <= today } : null,
    unreachable: changes.filter((change) => !change.reachable).length,
    campaigns: campaignViews(manifest, verdict, words),
  };
}

/** Every campaign the manifest declares, and any label the gate allowed without a declaration. */
function campaignViews(manifest: Manifest, verdict: ReleaseVerdict, words: NotesWording): CampaignNotesView[] {
  const decisionOf = (label: string) => verdict.campaigns.find((d) => sameLabel(d.label, label));
  const declared = (manifest.campaigns ?? []).map((campaign): CampaignNotesView => {
    const decision = decisionOf(campaign.label);
    return {
      label: campaign.label,
      audienceLabel: campaign.audience ? words.audiences[campaign.audience] : null,
      running: decision?.allowed === true,
      blocked: decision?.allowed === false,
      holdoutPercent: campaign.holdout_percent ?? null,
      exposureEvent: campaign.exposure_event ?? null,
    };
  });
  const undeclared = verdict.campaigns
    .filter((d) => d.allowed && !declared.some((c) => sameLabel(c.label, d.label)))
    .map((d): CampaignNotesView => ({ label: d.label, audienceLabel: null, running: true, blocked: false, holdoutPercent: null, exposureEvent: null }));
  return [...declared, ...undeclared].sort((a, b) => Number(b.running) - Number(a.running));
}
