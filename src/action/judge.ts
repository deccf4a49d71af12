import { formatProblem } from "../domain/source/problems.js";
import { describeError, type GitHubClient, type RepoRef } from "../github/client.js";
import { dismissChangedSignoffs, loadReleaseInputs } from "../github/release-inputs.js";
import { buildReport } from "../app/build-report.js";
import { loadPullRequest } from "../app/load-pull-request.js";
import { pullRequestScope } from "../app/pull-request-scope.js";
import type { AppServices } from "../app/services.js";
import type { PullRequestJudgement } from "./outcome.js";

/**
 * A PR's verdict worked out again, writing nothing: for the events after which the handlers
 * reported nothing new (a redelivered or re-run event, a label that decides nothing, a comment
 * without a command, a PR without a release manifest). Same steps as the handlers' evaluation.
 */
export async function judgePullRequest(services: AppServices, octokit: GitHubClient, repo: RepoRef, number: number): Promise<PullRequestJudgement> {
  try {
    const scope = pullRequestScope({ services, octokit, repo }, number);
    const loaded = await loadPullRequest(scope);
    if (loaded.kind === "non-release") return { number, kind: "non_release" };
    if (loaded.kind === "policy-invalid") return { number, kind: "invalid_policy", problems: loaded.problems.map(formatProblem) };
    const inputs = await loadReleaseInputs(octokit, repo, loaded.pr, loaded.changes);
    const state = await dismissChangedSignoffs(octokit, repo, loaded.pr, loaded.policy, inputs, loaded.state, loaded.carriedFrom);
    const report = await buildReport(scope, { loaded, inputs, state });
    return { number, kind: "report", pr: loaded.pr, report };
  } catch (error) {
    return { number, kind: "undetermined", error: describeError(error) };
  }
}
