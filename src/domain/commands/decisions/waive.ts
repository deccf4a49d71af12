import { authorise, whoCanFor } from "../authority.js";
import { outcomesFor, type CommandContext, type CommandDecision, type CommandOf } from "../decision.js";
import { resolveRelease } from "../release-choice.js";
import { commentTime, notRequiredNote, recordOf } from "./ledger-record.js";
import { formatInstant } from "../../calendar.js";
import { applyLedgerChanges } from "../../ledger/apply-changes.js";
import type { LedgerEntry } from "../../ledger/ledger.js";
import { codeSpan } from "../../markdown/escape.js";
import { permissionAtLeast } from "../../vocabulary.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * `waive`: someone with `waivers.allowed` permission lets an item go for 1 to `waivers.max_days`
 * days, counted from the comment. A new waiver of the item replaces every earlier one, so a
 * waiver can be shortened as well as extended.
 */
export function decideWaive(command: CommandOf<"waive">, context: CommandContext): CommandDecision {
  const { refuse, accept } = outcomesFor(command, context);
  const { policy, actor } = context;
  const { item, days, reason } = command.args;
  const level = policy.waivers.allowed;
  const denied = authorise(context, () => permissionAtLeast(actor.permission, level), "waive", item, whoCanFor("waive", item, policy));
  if (denied) return refuse(denied.code, denied.reason, { whoCan: denied.whoCan });
  const resolved = resolveRelease(command, context);
  if ("refusal" in resolved) return refuse(resolved.refusal.code, resolved.refusal.reason);
  const release = resolved.list[0]!;
  if (days < 1 || days > policy.waivers.max_days) {
    return refuse("days_out_of_range", `A waiver lasts from 1 to ${policy.waivers.max_days} days; ${days}d is outside that.`);
  }
  const at = commentTime(context);
  const until = new Date(Date.parse(at) + days * DAY_MS).toISOString();
  const entry: LedgerEntry = { kind: "waiver", release: release.release, item, by: actor.login, at, until, reason, commentId: context.comment.id };
  const record = recordOf(command, context, [{ op: "add", entry }]);
  const previous = context.ledger.entries.filter((e) => e.kind === "waiver" && e.release === release.release && e.item === item);
  const message = `Waived ${codeSpan(item)} for ${codeSpan(release.release)} until ${formatInstant(until, policy.timezone)}` +
    `${previous.length ? ` (this replaces the earlier waiver${previous.length > 1 ? "s" : ""})` : ""}.` +
    notRequiredNote(item, release, policy, "waiver");
  return accept({ type: "ledger", record }, message, applyLedgerChanges(context.ledger, record.changes));
}
