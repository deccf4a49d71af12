import type { GitHubClient, RepoRef } from "./client.js";

export type Reaction = "+1" | "-1" | "confused" | "eyes";

export async function reactToComment(octokit: GitHubClient, repo: RepoRef, commentId: number, content: Reaction): Promise<void> {
  await octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: commentId, content });
}

export async function postComment(octokit: GitHubClient, repo: RepoRef, issueNumber: number, body: string): Promise<number> {
  const { data } = await octokit.rest.issues.createComment({ ...repo, issue_number: issueNumber, body });
  return data.id;
}

/** A comment on an issue or PR as the review reads it: who wrote it (through which App) and what. */
export interface IssueCommentBody {
  body: string;
  /** The App the comment was made through, when one was (`performed_via_github_app`). */
  viaAppId: number | null;
  authorType: string | null;
}

/** Every comment on an issue (every page). */
export async function listIssueComments(octokit: GitHubClient, repo: RepoRef, issueNumber: number): Promise<IssueCommentBody[]> {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: issueNumber, per_page: 100 });
  return comments.map((c) => ({ body: c.body ?? "", viaAppId: c.performed_via_github_app?.id ?? null, authorType: c.user?.type ?? null }));
}
