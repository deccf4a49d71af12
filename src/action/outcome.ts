import { CHECK_NAMES } from "../domain/report/checks.js";
import { SUMMARY_MARKER } from "../domain/report/summary-comment.js";
import { codeSpan, escapeMarkdown, escapeMarkdownUrl } from "../domain/markdown/escape.js";
import { formatProblem } from "../domain/source/problems.js";
import type { RepoRef } from "../github/client.js";
import type { LivePullRequest } from "../github/pull-request.js";
import type { BuiltReport } from "../app/build-report.js";
import type { SweepReport } from "../handlers/sweep.js";

/** The `result` output (docs/action.md). */
export type ActionResult = "ready" | "not_ready" | "invalid" | "non_release";

/** What the Action concluded about one PR. */
export type PullRequestJudgement =
  | { number: number; kind: "non_release" }
  | { number: number; kind: "invalid_policy"; problems: string[] }
  | { number: number; kind: "report"; pr: LivePullRequest; report: BuiltReport }
  /** Fail closed (docs/reference/guarantees.md): counted as not ready. */
  | { number: number; kind: "undetermined"; error: string };

/** A write GitHub refused or failed, for the log and the job summary. */
export interface WriteFailure {
  method: string;
  /** The API path without the base URL, e.g. `/repos/acme/shop/check-runs`. */
  path: string;
  status?: number;
  message: string;
}

export interface RunOutcome {
  eventName: string;
  repository: RepoRef;
  /** A sweep (schedule, workflow_dispatch) rather than one event's PRs. */
  sweep?: SweepReport;
  judgements: PullRequestJudgement[];
  writeFailures: WriteFailure[];
  /** Why the writes failed and what to do, when it can be told. */
  writeAdvice?: string;
  /** Errors the handlers or the sweep raised. */
  errors: string[];
  /** False when the verdict may not fail the step (a PR being closed, an issue). */
  gates?: boolean;
  /** What the support sensor did with the issue (docs/reference/sensor.md#in-a-github-action). */
  sensed?: SensedIssue[];
}

export interface SensedIssue {
  issue: number;
  /** The handler's outcome: "sensor: mismatch (email), 3 writes", "ignored: the sensor is off"… */
  outcome: string;
}

export function resultOf(judgement: PullRequestJudgement): ActionResult {
  switch (judgement.kind) {
    case "non_release": return "non_release";
    case "invalid_policy": return "invalid";
    case "undetermined": return "not_ready";
    case "report": {
      const { verdict } = judgement.report;
      if (verdict.nothingToCheck) return "non_release";
      if (verdict.ready) return "ready";
      const checked = verdict.releases.filter((r) => r.change !== "removed");
      const invalid = checked.some((r) => !r.verdict || r.problems.some((p) => p.severity === "error")) || verdict.registryProblems.length > 0;
      return invalid ? "invalid" : "not_ready";
    }
  }
}

/** The Campaign gate fails: a campaign label the release may not use stays on the PR (`campaign_gate: check`). */
export function gateBlocked(judgement: PullRequestJudgement): boolean {
  return judgement.kind === "report" && judgement.report.checks.some((c) => c.name === CHECK_NAMES.gate && c.conclusion === "failure");
}

const SEVERITY: readonly ActionResult[] = ["non_release", "ready", "not_ready", "invalid"];

/** Several PRs (a merge group, a sweep): the worst result wins; no PR at all is `non_release`. */
export function combineResults(results: readonly ActionResult[]): ActionResult {
  return results.reduce<ActionResult>((worst, result) => (SEVERITY.indexOf(result) > SEVERITY.indexOf(worst) ? result : worst), "non_release");
}

export function overallResult(outcome: Pick<RunOutcome, "judgements">): ActionResult {
  return combineResults(outcome.judgements.map(resultOf));
}

/**
 * Exit 1 when a release is not ready or invalid (or a blocked campaign label stays) and
 * `fail-on-not-ready` is on, so the job itself can be a required check; always when readiness
 * could not be determined or the handlers failed. A sweep fails only when the sweep itself did
 * (its verdicts are in the checks it updates). Writes GitHub refused (a fork's read-only token)
 * change nothing here: the verdict is known, and the job summary says what was not written.
 */
