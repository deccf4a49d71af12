/** Plain issues (not pull requests) as the Issues API shows them; pull requests as issues are in ./pulls.ts. */
import { fullName, sameRepo, type FakeGitHubState, type FakeIssue, type FakeIssueFields, type FakeReaction } from "../state.js";
import { authorAssociation, userJson } from "./accounts.js";
import { nodeId, repositoryOrThrow, type SandboxUrls } from "./common.js";
import type { IssueJson } from "./pulls.js";
import { findLabel, labelJson } from "./repos.js";

/** The Issues API's fields of an issue or a pull request, but for `state`, `state_reason`, `html_url` and the PR's own. */
export function issueFields(state: FakeGitHubState, item: FakeIssueFields, reactions: readonly FakeReaction[], urls: SandboxUrls) {
  const repo = repositoryOrThrow(state, item.repo);
  const api = `${urls.api}/repos/${fullName(repo)}`;
  const count = (content: FakeReaction["content"]) => reactions.filter((r) => r.content === content).length;
  return {
    id: item.id,
    node_id: nodeId("Issue", item.id),
    url: `${api}/issues/${item.number}`,
    repository_url: api,
    labels_url: `${api}/issues/${item.number}/labels{/name}`,
    comments_url: `${api}/issues/${item.number}/comments`,
    events_url: `${api}/issues/${item.number}/events`,
    number: item.number,
    title: item.title,
    body: item.body,
    user: userJson(state, item.user, urls),
    labels: item.labels.flatMap((name) => {
      const label = findLabel(repo, name);
      return label ? [labelJson(repo, label, urls)] : [];
    }),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: state.issueComments.filter((c) => sameRepo(c.repo, repo) && c.issueNumber === item.number).length,
    closed_at: item.closedAt,
    created_at: item.createdAt,
    updated_at: item.updatedAt,
    author_association: authorAssociation(state, repo, item.user),
    timeline_url: `${api}/issues/${item.number}/timeline`,
    performed_via_github_app: null,
    reactions: {
      url: `${api}/issues/${item.number}/reactions`,
      total_count: reactions.length,
      "+1": count("+1"), "-1": count("-1"), laugh: count("laugh"), hooray: count("hooray"),
      confused: count("confused"), heart: count("heart"), rocket: count("rocket"), eyes: count("eyes"),
    },
  };
}

export function plainIssueJson(state: FakeGitHubState, issue: FakeIssue, urls: SandboxUrls): IssueJson {
  const repo = repositoryOrThrow(state, issue.repo);
  return {
    ...issueFields(state, issue, issue.reactions, urls),
    html_url: `${urls.web}/${fullName(repo)}/issues/${issue.number}`,
    state: issue.state,
    state_reason: issue.state === "closed" ? "completed" : null,
  };
}
