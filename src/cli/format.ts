import type { CampaignDecision } from "../domain/evaluation/campaign-gate.js";
import type { ItemState } from "../domain/evaluation/checklist-items.js";
import type { LocalCheckReport, LocalItemReport, LocalReleaseReport } from "../domain/evaluation/local-check.js";
import { escapeMarkdown } from "../domain/markdown/escape.js";
import { describeChangedPromise, type ChangeStyle } from "../domain/report/promises-report.js";
import { formatProblem, problemCount, type Problem } from "../domain/source/problems.js";
import { ITEM_TITLES, STATUS_TITLES } from "../domain/vocabulary.js";
import { STATE_ICONS } from "../domain/report/state-icons.js";
import { plural } from "../domain/text/plural.js";
import { showControlsDeep } from "./terminal-text.js";

/**
 * Pure renderings of a `readiness check` report: plain or coloured text for a terminal, Markdown
 * for a pull-request comment, JSON for scripts. No I/O here, so the GitHub App can reuse them.
 */

export const OUTPUT_FORMATS = ["text", "json", "markdown"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function formatReport(report: LocalCheckReport, format: OutputFormat, options: TextOptions = { colour: false }): string {
  switch (format) {
    case "json":
      return formatJson(report);
    case "markdown":
      return formatMarkdown(report);
    case "text":
      return formatText(report, options);
  }
}

/** The report as JSON: the shape of `LocalCheckReport` (src/domain/local-check.ts), documented in the README. */
export function formatJson(report: LocalCheckReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export interface TextOptions {
  /** ANSI colours; only for a terminal without NO_COLOR. */
  colour: boolean;
}

export type Paint = (text: string) => string;
/** ANSI colours for terminal text (shared with the demo). */
export interface Palette {
  green: Paint;
  red: Paint;
  yellow: Paint;
  dim: Paint;
  bold: Paint;
}

const ansi = (open: number, close: number): Paint => (text) => `\u001b[${open}m${text}\u001b[${close}m`;
export const COLOURS: Palette = { green: ansi(32, 39), red: ansi(31, 39), yellow: ansi(33, 39), dim: ansi(2, 22), bold: ansi(1, 22) };
const same: Paint = (text) => text;
export const PLAIN: Palette = { green: same, red: same, yellow: same, dim: same, bold: same };

const STATE_WORDS: Record<ItemState, string> = {
  met: "met",
  missing: "missing",
  invalid: "invalid",
  not_applicable: "not applicable",
  needs_signoff: "needs sign-off",
  waived: "waived",
};

function countsLine(report: LocalCheckReport): string {
  const { releases, ready, notReady, invalid } = report.counts;
  if (releases === 0 && report.comparison.registriesOnly.length > 0) return "no release manifests; the registries are checked on their own";
  const parts = [`${ready} ready`, `${notReady} not ready`];
  if (invalid > 0) parts.push(`${invalid} invalid`);
  return `${plural(releases, "release")}: ${parts.join(", ")}`;
}

function resultLine(report: LocalCheckReport): string {
  switch (report.result) {
    case "ready": {
      if (report.counts.releases === 0) return "ready (exit 0): the registries check out on their own";
      const all = report.counts.releases === 1 ? "the release is" : `all ${report.counts.releases} releases are`;
      const blocked = report.blockedLabels;
      return blocked.length === 0
        ? `ready (exit 0): ${all} ready`
        : `ready, but campaign ${blocked.length === 1 ? "label" : "labels"} ${blocked.join(", ")} ${blocked.length === 1 ? "is" : "are"} blocked (exit 1): ${all} ready`;
    }
    case "not_ready":
      return `not ready (exit 1): ${report.counts.notReady} of ${plural(report.counts.releases, "release")} not ready`;
    case "invalid": {
      const errors = problemCount(report.problems.filter((p) => p.severity === "error"));
      return errors > 0
        ? `invalid input (exit 2): ${plural(errors, "problem")} to fix`
        : "invalid input (exit 2): nothing was checked";
    }
  }
}

/** docs/reference/cli.md#comparing-with-a-base: what the registries were compared with, or that they were not. */
function comparisonLines(report: LocalCheckReport): string[] {
  const { base, registryChanges, catalogChanges } = report.comparison;
  if (base === null) {
    return ["Base: none given, so promise versions and base/head catalog changes were not checked (use --base DIR or --base-ref REF)"];
  }
  const lines = [`Base: compared with ${base}`];
  const alone = report.comparison.registriesOnly;
  // docs/reference/cli.md#registries-on-their-own: the app's check for a PR that changes only them.
  if (alone.length > 0) lines.push(`checked on their own, as the app checks a PR that changes only them: ${alone.join(", ")}`);
  if (registryChanges.length === 0) lines.push("no promise changed");
  for (const change of registryChanges) lines.push(`${change.file}: ${describeChangedPromise(change, PLAIN_CHANGE)}`);
  for (const diff of catalogChanges) {
    const parts = [
      diff.added.length ? `added ${diff.added.map((e) => e.name).join(", ")}` : "",
      diff.changed.length ? `changed ${diff.changed.map((e) => e.name).join(", ")}` : "",
      diff.removed.length ? `removed ${diff.removed.map((e) => e.name).join(", ")}` : "",
    ].filter(Boolean);
    lines.push(`${diff.file}: ${parts.length ? parts.join("; ") : "no event changed"}`);
  }
  return lines;
}

/** Promise changes as plain words; formatMarkdown escapes the whole line. */
const PLAIN_CHANGE: ChangeStyle = { id: (id) => id, text: (text) => text };

function problemText(problem: Problem): string {
  return `${problem.severity === "warning" ? "warning: " : ""}${formatProblem(problem)}`;
}

/** Problems that belong to no manifest shown in the report: the policy, registries, arguments. */
function otherProblems(report: LocalCheckReport): Problem[] {
  const files = new Set(report.releases.map((r) => r.file));
  return report.problems.filter((p) => !files.has(p.file));
}

export function formatText(fromFiles: LocalCheckReport, options: TextOptions = { colour: false }): string {
  const report = showControlsDeep(fromFiles);
  const c = options.colour ? COLOURS : PLAIN;
  const lines: string[] = [];
  lines.push(c.bold(`Release readiness: ${countsLine(report)}`));
  lines.push(`Policy: ${report.policy.file ?? "built-in defaults"}${report.policy.valid ? "" : c.red(" (invalid)")}`);
  if (report.labels.length > 0) lines.push(`Labels: ${report.labels.join(", ")}`);
  lines.push(c.dim(`Evaluated at ${report.evaluatedAt}`));

  const others = otherProblems(report);
  if (others.length > 0) {
    lines.push("", c.bold("Problems outside the manifests"));
    for (const problem of others) lines.push(`  ${(problem.severity === "error" ? c.red : c.yellow)(problemText(problem))}`);
  }
  for (const release of report.releases) lines.push("", ...releaseText(release, c));
  lines.push("", ...comparisonLines(report).map((line, i) => (i === 0 ? c.bold(line) : `  ${line}`)));
  lines.push("", c.bold(`Result: ${(report.exitCode === 0 ? c.green : c.red)(resultLine(report))}`));
  return `${lines.join("\n")}\n`;
}

function releaseText(release: LocalReleaseReport, c: Palette): string[] {
  if (!release.valid) {
    return [
      `${c.red("✗")} ${c.bold(release.file)} ${c.red(`INVALID (${plural(problemCount(release.problems), "problem")})`)}`,
      ...release.problems.map((p) => `    ${(p.severity === "error" ? c.red : c.yellow)(problemText(p))}`),
    ];
  }
  const why = release.blockers.length > 0 ? plural(release.blockers.length, "blocker") : "see the problems";
  const verdict = release.ready ? c.green("READY") : c.red(`NOT READY (${why})`);
  const lines = [
    `${release.ready ? c.green("✓") : c.red("✗")} ${c.bold(release.release ?? "")} ${c.dim("—")} ${release.title ?? ""}: ${verdict}`,
    `  ${release.status ?? ""} · owner ${release.owner ?? ""} · ${release.file}`,
    `  Items ${c.dim(`(required at ${release.status}: ${release.requires.join(", ") || "none"})`)}`,
  ];
  const width = Math.max(...release.items.map((i) => i.item.length));
  for (const item of release.items) lines.push(...itemText(item, release.file, width, c));
  if (release.rules.length > 0) {
    lines.push("  Rules");
    for (const rule of release.rules) {
      lines.push(`    ${rule.ok ? c.green("✓") : c.red("✗")} ${rule.message}${rule.ok ? "" : c.dim(`  (${release.file}:${rule.line}:${rule.column})`)}`);
    }
  }
  if (release.blockers.length > 0) {
    lines.push("  Blockers");
    release.blockers.forEach((blocker, index) => lines.push(`    ${index + 1}. ${blocker}`));
  }
  const fileProblems = release.problems;
  if (fileProblems.length > 0) {
    lines.push("  Problems");
    for (const problem of fileProblems) lines.push(`    ${(problem.severity === "error" ? c.red : c.yellow)(problemText(problem))}`);
  }
  if (release.campaigns.length > 0) {
    lines.push("  Campaign labels");
    for (const decision of release.campaigns) lines.push(...campaignText(decision, c));
  }
  for (const note of release.notes) lines.push(`  ${c.yellow("Note:")} ${note}`);
  return lines;
}

function itemText(item: LocalItemReport, file: string, width: number, c: Palette): string[] {
  const icon = item.satisfied ? c.green("✓") : item.required ? c.red("✗") : c.dim("○");
  const state = STATE_WORDS[item.state].padEnd(14);
  const paintedState = item.satisfied ? state : item.required ? c.red(state) : c.dim(state);
  const need = item.required ? "required" : c.dim("optional");
  const reason = item.reason === "met" ? "" : `  ${item.reason}`;
  const lines = [`    ${icon} ${item.item.padEnd(width)}  ${paintedState} ${need}${reason}`];
  if (!item.satisfied && item.required) {
    const where = item.findings.length > 0 ? item.findings : [item];
    for (const at of where) lines.push(c.dim(`      at ${file}:${at.line}:${at.column}`));
  }
  return lines;
}

function campaignText(decision: CampaignDecision, c: Palette): string[] {
  if (decision.allowed) return [`    ${c.green("✓")} ${decision.label}: allowed (${decision.reasons.join("; ")})`];
  const lines = [`    ${c.red("⛔")} ${decision.label}: blocked: ${decision.reasons.join("; ")}`];
  if (decision.remedy) lines.push(`       to allow it: ${decision.remedy}`);
  return lines;
}


/**
 * Markdown for a pull-request comment. Everything that came from a file (titles, reasons, labels,
 * paths, problems) goes through `escapeMarkdown`, so it cannot add markup or ping anyone.
 */
export function formatMarkdown(report: LocalCheckReport): string {
  const md = escapeMarkdown;
  const headline = report.result === "ready" ? "✅ ready" : report.result === "not_ready" ? "❌ not ready" : "⚠️ invalid input";
  const facts = [
    `**${md(countsLine(report))}**`,
    `policy: ${report.policy.file ? md(report.policy.file) : "built-in defaults"}${report.policy.valid ? "" : " (invalid)"}`,
  ];
  if (report.labels.length > 0) facts.push(`labels: ${report.labels.map(md).join(", ")}`);
  const lines = [`## Release readiness: ${headline}`, "", facts.join(" · ")];

  const others = otherProblems(report);
  if (others.length > 0) {
    lines.push("", "**Problems outside the manifests**", "", ...others.map((p) => `- ${md(problemText(p))}`));
  }
  for (const release of report.releases) lines.push("", ...releaseMarkdown(release));
  const [heading, ...compared] = comparisonLines(report);
  lines.push("", `**${md(heading!)}**`, ...(compared.length ? ["", ...compared.map((line) => `- ${md(line)}`)] : []));
  lines.push("", `Result: ${md(resultLine(report))}.`);
  return `${lines.join("\n")}\n`;
}

function releaseMarkdown(release: LocalReleaseReport): string[] {
  const md = escapeMarkdown;
  if (!release.valid) {
    return [
      `### ⚠️ ${md(release.file)} is invalid`,
      "",
      ...release.problems.map((p) => `- ${md(problemText(p))}`),
    ];
  }
  const status = release.status ? STATUS_TITLES[release.status] : "";
  const lines = [
    `### ${release.ready ? "✅" : "❌"} ${md(release.title ?? "")} (${md(release.release ?? "")}, ${status}): ${release.ready ? "ready" : "not ready"}`,
    "",
    `${md(release.file)} · owner ${md(release.owner ?? "")}`,
    "",
    "| | Item | State | At this status | Detail |",
    "|---|---|---|---|---|",
    ...release.items.map((item) =>
      `| ${item.satisfied || item.required ? STATE_ICONS[item.state] : "⚪"} | ${ITEM_TITLES[item.item]} | ${STATE_WORDS[item.state]} | ${item.required ? "required" : "optional"} | ${md(item.reason)} |`),
  ];
  if (release.blockers.length > 0) {
    lines.push("", "**Blockers**", "", ...release.blockers.map((b, i) => `${i + 1}. ${md(b)}`));
  }
  if (release.rules.length > 0) {
    lines.push("", "**Rules**", "", ...release.rules.map((r) => `- ${r.ok ? "✅" : "❌"} ${md(r.message)}`));
  }
  if (release.problems.length > 0) {
    lines.push("", "**Problems**", "", ...release.problems.map((p) => `- ${md(problemText(p))}`));
  }
  if (release.campaigns.length > 0) {
    lines.push("", "**Campaign labels**", "");
    for (const d of release.campaigns) {
      lines.push(d.allowed
        ? `- ✅ ${md(d.label)}: allowed (${md(d.reasons.join("; "))})`
        : `- ⛔ ${md(d.label)}: blocked: ${md(d.reasons.join("; "))}${d.remedy ? `. To allow it: ${md(d.remedy)}` : ""}`);
    }
  }
  for (const note of release.notes) lines.push("", `> ${md(note)}`);
  return lines;
}
