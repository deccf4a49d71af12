import { formatInstant } from "../calendar.js";
import { codeSpan, escapeMarkdown } from "../markdown/escape.js";
import { fitWithinLimit } from "../markdown/limit.js";
import type { CampaignDecision } from "../evaluation/campaign-gate.js";
import type { ItemState } from "../evaluation/checklist-items.js";
import type { ReleaseVerdict } from "../evaluation/release.js";
import type { Policy } from "../policy/schema.js";
import { formatProblem, type KeyPath, type Problem } from "../source/problems.js";
import type { PullRequestVerdict, ReleaseOutcome } from "../evaluation/pull-request.js";
import { ITEM_TITLES, STATUS_TITLES } from "../vocabulary.js";
import { START_OF_FILE } from "../source/problems.js";

/** Check names users put in branch protection: exact (SPEC §2.1). */
export const CHECK_NAMES = {
  readiness: "Release readiness",
  gate: "Campaign gate",
  notes: "Release notes",
} as const;
export type CheckName = (typeof CHECK_NAMES)[keyof typeof CHECK_NAMES];

/** GitHub takes at most this many annotations in one check run request (SPEC §2.6). */
export const ANNOTATIONS_PER_REQUEST = 50;

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: "notice" | "warning" | "failure";
  title: string;
  message: string;
}

export interface CheckReport {
  name: CheckName;
  conclusion: "success" | "failure" | "neutral";
  title: string;
  summary: string;
  text?: string;
  annotations: CheckAnnotation[];
}

/** How each item state shows in Markdown (checks, the summary comment, the CLI's markdown). */
export const STATE_ICONS: Record<ItemState, string> = {
  met: "✅",
  not_applicable: "➖",
  waived: "⏳",
  needs_signoff: "✍️",
  missing: "❌",
  invalid: "⚠️",
};

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

function annotationsFor(outcome: ReleaseOutcome): CheckAnnotation[] {
  const out: CheckAnnotation[] = [];
  const fromProblem = (p: Problem): CheckAnnotation => ({
    path: outcome.path,
    start_line: p.line,
    end_line: Math.max(p.line, p.endLine),
    ...(p.line === p.endLine ? { start_column: p.column, end_column: Math.max(p.column, p.endColumn) } : {}),
    annotation_level: p.severity === "error" ? "failure" : "warning",
    title: p.key ? `Invalid ${p.key}` : "Invalid manifest",
    message: p.message,
  });
  for (const problem of outcome.problems) out.push(fromProblem(problem));
  const v = outcome.verdict;
  if (!v) return out;
  const at = (path: KeyPath) => (outcome.locate ? outcome.locate(path) : START_OF_FILE);
  const lineAnnotation = (path: KeyPath, level: CheckAnnotation["annotation_level"], title: string, message: string): CheckAnnotation => {
    const pos = at(path);
    return { path: outcome.path, start_line: pos.line, end_line: pos.line, annotation_level: level, title, message };
  };
  for (const item of v.items) {
    if (!item.required || item.state === "met" || item.state === "not_applicable") continue;
    if (item.state === "invalid" && outcome.problems.some((p) => p.key.startsWith(`checklist.${item.item}`))) continue;
    const level = item.state === "waived" ? "notice" : "failure";
    const findings = item.findings.length > 0 ? item.findings : [{ path: item.path, message: item.reason }];
    for (const finding of findings) {
      out.push(lineAnnotation(finding.path, level, `${ITEM_TITLES[item.item]}: ${item.state.replace("_", " ")}`, item.state === "waived" ? item.reason : finding.message));
    }
  }
  for (const rule of v.rules) {
    if (!rule.ok) out.push(lineAnnotation(rule.path.length ? rule.path : ["status"], "failure", `Rule: ${rule.id}`, rule.message));
  }
  return out;
}

export function renderReadinessCheck(verdict: PullRequestVerdict, policy: Policy, detailsPointer: string): CheckReport {
  const checked = verdict.releases.filter((r) => r.change !== "removed");
  const notReady = checked.filter((r) => !r.verdict?.ready);
  let conclusion: CheckReport["conclusion"];
  let title: string;
  if (verdict.nothingToCheck) {
    conclusion = "neutral";
    title = "This PR only deletes release manifests: nothing to check";
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
    if (!r.verdict) return `- ❌ ${codeSpan(r.path)}: invalid (${r.problems.length} problem${r.problems.length === 1 ? "" : "s"})`;
    const v = r.verdict;
    return `- ${v.ready ? "✅" : "❌"} **${escapeMarkdown(v.release)}** (${STATUS_TITLES[v.status]}): ${v.ready ? "ready" : v.blockers.map(escapeMarkdown).join("; ")}`;
  });
  for (const removed of verdict.releases.filter((r) => r.change === "removed")) summaryLines.push(`- ➖ ${codeSpan(removed.path)} deleted`);
  for (const problem of verdict.registryProblems) summaryLines.push(`- ❌ ${escapeMarkdown(formatProblem(problem))}`);
  const text = verdict.releases.map((r) => releaseSection(r, policy)).join("\n\n");
  const annotations = [
    ...verdict.releases.flatMap(annotationsFor),
    ...verdict.registryProblems.map((p): CheckAnnotation => ({
      path: p.file, start_line: p.line, end_line: Math.max(p.line, p.endLine), annotation_level: "failure",
      title: p.key ? `Invalid ${p.key}` : "Invalid file", message: p.message,
    })),
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
 * SPEC §4, fail closed without destroying: when readiness cannot be determined, both checks fail
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
  const annotations = problems.map((p): CheckAnnotation => ({
    path: p.file, start_line: p.line, end_line: Math.max(p.line, p.endLine), annotation_level: "failure",
    title: p.key ? `Invalid policy key ${p.key}` : "Invalid policy", message: p.message,
  }));
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

export const SUMMARY_MARKER = "<!-- release-readiness:summary -->";

export interface SummaryCommentInput {
  verdict: PullRequestVerdict;
  policy: Policy;
  removedLabels: readonly string[];
  /** Rendered notes per audience, shown in collapsed sections. */
  notes?: ReadonlyArray<{ audience: string; markdown: string }>;
  checksUrl?: string;
}

/** SPEC §2.3: one comment per release PR, the verdict, what is missing and who can fix it. */
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

/**
 * SPEC §2.1: `Release notes` is neutral and holds the notes for every audience. Problems (a broken
 * template override, notes that would read as generally available too early) fail it instead, with
 * their lines: notes are never published wrong, and never silently from other templates.
 */
export function renderNotesCheck(notesMarkdown: string, problems: readonly Problem[]): CheckReport {
  const annotations = problems.map((p): CheckAnnotation => ({
    path: p.file, start_line: p.line, end_line: Math.max(p.line, p.endLine), annotation_level: "failure",
    title: p.key ? `Release notes: ${p.key}` : "Release notes", message: p.message,
  }));
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
