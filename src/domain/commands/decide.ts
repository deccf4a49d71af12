import { isBotActor, whoCanFor, writers } from "./authority.js";
import { outcomesFor, type CommandContext, type CommandDecision } from "./decision.js";
import { decideCheck } from "./decisions/check.js";
import { decideNotes } from "./decisions/notes.js";
import { decideRevoke } from "./decisions/revoke.js";
import { decideSignoff } from "./decisions/signoff.js";
import { decideStatus } from "./decisions/status.js";
import { decideWaive } from "./decisions/waive.js";
import type { ParsedCommand } from "./grammar.js";
import { helpText } from "./help.js";
import { capitalise } from "./reply-text.js";
import type { Ledger } from "../ledger/ledger.js";
import { codeSpan, escapeMarkdown } from "../markdown/escape.js";

/**
 * Decides one parsed command. A refusal never changes anything: the ledger in `context` is left
 * as it was. Checks run in this order: unknown or malformed command, edited comment, help (open
 * to anyone), bots (never change state), and then the command's own rules in `decisions/` (the
 * PR's author and permissions, the release, and the command's arguments).
 */
export function decideCommand(command: ParsedCommand, context: CommandContext): CommandDecision {
  const { refuse, accept } = outcomesFor(command, context);
  const { policy } = context;

  if (command.kind === "unknown") {
    return refuse("unknown_command", `${codeSpan(`${policy.commands.prefix} ${command.args.word}`)} is not a command.`, { help: helpText(policy) });
  }
  if (command.kind === "invalid") {
    const reason = command.args.command === "comment"
      ? `${escapeMarkdown(capitalise(command.args.problem))}.`
      : `${escapeMarkdown(capitalise(command.args.problem))}. Usage: ${codeSpan(command.args.usage)}`;
    return refuse("invalid_command", reason, { help: helpText(policy) });
  }
  if (context.comment.edited) {
    return refuse("edited", "This comment was edited, and a command counts only as it was first posted. Post the command again in a new comment.");
  }
  if (command.kind === "help") {
    const text = helpText(policy);
    return accept({ type: "help", text }, text);
  }
  if (isBotActor(context.actor) && (command.kind === "signoff" || command.kind === "waive" || command.kind === "revoke" || command.kind === "status")) {
    const whoCan = command.kind === "status" ? writers() : whoCanFor(command.kind, command.args.item, policy);
    return refuse("bot", "Bots are never authorised to change a release's readiness.", { whoCan });
  }

  switch (command.kind) {
    case "check": return decideCheck(command, context);
    case "notes": return decideNotes(command, context);
    case "status": return decideStatus(command, context);
    case "signoff": return decideSignoff(command, context);
    case "waive": return decideWaive(command, context);
    case "revoke": return decideRevoke(command, context);
  }
}

/** Decides a comment's commands in order, each seeing the ledger the ones before it left. */
export function decideComment(commands: readonly ParsedCommand[], context: CommandContext): { decisions: CommandDecision[]; ledger: Ledger } {
  let ledger = context.ledger;
  const decisions = commands.map((command) => {
    const decision = decideCommand(command, { ...context, ledger });
    if (decision.outcome === "accepted") ledger = decision.ledger;
    return decision;
  });
  return { decisions, ledger };
}

/** Whether a comment counts as edited: an `edited` delivery, or GitHub's `updated_at` after `created_at`. */
export function isEditedComment(comment: { created_at: string; updated_at?: string | null }, action?: string): boolean {
  if (action === "edited") return true;
  return !!comment.updated_at && comment.updated_at !== comment.created_at;
}
