import type { CommandKind, ParsedCommand } from "./grammar.js";
import type { AcceptedLedgerCommand } from "../ledger/apply-changes.js";
import type { Ledger } from "../ledger/ledger.js";
import type { Policy } from "../policy/schema.js";
import type { Audience, PermissionLevel, ReleaseStatus } from "../vocabulary.js";

/**
 * What deciding a slash-command takes and gives (docs/reference/commands.md). Every decision is pure: the GitHub
 * layer supplies the actor's permission and teams (GitHub authenticates the comment's author),
 * stores the ledger where only the app can write, and carries out the effect. Every `message`,
 * `reason` and `whoCan` is Markdown that is safe to post: text from the comment is escaped and
 * handles are in code spans, so a reply never pings anyone.
 */

/** The comment's author as GitHub reports them. */
export interface CommandActor {
  login: string;
  /** The comment author's `user.type`; logins ending in `[bot]` count as bots too. */
  type: "User" | "Bot";
  /** Their permission on the repository (the collaborator permission API), `none` when they have none. */
  permission: PermissionLevel | "none";
  /** Teams they belong to, as `@org/team-slug`. */
  teams: readonly string[];
}

export interface CommandComment {
  id: number;
  /** `created_at`: a command counts as it was first posted. */
  createdAt: string;
  /** True for an `edited` event or when `updated_at` differs from `created_at` (see `isEditedComment`). */
  edited: boolean;
}

/** A release in the PR whose head manifest could be read. */
export interface PullRequestRelease {
  release: string;
  /** The status at the PR's head. */
  status: ReleaseStatus;
  /** The status on the base branch; absent for a new manifest (it may start at any status). */
  baseStatus?: ReleaseStatus;
}

export interface CommandContext {
  actor: CommandActor;
  /** The PR author's login: they can never sign off or waive their own release PR. */
  prAuthor: string;
  policy: Policy;
  releases: readonly PullRequestRelease[];
  /** The ledger the app has accepted so far. */
  ledger: Ledger;
  now: Date;
  comment: CommandComment;
}

export type CommandEffect =
  /** Re-evaluate the PR now. */
  | { type: "evaluate" }
  /** The ledger changed: store the new ledger and re-evaluate. */
  | { type: "ledger"; record: AcceptedLedgerCommand }
  /** Change the release manifest's status (`setManifestStatus`), commit it or, for a fork, reply with the change. */
  | { type: "set_status"; release: string; from: ReleaseStatus; to: ReleaseStatus }
  | { type: "post_notes"; releases: string[]; audiences: Audience[] }
  | { type: "help"; text: string }
  /** Accepted, but there is nothing to do (the status is already that, nothing to revoke). */
  | { type: "none" };

export type RefusalCode =
  | "unknown_command"
  | "invalid_command"
  | "edited"
  | "bot"
  | "pr_author"
  | "not_authorised"
  | "signoff_not_required"
  | "no_release"
  | "unknown_release"
  | "ambiguous_release"
  | "days_out_of_range"
  | "transition_not_allowed"
  | "audience_not_enabled";

export type CommandDecision =
  | {
      outcome: "accepted";
      command: ParsedCommand;
      effect: CommandEffect;
      /** The ledger after the command: the input ledger itself unless the effect is `ledger`. */
      ledger: Ledger;
      message: string;
    }
  | {
      outcome: "refused";
      command: ParsedCommand;
      code: RefusalCode;
      reason: string;
      /** Who could run the command, when the refusal is about who asked. */
      whoCan?: string;
      /** The help text, for unknown and malformed commands. */
      help?: string;
    };

/** One kind of parsed command, for the function that decides it. */
export type CommandOf<K extends CommandKind> = Extract<ParsedCommand, { kind: K }>;

export interface Outcomes {
  /** A refusal; it never changes anything. */
  refuse(code: RefusalCode, reason: string, extra?: { whoCan?: string; help?: string }): CommandDecision;
  /** An acceptance; the ledger stays the context's unless the command changed it. */
  accept(effect: CommandEffect, message: string, ledger?: Ledger): CommandDecision;
}

/** The two ways to answer `command`, so each rule reads as `refuse(…)` or `accept(…)`. */
export function outcomesFor(command: ParsedCommand, context: CommandContext): Outcomes {
  return {
    refuse: (code, reason, extra = {}) => ({ outcome: "refused", command, code, reason, ...extra }),
    accept: (effect, message, ledger = context.ledger) => ({ outcome: "accepted", command, effect, ledger, message }),
  };
}
