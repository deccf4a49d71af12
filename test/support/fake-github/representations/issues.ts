/** Plain issues (not pull requests) as the Issues API shows them; pull requests as issues are in ./pulls.ts. */
import { fullName, sameRepo, type FakeGitHubState, type FakeIssue, type FakeReaction } from "../state.js";
import { authorAssociation, userJson } from "./accounts.js";
import { nodeId, repositoryOrThrow, type SandboxUrls } from "./common.js";
import type { IssueJson } from "./pulls.js";
import { findLabel, labelJson } from "./repos.js";

export function plainIssueJson(state: FakeGitHubState, issue: FakeIssue, urls: SandboxUrls): IssueJson {
  const repo = repositoryOrThrow(state, issue.repo);
  const api = `${urls.api}/repos/${fullName(repo)}`;
  const count = (content: FakeReaction["content"]) => issue.reactions.filter((r) => r.content === content).length;
  return {
    id: issue.id,
    node_id: nodeId("Issue", issue.id),
    url: `${api}/issues/${issue.number}`,
    repository_url: api,
    labels_url: `${api}/issues/${issue.number}/labels{/name}`,
    comments_url: `${api}/issues/${issue.number}/comments`,
    events_url: `${api}/issues/${issue.number}/events`,
    html_url: `${urls.web}/${fullName(repo)}/issues/${issue.number}`,
    number: issue.number,
    state: issue.state,
    state_reason: issue.state === "closed" ? "completed" : null,
    title: issue.title,
    body: issue.body,
    user: userJson(state, issue.user, urls),
    labels: issue.labels.flatMap((name) => {
      const label = findLabel(repo, name);
      return label ? [labelJson(repo, label, urls)] : [];
    }),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: state.issueComments.filter((c) => sameRepo(c.repo, repo) && c.issueNumber === issue.number).length,
    closed_at: issue.closedAt,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    author_association: authorAssociation(state, repo, issue.user),
    timeline_url: `${api}/issues/${issue.number}/timeline`,
    performed_via_github_app: null,
    reactions: {
      url: `${api}/issues/${issue.number}/reactions`,
      total_count: issue.reactions.length,
      "+1": count("+1"), "-1": count("-1"), laugh: count("laugh"), hooray: count("hooray"),
      confused: count("confused"), heart: count("heart"), rocket: count("rocket"), eyes: count("eyes"),
    },
  };
}
