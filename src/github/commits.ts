import type { GitHubClient, RepoRef } from "./client.js";

/** The newest commit reachable from `sha` that changed `path` (git's history simplification), if any. */
export async function lastCommitTouching(octokit: GitHubClient, repo: RepoRef, path: string, sha: string): Promise<string | undefined> {
  return (await commitsTouching(octokit, repo, path, sha, 1))[0]?.sha;
}

export interface TouchingCommit {
  sha: string;
  /** The committer date, as an ISO instant (null when GitHub gives none). */
  at: string | null;
}

/** The newest `limit` (at most 100) commits reachable from `sha` that changed `path`, newest first: one request. */
export async function commitsTouching(octokit: GitHubClient, repo: RepoRef, path: string, sha: string, limit: number): Promise<TouchingCommit[]> {
  const { data } = await octokit.rest.repos.listCommits({ ...repo, sha, path, per_page: limit });
  return data.slice(0, limit).map((commit) => {
    const date = commit.commit.committer?.date;
    return { sha: commit.sha, at: date ? new Date(date).toISOString() : null };
  });
}

export interface CommitPullRequest {
  number: number;
  headSha: string;
  merged: boolean;
  mergedAt: string | null;
}

/** The pull requests a commit belongs to or was merged by (every page). */
export async function pullRequestsForCommit(octokit: GitHubClient, repo: RepoRef, sha: string): Promise<CommitPullRequest[]> {
  const prs = await octokit.paginate(octokit.rest.repos.listPullRequestsAssociatedWithCommit, { ...repo, commit_sha: sha, per_page: 100 });
  return prs.map((pr) => ({ number: pr.number, headSha: pr.head.sha, merged: pr.merged_at !== null, mergedAt: pr.merged_at }));
}
