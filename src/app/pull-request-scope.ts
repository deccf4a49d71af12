import type { HeldLock } from "../coordination/index.js";
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
  /** The PR's lock, inside `serialised` work: every write of `publishTarget(scope)` confirms it first. */
  readonly lock?: HeldLock;
}

export const pullRequestScope = (scope: RepoScope, number: number): PullRequestScope =>
  ({ services: scope.services, octokit: scope.octokit, repo: scope.repo, number });

export const queueKey = (pr: { repo: RepoRef; number: number }) => `${repoKey(pr.repo)}#${pr.number}`;

/**
 * Runs work on a PR holding its lock (docs/reference/running.md#scaling: two deliveries for one PR
 * never evaluate it at once, in one process or, with `REDIS_URL`, across replicas); work on other
 * PRs goes on meanwhile. `work` gets the scope with the lock in it, to publish through. Rejects with
 * a `CoordinationError` when the lock cannot be had (Redis away, the bounded wait ran out).
 */
export function serialised<T>(scope: PullRequestScope, work: (locked: PullRequestScope) => Promise<T>): Promise<T> {
  return scope.services.coordinator.withLock(queueKey(scope), (lock) => work({ ...scope, lock }));
}

/**
 * Where the scope's reports are written, with the app's clock and label cache. Under a lock each
 * write first confirms (and extends) it, so a replica whose lock expired, say after a long pause,
 * stops before it writes over the replica that took the PR over.
 */
export const publishTarget = (scope: RepoScope & { lock?: HeldLock }): PublishTarget => {
  const { lock } = scope;
  return {
    octokit: scope.octokit,
    repo: scope.repo,
    now: scope.services.now,
    knownLabels: scope.services.knownLabels,
    ...(lock ? { beforeWrite: () => lock.confirm() } : {}),
  };
};
