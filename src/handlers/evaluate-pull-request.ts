import { decodeCheckState, shortHash, type CheckState } from "../domain/check-state.js";
import { matchesAny } from "../domain/glob.js";
import { EMPTY_LEDGER, activeWaiver } from "../domain/ledger.js";
import { DEFAULT_POLICY, type Policy } from "../domain/policy-schema.js";
import { ALL_STATUS_LABELS, evaluatePullRequest } from "../domain/pull-request-evaluation.js";
import { findReleaseFiles } from "../domain/pull-request-files.js";
import { calendarDate } from "../domain/calendar.js";
import {
  CHECK_NAMES, renderCampaignGateCheck, renderNonReleaseCheck, renderPolicyProblemChecks, renderReadinessCheck,
  renderSummaryComment, renderUndeterminedChecks, type CheckReport,
} from "../domain/report.js";
import { CHECKLIST_ITEMS } from "../domain/vocabulary.js";
import { listOwnCheckRuns, inputsHashOf, upsertCheckRun, checkRunExternalId, type ExistingCheckRun } from "../github/check-runs.js";
import { describeError, repoKey, type GitHubClient, type RepoRef } from "../github/client.js";
import { loadCarriedState } from "../github/carried-state.js";
import { loadPolicy } from "../github/policy-loader.js";
import { publishOutcome, publishUndetermined, type Publication } from "../github/publish.js";
import { getLivePullRequest, listChangedFiles, type LivePullRequest } from "../github/pull-request.js";
import { loadReleaseInputs } from "../github/release-inputs.js";
import type { AppServices } from "./services.js";

export interface EvaluateOptions {
  /** Re-evaluate even when the inputs match what was last reported (re-run, commands, sweep). */
  force?: boolean;
  /** The head SHA the event was about, used only when the PR itself cannot be read. */
  headShaHint?: string;
  /** The PR's previous head (a synchronize event's `before`), where the carried ledger is. */
  previousHeadSha?: string;
}

export interface EvaluationSummary {
  kind: "non-release" | "release" | "unchanged" | "policy-invalid" | "undetermined";
  writes: number;
}

/**
 * Load, evaluate, report: the one script every PR-facing event runs, serialised per PR.
 */
export function evaluatePullRequestAndReport(
  services: AppServices,
  octokit: GitHubClient,
  repo: RepoRef,
  number: number,
  options: EvaluateOptions = {},
): Promise<EvaluationSummary> {
  return services.queue.run(`${repoKey(repo)}#${number}`, () => runEvaluation(services, octokit, repo, number, options));
}

/** Everything the app would write for a PR, worked out without writing anything. */
export type Assessment =
  | { kind: "non-release"; pr?: LivePullRequest; checks: CheckReport[] }
  | { kind: "policy-invalid"; pr: LivePullRequest; checks: CheckReport[] }
  | { kind: "unchanged"; pr: LivePullRequest; checks: [] }
  | {
      kind: "release";
      pr: LivePullRequest;
      checks: CheckReport[];
      existing: Map<string, ExistingCheckRun>;
      publication: Publication;
    };

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
  const policyResult = await loadPolicy(octokit, repo, services.policyCache);
  const files = await listChangedFiles(octokit, repo, number);

  if (!policyResult.ok) {
    // A broken policy fails every PR that touches the default manifest globs (never a laxer default).
    if (findReleaseFiles(files, DEFAULT_POLICY).manifests.length === 0) return { kind: "non-release", checks: [] };
    const pr = await getLivePullRequest(octokit, repo, number);
    return { kind: "policy-invalid", pr, checks: renderPolicyProblemChecks(policyResult.problems) };
  }

  const policy = policyResult.policy;
  const changes = findReleaseFiles(files, policy);
  if (changes.manifests.length === 0) {
    if (!policy.report_non_release) return { kind: "non-release", checks: [] };
    return { kind: "non-release", pr: await getLivePullRequest(octokit, repo, number), checks: [renderNonReleaseCheck()] };
  }

  const pr = await getLivePullRequest(octokit, repo, number);
  const existing = await listOwnCheckRuns(octokit, repo, pr.head.sha, (await services.identity()).appId);
  const now = services.now();
  const reported = existing.get(CHECK_NAMES.readiness);
  const state: CheckState = decodeCheckState(reported?.text)
    ?? (reported ? undefined : await loadCarriedState(octokit, repo, { number, headSha: pr.head.sha }, (await services.identity()).appId, options.previousHeadSha))
    ?? { ledger: EMPTY_LEDGER };
  const inputsHash = hashInputs(pr, policy, state, now, changes.manifests);
  if (!options.force && inputsHashOf(existing.get(CHECK_NAMES.readiness)?.externalId) === inputsHash) {
    return { kind: "unchanged", pr, checks: [] };
  }

  const inputs = await loadReleaseInputs(octokit, repo, pr, changes);
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

  const removeCampaigns = policy.campaign_gate === "remove"
    ? verdict.campaignDecisions.filter((d) => !d.allowed && pr.labels.includes(d.label)).map((d) => d.label)
    : [];
  const currentStatusLabels = pr.labels.filter((l) => ALL_STATUS_LABELS.includes(l));
  const labels = {
    add: verdict.statusLabels.filter((l) => !pr.labels.includes(l)),
    remove: [...removeCampaigns, ...currentStatusLabels.filter((l) => !verdict.statusLabels.includes(l))],
  };
  // Stored against the labels as they will be once the app's own changes land, so the events
  // those changes cause (and any redelivery) find the inputs unchanged.
  const labelsAfter = [...pr.labels.filter((l) => !labels.remove.includes(l)), ...labels.add];
  const checks = [
    renderReadinessCheck(verdict, policy, "The full report is in the summary comment on the PR."),
    renderCampaignGateCheck(verdict, policy, removeCampaigns),
  ];
  return {
    kind: "release",
    pr,
    checks,
    existing,
    publication: {
      checks,
      inputsHash: hashInputs({ ...pr, labels: labelsAfter }, policy, state, now, changes.manifests),
      state,
      labels,
      summaryComment: renderSummaryComment({ verdict, policy, removedLabels: removeCampaigns, checksUrl: `${pr.htmlUrl}/checks` }),
    },
  };
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
    if (assessment.checks.length === 0 || !assessment.pr) return { kind: assessment.kind, writes: 0 };
    const sha = assessment.pr.head.sha;
    const existing = await listOwnCheckRuns(octokit, repo, sha, (await services.identity()).appId);
    let writes = 0;
    for (const report of assessment.checks) {
      const result = await upsertCheckRun(octokit, repo, sha, existing.get(report.name), report, {
        externalId: checkRunExternalId(assessment.kind, report),
      });
      if (result.written) writes++;
    }
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
    .filter((l) => matchesAny(l, policy.campaign_labels) || ALL_STATUS_LABELS.includes(l))
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
