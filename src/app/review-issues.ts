import type { ReviewIssue } from "../domain/review/inputs.js";
import { mismatchOf } from "../domain/review/mismatch.js";
import { MISMATCH_LABEL } from "../domain/sensor/labels.js";
import { REVIEW_LABEL } from "../domain/review/view-model.js";
import { decodeSensorFinding, type SensorFinding } from "../domain/sensor/finding-record.js";
import type { GitHubClient, RepoRef } from "../github/client.js";
import { listIssueComments } from "../github/conversation.js";
import { listIssuesCreatedSince, type ListedIssue } from "../github/issues.js";

/** How much of GitHub one review may read (docs/reference/promise-review.md#limits). */
export interface ReviewReadLimits {
  /** Pages of 100 of the issues list (both weeks' new issues and pull requests). */
  maxIssuePages: number;
  /** Mismatch issues whose comments are read for the sensor's finding. */
  maxFindingReads: number;
  /** Release manifests whose history is read. */
  maxManifests: number;
  /** Commits per file read in the two weeks. */
  maxRevisionsPerFile: number;
  /** Release pull requests whose check runs are read for waivers and campaign decisions. */
  maxPullRequests: number;
  /** Earlier commits of one release PR whose `Campaign gate` run is read, walking back from the head. */
  maxGateCommits: number;
}

export const DEFAULT_REVIEW_LIMITS: ReviewReadLimits = {
  maxIssuePages: 20,
  maxFindingReads: 300,
  maxManifests: 200,
  maxRevisionsPerFile: 30,
  maxPullRequests: 100,
  maxGateCommits: 10,
};

export interface GatheredIssues {
  issues: ReviewIssue[];
  /** Pull requests from the same listing (GitHub lists them with the issues), kept for their labels. */
  pullRequests: ListedIssue[];
  limits: string[];
}

/**
 * The new issues of the reviewed week and the week before, from one bounded listing, with the
 * mismatch each one counts as: labels decide, the finding in the app's own comment names the
 * release, promise and campaign (docs/reference/promise-review.md#what-the-hosted-review-reads).
 */
export async function gatherIssues(
  octokit: GitHubClient,
  repo: RepoRef,
  createdFrom: Date,
  appId: number | undefined,
  limits: ReviewReadLimits,
): Promise<GatheredIssues> {
  const listed = await listIssuesCreatedSince(octokit, repo, createdFrom, limits.maxIssuePages);
  const said: string[] = [];
  if (listed.truncated) {
    const oldest = listed.items.at(-1)?.createdAt.slice(0, 10) ?? "";
    said.push(`GitHub's issues list was read for ${listed.pagesRead} pages of 100 only; issues created before ${oldest} are not counted`);
  }
  let reads = 0;
  let unread = 0;
  const issues: ReviewIssue[] = [];
  for (const item of listed.items) {
    // The reviews themselves are issues too; they are no customer's.
    if (item.pullRequest || item.labels.some((label) => label.toLowerCase() === REVIEW_LABEL)) continue;
    let finding: SensorFinding | undefined;
    if (item.labels.some((label) => label.toLowerCase() === MISMATCH_LABEL)) {
      if (reads < limits.maxFindingReads) {
        reads++;
        finding = await sensorFindingOn(octokit, repo, item.number, appId);
      } else {
        unread++;
      }
    }
    const mismatch = mismatchOf(item.labels, finding);
    issues.push({
      id: String(item.number),
      title: item.title,
      url: item.htmlUrl,
      createdAt: item.createdAt,
      comments: item.comments,
      reactions: item.reactions,
      ...(mismatch ? { mismatch } : {}),
    });
  }
  if (unread > 0) {
    said.push(`the sensor's findings were read on ${reads} mismatch issues only; ${unread} more count with their label's source and no release`);
  }
  return { issues, pullRequests: listed.items.filter((item) => item.pullRequest), limits: said };
}

/** The finding in the app's own comment (the newest one that decodes); a pasted marker from a person does not count. */
async function sensorFindingOn(octokit: GitHubClient, repo: RepoRef, number: number, appId: number | undefined): Promise<SensorFinding | undefined> {
  const comments = await listIssueComments(octokit, repo, number);
  const own = comments.filter((c) => (appId !== undefined ? c.viaAppId === appId : c.type === "Bot"));
  for (const comment of own.reverse()) {
    const finding = decodeSensorFinding(comment.body);
    if (finding) return finding;
  }
  return undefined;
}
