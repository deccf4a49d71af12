import { isStatusLabel, type PullRequestVerdict } from "../evaluation/pull-request.js";
import type { Policy } from "../policy/schema.js";
import { hasLabel } from "./label-match.js";

/** Single labels to add and remove: never the whole list, which would undo a person's change made meanwhile. */
export interface LabelChanges {
  add: string[];
  remove: string[];
}

export interface PlannedLabels {
  changes: LabelChanges;
  /** Campaign labels taken off because the gate refused them (the gate check and the summary name them). */
  removedCampaigns: string[];
  /** The PR's labels once the changes land. */
  after: string[];
}

/**
 * What the app changes on a PR's labels after a verdict: it mirrors the `release:<status>` labels
 * the verdict asks for (GitHub compares label names case-insensitively, so `Release:GA` already is
 * `release:ga`), and under `campaign_gate: remove` takes off the campaign labels the gate refused.
 */
export function planLabelChanges(
  labels: readonly string[],
  verdict: Pick<PullRequestVerdict, "statusLabels" | "campaignDecisions">,
  campaignGate: Policy["campaign_gate"],
): PlannedLabels {
  const removedCampaigns = campaignGate === "remove"
    ? verdict.campaignDecisions.filter((d) => !d.allowed && labels.includes(d.label)).map((d) => d.label)
    : [];
  const staleStatusLabels = labels.filter((l) => isStatusLabel(l) && !hasLabel(verdict.statusLabels, l));
  const changes: LabelChanges = {
    add: verdict.statusLabels.filter((l) => !hasLabel(labels, l)),
    remove: [...removedCampaigns, ...staleStatusLabels],
  };
  const after = [...labels.filter((l) => !changes.remove.includes(l)), ...changes.add];
  return { changes, removedCampaigns, after };
}
