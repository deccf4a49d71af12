import type { GitHubClient, RepoRef } from "./client.js";

/** The newest commit reachable from `sha` that changed `path` (git's history simplification), if any. */
export async function lastCommitTouching(octokit: GitHubClient, repo: RepoRef, path: string, sha: string): Promise<string | undefined> {
  const { data } = await octokit.rest.repos.listCommits({ ...repo, sha, path, per_page: 1 });
  return data[0]?.sha;
}

export interface TouchingCommit {
  sha: string;
  /** The committer (else author) date, as an ISO instant (null when GitHub gives none). */
  at: string | null;
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

/**
 * Commits reachable from `sha` that changed `path`, newest first, between `since` and `until`
 * (either may be left out), at most `max` of them (pages of up to 100); `truncated` says more were left.
 */
export async function commitsTouching(
  octokit: GitHubClient,
  repo: RepoRef,
  path: string,
  range: { sha: string; since?: Date; until?: Date; max: number },
): Promise<{ commits: TouchingCommit[]; truncated: boolean }> {
  const commits: TouchingCommit[] = [];
  const pages = octokit.paginate.iterator(octokit.rest.repos.listCommits, {
    ...repo,
    sha: range.sha,
    path,
    per_page: Math.min(100, range.max + 1),
    ...(range.since ? { since: range.since.toISOString() } : {}),
    ...(range.until ? { until: range.until.toISOString() } : {}),
  });
  for await (const { data } of pages) {
    for (const commit of data) {
      if (commits.length >= range.max) return { commits, truncated: true };
      const date = commit.commit.committer?.date ?? commit.commit.author?.date;
      commits.push({ sha: commit.sha, at: date ? new Date(date).toISOString() : null });
    }
  }
  return { commits, truncated: false };
}
