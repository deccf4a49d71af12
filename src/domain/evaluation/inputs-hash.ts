import { calendarDate } from "../calendar.js";
import { labelMatches } from "../labels/label-match.js";
import { shortHash, type CheckState } from "../ledger/check-state.js";
import { activeWaiver } from "../ledger/ledger.js";
import { reportPolicyOf, type Policy } from "../policy/schema.js";
import { CHECKLIST_ITEMS } from "../vocabulary.js";
import { isStatusLabel } from "./pull-request.js";
import type { ManifestChange } from "./release-files.js";

/** What a report was worked out from. */
export interface ReportInputs {
  pr: { head: { sha: string }; base: { sha: string }; labels: readonly string[] };
  policy: Policy;
  state: CheckState;
  now: Date;
  /** The manifests the PR touches; their content is pinned by the head and base SHAs. */
  manifests: readonly ManifestChange[];
}

/**
 * A hash of what the report depends on besides the manifests' content (which the head and base
 * SHAs pin): campaign and status labels (other labels change no decision; their order none
 * either), the policy, the ledger with the waivers still active, and the calendar day (dates in
 * manifests are compared with today). Stored in the check run, so an event that changes none of
 * these costs reads and no writes. Changing what goes in rewrites every report once. Policy keys
 * that no PR report reads (NON_REPORT_POLICY_KEYS, beside the policy's schema) are left out, so
 * adding or editing them rewrites nothing.
 */
export function hashInputs({ pr, policy, state, now, manifests }: ReportInputs): string {
  const relevantLabels = pr.labels
    .filter((l) => labelMatches(l, policy.campaign_labels) || isStatusLabel(l))
    .sort();
  const releases = [...new Set(state.ledger.entries.map((e) => e.release))];
  const activeWaivers = releases.flatMap((release) =>
    CHECKLIST_ITEMS.map((item) => activeWaiver(state.ledger, release, item, now)?.until ?? ""),
  );
  return shortHash({
    v: 1,
    head: pr.head.sha,
    base: pr.base.sha,
    labels: relevantLabels,
    policy: reportPolicyOf(policy),
    ledger: state.ledger.entries,
    activeWaivers,
    today: calendarDate(now, policy.timezone),
    manifests,
  });
}
