import { writers } from "../authority.js";
import { outcomesFor, type CommandContext, type CommandDecision, type CommandOf } from "../decision.js";
import { releasesOrRefusal, resolveRelease } from "../release-choice.js";
import { codeList } from "../reply-text.js";
import { codeSpan } from "../../markdown/escape.js";
import { permissionAtLeast } from "../../vocabulary.js";

/** `notes`: post the release notes of one release or all, for one audience the policy writes for or all. */
export function decideNotes(command: CommandOf<"notes">, context: CommandContext): CommandDecision {
  const { refuse, accept } = outcomesFor(command, context);
  const { policy } = context;
  if (!permissionAtLeast(context.actor.permission, "write")) return refuse("not_authorised", `Only ${writers()} can ask for the notes.`, { whoCan: writers() });
  const releases = command.args.release === undefined ? releasesOrRefusal(context.releases) : resolveRelease(command, context);
  if ("refusal" in releases) return refuse(releases.refusal.code, releases.refusal.reason);
  const audience = command.args.audience;
  if (audience && !policy.notes.audiences.includes(audience)) {
    return refuse("audience_not_enabled", `The policy writes notes for ${codeList(policy.notes.audiences)}, not for ${codeSpan(audience)}.`);
  }
  const audiences = audience ? [audience] : [...policy.notes.audiences];
  const names = releases.list.map((r) => r.release);
  return accept({ type: "post_notes", releases: names, audiences }, `Posting the ${codeList(audiences)} notes for ${codeList(names)}.`);
}
