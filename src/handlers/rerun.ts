import type { Context } from "probot";
import { pullRequestScope, type RepoScope } from "../app/pull-request-scope.js";
import { reportReadiness } from "../app/report-readiness.js";
import type { AppServices } from "../app/services.js";
import { findPullRequestsForSha } from "../github/pull-request.js";

/**
 * The "Re-run" button: re-evaluate from the live PR, not the old payload. For forks GitHub sends
 * no `pull_requests` in the payload, so the PR is found from the head SHA.
 */
export async function onCheckRunRerequested(services: AppServices, context: Context<"check_run.rerequested">): Promise<void> {
  const run = context.payload.check_run;
  await rerunForSha({ services, octokit: context.octokit, repo: context.repo() }, run.head_sha, run.pull_requests.map((p) => p.number));
}

export async function onCheckSuiteRerequested(services: AppServices, context: Context<"check_suite.rerequested">): Promise<void> {
  const suite = context.payload.check_suite;
  await rerunForSha({ services, octokit: context.octokit, repo: context.repo() }, suite.head_sha, suite.pull_requests.map((p) => p.number));
}

async function rerunForSha(scope: RepoScope, headSha: string, numbers: number[]): Promise<void> {
  const prs = numbers.length > 0 ? numbers : await findPullRequestsForSha(scope.octokit, scope.repo, headSha);
  for (const number of prs) {
    await reportReadiness(pullRequestScope(scope, number), { force: true, headShaHint: headSha });
  }
}
