import type { GitHubClient, RepoRef } from "./client.js";

/** The newest commit reachable from `sha` that changed `path` (git's history simplification), if any. */
export async function lastCommitTouching(octokit: GitHubClient, repo: RepoRef, path: string, sha: string): Promise<string | undefined> {
  const { data } = await octokit.rest.repos.listCommits({ ...repo, sha, path, per_page: 1 });
  return data[0]?.sha;
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
