import { calendarDate } from "../domain/calendar.js";
import { decodeCheckState, shortHash, type CheckState } from "../domain/ledger/check-state.js";
import { hasLabel, labelMatches } from "../domain/labels/label-match.js";
import { activeWaiver, EMPTY_LEDGER } from "../domain/ledger/ledger.js";
import type { Problem } from "../domain/source/problems.js";
import { DEFAULT_POLICY, type Policy } from "../domain/policy/schema.js";
import { evaluatePullRequest, isStatusLabel, type PullRequestVerdict } from "../domain/evaluation/pull-request.js";
import { findReleaseFiles, type ReleaseFileChanges } from "../domain/evaluation/release-files.js";
import {
  CHECK_NAMES, renderCampaignGateCheck, renderNonReleaseCheck, renderNotesCheck, renderPolicyProblemChecks,
  renderReadinessCheck, renderSummaryComment, renderUndeterminedChecks, type CheckReport,
} from "../domain/report/checks.js";
import { CHECKLIST_ITEMS } from "../domain/vocabulary.js";
import { loadCarriedState } from "../github/carried-state.js";
import { inputsHashOf, listOwnCheckRuns, type ExistingCheckRun } from "../github/check-runs.js";
import { describeError, repoKey, type GitHubClient, type RepoRef } from "../github/client.js";
import { applyLabelChanges } from "../github/labels.js";
import { loadPolicy } from "../github/policy-loader.js";
import { publishChecks, publishOutcome, publishUndetermined, type Publication } from "../github/publish.js";
import { getLivePullRequest, listChangedFiles, type LivePullRequest } from "../github/pull-request.js";
import { dismissChangedSignoffs, loadReleaseInputs, type ReleaseInputs } from "../github/release-inputs.js";
import { loadTemplateOverrides } from "../github/template-overrides.js";
import { notesRendererFor } from "../rendering/template-overrides.js";
import { combineAudiences, renderReleaseNotes, type ReleaseNotesResult, type ReleaseNotesSubject } from "../rendering/release-notes.js";
import type { AppServices } from "./services.js";

export interface EvaluateOptions {
  /** Re-evaluate even when the inputs match what was last reported (re-run, commands, sweep). */
  force?: boolean;
  /** The head SHA the event was about, used only when the PR itself cannot be read. */
  headShaHint?: string;
  /** The PR's previous head (a synchronize event's `before`), where the carried ledger is. */
  previousHeadSha?: string;
  /** Labels the event's payload shows, so a PR that stopped touching manifests loses its `release:*` labels. */
  payloadLabels?: readonly string[];
}

export interface EvaluationSummary {
  kind: "non-release" | "release" | "unchanged" | "policy-invalid" | "undetermined";
  writes: number;
}

/** Load, evaluate, report: the one script every PR-facing event runs, serialised per PR. */
export function evaluatePullRequestAndReport(
  services: AppServices,
  octokit: GitHubClient,
  repo: RepoRef,
  number: number,
  options: EvaluateOptions = {},
): Promise<EvaluationSummary> {
  return services.queue.run(queueKey(repo, number), () => runEvaluation(services, octokit, repo, number, options));
}

export const queueKey = (repo: RepoRef, number: number) => `${repoKey(repo)}#${number}`;

/** A release PR with what the app needs to judge it: the live PR, the policy, its state. */
export interface LoadedReleasePullRequest {
  kind: "release";
  pr: LivePullRequest;
  policy: Policy;
  changes: ReleaseFileChanges;
  existing: Map<string, ExistingCheckRun>;
  state: CheckState;
  /** The earlier commit the state was carried from, when the head has no report yet. */
  carriedFrom?: string;
}

export type LoadedPullRequest =
  | { kind: "non-release"; pr?: LivePullRequest; policy?: Policy }
  | { kind: "policy-invalid"; pr: LivePullRequest; problems: Problem[] }
  | LoadedReleasePullRequest;

/**
 * Reads what every decision starts from: the policy (cached), the PR's files (every page), and for
 * a release PR the live PR, the app's check runs at its head and the state they carry (or the
 * state carried from the previous head).
 */
