import { sameLabel, labelMatches } from "../labels/label-match.js";
import type { Manifest } from "../manifest/schema.js";
import type { Policy } from "../policy/schema.js";
import { EVENTS_PATH } from "../registry/parse.js";
import type { EventCatalog } from "../registry/schema.js";

/**
 * docs/reference/policy.md#campaign-rules: a campaign that goes out with no holdout and no logged
 * exposure cannot later be told apart from the release it promotes. When the policy's
 * `campaign_rules` are on for a label, the campaign gate asks its manifest entry for both.
 */

/** The properties an exposure event carries beyond the policy's required ones, so exposure can be joined to a variant. */
export const EXPOSURE_PROPERTIES = ["campaign", "variant"] as const;

export interface CausalityCheck {
  /** Why the label is blocked, one sentence per missing piece. */
  reasons: string[];
  /** What would allow it. */
  remedies: string[];
}

/** Whether the rules ask anything at all: a minimum of 0 and no exposure event is the default, "off". */
export const campaignRulesOn = (policy: Policy): boolean =>
  policy.campaign_rules.holdout_min_percent > 0 || policy.campaign_rules.require_exposure_event;

/**
 * The holdout and exposure event a campaign label's manifest entry declares, checked against the
 * policy and (for the exposure event) the event catalog after the PR. `catalog` is null when the
 * repository has none, undefined when it could not be read (its problems are reported apart).
 */
export function checkCampaignCausality(
  label: string,
  manifest: Manifest,
  policy: Policy,
  catalog: EventCatalog | null | undefined,
): CausalityCheck {
  const rules = policy.campaign_rules;
  const out: CausalityCheck = { reasons: [], remedies: [] };
  if (!campaignRulesOn(policy) || !labelMatches(label, rules.applies_to)) return out;
  const entry = manifest.campaigns?.find((c) => sameLabel(c.label, label));
  const min = rules.holdout_min_percent;
  if (min > 0) {
    const holdout = entry?.holdout_percent;
    if (holdout === undefined) {
      out.reasons.push(`${label} has no holdout; the policy asks for at least ${min}%`);
    } else if (holdout < min) {
      out.reasons.push(`${label} holds out ${holdout}%; the policy asks for at least ${min}%`);
    }
    if (holdout === undefined || holdout < min) out.remedies.push(`set holdout_percent to at least ${min} for ${label} under campaigns in ${manifest.release}'s manifest`);
  }
  if (rules.require_exposure_event) {
    const problem = exposureProblem(label, entry?.exposure_event, policy, catalog);
    if (problem) {
      out.reasons.push(problem);
      out.remedies.push(`name an exposure_event for ${label} that ${EVENTS_PATH} lists with the properties ${exposureProperties(policy).join(", ")}`);
    }
  }
  return out;
}

/** Every property an exposure event must carry: campaign and variant, then the policy's required ones. */
export function exposureProperties(policy: Policy): string[] {
  return [...new Set([...EXPOSURE_PROPERTIES, ...policy.analytics.required_properties])];
}

function exposureProblem(label: string, name: string | undefined, policy: Policy, catalog: EventCatalog | null | undefined): string | undefined {
  if (name === undefined) return `${label} has no exposure event; the policy asks for one carrying ${EXPOSURE_PROPERTIES.join(" and ")}`;
  if (catalog === null) return `${label}'s exposure event "${name}" cannot be checked: the repository has no ${EVENTS_PATH}`;
  if (catalog === undefined) return `${label}'s exposure event "${name}" cannot be checked: ${EVENTS_PATH} could not be read`;
  const event = catalog.events.find((e) => e.name === name);
  if (!event) return `${label}'s exposure event "${name}" is not in ${EVENTS_PATH}`;
  const missing = exposureProperties(policy).filter((p) => !event.properties.includes(p));
  return missing.length ? `${label}'s exposure event "${name}" lacks the properties ${missing.join(", ")} in ${EVENTS_PATH}` : undefined;
}
