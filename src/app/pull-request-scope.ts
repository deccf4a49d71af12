import { repoKey, type GitHubClient, type RepoRef } from "../github/client.js";
import type { PublishTarget } from "../github/publish.js";
import type { AppServices } from "./services.js";

/** Work on one repository: the app's shared services and the installation's client for it. */
export interface RepoScope {
  readonly services: AppServices;
  readonly octokit: GitHubClient;
  readonly repo: RepoRef;
}

/** Work on one pull request: what every load, decision and write about it needs, passed as one. */
export interface PullRequestScope extends RepoScope {
  readonly number: number;
}

export const pullRequestScope = (scope: RepoScope, number: number): PullRequestScope =>
  ({ services: scope.services, octokit: scope.octokit, repo: scope.repo, number });

export const queueKey = (pr: { repo: RepoRef; number: number }) => `${repoKey(pr.repo)}#${pr.number}`;

/**
 * Runs work on a PR after the work on it already queued (docs/reference/running.md: two deliveries for one PR never
 * evaluate it at once); work on other PRs goes on meanwhile.
 */
export function serialised<T>(scope: PullRequestScope, work: () => Promise<T>): Promise<T> {
  return scope.services.queue.run(queueKey(scope), work);
}

/** Where the scope's reports are written, with the app's clock and label cache. */
export const publishTarget = (scope: RepoScope): PublishTarget =>
  ({ octokit: scope.octokit, repo: scope.repo, now: scope.services.now, knownLabels: scope.services.knownLabels });
