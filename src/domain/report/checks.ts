import { formatInstant } from "../calendar.js";
import type { CampaignDecision } from "../evaluation/campaign-gate.js";
import type { PullRequestVerdict, ReleaseOutcome } from "../evaluation/pull-request.js";
import type { ReleaseVerdict } from "../evaluation/release.js";
import { codeSpan, escapeMarkdown } from "../markdown/escape.js";
import { fitWithinLimit } from "../markdown/limit.js";
import type { Policy } from "../policy/schema.js";
import { formatProblem, problemCount, type Problem } from "../source/problems.js";
import { plural } from "../text/plural.js";
import { ITEM_TITLES, STATUS_TITLES } from "../vocabulary.js";
import { problemAnnotation, releaseAnnotations, type CheckAnnotation } from "./annotations.js";
import { contractOfVerdict, renderAnalyticsContract, renderCatalogChange } from "./analytics-contract.js";
import { renderRegistryChanges } from "./promises-report.js";
import { STATE_ICONS } from "./state-icons.js";

/**
 * The check runs the app writes on a commit: Release readiness, Campaign gate and Release notes,
 * and the reports that stand in for them when nothing can be judged (undetermined, a broken
 * policy, a PR with no release manifest).
 */

/** Check names users put in branch protection: exact (docs/reference/checks-labels-comment.md). */
export const CHECK_NAMES = {
  readiness: "Release readiness",
  gate: "Campaign gate",
  notes: "Release notes",
} as const;
export type CheckName = (typeof CHECK_NAMES)[keyof typeof CHECK_NAMES];

/** GitHub takes at most this many annotations in one check run request (docs/reference/cases.md). */
export const ANNOTATIONS_PER_REQUEST = 50;

export interface CheckReport {
  name: CheckName;
  conclusion: "success" | "failure" | "neutral";
  title: string;
  summary: string;
  text?: string;
  annotations: CheckAnnotation[];
}

function itemLine(item: ReleaseVerdict["items"][number], policy: Policy): string {
  const required = item.required ? "required" : "optional";
  let reason = item.reason;
  if (item.state === "waived" && item.waiver) {
    reason = `waived until ${formatInstant(item.waiver.until, policy.timezone)} by @${item.waiver.by}: ${item.waiver.reason}`;
  }
  return `| ${STATE_ICONS[item.state]} | ${ITEM_TITLES[item.item]} | ${item.state.replace("_", " ")} | ${required} | ${escapeMarkdown(reason)} |`;
}

function releaseSection(outcome: ReleaseOutcome, policy: Policy): string {
  if (outcome.change === "removed") {
    return `### ${codeSpan(outcome.path)} (deleted)\nThe PR deletes this manifest${outcome.release ? ` (release ${escapeMarkdown(outcome.release)})` : ""}: nothing to check.`;
  }
  if (!outcome.verdict) {
    return [
      `### ❌ ${codeSpan(outcome.path)} is invalid`,
      "",
      ...outcome.problems.map((p) => `- ${escapeMarkdown(formatProblem(p))}`),
    ].join("\n");
  }
  const v = outcome.verdict;
  const lines = [
    `### ${v.ready ? "✅" : "❌"} ${escapeMarkdown(v.title)} (${codeSpan(v.release)}, ${STATUS_TITLES[v.status]})`,
    "",
    `${codeSpan(outcome.path)}${outcome.change === "renamed" ? " (renamed)" : ""}: ${v.ready ? "ready" : `not ready — ${v.blockers.length} blocker${v.blockers.length === 1 ? "" : "s"}`}`,
    "",
    "| | Item | State | At this status | Detail |",
    "|---|---|---|---|---|",
    ...v.items.map((item) => itemLine(item, policy)),
  ];
  const rules = v.rules.filter((r) => r.id !== "transition");
  if (rules.length > 0 || v.transition) {
    lines.push("", "**Rules**", "");
    for (const rule of rules) lines.push(`- ${rule.ok ? "✅" : "❌"} ${escapeMarkdown(rule.message)}`);
    if (v.transition) lines.push(`- ${v.transition.allowed ? "✅" : "❌"} ${escapeMarkdown(v.transition.message)}`);
  }
  const itemProblems = outcome.problems.filter((p) => p.severity === "error");
  if (itemProblems.length > 0) {
    lines.push("", "**Problems**", "", ...itemProblems.map((p) => `- ${escapeMarkdown(formatProblem(p))}`));
  }
  for (const note of v.notes) lines.push("", `> ${escapeMarkdown(note)}`);
  return lines.join("\n");
}

