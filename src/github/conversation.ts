import type { GitHubClient, RepoRef } from "./client.js";

export type Reaction = "+1" | "-1" | "confused" | "eyes";

export async function reactToComment(octokit: GitHubClient, repo: RepoRef, commentId: number, content: Reaction): Promise<void> {
  await octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: commentId, content });
}

export async function postComment(octokit: GitHubClient, repo: RepoRef, issueNumber: number, body: string): Promise<number> {
  const { data } = await octokit.rest.issues.createComment({ ...repo, issue_number: issueNumber, body });
  return data.id;
}

/** A comment on an issue or PR: who wrote it (and through which App) and what. */
export interface IssueComment {
  id: number;
  body: string;
  createdAt: string;
  login: string;
  /** GitHub's `user.type`: "Bot" for an app's comments. */
  type: string;
  /** The App the comment was made through, when one was (`performed_via_github_app`). */
  viaAppId: number | null;
}

/** Whether the app wrote the comment: as its bot when its login is known, else as any bot. */
export function isAppComment(comment: Pick<IssueComment, "login" | "type">, botLogin: string | undefined): boolean {
  return botLogin ? comment.login === botLogin : comment.type === "Bot";
}

/** Every comment on an issue (every page). */
export async function listIssueComments(octokit: GitHubClient, repo: RepoRef, issueNumber: number): Promise<IssueComment[]> {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: issueNumber, per_page: 100 });
  return comments.map((c) => ({
    id: c.id,
    body: c.body ?? "",
    createdAt: c.created_at,
    login: c.user?.login ?? "ghost",
    type: c.user?.type ?? "User",
    viaAppId: c.performed_via_github_app?.id ?? null,
  }));
}