export function exitCodeFor(outcome: RunOutcome, failOnNotReady: boolean): 0 | 1 {
  if (outcome.errors.length > 0) return 1;
  if (outcome.sweep) return outcome.sweep.failures.length > 0 ? 1 : 0;
  if (outcome.judgements.some((j) => j.kind === "undetermined")) return 1;
  if (!failOnNotReady || outcome.gates === false) return 0;
  const result = overallResult(outcome);
  return result === "not_ready" || result === "invalid" || outcome.judgements.some(gateBlocked) ? 1 : 0;
}

/** One entry of the `releases` output. */
export interface ReleaseEntry {
  pull_request: number;
  release: string | null;
  path: string;
  status: string | null;
  ready: boolean;
  blockers: string[];
  problems: string[];
}

/** The `releases` output: every manifest the PRs touch (deleted ones aside) and what it still lacks. */
export function releasesOf(judgements: readonly PullRequestJudgement[]): ReleaseEntry[] {
  return judgements.flatMap((judgement) => {
    if (judgement.kind !== "report") return [];
    return judgement.report.verdict.releases.filter((r) => r.change !== "removed").map((r): ReleaseEntry => ({
      pull_request: judgement.number,
      release: r.verdict?.release ?? r.release ?? null,
      path: r.path,
      status: r.verdict?.status ?? null,
      ready: r.verdict?.ready ?? false,
      blockers: r.verdict?.blockers ?? [],
      problems: r.problems.filter((p) => p.severity === "error").map(formatProblem),
    }));
  });
}

const HEADLINES: Record<ActionResult, string> = {
  ready: "✅ ready",
  not_ready: "❌ not ready",
  invalid: "⚠️ invalid",
  non_release: "➖ no release",
};

function pullRequestHeading(judgement: PullRequestJudgement): string {
  if (judgement.kind !== "report") return `### #${judgement.number}`;
  const url = escapeMarkdownUrl(judgement.pr.htmlUrl);
  const title = `#${judgement.number} ${escapeMarkdown(judgement.pr.title)}`;
  return `### ${url ? `[${title}](${url})` : title}`;
}

function renderJudgement(judgement: PullRequestJudgement): string[] {
  const heading = pullRequestHeading(judgement);
  switch (judgement.kind) {
    case "non_release":
      return [heading, "", "No release manifest changed: nothing to check.", ""];
    case "invalid_policy":
      return [heading, "", "The policy `.github/release-readiness.yml` on the default branch is invalid:", ...judgement.problems.map((p) => `- ${escapeMarkdown(p)}`), ""];
    case "undetermined":
      return [heading, "", `Readiness could not be determined: ${escapeMarkdown(judgement.error)}`, ""];
    case "report": {
      const { report } = judgement;
      const body = (report.publication.summaryComment ?? report.checks.find((c) => c.name === CHECK_NAMES.readiness)?.summary ?? "").replace(SUMMARY_MARKER, "").trim();
      const gate = report.checks.find((c) => c.name === CHECK_NAMES.gate);
      const lines = [heading, "", body, ""];
      if (gate?.conclusion === "failure") lines.push(`❌ **Campaign gate:** ${escapeMarkdown(gate.title)}`, "");
      return lines;
    }
  }
}