/** docs/reference/promises-and-events.md#a-pr-that-changes-only-the-registry: what a registry-only PR that passes has shown. */
const REGISTRY_ONLY_OK = "- ✅ This PR changes no release manifest, only the promise registry or the event catalog: both are valid, every promise whose wording changed raised its version, and nothing a release on the base branch uses is removed.";

export function renderReadinessCheck(verdict: PullRequestVerdict, policy: Policy, detailsPointer: string): CheckReport {
  const checked = verdict.releases.filter((r) => r.change !== "removed");
  const notReady = checked.filter((r) => !r.verdict?.ready);
  let conclusion: CheckReport["conclusion"];
  let title: string;
  if (verdict.nothingToCheck) {
    conclusion = "neutral";
    title = "This PR only deletes release manifests: nothing to check";
  } else if (verdict.registryOnly) {
    conclusion = verdict.ready ? "success" : "failure";
    title = verdict.ready ? "Promise registry and event catalog check out" : "Promise registry or event catalog problems";
  } else if (verdict.ready) {
    conclusion = "success";
    title = checked.length === 1 ? `${checked[0]!.release} is ready` : `All ${checked.length} releases are ready`;
  } else {
    conclusion = "failure";
    const invalid = checked.filter((r) => !r.verdict).length;
    title = invalid > 0
      ? `${invalid} invalid manifest${invalid === 1 ? "" : "s"}`
      : `${notReady.length} of ${checked.length} release${checked.length === 1 ? "" : "s"} not ready`;
    if (verdict.registryProblems.length > 0 && notReady.length === 0) title = "Promise registry or event catalog problems";
  }
  const summaryLines = checked.map((r) => {
    if (!r.verdict) return `- ❌ ${codeSpan(r.path)}: invalid (${plural(problemCount(r.problems), "problem")})`;
    const v = r.verdict;
    return `- ${v.ready ? "✅" : "❌"} **${escapeMarkdown(v.release)}** (${STATUS_TITLES[v.status]}): ${v.ready ? "ready" : v.blockers.map(escapeMarkdown).join("; ")}`;
  });
  for (const removed of verdict.releases.filter((r) => r.change === "removed")) summaryLines.push(`- ➖ ${codeSpan(removed.path)} deleted`);
  for (const problem of verdict.registryProblems) summaryLines.push(`- ❌ ${escapeMarkdown(formatProblem(problem))}`);
  if (verdict.registryOnly && verdict.ready) summaryLines.push(REGISTRY_ONLY_OK);
  const contract = verdict.registryOnly ? renderCatalogChange(verdict.catalogChanges) : renderAnalyticsContract(contractOfVerdict(verdict));
  const text = [...verdict.releases.map((r) => releaseSection(r, policy)), renderRegistryChanges(verdict.registryChanges), contract].filter(Boolean).join("\n\n");
  const annotations = [
    ...verdict.releases.flatMap(releaseAnnotations),
    ...verdict.registryProblems.map((p) => problemAnnotation(p, p.key ? `Invalid ${p.key}` : "Invalid file")),
  ];
  return {
    name: CHECK_NAMES.readiness,
    conclusion,
    title,
    summary: fitWithinLimit(summaryLines.join("\n") || "No release manifests.", detailsPointer),
    text: fitWithinLimit(text, detailsPointer),
    annotations,
  };
}

export function describeDecision(decision: CampaignDecision): string {
  return decision.allowed
    ? `✅ ${codeSpan(decision.label)}: ${decision.reasons.map(escapeMarkdown).join("; ")}`
    : `⛔ ${codeSpan(decision.label)}: ${decision.reasons.map(escapeMarkdown).join("; ")}${decision.remedy ? `. To allow it: ${escapeMarkdown(decision.remedy)}` : ""}`;
}

