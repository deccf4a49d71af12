import type { ReleaseVerdict } from "../evaluation/release.js";
import { fitWithinLimit } from "../markdown/limit.js";
import type { Audience, ReleaseStatus } from "../vocabulary.js";
import type { CommandDecision } from "./decision.js";

/**
 * What the app says back to a command comment (docs/reference/commands.md): the reactions, the reply that gathers
 * refusals, help and notes, and the words of a `status` change. Decisions are made in decide.ts;
 * this is only how they read.
 */

export type RefusedCommand = Extract<CommandDecision, { outcome: "refused" }>;

/** One refusal in the reply: the command as typed (cut short, backticks defused so the code span holds), why, and who could. */
export function refusalLine(decision: RefusedCommand): string {
  const typed = decision.command.raw.slice(0, 120).replace(/`/g, "'");
  const whoCan = decision.whoCan ? ` Who can: ${decision.whoCan}.` : "";
  const help = decision.help ? `\n\n${decision.help}` : "";
  return `- \`${typed}\`: ${decision.reason}${whoCan}${help}`;
}

export type CommandReaction = "+1" | "-1" | "confused";

/** 👍 when any command was accepted; 👎 for a refusal, 😕 when a command was not understood. */
export function commandReactions(decisions: readonly CommandDecision[]): CommandReaction[] {
  const reactions: CommandReaction[] = [];
  if (decisions.some((d) => d.outcome === "accepted")) reactions.push("+1");
  const refused = decisions.filter((d): d is RefusedCommand => d.outcome === "refused");
  if (refused.length > 0) {
    const puzzled = refused.some((d) => d.code === "unknown_command" || d.code === "invalid_command");
    reactions.push(puzzled ? "confused" : "-1");
  }
  return reactions;
}

/** An audience's rendered notes, as the `notes` reply needs them. */
export interface AudienceNotesForReply {
  audience: Audience;
  /** The audience's name in the notes' language. */
  label: string;
  releases: ReadonlyArray<{ release: string; markdown: string }>;
}

/** The `notes` reply: a section per asked-for audience, with the asked-for releases' notes. */
export function notesReply(
  notes: readonly AudienceNotesForReply[],
  wanted: { audiences: readonly Audience[]; releases: readonly string[] },
): string {
  const sections = notes
    .filter((a) => wanted.audiences.includes(a.audience))
    .map((a) => {
      const body = a.releases.filter((r) => wanted.releases.includes(r.release)).map((r) => r.markdown).join("\n");
      return `### ${a.label}\n\n${body || "_No changes for this audience._"}`;
    });
  return fitWithinLimit(sections.join("\n\n"), "The full notes are in the Release notes check.");
}

/** The one reply to a comment, addressed to its author, within GitHub's comment limit. */
export function commandReply(login: string, parts: readonly string[]): string {
  return fitWithinLimit(`@${login}\n\n${parts.join("\n\n")}`, "The rest is in the checks.");
}

/** The manifest change a `status` command asks for. */
export interface StatusChange {
  release: string;
  to: ReleaseStatus;
  /** The release's manifest at the PR's head. */
  path: string;
}

export const manifestNotFoundReply = (release: string) => `Cannot find the manifest of ${release}.`;

export const manifestUnreadableReply = (path: string) => `Cannot read \`${path}\` at the PR's head.`;

export const statusEditRefusedReply = (path: string, problem: { message: string; line: number }) =>
  `Cannot change the status in \`${path}\`: ${problem.message} (line ${problem.line}).`;

/** What the new status still lacks, or that it is ready. */
export function stillLacksSentence(verdict: Pick<ReleaseVerdict, "ready" | "status" | "blockers">): string {
  return verdict.ready
    ? `At \`${verdict.status}\` it is ready.`
    : `At \`${verdict.status}\` it still lacks:\n${verdict.blockers.map((b) => `- ${b}`).join("\n")}`;
}

/** A fork's branch is not the app's to push to: the reply gives the exact line to change. */
export function forkStatusReply(change: StatusChange, line: number, lineText: string | undefined, lacks: string): string {
  return [
    `This PR comes from a fork, so the app cannot commit to it. To move **${change.release}** to \`${change.to}\`, change line ${line} of \`${change.path}\` to:`,
    "",
    "```yaml",
    lineText ?? `status: ${change.to}`,
    "```",
    "",
    lacks,
  ].join("\n");
}

export const statusCommittedReply = (change: StatusChange, sha: string, lacks: string) =>
  `Moved **${change.release}** to \`${change.to}\` in ${sha.slice(0, 7)}. ${lacks}`;

export const statusCommitFailedReply = (change: StatusChange, branch: string, error: string, line: number) =>
  `Could not commit the status change to \`${branch}\`: ${error}. Change line ${line} of \`${change.path}\` to \`status: ${change.to}\` by hand.`;

/** The status commit's message: where it was asked for, and the commenter as co-author. */
export function statusCommitMessage(change: StatusChange, comment: { htmlUrl: string; author: { login: string; id: number } }): string {
  const { login, id } = comment.author;
  return `Set ${change.release} status to ${change.to}\n\nRequested in ${comment.htmlUrl}\n\nCo-authored-by: ${login} <${id}+${login}@users.noreply.github.com>`;
}
