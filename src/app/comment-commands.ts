import { isBotActor } from "../domain/commands/authority.js";
import { decideComment, isEditedComment } from "../domain/commands/decide.js";
import type { CommandActor, PullRequestRelease } from "../domain/commands/decision.js";
import { recordRefusalReply, shouldReplyToRefusal } from "../domain/commands/refusal-replies.js";
import type { ParsedCommand } from "../domain/commands/grammar.js";
import { commandReactions, commandReply, notesReply, refusalLine, type RefusedCommand } from "../domain/commands/replies.js";
import type { CheckState } from "../domain/ledger/check-state.js";
import { codeSpan, escapeMarkdown } from "../domain/markdown/escape.js";
import type { Policy } from "../domain/policy/schema.js";
import { formatProblem, type Problem } from "../domain/source/problems.js";
import { postComment, reactToComment } from "../github/conversation.js";
import { publishOutcome } from "../github/publish.js";
import { dismissChangedSignoffs, loadReleaseInputs, type ReleaseInputs } from "../github/release-inputs.js";
import { buildReport, type ReportSubject } from "./build-report.js";
import { loadPullRequest } from "./load-pull-request.js";
import { publishTarget, type PullRequestScope } from "./pull-request-scope.js";
import { reportReadiness } from "./report-readiness.js";
import { changeStatus } from "./status-change.js";

/** The command comment, as the event tells it. */
export interface CommentFacts {
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

export interface CommentCommands {
  comment: CommentFacts;
  commands: readonly ParsedCommand[];
  /** Who the commenter is to the repository; asked only when a command is to be decided. */
  resolveActor: (policy: Policy, needTeams: boolean) => Promise<CommandActor>;
}

/**
 * Runs a comment's commands on its PR (call it inside the PR's queue): decides each against the
 * ledger the app's check run carries, carries out what was accepted, stores the new ledger with
 * the new verdict, then reacts and replies.
 */
export async function runCommentCommands(scope: PullRequestScope, { comment, commands, resolveActor }: CommentCommands): Promise<void> {
  const { services, octokit, repo } = scope;
  const loaded = await loadPullRequest(scope, { needPullRequest: true });
  if (loaded.kind !== "release") {
    // Commands act on release manifests; a PR without one has nothing to act on.
    await reactToComment(octokit, repo, comment.id, "confused");
    return;
  }
  if (loaded.state.lastCommentId !== undefined && comment.id <= loaded.state.lastCommentId && comment.action === "created") return; // a redelivery

  const inputs = await loadReleaseInputs(octokit, repo, loaded.pr, loaded.changes);
  const current = await dismissChangedSignoffs(octokit, repo, loaded.pr, loaded.policy, inputs, loaded.state, loaded.carriedFrom);
  const actor = await resolveActor(loaded.policy, commands.some((c) => c.kind === "signoff" || c.kind === "revoke"));
  const now = services.now();
  const { decisions, ledger } = decideComment(commands, {
    actor,
    prAuthor: loaded.pr.author.login,
    policy: loaded.policy,
    releases: releasesOf(inputs),
    ledger: current.ledger,
    now,
    comment: { id: comment.id, createdAt: comment.createdAt, edited: isEditedComment({ created_at: comment.createdAt, updated_at: comment.updatedAt }, comment.action) },
  });

  const refused = decisions.filter((d): d is RefusedCommand => d.outcome === "refused");
  const reply: string[] = [];
  let state: CheckState = { ...current, ledger, lastCommentId: comment.id };
  if (refused.length > 0 && shouldReplyToRefusal(state.refusalReplies ?? [], comment.author.login, now)) {
    reply.push(...refused.map(refusalLine));
    state = { ...state, refusalReplies: recordRefusalReply(state.refusalReplies ?? [], comment.author.login, now) };
  }
  const subject: ReportSubject = { loaded, inputs, state };
  const built = await buildReport(scope, subject);
  for (const decision of decisions) {
    if (decision.outcome !== "accepted") continue;
    const effect = decision.effect;
    if (effect.type === "help") reply.push(effect.text);
    if (effect.type === "post_notes") reply.push(notesReply(built.notes.audiences, effect));
    if (effect.type === "set_status") reply.push(await changeStatus(scope, { subject, release: effect.release, to: effect.to, comment }));
  }

  // Persist the new state and report the new verdict (the ledger change turns checks green or red).
  await publishOutcome(publishTarget(scope), { number: scope.number, headSha: loaded.pr.head.sha }, loaded.existing, built.publication);

  for (const reaction of commandReactions(decisions)) await reactToComment(octokit, repo, comment.id, reaction);
  // Bots get reactions, never replies: two bots answering each other's help would never stop.
  if (reply.length > 0 && actor.type !== "Bot") {
    await postComment(octokit, repo, scope.number, commandReply(comment.author.login, reply));
  }
}

/** The most policy problems a reply lists; the checks carry them all. */
const MAX_PROBLEMS_IN_REPLY = 10;

/**
 * docs/reference/commands.md: under a broken policy no command can be decided (who may sign off,
 * which items exist, the prefix itself come from it), but the commands are not silenced. The PR is
 * re-evaluated, so its checks fail with the policy's problems instead of staying green from before
 * it broke, the comment gets 😕, and whoever asked gets a reply naming the file, line and key. Call
 * it outside the PR's queue: the re-evaluation queues itself.
 */
export async function answerUnderBrokenPolicy(
  scope: PullRequestScope,
  { comment, commands, problems }: { comment: CommentFacts; commands: readonly ParsedCommand[]; problems: readonly Problem[] },
): Promise<void> {
  const { octokit, repo } = scope;
  await reportReadiness(scope, { force: true });
  await reactToComment(octokit, repo, comment.id, "confused");
  // Bots get reactions, never replies (see runCommentCommands).
  if (isBotActor(comment.author)) return;
  const listed = problems.slice(0, MAX_PROBLEMS_IN_REPLY).map((p) => `- ${escapeMarkdown(formatProblem(p))}`);
  if (problems.length > listed.length) listed.push(`- … and ${problems.length - listed.length} more (see the Release readiness check)`);
  const text = [
    `The repository's release policy is invalid, so ${commands.map((c) => codeSpan(c.raw)).join(", ")} could not run. Fix the policy on the default branch, then ask again:`,
    listed.join("\n"),
  ].join("\n\n");
  await postComment(octokit, repo, scope.number, commandReply(comment.author.login, [text]));
}

/** The releases the PR's manifests hold at its head, with the status each had at the base. */
function releasesOf(inputs: ReleaseInputs): PullRequestRelease[] {
  return inputs.manifests.flatMap((m) => {
    if (!m.head?.ok || m.change.change === "removed") return [];
    const base = m.base?.ok && m.base.manifest.release === m.head.manifest.release ? m.base.manifest.status : undefined;
    return [{ release: m.head.manifest.release, status: m.head.manifest.status, ...(base ? { baseStatus: base } : {}) }];
  });
}
