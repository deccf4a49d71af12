import type { Context } from "probot";
import { answerUnderBrokenPolicy, runCommentCommands, type CommentFacts } from "../app/comment-commands.js";
import { serialised, type PullRequestScope } from "../app/pull-request-scope.js";
import type { AppServices } from "../app/services.js";
import { isBotActor } from "../domain/commands/authority.js";
import type { CommandActor } from "../domain/commands/decision.js";
import { parseCommands } from "../domain/commands/grammar.js";
import type { Policy } from "../domain/policy/schema.js";
import type { GitHubClient, RepoRef } from "../github/client.js";
import { permissionOf, teamsOf } from "../github/people.js";
import { loadPolicy } from "../github/policy-loader.js";
import { webhookHandler, type Handled } from "./delivery.js";
import { issueCommentPayload, type IssueCommentPayload } from "./payloads.js";

type CommentContext = Context<"issue_comment">;

function commentFacts({ comment, issue, action }: IssueCommentPayload): CommentFacts {
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
export const onIssueComment = webhookHandler(issueCommentPayload, async (services: AppServices, context: CommentContext, payload: IssueCommentPayload): Promise<Handled> => {
  const facts = commentFacts(payload);
  // A deleted comment changes nothing: the ledger lives in the app's check run, not in comments.
  if (!facts.isPullRequest) return { outcome: "ignored: not a pull request" };
  if (facts.action !== "created" && facts.action !== "edited") return { outcome: `ignored: comment ${facts.action}` };
  const { botLogin } = await services.identity();
  if (botLogin && facts.author.login === botLogin) return { outcome: "ignored: the app's own comment" };
  const repo: RepoRef = { owner: payload.repository.owner.login, repo: payload.repository.name };
  const policyResult = await loadPolicy(context.octokit, repo, services.policyCache);
  const prefix = policyResult.ok ? policyResult.policy.commands.prefix : "/readiness";
  const commands = parseCommands(facts.body, prefix);
  if (commands.length === 0) return { outcome: "ignored: no command" };
  const scope: PullRequestScope = { services, octokit: context.octokit, repo, number: facts.issueNumber };
  if (!policyResult.ok) {
    await answerUnderBrokenPolicy(scope, { comment: facts, commands, problems: policyResult.problems });
    return { outcome: "commands: the policy is invalid" };
  }
  const resolveActor = (policy: Policy, needTeams: boolean) => actorOf(context.octokit, repo, facts, policy, needTeams);
  await serialised(scope, (locked) => runCommentCommands(locked, { comment: facts, commands, resolveActor }));
  return { outcome: `commands: ${commands.map((c) => c.kind).join(", ")}` };
});

async function actorOf(octokit: GitHubClient, repo: RepoRef, facts: CommentFacts, policy: Policy, needTeams: boolean): Promise<CommandActor> {
  const isBot = isBotActor(facts.author);
  const permission = isBot ? "none" : await permissionOf(octokit, repo, facts.author.login);
  const teamHandles = Object.entries(policy.signoffs)
    .flatMap(([key, signers]) => (key === "dismiss_on_change" || !Array.isArray(signers) ? [] : signers))
    .filter((s) => s.includes("/"));
  const teams = needTeams && !isBot && teamHandles.length > 0 ? await teamsOf(octokit, facts.author.login, teamHandles) : [];
  return { login: facts.author.login, type: isBot ? "Bot" : "User", permission, teams };
}
