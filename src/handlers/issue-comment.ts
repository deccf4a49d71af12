import type { Context } from "probot";
import type { CheckState } from "../domain/ledger/check-state.js";
import { isBotActor } from "../domain/commands/authority.js";
import { decideComment, isEditedComment } from "../domain/commands/decide.js";
import type { CommandActor, CommandDecision, PullRequestRelease } from "../domain/commands/decision.js";
import { parseCommands } from "../domain/commands/grammar.js";
import { recordRefusalReply, shouldReplyToRefusal } from "../domain/commands/refusal-replies.js";
import { evaluateRelease } from "../domain/evaluation/release.js";
import { parseManifest } from "../domain/manifest/parse.js";
import { setManifestStatus } from "../domain/manifest/set-status.js";
import type { Policy } from "../domain/policy/schema.js";
import { fitWithinLimit } from "../domain/markdown/limit.js";
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
  const refused = decisions.filter((d): d is Extract<CommandDecision, { outcome: "refused" }> => d.outcome === "refused");
  const reply: string[] = [];
  let state: CheckState = { ...current, ledger, lastCommentId: facts.id };
  if (refused.length > 0 && shouldReplyToRefusal(state.refusalReplies ?? [], facts.author.login, now)) {
    reply.push(...refused.map((d) => `- \`${d.command.raw.slice(0, 120).replace(/`/g, "'")}\`: ${d.reason}${d.whoCan ? ` Who can: ${d.whoCan}.` : ""}${d.help ? `\n\n${d.help}` : ""}`));
    state = { ...state, refusalReplies: recordRefusalReply(state.refusalReplies ?? [], facts.author.login, now) };
  }

  const built = await buildReport(services, octokit, repo, loaded, inputs, state);
  for (const decision of accepted) {
    const effect = decision.effect;
    if (effect.type === "help") reply.push(effect.text);
    if (effect.type === "post_notes") {
      const wanted = built.notes.audiences.filter((a) => effect.audiences.includes(a.audience));
      const sections = wanted.map((a) => `### ${a.label}\n\n${a.releases.filter((r) => effect.releases.includes(r.release)).map((r) => r.markdown).join("\n") || "_No changes for this audience._"}`);
      reply.push(fitWithinLimit(sections.join("\n\n"), "The full notes are in the Release notes check."));
    }
    if (effect.type === "set_status") {
      reply.push(await changeStatus(services, octokit, repo, loaded, inputs, state, facts, effect.release, effect.to));
    }
  }

  // Persist the new state and report the new verdict (the ledger change turns checks green or red).
  await publishOutcome(octokit, repo, { number: facts.issueNumber, headSha: loaded.pr.head.sha }, loaded.existing, built.publication);

  if (accepted.length > 0) await reactToComment(octokit, repo, facts.id, "+1");
  if (refused.length > 0) {
    const puzzled = refused.some((d) => d.code === "unknown_command" || d.code === "invalid_command");
    await reactToComment(octokit, repo, facts.id, puzzled ? "confused" : "-1");
  }
  // Bots get reactions, never replies: two bots answering each other's help would never stop.
  if (reply.length > 0 && actor.type !== "Bot") {
    await postComment(octokit, repo, facts.issueNumber, fitWithinLimit(`@${facts.author.login}\n\n${reply.join("\n\n")}`, "The rest is in the checks."));
  }
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
  if (!versions?.head?.ok) return `Cannot find the manifest of ${release}.`;
  const path = versions.change.path;
  const headRepo = loaded.pr.head.repo ?? repo;
  const read = await readAtPullRequestHead(octokit, repo, loaded.pr, path);
  if (read.kind !== "text") return `Cannot read \`${path}\` at the PR's head.`;
  const edited = setManifestStatus(read.text, to, path);
  if (!edited.ok) return `Cannot change the status in \`${path}\`: ${edited.problem.message} (line ${edited.problem.line}).`;

  const lacks = stillLacking(edited.text, path, loaded, state, services.now(), versions.base?.ok ? versions.base.manifest.status : undefined);
  const line = edited.text.split("\n").findIndex((l, i) => l !== read.text.split("\n")[i]) + 1;
  if (loaded.pr.head.fork) {
    return [
      `This PR comes from a fork, so the app cannot commit to it. To move **${release}** to \`${to}\`, change line ${line} of \`${path}\` to:`,
      "",
      "```yaml",
      edited.text.split("\n")[line - 1] ?? `status: ${to}`,
      "```",
      "",
      lacks,
    ].join("\n");
  }
  try {
    const sha = await commitFile(octokit, headRepo, {
      path,
      branch: loaded.pr.head.ref,
      text: edited.text,
      blobSha: read.sha,
      message: `Set ${release} status to ${to}\n\nRequested in ${facts.htmlUrl}\n\nCo-authored-by: ${facts.author.login} <${facts.author.id}+${facts.author.login}@users.noreply.github.com>`,
    });
    return `Moved **${release}** to \`${to}\` in ${sha.slice(0, 7)}. ${lacks}`;
  } catch (error) {
    return `Could not commit the status change to \`${loaded.pr.head.ref}\`: ${describeError(error)}. Change line ${line} of \`${path}\` to \`status: ${to}\` by hand.`;
  }
}

function stillLacking(text: string, path: string, loaded: LoadedReleasePullRequest, state: CheckState, now: Date, baseStatus: ReleaseStatus | undefined): string {
  const parsed = parseManifest(text, path);
  if (!parsed.ok) return "";
  const verdict = evaluateRelease(parsed.manifest, loaded.policy, state.ledger, now, { baseStatus, itemProblems: parsed.itemProblems });
  return verdict.ready
    ? `At \`${verdict.status}\` it is ready.`
    : `At \`${verdict.status}\` it still lacks:\n${verdict.blockers.map((b) => `- ${b}`).join("\n")}`;
}
