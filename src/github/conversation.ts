import type { GitHubClient, RepoRef } from "./client.js";

export type Reaction = "+1" | "-1" | "confused" | "eyes";

export async function reactToComment(octokit: GitHubClient, repo: RepoRef, commentId: number, content: Reaction): Promise<void> {
  await octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: commentId, content });
}

export async function postComment(octokit: GitHubClient, repo: RepoRef, issueNumber: number, body: string): Promise<number> {
  const { data } = await octokit.rest.issues.createComment({ ...repo, issue_number: issueNumber, body });
  return data.id;
}
