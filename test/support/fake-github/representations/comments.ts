/** Issue comments and their reactions. */
import type { RestEndpointMethodTypes } from "@octokit/rest";
import { fullName, type FakeGitHubState, type FakeIssueComment, type FakeReaction } from "../state.js";
import { appJson, authorAssociation, userJson } from "./accounts.js";
import { nodeId, type SandboxUrls } from "./common.js";

export type IssueCommentJson = RestEndpointMethodTypes["issues"]["getComment"]["response"]["data"];

export function issueCommentJson(state: FakeGitHubState, comment: FakeIssueComment, urls: SandboxUrls): IssueCommentJson {
  const api = `${urls.api}/repos/${fullName(comment.repo)}`;
  return {
    id: comment.id,
    node_id: nodeId("IssueComment", comment.id),
    url: `${api}/issues/comments/${comment.id}`,
    html_url: `${urls.web}/${fullName(comment.repo)}/pull/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${api}/issues/${comment.issueNumber}`,
    body: comment.body,
    user: userJson(state, comment.user, urls),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    author_association: authorAssociation(state, comment.repo, comment.user),
    performed_via_github_app: comment.viaAppId === null ? null : appJson(state, urls),
    reactions: reactionRollup(comment, urls),
  };
}

export type ReactionJson = RestEndpointMethodTypes["reactions"]["createForIssueComment"]["response"]["data"];

export function reactionRollup(comment: FakeIssueComment, urls: SandboxUrls): NonNullable<IssueCommentJson["reactions"]> {
  const count = (content: FakeReaction["content"]) => comment.reactions.filter((r) => r.content === content).length;
  return {
    url: `${urls.api}/repos/${fullName(comment.repo)}/issues/comments/${comment.id}/reactions`,
    total_count: comment.reactions.length,
    "+1": count("+1"),
    "-1": count("-1"),
    laugh: count("laugh"),
    hooray: count("hooray"),
    confused: count("confused"),
    heart: count("heart"),
    rocket: count("rocket"),
    eyes: count("eyes"),
  };
}

export function reactionJson(state: FakeGitHubState, reaction: FakeReaction, urls: SandboxUrls): ReactionJson {
  return {
    id: reaction.id,
    node_id: nodeId("Reaction", reaction.id),
    user: userJson(state, reaction.user, urls),
    content: reaction.content,
    created_at: reaction.createdAt,
  };
}
