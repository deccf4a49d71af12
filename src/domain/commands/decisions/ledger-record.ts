import type { CommandContext, PullRequestRelease } from "../decision.js";
import type { ParsedCommand } from "../grammar.js";
import type { AcceptedLedgerCommand, LedgerChange } from "../../ledger/apply-changes.js";
import { codeSpan } from "../../markdown/escape.js";
import type { Policy } from "../../policy/schema.js";
import type { ChecklistItem } from "../../vocabulary.js";

/** What sign-offs, waivers and revokes share: when the command counts, and the record of its change. */

/** The comment's creation time: a command counts as it was first posted, not when it is processed. */
export function commentTime(context: CommandContext): string {
  const created = Date.parse(context.comment.createdAt);
  return new Date(Number.isNaN(created) ? context.now.getTime() : created).toISOString();
}

/** The accepted command as `applyCommandsToLedger` replays it. */
export function recordOf(command: ParsedCommand, context: CommandContext, changes: LedgerChange[]): AcceptedLedgerCommand {
  return { commentId: context.comment.id, line: command.line, at: commentTime(context), changes };
}

/** The note added when the release's status does not require the item yet, so nobody expects a change. */
export function notRequiredNote(item: ChecklistItem, release: PullRequestRelease, policy: Policy, what: string): string {
  if (policy.statuses[release.status].requires.includes(item)) return "";
  return ` Note: ${codeSpan(item)} is not required at ${codeSpan(release.status)}, so this ${what} matters only once the status requires it.`;
}
