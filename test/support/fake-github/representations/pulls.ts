/** Pull requests, through the Pulls API and as issues, and the files they change. */
import type { RestEndpointMethodTypes } from "@octokit/rest";
import { ancestors, blobSha, diffTrees, fileDiff, mergeBase, type TreeChange } from "../git.js";
import { fullName, sameRepo, type FakeGitHubState, type FakePullRequest, type FakePullRequestEnd, type FakeRepoKey } from "../state.js";
import { authorAssociation, userJson } from "./accounts.js";
import { nodeId, repositoryOrThrow, type SandboxUrls } from "./common.js";
import { findLabel, labelJson, nestedRepositoryJson } from "./repos.js";
import { issueFields } from "./issues.js";

export type PullRequestJson = RestEndpointMethodTypes["pulls"]["get"]["response"]["data"];

function pullRequestEndJson(state: FakeGitHubState, end: FakePullRequestEnd, urls: SandboxUrls): PullRequestJson["head"] {
  const repo = repositoryOrThrow(state, end.repo);
  return {
    label: `${repo.owner}:${end.ref}`,
    ref: end.ref,
    sha: end.sha,
    user: userJson(state, repo.owner, urls),
    repo: nestedRepositoryJson(state, repo, urls),
  };
}

/** The file changes of a pull request: from the merge base of base and head to the head. */
export function pullRequestChanges(state: FakeGitHubState, pr: FakePullRequest): TreeChange[] {
  const baseSha = mergeBase(state, pr.base.sha, pr.head.sha) ?? pr.base.sha;
  return diffTrees(state.commits[baseSha]?.tree ?? {}, state.commits[pr.head.sha]?.tree ?? {});
}

export function pullRequestCommitCount(state: FakeGitHubState, pr: FakePullRequest): number {
  const baseAncestors = new Set(ancestors(state, pr.base.sha));
  return ancestors(state, pr.head.sha).filter((sha) => !baseAncestors.has(sha)).length;
}

export function pullRequestJson(state: FakeGitHubState, pr: FakePullRequest, urls: SandboxUrls): PullRequestJson {
  const repo = repositoryOrThrow(state, pr.repo);
  const api = `${urls.api}/repos/${fullName(repo)}`;
  const web = `${urls.web}/${fullName(repo)}`;
  const changes = pullRequestChanges(state, pr);
  const stats = changes.map((change) => fileDiff(change.before, change.after));
  return {
    url: `${api}/pulls/${pr.number}`,
    id: pr.id,
    node_id: nodeId("PullRequest", pr.id),
    html_url: `${web}/pull/${pr.number}`,
    diff_url: `${web}/pull/${pr.number}.diff`,
    patch_url: `${web}/pull/${pr.number}.patch`,
    issue_url: `${api}/issues/${pr.number}`,
    commits_url: `${api}/pulls/${pr.number}/commits`,
    review_comments_url: `${api}/pulls/${pr.number}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${pr.number}/comments`,
    statuses_url: `${api}/statuses/${pr.head.sha}`,
    number: pr.number,
    state: pr.state,
    locked: false,
    title: pr.title,
    user: userJson(state, pr.user, urls),
    body: pr.body,
    labels: pr.labels.flatMap((name) => {
      const label = findLabel(repo, name);
      return label ? [labelJson(repo, label, urls)] : [];
    }),
    milestone: null,
    active_lock_reason: null,
    created_at: pr.createdAt,
    updated_at: pr.updatedAt,
    closed_at: pr.closedAt,
    merged_at: pr.mergedAt,
    merge_commit_sha: pr.mergeCommitSha,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: pullRequestEndJson(state, pr.head, urls),
    base: pullRequestEndJson(state, pr.base, urls),
    _links: {
      self: { href: `${api}/pulls/${pr.number}` },
      html: { href: `${web}/pull/${pr.number}` },
      issue: { href: `${api}/issues/${pr.number}` },
      comments: { href: `${api}/issues/${pr.number}/comments` },
      review_comments: { href: `${api}/pulls/${pr.number}/comments` },
      review_comment: { href: `${api}/pulls/comments{/number}` },
      commits: { href: `${api}/pulls/${pr.number}/commits` },
      statuses: { href: `${api}/statuses/${pr.head.sha}` },
    },
    author_association: authorAssociation(state, repo, pr.user),
    auto_merge: null,
    draft: pr.draft,
    merged: pr.merged,
    mergeable: pr.state === "open" ? true : null,
    rebaseable: pr.state === "open" ? true : null,
    mergeable_state: pr.state === "open" ? (pr.draft ? "draft" : "clean") : "unknown",
    merged_by: pr.mergedBy ? userJson(state, pr.mergedBy, urls) : null,
    comments: state.issueComments.filter((c) => sameRepo(c.repo, repo) && c.issueNumber === pr.number).length,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: pullRequestCommitCount(state, pr),
    additions: stats.reduce((sum, s) => sum + s.additions, 0),
    deletions: stats.reduce((sum, s) => sum + s.deletions, 0),
    changed_files: changes.length,
  };
}

export type DiffEntryJson = RestEndpointMethodTypes["pulls"]["listFiles"]["response"]["data"][number];

export function diffEntryJson(repo: FakeRepoKey, headSha: string, change: TreeChange, urls: SandboxUrls): DiffEntryJson {
  const { additions, deletions, patch } = fileDiff(change.before, change.after);
  const encodedPath = change.filename.split("/").map(encodeURIComponent).join("/");
  const content = change.after ?? change.before ?? "";
  return {
    sha: blobSha(content),
    filename: change.filename,
    status: change.status,
    additions,
    deletions,
    changes: additions + deletions,
    blob_url: `${urls.web}/${fullName(repo)}/blob/${headSha}/${encodedPath}`,
    raw_url: `${urls.web}/${fullName(repo)}/raw/${headSha}/${encodedPath}`,
    contents_url: `${urls.api}/repos/${fullName(repo)}/contents/${encodedPath}?ref=${headSha}`,
    patch,
    ...(change.previousFilename !== undefined ? { previous_filename: change.previousFilename } : {}),
  };
}

export type IssueJson = RestEndpointMethodTypes["issues"]["get"]["response"]["data"];

/** A pull request seen through the Issues API (every pull request is also an issue). */
export function issueJson(state: FakeGitHubState, pr: FakePullRequest, urls: SandboxUrls): IssueJson {
  const repo = repositoryOrThrow(state, pr.repo);
  const api = `${urls.api}/repos/${fullName(repo)}`;
  const web = `${urls.web}/${fullName(repo)}`;
  return {
    ...issueFields(state, pr, [], urls),
    html_url: `${web}/pull/${pr.number}`,
    state: pr.state,
    state_reason: null,
    pull_request: {
      url: `${api}/pulls/${pr.number}`,
      html_url: `${web}/pull/${pr.number}`,
      diff_url: `${web}/pull/${pr.number}.diff`,
      patch_url: `${web}/pull/${pr.number}.patch`,
      merged_at: pr.mergedAt,
    },
    draft: pr.draft,
  };
}
