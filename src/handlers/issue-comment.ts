import type { Context } from "probot";
import type { CheckState } from "../domain/ledger/check-state.js";
import {
  decideComment, isEditedComment, recordRefusalReply, shouldReplyToRefusal, type CommandActor,
  type PullRequestRelease,
} from "../domain/commands/decide.js";
import { parseCommands } from "../domain/commands/grammar.js";
import {
  commandReactions, commandReply, forkStatusReply, manifestNotFoundReply, manifestUnreadableReply, notesReply, refusalLine,
  statusCommitFailedReply, statusCommitMessage, statusCommittedReply, statusEditRefusedReply, stillLacksSentence,
  type RefusedCommand, type StatusChange,
} from "../domain/commands/replies.js";
import { evaluateRelease } from "../domain/evaluation/release.js";
import { parseManifest } from "../domain/manifest/parse.js";
import { setManifestStatus } from "../domain/manifest/set-status.js";
import type { Policy } from "../domain/policy/schema.js";
import type { ReleaseStatus } from "../domain/vocabulary.js";
import { describeError, type GitHubClient, type RepoRef } from "../github/client.js";
import { commitFile } from "../github/contents.js";
import { postComment, reactToComment } from "../github/conversation.js";
import { permissionOf, teamsOf } from "../github/people.js";
import { loadPolicy } from "../github/policy-loader.js";
import { publishOutcome } from "../github/publish.js";
import { dismissChangedSignoffs, loadReleaseInputs, readAtPullRequestHead, type ReleaseInputs } from "../github/release-inputs.js";
import { buildReport, loadPullRequest, queueKey, type LoadedReleasePullRequest } from "./evaluate-pull-request.js";
import type { AppServices } from "./services.js";

type CommentContext = Context<"issue_comment">;

interface CommentFacts {
  id: number;
  body: string;
  createdAt: string;
  updatedAt: string;
  htmlUrl: string;
  author: { login: string; id: number; type: string };
  action: string;
  issueNumber: number;
  isPullRequest: boolean;
}

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
 * SPEC §2.4: slash-commands in PR comments. The ledger of sign-offs and waivers changes only
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
  await services.queue.run(queueKey(repo, facts.issueNumber), () => handleCommands(services, context.octokit, repo, facts, commands));
}

async function handleCommands(
  services: AppServices,
  octokit: GitHubClient,
  repo: RepoRef,
  facts: CommentFacts,
  commands: ReturnType<typeof parseCommands>,
): Promise<void> {
  const loaded = await loadPullRequest(services, octokit, repo, facts.issueNumber, { needPullRequest: true });
  if (loaded.kind !== "release") {
    // Commands act on release manifests; a PR without one has nothing to act on.
    await reactToComment(octokit, repo, facts.id, "confused");
    return;
  }
  if (loaded.state.lastCommentId !== undefined && facts.id <= loaded.state.lastCommentId && facts.action === "created") return; // a redelivery

  const inputs = await loadReleaseInputs(octokit, repo, loaded.pr, loaded.changes);
  const current = await dismissChangedSignoffs(octokit, repo, loaded.pr, loaded.policy, inputs, loaded.state, loaded.carriedFrom);
  const releases: PullRequestRelease[] = inputs.manifests.flatMap((m) => {
    if (!m.head?.ok || m.change.change === "removed") return [];
    const base = m.base?.ok && m.base.manifest.release === m.head.manifest.release ? m.base.manifest.status : undefined;
    return [{ release: m.head.manifest.release, status: m.head.manifest.status, ...(base ? { baseStatus: base } : {}) }];
  });
  const actor = await actorOf(octokit, repo, facts, loaded.policy, commands.some((c) => c.kind === "signoff" || c.kind === "revoke"));
  const now = services.now();
  const { decisions, ledger } = decideComment(commands, {
    actor,
    prAuthor: loaded.pr.author.login,
    policy: loaded.policy,
    releases,
    ledger: current.ledger,
    now,
    comment: { id: facts.id, createdAt: facts.createdAt, edited: isEditedComment({ created_at: facts.createdAt, updated_at: facts.updatedAt }, facts.action) },
  });

  const accepted = decisions.filter((d) => d.outcome === "accepted");
  const refused = decisions.filter((d): d is RefusedCommand => d.outcome === "refused");
  const reply: string[] = [];
  let state: CheckState = { ...current, ledger, lastCommentId: facts.id };
  if (refused.length > 0 && shouldReplyToRefusal(state.refusalReplies ?? [], facts.author.login, now)) {
    reply.push(...refused.map(refusalLine));
    state = { ...state, refusalReplies: recordRefusalReply(state.refusalReplies ?? [], facts.author.login, now) };
  }

  const built = await buildReport(services, octokit, repo, loaded, inputs, state);
  for (const decision of accepted) {
    const effect = decision.effect;
    if (effect.type === "help") reply.push(effect.text);
    if (effect.type === "post_notes") reply.push(notesReply(built.notes.audiences, effect));
    if (effect.type === "set_status") {
      reply.push(await changeStatus(services, octokit, repo, loaded, inputs, state, facts, effect.release, effect.to));
    }
  }

  // Persist the new state and report the new verdict (the ledger change turns checks green or red).
  await publishOutcome(octokit, repo, { number: facts.issueNumber, headSha: loaded.pr.head.sha }, loaded.existing, built.publication);

  for (const reaction of commandReactions(decisions)) await reactToComment(octokit, repo, facts.id, reaction);
  // Bots get reactions, never replies: two bots answering each other's help would never stop.
  if (reply.length > 0 && actor.type !== "Bot") {
    await postComment(octokit, repo, facts.issueNumber, commandReply(facts.author.login, reply));
  }
}

