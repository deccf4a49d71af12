import type { GitHubClient, RepoRef } from "./client.js";

/** One issue (or pull request: GitHub's issues list holds both) as the issues list shows it. */
export interface ListedIssue {
  number: number;
  title: string;
  htmlUrl: string;
  /** ISO instant. */
  createdAt: string;
  comments: number;
  reactions: number;
  labels: string[];
  pullRequest: boolean;
}

export interface RecentIssues {
  /** Issues and pull requests created at or after `createdFrom`, newest first. */
  items: ListedIssue[];
  /** True when `maxPages` ran out before the listing reached `createdFrom`: older ones are missing. */
  truncated: boolean;
  pagesRead: number;
}

/**
 * The issues (and pull requests) created from `createdFrom` on, bounded: the listing is sorted by
 * creation, newest first, and `since` (which GitHub applies to the last update) drops every issue
 * untouched since then, so the reading stops at the first page that reaches back before
 * `createdFrom`, or after `maxPages` pages of 100, saying so.
 */
export async function listIssuesCreatedSince(octokit: GitHubClient, repo: RepoRef, createdFrom: Date, maxPages: number): Promise<RecentIssues> {
  const items: ListedIssue[] = [];
  let pagesRead = 0;
  let reachedStart = false;
  const pages = octokit.paginate.iterator(octokit.rest.issues.listForRepo, {
    ...repo, state: "all", sort: "created", direction: "desc", since: createdFrom.toISOString(), per_page: 100,
  });
  for await (const { data } of pages) {
    pagesRead++;
    for (const issue of data) {
      if (new Date(issue.created_at).getTime() < createdFrom.getTime()) {
        reachedStart = true;
        break;
      }
      items.push({
        number: issue.number,
        title: issue.title,
        htmlUrl: issue.html_url,
        createdAt: new Date(issue.created_at).toISOString(),
        comments: issue.comments,
        reactions: issue.reactions?.total_count ?? 0,
        labels: issue.labels.flatMap((label) => (typeof label === "string" ? [label] : label.name ? [label.name] : [])),
        pullRequest: issue.pull_request !== undefined && issue.pull_request !== null,
      });
    }
    if (reachedStart) break;
    if (pagesRead >= maxPages) return { items, truncated: data.length === 100, pagesRead };
  }
  return { items, truncated: false, pagesRead };
}

/** The open or closed issue with this label and exactly this title, the oldest if there are several (every page). */
export interface LabelledIssue {
  number: number;
  title: string;
  body: string;
  labels: string[];
}

/** Every issue (open or closed, not pull requests) with the label, oldest first, every page. */
export async function listIssuesWithLabel(octokit: GitHubClient, repo: RepoRef, label: string): Promise<LabelledIssue[]> {
  const listed = await octokit.paginate(octokit.rest.issues.listForRepo, { ...repo, state: "all", labels: label, sort: "created", direction: "asc", per_page: 100 });
  return listed.filter((issue) => !issue.pull_request).map((issue) => ({
    number: issue.number,
    title: issue.title,
    body: issue.body ?? "",
    labels: issue.labels.flatMap((l) => (typeof l === "string" ? [l] : l.name ? [l.name] : [])),
  }));
}

export async function findIssueByLabelAndTitle(octokit: GitHubClient, repo: RepoRef, label: string, title: string): Promise<LabelledIssue | undefined> {
  return (await listIssuesWithLabel(octokit, repo, label)).find((issue) => issue.title === title);
}

export async function createIssue(octokit: GitHubClient, repo: RepoRef, issue: { title: string; body: string; labels: string[] }): Promise<{ number: number; htmlUrl: string }> {
  const { data } = await octokit.rest.issues.create({ ...repo, ...issue });
  return { number: data.number, htmlUrl: data.html_url };
}

export async function updateIssueBody(octokit: GitHubClient, repo: RepoRef, number: number, body: string): Promise<void> {
  await octokit.rest.issues.update({ ...repo, issue_number: number, body });
}