export async function loadPullRequest(
  services: AppServices,
  octokit: GitHubClient,
  repo: RepoRef,
  number: number,
  options: { previousHeadSha?: string; needPullRequest?: boolean } = {},
): Promise<LoadedPullRequest> {
  const policyResult = await loadPolicy(octokit, repo, services.policyCache);
  const files = await listChangedFiles(octokit, repo, number);
  if (!policyResult.ok) {
    // A broken policy fails every PR that touches the default manifest globs (never a laxer default).
    if (findReleaseFiles(files, DEFAULT_POLICY).manifests.length === 0) return { kind: "non-release" };
    return { kind: "policy-invalid", pr: await getLivePullRequest(octokit, repo, number), problems: policyResult.problems };
  }
  const policy = policyResult.policy;
  const changes = findReleaseFiles(files, policy);
  if (changes.manifests.length === 0) {
    const wanted = policy.report_non_release || options.needPullRequest;
    return { kind: "non-release", policy, pr: wanted ? await getLivePullRequest(octokit, repo, number) : undefined };
  }
  const pr = await getLivePullRequest(octokit, repo, number);
  const { appId } = await services.identity();
  const existing = await listOwnCheckRuns(octokit, repo, pr.head.sha, appId);
  const reported = existing.get(CHECK_NAMES.readiness);
  const own = decodeCheckState(reported?.text);
  const carried = own || reported ? undefined : await loadCarriedState(octokit, repo, { number, headSha: pr.head.sha }, appId, options.previousHeadSha);
  const state = own ?? carried?.state ?? { ledger: EMPTY_LEDGER };
  return { kind: "release", pr, policy, changes, existing, state, carriedFrom: carried?.fromSha };
}

export interface BuiltReport {
  verdict: PullRequestVerdict;
  notes: ReleaseNotesResult;
  checks: CheckReport[];
  publication: Publication;
}

/** Evaluates a loaded release PR with the given state and works out everything to write. */
export async function buildReport(
  services: AppServices,
  octokit: GitHubClient,
  repo: RepoRef,
  loaded: LoadedReleasePullRequest,
  inputs: ReleaseInputs,
  state: CheckState,
): Promise<BuiltReport> {
  const { pr, policy } = loaded;
  const now = services.now();
  const verdict = evaluatePullRequest({
    policy,
    manifests: inputs.manifests,
    labels: pr.labels,
    ledger: state.ledger,
    now,
    promises: inputs.promises,
    catalog: inputs.catalog,
    registryProblems: inputs.registryProblems,
  });
  const notes = await renderNotesFor(services, octokit, repo, policy, inputs, verdict, now);

  const removeCampaigns = policy.campaign_gate === "remove"
    ? verdict.campaignDecisions.filter((d) => !d.allowed && pr.labels.includes(d.label)).map((d) => d.label)
    : [];
  const currentStatusLabels = pr.labels.filter(isStatusLabel);
  const labels = {
    add: verdict.statusLabels.filter((l) => !hasLabel(pr.labels, l)),
    remove: [...removeCampaigns, ...currentStatusLabels.filter((l) => !hasLabel(verdict.statusLabels, l))],
  };
  // Stored against the labels as they will be once the app's own changes land, so the events
  // those changes cause (and any redelivery) find the inputs unchanged.
  const labelsAfter = [...pr.labels.filter((l) => !labels.remove.includes(l)), ...labels.add];
  const checks = [
    renderReadinessCheck(verdict, policy, "The full report is in the summary comment on the PR."),
    renderCampaignGateCheck(verdict, policy, removeCampaigns),
    renderNotesCheck(combineAudiences(notes), notes.problems),
  ];
  const summaryComment = renderSummaryComment({
    verdict,
    policy,
    removedLabels: removeCampaigns,
    notes: notes.audiences.filter((a) => a.releases.length > 0).map((a) => ({ audience: a.label, markdown: a.markdown })),
    checksUrl: `${pr.htmlUrl}/checks`,
  });
  const report: BuiltReport = {
    verdict,
    notes,
    checks,
    publication: {
      checks,
      inputsHash: hashInputs({ ...pr, labels: labelsAfter }, policy, state, now, loaded.changes.manifests),
      state,
      labels,
      summaryComment,
    },
  };
  services.onReport?.({ repo, pr, report });
  return report;
}

async function renderNotesFor(
  services: AppServices,
  octokit: GitHubClient,
  repo: RepoRef,
  policy: Policy,
  inputs: ReleaseInputs,
  verdict: PullRequestVerdict,
  now: Date,
): Promise<ReleaseNotesResult> {
  const overrides = await loadTemplateOverrides(octokit, repo, policy.notes.templates, services.templateCache);
  const renderer = notesRendererFor(overrides);
  if (!renderer.ok) return { audiences: [], problems: renderer.problems };
  const subjects: ReleaseNotesSubject[] = [];
  for (const versions of inputs.manifests) {
    const head = versions.head;
    if (!head?.ok || versions.change.change === "removed") continue;
    const outcome = verdict.releases.find((r) => r.path === versions.change.path);
    if (outcome?.verdict) subjects.push({ file: head.file, manifest: head.manifest, verdict: outcome.verdict, locate: head.locate });
  }
  return renderReleaseNotes(subjects, policy, { now, renderer: renderer.renderer, promises: inputs.promises });
}

