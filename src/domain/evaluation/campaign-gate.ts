import { hasLabel, labelMatches, sameLabel } from "../labels/label-match.js";
import type { Manifest } from "../manifest/schema.js";
import type { Policy } from "../policy/schema.js";
import { inEffectOn, reachesMinStatus } from "../registry/promise-standing.js";
import type { ReleaseStatus } from "../vocabulary.js";
import { checkCampaignCausality } from "./campaign-causality.js";
import type { EvaluationContext, ReleaseVerdict } from "./release.js";

/**
 * The campaign gate: whether each campaign label on a PR may stay, given the release's manifest,
 * status, readiness and the promises it makes on the label's channel.
 */

export interface CampaignDecision {
  label: string;
  allowed: boolean;
  /** Why it is allowed, or every reason it is blocked. */
  reasons: string[];
  /** What would allow it, when it is blocked. */
  remedy?: string;
}

/** The promise channel a campaign label speaks on: the policy's mapping, else `campaign:<name>` → `<name>`. */
export function channelOfLabel(label: string, policy: Policy): string {
  const mapped = Object.entries(policy.channels).find(([name]) => sameLabel(name, label))?.[1];
  if (mapped) return mapped;
  // Label names ignore case on GitHub, so CAMPAIGN:EMAIL speaks on the email channel too.
  const colon = label.indexOf(":");
  return (colon >= 0 ? label.slice(colon + 1) : label).toLowerCase();
}

/** A decision for each campaign label among the PR's labels, for one release. */
export function decideCampaigns(
  manifest: Manifest,
  readiness: Pick<ReleaseVerdict, "ready" | "blockers">,
  policy: Policy,
  today: string,
  context: Pick<EvaluationContext, "labels" | "promises" | "catalog">,
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
    if (!readiness.ready) {
      reasons.push(`the release is not ready (${readiness.blockers.length} blocker${readiness.blockers.length === 1 ? "" : "s"})`);
      remedies.push("make the release ready");
    }
    const causality = checkCampaignCausality(label, manifest, policy, context.catalog);
    reasons.push(...causality.reasons);
    remedies.push(...causality.remedies);
    const channel = channelOfLabel(label, policy);
    if (context.promises) {
      for (const id of manifest.promises ?? []) {
        const promise = context.promises.get(id);
        if (!promise) continue;
        if (!reachesMinStatus(manifest.status, promise)) {
          reasons.push(`promise "${id}" may only be used from ${promise.min_status}`);
        }
        if (!inEffectOn(promise, today)) reasons.push(`promise "${id}" takes effect on ${promise.effective}`);
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

/** docs/reference/cases.md: with several releases in one PR, a label is allowed only if every release allows it. */
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