function renderSweep(sweep: SweepReport, judgements: readonly PullRequestJudgement[]): string[] {
  const lines = [`Re-evaluated ${sweep.evaluated} open release PR${sweep.evaluated === 1 ? "" : "s"} (${sweep.writes} write${sweep.writes === 1 ? "" : "s"}); their checks carry the verdicts.`, ""];
  if (judgements.length > 0) {
    lines.push("| PR | Result | Releases |", "| --- | --- | --- |");
    for (const judgement of judgements) {
      const releases = judgement.kind === "report"
        ? judgement.report.verdict.releases.filter((r) => r.change !== "removed").map((r) => `${codeSpan(r.verdict?.release ?? r.path)}${r.verdict ? ` (${r.verdict.status})` : ""}`).join(", ")
        : "";
      const title = judgement.kind === "report" ? ` ${escapeMarkdown(judgement.pr.title)}` : "";
      lines.push(`| #${judgement.number}${title} | ${HEADLINES[resultOf(judgement)]} | ${releases} |`);
    }
    lines.push("");
  }
  if (sweep.truncated) lines.push("The sweep stopped at its limit of PRs; the next run continues.", "");
  if (sweep.rateLimited > 0) lines.push("The sweep stopped early: too little of the token's hourly rate limit was left.", "");
  if (sweep.failures.length > 0) {
    lines.push("**Could not evaluate:**", ...sweep.failures.map((f) => `- #${f.number}: ${escapeMarkdown(f.error)}`), "");
  }
  return lines;
}

/** What goes to `GITHUB_STEP_SUMMARY`: the verdict in Markdown, and what could not be written. */
export function renderJobSummary(outcome: RunOutcome): string {
  const result = overallResult(outcome);
  const lines: string[] = [];
  if (outcome.sweep) {
    lines.push(`## Release readiness: sweep of ${escapeMarkdown(`${outcome.repository.owner}/${outcome.repository.repo}`)}`, "", ...renderSweep(outcome.sweep, outcome.judgements));
  } else if (outcome.judgements.length === 0 && outcome.sensed?.length) {
    lines.push("## Release readiness: support sensor", "", ...outcome.sensed.map((s) => `- #${s.issue}: ${codeSpan(s.outcome)}`), "");
  } else {
    lines.push(`## Release readiness: ${HEADLINES[result]}`, "");
    if (outcome.judgements.length === 0) lines.push(`Nothing to check for this ${codeSpan(outcome.eventName)} event.`, "");
    for (const judgement of outcome.judgements) lines.push(...renderJudgement(judgement));
  }
  if (outcome.writeFailures.length > 0) {
    lines.push("### Not written to GitHub", "");
    for (const failure of outcome.writeFailures) lines.push(`- ${codeSpan(`${failure.method} ${failure.path}`)} (${describeWrite(failure.path)}): ${escapeMarkdown(failureText(failure))}`);
    lines.push("");
    if (outcome.writeAdvice) lines.push(escapeMarkdown(outcome.writeAdvice), "");
  }
  if (outcome.errors.length > 0) {
    lines.push("### Errors", "", ...outcome.errors.map((e) => `- ${escapeMarkdown(e)}`), "");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

export function failureText(failure: WriteFailure): string {
  return failure.status ? `GitHub answered ${failure.status}: ${failure.message}` : failure.message;
}

/** What a write was for, in the words the docs use. */
export function describeWrite(path: string): string {
  if (/\/check-runs(\/|$)/.test(path)) return "a check run";
  if (/\/reactions(\/|$)/.test(path)) return "a reaction";
  if (/\/issues\/(\d+\/)?comments(\/|$)/.test(path)) return "a comment";
  if (/\/labels(\/|$)/.test(path)) return "labels";
  if (/\/contents\//.test(path)) return "a commit";
  return "a write";
}

/** Why writes failed: a fork's read-only token, a missing permission, or GitHub itself. */
export function adviceFor(failures: readonly WriteFailure[], eventName: string, fromFork: boolean): string | undefined {
  if (failures.length === 0) return undefined;
  if (failures.some((f) => f.status === 403)) {
    if (eventName === "pull_request" && fromFork) {
      return "This pull request comes from a fork, and GitHub gives pull_request runs from forks a read-only GITHUB_TOKEN, "
        + "so the checks, labels and summary comment could not be written; the verdict is in this job summary and the step's exit code. "
        + "To have them written too, run the Action on pull_request_target without checking out the PR's code (see docs/action.md).";
    }
    return "The token may not write there: give the job checks: write, pull-requests: write, issues: write and contents: write "
      + "in its permissions, or pass a token that can through the github-token input.";
  }
  return "GitHub refused or failed these writes; the next event or a re-run of this job writes them.";
}
