import { GITHUB_MAX_LISTED_FILES, type ChangedFile } from "../domain/evaluation/release-files.js";
import type { GitHubClient, RepoRef } from "./client.js";

export interface LivePullRequest {
  number: number;
  state: "open" | "closed";
  merged: boolean;
  mergeCommitSha: string | null;
  draft: boolean;
  author: { login: string; type: string };
  title: string;
  htmlUrl: string;
  head: { sha: string; ref: string; repo: RepoRef | null; fork: boolean };
  base: { sha: string; ref: string };
  labels: string[];
}

/** The PR as it is now: re-runs and redeliveries replay old payloads, so decisions read this. */
export async function getLivePullRequest(octokit: GitHubClient, repo: RepoRef, number: number): Promise<LivePullRequest> {
  const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: number });
  const headRepo = data.head.repo ? { owner: data.head.repo.owner.login, repo: data.head.repo.name } : null;
  return {
    number: data.number,
    state: data.state === "open" ? "open" : "closed",
    merged: data.merged ?? false,
    mergeCommitSha: data.merge_commit_sha ?? null,
    draft: data.draft ?? false,
    author: { login: data.user.login, type: data.user.type },
    title: data.title,
    htmlUrl: data.html_url,
    head: {
      sha: data.head.sha,
      ref: data.head.ref,
      repo: headRepo,
      fork: !!headRepo && `${headRepo.owner}/${headRepo.repo}`.toLowerCase() !== `${repo.owner}/${repo.repo}`.toLowerCase(),
    },
    base: { sha: data.base.sha, ref: data.base.ref },
    labels: data.labels.map((label) => label.name),
  };
}

export class TooManyFilesError extends Error {
  constructor(public readonly listed: number) {
    super(`GitHub lists at most ${GITHUB_MAX_LISTED_FILES} files of a pull request and this one has at least ${listed}; a release manifest could hide among the rest, so readiness cannot be determined`);
  }
}

/** Every page of the PR's files (a peer that reads one page of 100 misses manifests on big PRs). */
export async function listChangedFiles(octokit: GitHubClient, repo: RepoRef, number: number): Promise<ChangedFile[]> {
  const files = await octokit.paginate(octokit.rest.pulls.listFiles, { ...repo, pull_number: number, per_page: 100 });
  if (files.length >= GITHUB_MAX_LISTED_FILES) throw new TooManyFilesError(files.length);
  return files.map((f) => ({ filename: f.filename, status: f.status, previous_filename: f.previous_filename, ...listedBlob(f) }));
}

/**
 * The blob a file list shows and the commit it shows it at: `contents_url` ends in `?ref=<head
 * SHA>` at the moment the list was made, which may be older than the PR's head read after it.
 */
function listedBlob(file: { sha?: string | null; contents_url?: string }): Pick<ChangedFile, "sha" | "listedAt"> {
  const ref = /[?&]ref=([0-9a-f]{40})(?:&|$)/.exec(file.contents_url ?? "")?.[1];
  return file.sha && ref ? { sha: file.sha, listedAt: ref } : {};
}

/** An open PR as the repository's PR list shows it. */
export interface OpenPullRequest {
  number: number;
  headSha: string;
  labels: string[];
}

/** Every open PR of the repository (every page). */
export async function listOpenPullRequests(octokit: GitHubClient, repo: RepoRef): Promise<OpenPullRequest[]> {
  const pulls = await octokit.paginate(octokit.rest.pulls.list, { ...repo, state: "open", per_page: 100 });
  return pulls.map((pr) => ({ number: pr.number, headSha: pr.head.sha, labels: pr.labels.map((label) => label.name) }));
}

/** The open PRs whose head is the commit. */
export async function findPullRequestsForSha(octokit: GitHubClient, repo: RepoRef, sha: string): Promise<number[]> {
  const associated = await octokit.paginate(octokit.rest.repos.listPullRequestsAssociatedWithCommit, { ...repo, commit_sha: sha, per_page: 100 });
  const open = associated.filter((pr) => pr.state === "open" && pr.head.sha === sha).map((pr) => pr.number);
  if (open.length > 0) return open;
  // Fork PRs are not associated with the commit in the base repository: look at the open PRs' heads.
  return (await listOpenPullRequests(octokit, repo)).filter((pr) => pr.headSha === sha).map((pr) => pr.number);
}