export function renderCampaignGateCheck(verdict: PullRequestVerdict, policy: Policy, removedLabels: readonly string[]): CheckReport {
  const blocked = verdict.campaignDecisions.filter((d) => !d.allowed);
  const stillOn = blocked.filter((d) => !removedLabels.includes(d.label));
  const lines = verdict.campaignDecisions.map((d) => {
    const removed = removedLabels.includes(d.label) ? " — removed from the PR" : "";
    return `- ${describeDecision(d)}${removed}`;
  });
  let title: string;
  if (verdict.campaignDecisions.length === 0) title = "No campaign labels";
  else if (blocked.length === 0) title = `${verdict.campaignDecisions.length} campaign label${verdict.campaignDecisions.length === 1 ? "" : "s"} allowed`;
  else if (stillOn.length === 0) title = `Removed ${removedLabels.length} campaign label${removedLabels.length === 1 ? "" : "s"} the release may not use`;
  else title = `${stillOn.length} campaign label${stillOn.length === 1 ? "" : "s"} not allowed`;
  const mode = policy.campaign_gate === "remove"
    ? "Mode `remove`: a campaign label the release may not use is taken off the PR."
    : "Mode `check`: a campaign label the release may not use stays, and this check fails until it is allowed or removed.";
  return {
    name: CHECK_NAMES.gate,
    conclusion: stillOn.length > 0 ? "failure" : "success",
    title,
    summary: fitWithinLimit([...(lines.length ? lines : ["No campaign labels on this PR."]), "", mode].join("\n"), "See the summary comment."),
    annotations: [],
  };
}

/**
 * docs/reference/guarantees.md, fail closed without destroying: when readiness cannot be determined, both checks fail
 * and say why; no label is touched.
 */
export function renderUndeterminedChecks(reason: string): CheckReport[] {
  const summary = `Readiness could not be determined, so this check fails closed until it can be.\n\n${escapeMarkdown(reason)}\n\nNo labels were changed. Re-run the check once the problem is resolved.`;
  return [
    { name: CHECK_NAMES.readiness, conclusion: "failure", title: "Readiness could not be determined", summary, annotations: [] },
    { name: CHECK_NAMES.gate, conclusion: "failure", title: "Readiness unknown: campaigns blocked", summary, annotations: [] },
  ];
}

/** A broken policy fails Release readiness with its errors; it never falls back to a laxer default. */
export function renderPolicyProblemChecks(problems: readonly Problem[]): CheckReport[] {
  const lines = problems.map((p) => `- ${escapeMarkdown(formatProblem(p))}`);
  const summary = `The repository's release policy is invalid, so no release can be judged ready.\n\n${lines.join("\n")}`;
  const annotations = problems.map((p) => problemAnnotation(p, p.key ? `Invalid policy key ${p.key}` : "Invalid policy"));
  return [
    { name: CHECK_NAMES.readiness, conclusion: "failure", title: "Invalid release policy", summary: fitWithinLimit(summary, "See the policy file."), annotations },
    { name: CHECK_NAMES.gate, conclusion: "failure", title: "Invalid release policy: campaigns blocked", summary: fitWithinLimit(summary, "See the policy file."), annotations: [] },
  ];
}

export function renderNonReleaseCheck(): CheckReport {
  return {
    name: CHECK_NAMES.readiness,
    conclusion: "neutral",
    title: "No release manifest in this PR",
    summary: "This PR adds, changes or deletes no release manifest, so there is nothing to check.",
    annotations: [],
  };
}

/**
 * docs/reference/checks-labels-comment.md: `Release notes` is neutral and holds the notes for every audience. Problems (a broken
 * template override, notes that would read as generally available too early) fail it instead, with
 * their lines: notes are never published wrong, and never silently from other templates.
 */
export function renderNotesCheck(notesMarkdown: string, problems: readonly Problem[]): CheckReport {
  const annotations = problems.map((p) => problemAnnotation(p, p.key ? `Release notes: ${p.key}` : "Release notes"));
  if (problems.length > 0) {
    return {
      name: CHECK_NAMES.notes,
      conclusion: "failure",
      title: `${problems.length} problem${problems.length === 1 ? "" : "s"} writing the release notes`,
      summary: fitWithinLimit(problems.map((p) => `- ${escapeMarkdown(formatProblem(p))}`).join("\n"), "See the annotations."),
      text: notesMarkdown ? fitWithinLimit(notesMarkdown, "The notes are cut short here; `readiness notes` renders them in full.") : undefined,
      annotations,
    };
  }
  return {
    name: CHECK_NAMES.notes,
    conclusion: "neutral",
    title: "Release notes for every audience",
    summary: "The notes below are rendered from the manifest with the repository's templates. They are published as a draft release when the PR merges.",
    text: fitWithinLimit(notesMarkdown || "No notes: no release in this PR has changes for these audiences.", "The notes are cut short here; `readiness notes` renders them in full."),
    annotations,
  };
}
