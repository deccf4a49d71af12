import { codeSpan, escapeMarkdown } from "../markdown/escape.js";
import { fitWithinLimit } from "../markdown/limit.js";
import type { PullRequestVerdict } from "../evaluation/pull-request.js";
import type { Policy } from "../policy/schema.js";
import { formatProblem } from "../source/problems.js";
import { ITEM_TITLES, STATUS_TITLES } from "../vocabulary.js";
import { contractOfVerdict, renderAnalyticsContract } from "./analytics-contract.js";
import { describeDecision } from "./checks.js";
import { renderCarriedPromises, renderRegistryChanges } from "./promises-report.js";

/** Starts the app's one summary comment on a PR, so the app finds it again to edit it. */
export const SUMMARY_MARKER = "<!-- release-readiness:summary -->";

export interface SummaryCommentInput {
  verdict: PullRequestVerdict;
  policy: Policy;
  removedLabels: readonly string[];
  /** Rendered notes per audience, shown in collapsed sections. */
  notes?: ReadonlyArray<{ audience: string; markdown: string }>;
  checksUrl?: string;
}

/** docs/reference/checks-labels-comment.md#summary-comment: one comment per release PR, the verdict, what is missing and who can fix it. */
export function renderSummaryComment(input: SummaryCommentInput): string {
  const { verdict, policy } = input;
  const checked = verdict.releases.filter((r) => r.change !== "removed");
  const headline = verdict.nothingToCheck
    ? "➖ **Release readiness:** this PR only deletes release manifests."
    : verdict.ready
      ? "✅ **Release readiness:** ready."
      : "❌ **Release readiness:** not ready yet.";
  const lines = [SUMMARY_MARKER, headline, ""];
  for (const outcome of checked) {
    if (!outcome.verdict) {
      lines.push(`**${codeSpan(outcome.path)}** is invalid:`, ...outcome.problems.slice(0, 20).map((p) => `- ${escapeMarkdown(formatProblem(p))}`), "");
      continue;
    }
    const v = outcome.verdict;
    lines.push(`**${escapeMarkdown(v.title)}** (${codeSpan(v.release)}) — ${STATUS_TITLES[v.status]}: ${v.ready ? "ready ✅" : "not ready ❌"}`);
    for (const blocker of v.blockers) lines.push(`- ${escapeMarkdown(blocker)}`);
    const waived = v.items.filter((i) => i.state === "waived");
    for (const item of waived) lines.push(`- ⏳ ${ITEM_TITLES[item.item]}: ${escapeMarkdown(item.reason)}`);
    if (!v.ready) {
      const owner = escapeMarkdown(v.owner);
      const signers = [...new Set(v.items.filter((i) => i.state === "needs_signoff").flatMap((i) => i.signers ?? []))];
      const who = [
        owner ? `the release owner ${owner} can complete the manifest` : "",
        `people with ${policy.waivers.allowed} permission can waive a required item (\`${policy.commands.prefix} waive <item> <N>d <reason>\`, at most ${policy.waivers.max_days} days)`,
        signers.length ? `${signers.map(escapeMarkdown).join(", ")} can sign off (\`${policy.commands.prefix} signoff <item>\`)` : "",
      ].filter(Boolean);
      lines.push(`- Who can fix it: ${who.join("; ")}.`);
    }
    lines.push("");
  }
  for (const removed of verdict.releases.filter((r) => r.change === "removed")) {
    lines.push(`➖ ${codeSpan(removed.path)} is deleted by this PR.`, "");
  }
  if (verdict.registryProblems.length > 0) {
    lines.push("**Registry problems**", ...verdict.registryProblems.map((p) => `- ${escapeMarkdown(formatProblem(p))}`), "");
  }
  const contract = renderAnalyticsContract(contractOfVerdict(verdict), "**Analytics contract**");
  if (contract) lines.push(contract, "");
  const promises = renderCarriedPromises(verdict);
  if (promises) lines.push(promises, "");
  const registry = renderRegistryChanges(verdict.registryChanges, "**Promise registry changes**");
  if (registry) lines.push(registry, "");
  if (verdict.campaignDecisions.length > 0) {
    lines.push("**Campaign labels**");
    for (const decision of verdict.campaignDecisions) {
      const removed = input.removedLabels.includes(decision.label) ? ". The app removed it from this PR." : "";
      lines.push(`- ${describeDecision(decision)}${removed}`);
    }
    lines.push("");
  }
  for (const note of input.notes ?? []) {
    lines.push(`<details><summary>Release notes: ${escapeMarkdown(note.audience)}</summary>`, "", note.markdown, "", "</details>", "");
  }
  lines.push(`<sub>Commands: \`${policy.commands.prefix} help\`.${input.checksUrl ? ` Details in the [checks](${input.checksUrl}).` : ""}</sub>`);
  return fitWithinLimit(lines.join("\n"), "The full report is in the Release readiness check.");
}
