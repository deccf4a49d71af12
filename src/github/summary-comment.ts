import { SUMMARY_MARKER } from "../domain/report/summary-comment.js";
import { httpStatusOf, type GitHubClient, type RepoRef } from "./client.js";

export interface SummaryCommentResult {
  id: number;
  written: boolean;
}

/**
 * docs/reference/checks-labels-comment.md#summary-comment: one summary comment per release PR, updated in place. The id remembered in the
 * check state saves listing the comments; without it (or if the comment is gone) the hidden marker
 * finds it, reading every page. Only a comment written by a bot counts, so nobody can hijack it by
 * pasting the marker.
 */
export async function upsertSummaryComment(
  octokit: GitHubClient,
  repo: RepoRef,
  issueNumber: number,
  body: string,
  known?: { id: number; bodyHashMatches: boolean },
): Promise<SummaryCommentResult> {
  if (known) {
    if (known.bodyHashMatches) return { id: known.id, written: false };
    try {
      await octokit.rest.issues.updateComment({ ...repo, comment_id: known.id, body });
      return { id: known.id, written: true };
    } catch (error) {
      if (httpStatusOf(error) !== 404) throw error;
    }
  }
  const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: issueNumber, per_page: 100 });
  const existing = comments.find((c) => c.user?.type === "Bot" && (c.body ?? "").startsWith(SUMMARY_MARKER));
  if (existing) {
    if (existing.body === body) return { id: existing.id, written: false };
    await octokit.rest.issues.updateComment({ ...repo, comment_id: existing.id, body });
    return { id: existing.id, written: true };
  }
  const { data } = await octokit.rest.issues.createComment({ ...repo, issue_number: issueNumber, body });
  return { id: data.id, written: true };
}
