import type { Context } from "probot";
import { runCommentCommands, type CommentFacts } from "../app/comment-commands.js";
import { serialised, type PullRequestScope } from "../app/pull-request-scope.js";
import type { AppServices } from "../app/services.js";
import { isBotActor } from "../domain/commands/authority.js";
import type { CommandActor } from "../domain/commands/decision.js";
import { parseCommands } from "../domain/commands/grammar.js";
import type { Policy } from "../domain/policy/schema.js";
import type { GitHubClient, RepoRef } from "../github/client.js";
import { reactToComment } from "../github/conversation.js";
import { permissionOf, teamsOf } from "../github/people.js";
import { loadPolicy } from "../github/policy-loader.js";

type CommentContext = Context<"issue_comment">;

function commentFacts(context: CommentContext): CommentFacts {
  const { comment, issue, action } = context.payload;
  return {
    id: comment.id,
    body: comment.body,
    createdAt: comment.created_at,
    updatedAt: comment.updated_at,
    htmlUrl: comment.html_url,
    author: { login: comment.user?.login ?? "ghost", id: comment.user?.id ?? 0, type: comment.user?.type ?? "User" },
    action,
    issueNumber: issue.number,
    isPullRequest: !!issue.pull_request,
  };
}

/**
 * docs/reference/commands.md: slash-commands in PR comments. The ledger of sign-offs and waivers changes only
 * through commands the rules accept, and is stored in the app's own check run, so editing or
 * deleting comments later changes nothing. Every command gets a reaction; refusals get a reply
 * at most once an hour per person per PR.
 */
export async function onIssueComment(services: AppServices, context: CommentContext): Promise<void> {
  const facts = commentFacts(context);
  // A deleted comment changes nothing: the ledger lives in the app's check run, not in comments.
  if (!facts.isPullRequest || (facts.action !== "created" && facts.action !== "edited")) return;
  const { botLogin } = await services.identity();
  if (botLogin && facts.author.login === botLogin) return;
  const repo: RepoRef = { owner: context.payload.repository.owner.login, repo: context.payload.repository.name };
  const policyResult = await loadPolicy(context.octokit, repo, services.policyCache);
  const prefix = policyResult.ok ? policyResult.policy.commands.prefix : "/readiness";
  const commands = parseCommands(facts.body, prefix);
  if (commands.length === 0) return;
  if (!policyResult.ok) {
    await reactToComment(context.octokit, repo, facts.id, "confused");
    return;
  }
  const scope: PullRequestScope = { services, octokit: context.octokit, repo, number: facts.issueNumber };
  const resolveActor = (policy: Policy, needTeams: boolean) => actorOf(context.octokit, repo, facts, policy, needTeams);
  await serialised(scope, (locked) => runCommentCommands(locked, { comment: facts, commands, resolveActor }));
}

async function actorOf(octokit: GitHubClient, repo: RepoRef, facts: CommentFacts, policy: Policy, needTeams: boolean): Promise<CommandActor> {
  const isBot = isBotActor(facts.author);
  const permission = isBot ? "none" : await permissionOf(octokit, repo, facts.author.login);
  const teamHandles = Object.entries(policy.signoffs)
    .flatMap(([key, signers]) => (key === "dismiss_on_change" || !Array.isArray(signers) ? [] : signers))
    .filter((s) => s.includes("/"));
  const teams = needTeams && !isBot && teamHandles.length > 0 ? await teamsOf(octokit, facts.author.login, teamHandles) : [];
  return { login: facts.author.login, type: isBot ? "Bot" : "User", permission, teams };
}