/** Everything the app would write for a PR, worked out without writing anything. */
export type Assessment =
  | { kind: "non-release"; pr?: LivePullRequest; checks: CheckReport[] }
  | { kind: "policy-invalid"; pr: LivePullRequest; checks: CheckReport[] }
  | { kind: "unchanged"; pr: LivePullRequest; checks: [] }
  | { kind: "release"; pr: LivePullRequest; checks: CheckReport[]; existing: Map<string, ExistingCheckRun>; publication: Publication };

/**
 * Load and evaluate. With `force` unset, stops early when the inputs match what the
 * `Release readiness` run at the head already reports (a redelivery costs reads, no writes).
 */
export async function assessPullRequest(
  services: AppServices,
  octokit: GitHubClient,
  repo: RepoRef,
  number: number,
  options: { force?: boolean; previousHeadSha?: string } = {},
): Promise<Assessment> {
  const loaded = await loadPullRequest(services, octokit, repo, number, options);
  if (loaded.kind === "policy-invalid") return { kind: "policy-invalid", pr: loaded.pr, checks: renderPolicyProblemChecks(loaded.problems) };
  if (loaded.kind === "non-release") {
    return { kind: "non-release", pr: loaded.pr, checks: loaded.policy?.report_non_release ? [renderNonReleaseCheck()] : [] };
  }
  const inputsHash = hashInputs(loaded.pr, loaded.policy, loaded.state, services.now(), loaded.changes.manifests);
  if (!options.force && inputsHashOf(loaded.existing.get(CHECK_NAMES.readiness)?.externalId) === inputsHash) {
    return { kind: "unchanged", pr: loaded.pr, checks: [] };
  }
  const inputs = await loadReleaseInputs(octokit, repo, loaded.pr, loaded.changes);
  const state = await dismissChangedSignoffs(octokit, repo, loaded.pr, loaded.policy, inputs, loaded.state, loaded.carriedFrom);
  const built = await buildReport(services, octokit, repo, loaded, inputs, state);
  return { kind: "release", pr: loaded.pr, checks: built.checks, existing: loaded.existing, publication: built.publication };
}

async function runEvaluation(
  services: AppServices,
  octokit: GitHubClient,
  repo: RepoRef,
  number: number,
  options: EvaluateOptions,
): Promise<EvaluationSummary> {
  let headSha = options.headShaHint;
  try {
    const assessment = await assessPullRequest(services, octokit, repo, number, options);
    if (assessment.pr) headSha = assessment.pr.head.sha;
    if (assessment.kind === "release") {
      const published = await publishOutcome(octokit, repo, { number, headSha: assessment.pr.head.sha }, assessment.existing, assessment.publication);
      return { kind: "release", writes: published.writes };
    }
    if (assessment.kind === "non-release" && options.payloadLabels?.some(isStatusLabel)) {
      // The PR no longer touches a manifest (a later commit undid it): its status labels go.
      const pr = assessment.pr ?? await getLivePullRequest(octokit, repo, number);
      const stale = pr.labels.filter(isStatusLabel);
      await applyLabelChanges(octokit, repo, number, { add: [], remove: stale });
      if (assessment.checks.length === 0) return { kind: "non-release", writes: stale.length };
    }
    if (assessment.checks.length === 0 || !assessment.pr) return { kind: assessment.kind, writes: 0 };
    const writes = await publishChecks(octokit, repo, assessment.pr.head.sha, assessment.checks, {
      inputsHash: assessment.kind,
      appId: (await services.identity()).appId,
    });
    return { kind: assessment.kind, writes };
  } catch (error) {
    services.log.error({ err: error, repo: repoKey(repo), pr: number }, "readiness could not be determined");
    if (!headSha) throw error;
    await publishUndetermined(octokit, repo, headSha, renderUndeterminedChecks(describeError(error)), (await services.identity()).appId);
    return { kind: "undetermined", writes: 2 };
  }
}

/**
 * What the report depends on besides the manifests' content (which the head and base SHAs pin):
 * campaign and status labels (other labels change no decision), the policy, the ledger with the
 * waivers still active, and the calendar day (dates in manifests are compared with today).
 */
function hashInputs(pr: LivePullRequest, policy: Policy, state: CheckState, now: Date, manifests: unknown): string {
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
    policy,
    ledger: state.ledger.entries,
    activeWaivers,
    today: calendarDate(now, policy.timezone),
    manifests,
  });
}
