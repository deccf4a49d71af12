import { writers } from "../authority.js";
import { outcomesFor, type CommandContext, type CommandDecision, type CommandOf } from "../decision.js";
import { codeSpan } from "../../markdown/escape.js";
import { permissionAtLeast } from "../../vocabulary.js";

/** `check`: re-evaluate the PR now, for anyone who can write to the repository. */
export function decideCheck(command: CommandOf<"check">, context: CommandContext): CommandDecision {
  const { refuse, accept } = outcomesFor(command, context);
  if (!permissionAtLeast(context.actor.permission, "write")) {
    return refuse("not_authorised", `Only ${writers()} can run ${codeSpan(`${context.policy.commands.prefix} check`)}.`, { whoCan: writers() });
  }
  return accept({ type: "evaluate" }, "Re-evaluating this pull request.");
}
