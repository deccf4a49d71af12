import { writers } from "../authority.js";
import { outcomesFor, type CommandContext, type CommandDecision, type CommandOf } from "../decision.js";
import { resolveRelease } from "../release-choice.js";
import { evaluateTransition, isTransitionAllowed } from "../../evaluation/transitions.js";
import { codeSpan } from "../../markdown/escape.js";
import { permissionAtLeast } from "../../vocabulary.js";

/** `status`: change the release manifest's status, when the policy allows the change. */
export function decideStatus(command: CommandOf<"status">, context: CommandContext): CommandDecision {
  const { refuse, accept } = outcomesFor(command, context);
  const { policy } = context;
  if (!permissionAtLeast(context.actor.permission, "write")) return refuse("not_authorised", `Only ${writers()} can change a release's status.`, { whoCan: writers() });
  const resolved = resolveRelease(command, context);
  if ("refusal" in resolved) return refuse(resolved.refusal.code, resolved.refusal.reason);
  const release = resolved.list[0]!;
  const to = command.args.status;
  if (release.status === to) return accept({ type: "none" }, `${codeSpan(release.release)} is already at ${codeSpan(to)}.`);
  // The check judges the change from the base branch's status, so that is what must allow it.
  if (release.baseStatus !== undefined && !isTransitionAllowed(release.baseStatus, to, policy)) {
    const verdict = evaluateTransition(release.baseStatus, to, policy);
    return refuse("transition_not_allowed", `${codeSpan(release.release)} cannot move to ${codeSpan(to)}: ${verdict.message} (it is ${codeSpan(release.baseStatus)} on the base branch).`);
  }
  return accept({ type: "set_status", release: release.release, from: release.status, to }, `Changing ${codeSpan(release.release)} from ${codeSpan(release.status)} to ${codeSpan(to)}.`);
}
