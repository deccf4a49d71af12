import type { CommandActor, CommandContext, RefusalCode } from "./decision.js";
import { alternatives } from "./reply-text.js";
import { sameLogin } from "../ledger/ledger.js";
import { codeSpan } from "../markdown/escape.js";
import type { Policy } from "../policy/schema.js";
import { PERMISSION_LEVELS, permissionAtLeast, type ChecklistItem, type PermissionLevel } from "../vocabulary.js";

/**
 * Who may do what: bots never change state, the PR's author never signs off or waives their own
 * release, and the policy's `signoffs` and `waivers.allowed` say who else may. The same policy
 * gives the words for "who can" in refusals and in the help.
 */

/**
 * Whether a comment's author is a bot: GitHub's `user.type`, or a login ending in `[bot]` in any
 * case (an app's login is `<slug>[bot]`), so a bot is never mistaken for a person.
 */
export function isBotActor(actor: { login: string; type: string }): boolean {
  return actor.type === "Bot" || actor.login.toLowerCase().endsWith("[bot]");
}

/** Whether the actor is one of `signoffs.<item>`: a permission level, a team or a person. */
export function matchesSigner(actor: CommandActor, signer: string): boolean {
  if ((PERMISSION_LEVELS as readonly string[]).includes(signer)) return permissionAtLeast(actor.permission, signer as PermissionLevel);
  const wanted = signer.toLowerCase();
  if (wanted.includes("/")) return actor.teams.some((team) => team.toLowerCase() === wanted);
  return wanted === `@${actor.login.toLowerCase()}`;
}

/**
 * The common refusal for sign-offs, waivers and revokes: the PR's author never, anyone else when
 * `allowed` says so. The author is told why even when they would otherwise qualify.
 */
export function authorise(
  context: CommandContext,
  allowed: () => boolean,
  verb: string,
  item: ChecklistItem,
  whoCan: string,
): { code: RefusalCode; reason: string; whoCan: string } | undefined {
  if (sameLogin(context.actor.login, context.prAuthor)) {
    return { code: "pr_author", reason: `The pull request's author cannot ${verb} ${codeSpan(item)} on their own release PR.`, whoCan };
  }
  if (!allowed()) return { code: "not_authorised", reason: `You are not among those who may ${verb} ${codeSpan(item)}.`, whoCan };
  return undefined;
}

export function atLeast(level: PermissionLevel): string {
  return level === "admin" ? "people with admin permission" : `people with ${level} permission or above`;
}

/** Who may re-evaluate, change a status and ask for the notes. */
export function writers(): string {
  return atLeast("write");
}

/** One signer of `signoffs.<item>` in words: a permission level, a team or a person. */
export function describeSigner(signer: string): string {
  if ((PERMISSION_LEVELS as readonly string[]).includes(signer)) return atLeast(signer as PermissionLevel);
  if (signer.includes("/")) return `members of ${codeSpan(signer)}`;
  return codeSpan(signer);
}

/** Who may run a command, in words, from the actual policy (for refusals and the help). */
export function whoCanFor(command: "signoff" | "waive" | "revoke", item: ChecklistItem, policy: Policy): string {
  const signers = policy.signoffs[item] ?? [];
  const signing = signers.length ? alternatives(signers.map(describeSigner)) : undefined;
  const waiving = atLeast(policy.waivers.allowed);
  switch (command) {
    case "signoff":
      return signing ? `${signing}, other than the PR's author` : `nobody: the policy asks for no sign-off of ${codeSpan(item)}`;
    case "waive":
      return `${waiving}, other than the PR's author`;
    case "revoke":
      return `${signing ? `${signing} (who sign it off) or ` : ""}${waiving} (who waive it), other than the PR's author`;
  }
}
