import { authorise, matchesSigner, whoCanFor } from "../authority.js";
import { outcomesFor, type CommandContext, type CommandDecision, type CommandOf } from "../decision.js";
import type { RevokeTarget } from "../grammar.js";
import { resolveRelease } from "../release-choice.js";
import { recordOf } from "./ledger-record.js";
import { applyLedgerChanges } from "../../ledger/apply-changes.js";
import type { LedgerEntry } from "../../ledger/ledger.js";
import { codeSpan } from "../../markdown/escape.js";
import { plural } from "../../text/plural.js";
import { permissionAtLeast } from "../../vocabulary.js";

/**
 * `revoke`: withdraw an item's sign-offs and waivers (or only the kind named), for whoever may
 * sign it off or waive it. Nothing to withdraw is accepted and changes nothing.
 */
export function decideRevoke(command: CommandOf<"revoke">, context: CommandContext): CommandDecision {
  const { refuse, accept } = outcomesFor(command, context);
  const { policy, actor } = context;
  const { item, target } = command.args;
  const signers = policy.signoffs[item] ?? [];
  const denied = authorise(
    context,
    () => signers.some((s) => matchesSigner(actor, s)) || permissionAtLeast(actor.permission, policy.waivers.allowed),
    "revoke sign-offs or waivers of",
    item,
    whoCanFor("revoke", item, policy),
  );
  if (denied) return refuse(denied.code, denied.reason, { whoCan: denied.whoCan });
  const resolved = resolveRelease(command, context);
  if ("refusal" in resolved) return refuse(resolved.refusal.code, resolved.refusal.reason);
  const release = resolved.list[0]!;
  const kinds: Array<LedgerEntry["kind"]> = target ? [target] : ["signoff", "waiver"];
  const removed = context.ledger.entries.filter((e) => e.release === release.release && e.item === item && kinds.includes(e.kind));
  if (removed.length === 0) {
    return accept({ type: "none" }, `There is no ${describeTarget(target)} of ${codeSpan(item)} for ${codeSpan(release.release)} to revoke.`);
  }
  const record = recordOf(command, context, [{ op: "remove", release: release.release, item, kinds }]);
  const signoffs = removed.filter((e) => e.kind === "signoff").length;
  const waivers = removed.length - signoffs;
  const what = [signoffs ? plural(signoffs, "sign-off") : "", waivers ? plural(waivers, "waiver") : ""].filter(Boolean).join(" and ");
  return accept({ type: "ledger", record }, `Revoked ${what} of ${codeSpan(item)} for ${codeSpan(release.release)}.`, applyLedgerChanges(context.ledger, record.changes));
}

function describeTarget(target: RevokeTarget | undefined): string {
  if (target === "signoff") return "sign-off";
  if (target === "waiver") return "waiver";
  return "sign-off or waiver";
}