async function actorOf(octokit: GitHubClient, repo: RepoRef, facts: CommentFacts, policy: Policy, needTeams: boolean): Promise<CommandActor> {
  const isBot = facts.author.type === "Bot" || facts.author.login.endsWith("[bot]");
  const permission = isBot ? "none" : await permissionOf(octokit, repo, facts.author.login);
  const teamHandles = Object.entries(policy.signoffs)
    .flatMap(([key, signers]) => (key === "dismiss_on_change" || !Array.isArray(signers) ? [] : signers))
    .filter((s) => s.includes("/"));
  const teams = needTeams && !isBot && teamHandles.length > 0 ? await teamsOf(octokit, facts.author.login, teamHandles) : [];
  return { login: facts.author.login, type: isBot ? "Bot" : "User", permission, teams };
}

/**
 * `/readiness status <status>`: commits the new status to the PR's branch, keeping the YAML's
 * comments and layout, with the commenter as co-author. For a fork the app cannot push, so the
 * reply gives the exact change to make. Either way the reply lists what the new status still lacks.
 */
async function changeStatus(
  services: AppServices,
  octokit: GitHubClient,
  repo: RepoRef,
  loaded: LoadedReleasePullRequest,
  inputs: ReleaseInputs,
  state: CheckState,
  facts: CommentFacts,
  release: string,
  to: ReleaseStatus,
): Promise<string> {
  const versions = inputs.manifests.find((m) => m.head?.ok && m.head.manifest.release === release);
  if (!versions?.head?.ok) return manifestNotFoundReply(release);
  const path = versions.change.path;
  const change: StatusChange = { release, to, path };
  const headRepo = loaded.pr.head.repo ?? repo;
  const read = await readAtPullRequestHead(octokit, repo, loaded.pr, path);
  if (read.kind !== "text") return manifestUnreadableReply(path);
  const edited = setManifestStatus(read.text, to, path);
  if (!edited.ok) return statusEditRefusedReply(path, edited.problem);

  const lacks = stillLacking(edited.text, path, loaded, state, services.now(), versions.base?.ok ? versions.base.manifest.status : undefined);
  const line = edited.text.split("\n").findIndex((l, i) => l !== read.text.split("\n")[i]) + 1;
  if (loaded.pr.head.fork) {
    return forkStatusReply(change, line, edited.text.split("\n")[line - 1], lacks);
  }
  try {
    const sha = await commitFile(octokit, headRepo, {
      path,
      branch: loaded.pr.head.ref,
      text: edited.text,
      blobSha: read.sha,
      message: statusCommitMessage(change, facts),
    });
    return statusCommittedReply(change, sha, lacks);
  } catch (error) {
    return statusCommitFailedReply(change, loaded.pr.head.ref, describeError(error), line);
  }
}

function stillLacking(text: string, path: string, loaded: LoadedReleasePullRequest, state: CheckState, now: Date, baseStatus: ReleaseStatus | undefined): string {
  const parsed = parseManifest(text, path);
  if (!parsed.ok) return "";
  const verdict = evaluateRelease(parsed.manifest, loaded.policy, state.ledger, now, { baseStatus, itemProblems: parsed.itemProblems });
  return stillLacksSentence(verdict);
}
