import { authorise, matchesSigner, whoCanFor } from "../authority.js";
import { outcomesFor, type CommandContext, type CommandDecision, type CommandOf } from "../decision.js";
import { resolveRelease } from "../release-choice.js";
import { codeList } from "../reply-text.js";
import { commentTime, notRequiredNote, recordOf } from "./ledger-record.js";
import { applyLedgerChanges } from "../../ledger/apply-changes.js";
import { sameLogin, type SignoffEntry } from "../../ledger/ledger.js";
import { codeSpan } from "../../markdown/escape.js";
import { CHECKLIST_ITEMS } from "../../vocabulary.js";

/**
 * `signoff`: one of the item's listed signers confirms it. A person's new sign-off of an item
 * replaces their earlier one; other people's stay.
 */
export function decideSignoff(command: CommandOf<"signoff">, context: CommandContext): CommandDecision {
  const { refuse, accept } = outcomesFor(command, context);
  const { policy, actor } = context;
  const { item } = command.args;
  const signers = policy.signoffs[item];
  if (!signers || signers.length === 0) {
    const needing = CHECKLIST_ITEMS.filter((i) => (policy.signoffs[i]?.length ?? 0) > 0);
    return refuse("signoff_not_required", `The policy asks for no sign-off of ${codeSpan(item)}${needing.length ? `; items that need one: ${codeList(needing)}` : "; no item needs one"}.`);
  }
  const denied = authorise(context, () => signers.some((s) => matchesSigner(actor, s)), "sign off", item, whoCanFor("signoff", item, policy));
  if (denied) return refuse(denied.code, denied.reason, { whoCan: denied.whoCan });
  const resolved = resolveRelease(command, context);
  if ("refusal" in resolved) return refuse(resolved.refusal.code, resolved.refusal.reason);
  const release = resolved.list[0]!;
  const entry: SignoffEntry = {
    kind: "signoff", release: release.release, item, by: actor.login, at: commentTime(context),
    ...(command.args.note ? { note: command.args.note } : {}), commentId: context.comment.id,
  };
  const record = recordOf(command, context, [{ op: "add", entry }]);
  const replaced = context.ledger.entries.some((e) => e.kind === "signoff" && e.release === release.release && e.item === item && sameLogin(e.by, actor.login));
  const message = `Signed off ${codeSpan(item)} for ${codeSpan(release.release)}${replaced ? " (replacing your earlier sign-off)" : ""}.` +
    notRequiredNote(item, release, policy, "sign-off");
  return accept({ type: "ledger", record }, message, applyLedgerChanges(context.ledger, record.changes));
}
