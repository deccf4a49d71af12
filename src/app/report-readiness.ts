import { isStatusLabel } from "../domain/evaluation/pull-request.js";
import { renderUndeterminedChecks } from "../domain/report/checks.js";
import { describeError, repoKey } from "../github/client.js";
import { applyLabelChanges } from "../github/labels.js";
import { publishChecks, publishOutcome, publishUndetermined } from "../github/publish.js";
import { getLivePullRequest } from "../github/pull-request.js";
import { assessPullRequest, type Assessment } from "./assess-pull-request.js";
import { isCoordinationError } from "../coordination/errors.js";
import { publishTarget, queueKey, serialised, type PullRequestScope } from "./pull-request-scope.js";

export interface ReportOptions {
  /** Re-evaluate even when the inputs match what was last reported (re-run, commands, sweep). */
  force?: boolean;
  /** The head SHA the event was about, used only when the PR itself cannot be read. */
  headShaHint?: string;
  /** The PR's previous head (a synchronize event's `before`), where the carried ledger is. */
  previousHeadSha?: string;
  /** Labels the event's payload shows, so a PR that stopped touching manifests loses its `release:*` labels. */
  payloadLabels?: readonly string[];
}

export interface ReportSummary {
  kind: "non-release" | "release" | "unchanged" | "policy-invalid" | "undetermined";
  writes: number;
}

/**
 * The service every PR-facing event calls: load the PR, decide its readiness, publish what changed
 * (labels, summary comment, checks), one PR at a time. This is the one place that turns a failure
 * into a report: when readiness cannot be determined both checks fail and say why (docs/reference/guarantees.md),
 * and that includes not getting the PR's lock (Redis away, another evaluation still running).
 */
export async function reportReadiness(scope: PullRequestScope, options: ReportOptions = {}): Promise<ReportSummary> {
  try {
    return await serialised(scope, (locked) => reportLocked(locked, options));
  } catch (error) {
    if (!isCoordinationError(error) || !options.headShaHint) throw error;
    // Without the lock nobody can say another replica is not writing; failing both checks is the
    // one safe report, and it removes no label. The in-process queue keeps this replica's own
    // fail-closed writes for the PR in order.
    const headSha = options.headShaHint;
    scope.services.log.error({ err: error, repo: repoKey(scope.repo), pr: scope.number }, "readiness could not be determined: no lock on the pull request");
    return scope.services.queue.run(queueKey(scope), () => reportUndetermined(scope, headSha, error.reason));
  }
}

async function reportLocked(scope: PullRequestScope, options: ReportOptions): Promise<ReportSummary> {
  let headSha = options.headShaHint;
  try {
    const assessment = await assessPullRequest(scope, options);
    if (assessment.pr) headSha = assessment.pr.head.sha;
    return await publishAssessment(scope, assessment, options);
  } catch (error) {
    // A lost lock or a Redis failure while holding it: writing under this lock would fail again.
    if (isCoordinationError(error)) throw error;
    scope.services.log.error({ err: error, repo: repoKey(scope.repo), pr: scope.number }, "readiness could not be determined");
    if (!headSha) throw error;
    return reportUndetermined(scope, headSha, describeError(error));
  }
}

async function reportUndetermined(scope: PullRequestScope, headSha: string, why: string): Promise<ReportSummary> {
  const { appId } = await scope.services.identity();
  await publishUndetermined(publishTarget(scope), headSha, renderUndeterminedChecks(why), appId);
  return { kind: "undetermined", writes: 2 };
}

async function publishAssessment(scope: PullRequestScope, assessment: Assessment, options: ReportOptions): Promise<ReportSummary> {
  const { octokit, repo, number } = scope;
  if (assessment.kind === "release") {
    const published = await publishOutcome(publishTarget(scope), { number, headSha: assessment.pr.head.sha }, assessment.existing, assessment.publication);
    return { kind: "release", writes: published.writes };
  }
  if (assessment.kind === "non-release" && options.payloadLabels?.some(isStatusLabel)) {
    // The PR no longer touches a manifest (a later commit undid it): its status labels go.
    const pr = assessment.pr ?? await getLivePullRequest(octokit, repo, number);
    const stale = pr.labels.filter(isStatusLabel);
    await publishTarget(scope).beforeWrite?.();
    await applyLabelChanges(octokit, repo, number, { add: [], remove: stale }, scope.services.knownLabels);
    if (assessment.checks.length === 0) return { kind: "non-release", writes: stale.length };
  }
  if (assessment.checks.length === 0 || !assessment.pr) return { kind: assessment.kind, writes: 0 };
  const writes = await publishChecks(publishTarget(scope), assessment.pr.head.sha, assessment.checks, {
    inputsHash: assessment.kind,
    appId: (await scope.services.identity()).appId,
  });
  return { kind: assessment.kind, writes };
}
