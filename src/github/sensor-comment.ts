import { isSensorComment } from "../domain/sensor/finding-record.js";
import { httpStatusOf, type GitHubClient, type RepoRef } from "./client.js";
import { isAppComment, postComment, type IssueComment } from "./conversation.js";

/**
 * The app's own sensor comment (docs/reference/sensor.md#on-github): written by the app's bot and
 * carrying the finding's marker, so nobody takes it over by pasting the marker into a comment.
 */
export function findSensorComment(comments: readonly IssueComment[], botLogin: string | undefined): IssueComment | undefined {
  return comments.find((c) => isAppComment(c, botLogin) && isSensorComment(c.body));
}

/** Writes the sensor comment in place (or first); no request when the text is already what it says. */
export async function writeSensorComment(octokit: GitHubClient, repo: RepoRef, issueNumber: number, existing: IssueComment | undefined, body: string): Promise<boolean> {
  if (existing?.body === body) return false;
  if (existing) {
    try {
      await octokit.rest.issues.updateComment({ ...repo, comment_id: existing.id, body });
      return true;
    } catch (error) {
      if (httpStatusOf(error) !== 404) throw error; // deleted meanwhile: write it again
    }
  }
  await postComment(octokit, repo, issueNumber, body);
  return true;
}

/** Takes the sensor comment away when the issue no longer reads as a mismatch. */
export async function deleteSensorComment(octokit: GitHubClient, repo: RepoRef, comment: IssueComment): Promise<void> {
  try {
    await octokit.rest.issues.deleteComment({ ...repo, comment_id: comment.id });
  } catch (error) {
    if (httpStatusOf(error) !== 404) throw error;
  }
}
