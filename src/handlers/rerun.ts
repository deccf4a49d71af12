import type { Context } from "probot";
import { pullRequestScope, type RepoScope } from "../app/pull-request-scope.js";
import { reportReadiness } from "../app/report-readiness.js";
import type { AppServices } from "../app/services.js";
import { findPullRequestsForSha } from "../github/pull-request.js";
import { webhookHandler, type Handled } from "./delivery.js";
import { checkRunPayload, checkSuitePayload } from "./payloads.js";

/**
 * The "Re-run" button: re-evaluate from the live PR, not the old payload. For forks GitHub sends
 * no `pull_requests` in the payload, so the PR is found from the head SHA.
 */
export const onCheckRunRerequested = webhookHandler(checkRunPayload, (services: AppServices, context: Context<"check_run.rerequested">, payload): Promise<Handled> => {
  const repo = { owner: payload.repository.owner.login, repo: payload.repository.name };
  const run = payload.check_run;
  return rerunForSha({ services, octokit: context.octokit, repo }, run.head_sha, run.pull_requests.map((p) => p.number));
});

export const onCheckSuiteRerequested = webhookHandler(checkSuitePayload, (services: AppServices, context: Context<"check_suite.rerequested">, payload): Promise<Handled> => {
  const repo = { owner: payload.repository.owner.login, repo: payload.repository.name };
  const suite = payload.check_suite;
  return rerunForSha({ services, octokit: context.octokit, repo }, suite.head_sha, suite.pull_requests.map((p) => p.number));
});

async function rerunForSha(scope: RepoScope, headSha: string, numbers: number[]): Promise<Handled> {
  const prs = numbers.length > 0 ? numbers : await findPullRequestsForSha(scope.octokit, scope.repo, headSha);
  let writes = 0;
  for (const number of prs) {
    writes += (await reportReadiness(pullRequestScope(scope, number), { force: true, headShaHint: headSha })).writes;
  }
  return { outcome: `re-run: ${writes} writes`, pr: prs };
}
