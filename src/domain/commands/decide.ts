import { formatInstant } from "../calendar.js";
import { commandUsage, type ParsedCommand, type RevokeTarget } from "./grammar.js";
import { evaluateTransition, isTransitionAllowed } from "../evaluation/transitions.js";
import { applyLedgerChanges, type AcceptedLedgerCommand, type LedgerChange } from "../ledger/apply-changes.js";
import { epochMillis, sameLogin, type Ledger, type LedgerEntry, type SignoffEntry } from "../ledger/ledger.js";
import { codeSpan, escapeMarkdown } from "../markdown/escape.js";
import type { Policy } from "../policy/schema.js";
import { plural } from "../text/plural.js";
import {
  CHECKLIST_ITEMS,
  ITEM_TITLES,
  PERMISSION_LEVELS,
  permissionAtLeast,
  STATUSES,
  type Audience,
  type ChecklistItem,
  type PermissionLevel,
  type ReleaseStatus,
} from "../vocabulary.js";

/**
 * Who may do what with a slash-command, and what an accepted command does to the ledger
 * (docs/reference/commands.md). Everything here is a pure decision over plain inputs; the GitHub layer supplies the
 * actor's permission and teams (GitHub authenticates the comment's author), stores the ledger
 * where only the app can write, and carries out the effect. Every `message`, `reason` and
 * `whoCan` is Markdown that is safe to post: text from the comment is escaped and handles are
 * in code spans, so a reply never pings anyone.
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

/**
 * Decides one parsed command. A refusal never changes anything: the ledger in `context` is left
 * as it was. Checks run in this order: unknown or malformed command, edited comment, help (open
 * to anyone), bots (never change state), the PR's author and permissions, the release, and then
 * the command's own arguments.
 */
export function decideCommand(command: ParsedCommand, context: CommandContext): CommandDecision {
  const { policy, actor } = context;
  const refuse = (code: RefusalCode, reason: string, extra: { whoCan?: string; help?: string } = {}): CommandDecision =>
    ({ outcome: "refused", command, code, reason, ...extra });
  const accept = (effect: CommandEffect, message: string, ledger: Ledger = context.ledger): CommandDecision =>
    ({ outcome: "accepted", command, effect, ledger, message });
  const prefix = policy.commands.prefix;

  if (command.kind === "unknown") {
    return refuse("unknown_command", `${codeSpan(`${prefix} ${command.args.word}`)} is not a command.`, { help: helpText(policy) });
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

  if (isBotActor(actor) && (command.kind === "signoff" || command.kind === "waive" || command.kind === "revoke" || command.kind === "status")) {
    const whoCan = command.kind === "status" ? writers() : whoCanFor(command.kind, command.args.item, policy);
    return refuse("bot", "Bots are never authorised to change a release's readiness.", { whoCan });
  }
  const example = (release: string): string => codeSpan(cut(exampleWithRelease(command, release, prefix), 120));

  switch (command.kind) {
    case "check": {
      if (!permissionAtLeast(actor.permission, "write")) return refuse("not_authorised", `Only ${writers()} can run ${codeSpan(`${prefix} check`)}.`, { whoCan: writers() });
      return accept({ type: "evaluate" }, "Re-evaluating this pull request.");
    }

    case "notes": {
      if (!permissionAtLeast(actor.permission, "write")) return refuse("not_authorised", `Only ${writers()} can ask for the notes.`, { whoCan: writers() });
      const releases = command.args.release === undefined
        ? releasesOrRefusal(context.releases)
        : resolveRelease(command.args.release, context.releases, example);
      if ("refusal" in releases) return refuse(releases.refusal.code, releases.refusal.reason);
      const audience = command.args.audience;
      if (audience && !policy.notes.audiences.includes(audience)) {
        return refuse("audience_not_enabled", `The policy writes notes for ${list(policy.notes.audiences)}, not for ${codeSpan(audience)}.`);
      }
      const audiences = audience ? [audience] : [...policy.notes.audiences];
      const names = releases.list.map((r) => r.release);
      return accept({ type: "post_notes", releases: names, audiences }, `Posting the ${list(audiences)} notes for ${list(names)}.`);
    }

    case "status": {
      if (!permissionAtLeast(actor.permission, "write")) return refuse("not_authorised", `Only ${writers()} can change a release's status.`, { whoCan: writers() });
      const resolved = resolveRelease(command.args.release, context.releases, example);
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

    case "signoff": {
      const { item } = command.args;
      const signers = policy.signoffs[item];
      if (!signers || signers.length === 0) {
        const needing = CHECKLIST_ITEMS.filter((i) => (policy.signoffs[i]?.length ?? 0) > 0);
        return refuse("signoff_not_required", `The policy asks for no sign-off of ${codeSpan(item)}${needing.length ? `; items that need one: ${list(needing)}` : "; no item needs one"}.`);
      }
      const denied = authorise(context, () => signers.some((s) => matchesSigner(actor, s)), "sign off", item, whoCanFor("signoff", item, policy));
      if (denied) return refuse(denied.code, denied.reason, { whoCan: denied.whoCan });
      const resolved = resolveRelease(command.args.release, context.releases, example);
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

    case "waive": {
      const { item, days, reason } = command.args;
      const level = policy.waivers.allowed;
      const denied = authorise(context, () => permissionAtLeast(actor.permission, level), "waive", item, whoCanFor("waive", item, policy));
      if (denied) return refuse(denied.code, denied.reason, { whoCan: denied.whoCan });
      const resolved = resolveRelease(command.args.release, context.releases, example);
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

    case "revoke": {
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
      const resolved = resolveRelease(command.args.release, context.releases, example);
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

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Whether a comment's author is a bot: GitHub's `user.type`, or a login ending in `[bot]` in any
 * case (an app's login is `<slug>[bot]`), so a bot is never mistaken for a person.
 */
export function isBotActor(actor: { login: string; type: string }): boolean {
  return actor.type === "Bot" || actor.login.toLowerCase().endsWith("[bot]");
}

function matchesSigner(actor: CommandActor, signer: string): boolean {
  if ((PERMISSION_LEVELS as readonly string[]).includes(signer)) return permissionAtLeast(actor.permission, signer as PermissionLevel);
  const wanted = signer.toLowerCase();
  if (wanted.includes("/")) return actor.teams.some((team) => team.toLowerCase() === wanted);
  return wanted === `@${actor.login.toLowerCase()}`;
}

/**
 * The common refusal for sign-offs, waivers and revokes: the PR's author never, anyone else when
 * `allowed` says so. The author is told why even when they would otherwise qualify.
 */
function authorise(
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

type ReleaseRefusal = { refusal: { code: RefusalCode; reason: string } };

function releasesOrRefusal(releases: readonly PullRequestRelease[]): { list: readonly PullRequestRelease[] } | ReleaseRefusal {
  if (releases.length === 0) return { refusal: { code: "no_release", reason: "This pull request has no release manifest that could be read." } };
  return { list: releases };
}

/** The named release, or the only one; several releases need a name. */
function resolveRelease(
  named: string | undefined,
  releases: readonly PullRequestRelease[],
  example: (release: string) => string,
): { list: readonly PullRequestRelease[] } | ReleaseRefusal {
  const all = releasesOrRefusal(releases);
  if ("refusal" in all) return all;
  const names = list(releases.map((r) => r.release));
  if (named === undefined) {
    if (releases.length === 1) return all;
    return { refusal: { code: "ambiguous_release", reason: `This pull request has several releases; name one first, for example ${example(releases[0]!.release)}. Releases: ${names}.` } };
  }
  const found = releases.find((r) => r.release === named.toLowerCase());
  if (!found) return { refusal: { code: "unknown_release", reason: `This pull request has no release ${codeSpan(named)}. Releases: ${names}.` } };
  return { list: [found] };
}

/** The command as it would read with the release named, for the "name a release" refusal. */
function exampleWithRelease(command: ParsedCommand, release: string, prefix: string): string {
  switch (command.kind) {
    case "signoff": return `${prefix} signoff ${release} ${command.args.item}${command.args.note ? ` ${command.args.note}` : ""}`;
    case "waive": return `${prefix} waive ${release} ${command.args.item} ${command.args.days}d ${command.args.reason}`;
    case "revoke": return `${prefix} revoke ${release} ${command.args.item}${command.args.target ? ` ${command.args.target}` : ""}`;
    case "status": return `${prefix} status ${release} ${command.args.status}`;
    case "notes": return `${prefix} notes ${release}${command.args.audience ? ` ${command.args.audience}` : ""}`;
    default: return `${prefix} ${command.kind}`;
  }
}

function commentTime(context: CommandContext): string {
  const created = Date.parse(context.comment.createdAt);
  return new Date(Number.isNaN(created) ? context.now.getTime() : created).toISOString();
}

function recordOf(command: ParsedCommand, context: CommandContext, changes: LedgerChange[]): AcceptedLedgerCommand {
  return { commentId: context.comment.id, line: command.line, at: commentTime(context), changes };
}

function notRequiredNote(item: ChecklistItem, release: PullRequestRelease, policy: Policy, what: string): string {
  if (policy.statuses[release.status].requires.includes(item)) return "";
  return ` Note: ${codeSpan(item)} is not required at ${codeSpan(release.status)}, so this ${what} matters only once the status requires it.`;
}

function describeTarget(target: RevokeTarget | undefined): string {
  if (target === "signoff") return "sign-off";
  if (target === "waiver") return "waiver";
  return "sign-off or waiver";
}

// ---------------------------------------------------------------------------------------------
// Who can: the words used in refusals and in the help, from the actual policy.

function list(words: readonly string[]): string {
  const coded = words.map(codeSpan);
  if (coded.length <= 1) return coded.join("");
  return `${coded.slice(0, -1).join(", ")} and ${coded[coded.length - 1]}`;
}

function alternatives(phrases: readonly string[]): string {
  if (phrases.length <= 1) return phrases.join("");
  return `${phrases.slice(0, -1).join(", ")} or ${phrases[phrases.length - 1]}`;
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function atLeast(level: PermissionLevel): string {
  return level === "admin" ? "people with admin permission" : `people with ${level} permission or above`;
}

function writers(): string {
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

/**
 * The `help` reply: every command with who may use it under this policy (prefix, waiver level and
 * maximum, the sign-off list of each item, transitions and audiences). Commands are written in
 * code spans, so the reply itself never contains a line that reads as a command.
 */
export function helpText(policy: Policy): string {
  const prefix = policy.commands.prefix;
  const signoffItems = CHECKLIST_ITEMS.filter((item) => (policy.signoffs[item]?.length ?? 0) > 0);
  const signoffWho = signoffItems.length
    ? signoffItems.map((item) => `${codeSpan(item)}: ${alternatives((policy.signoffs[item] ?? []).map(describeSigner))}`).join("; ") + "; never the PR's author"
    : "nobody: this policy asks for no sign-offs";
  const cell = (text: string) => text.replace(/\|/g, "\\|");
  const rows: Array<[string, string, string]> = [
    [`${codeSpan(prefix)} or ${codeSpan(commandUsage("check", prefix))}`, writers(), "Re-evaluate the pull request now."],
    [codeSpan(commandUsage("signoff", prefix)), signoffWho, "Record a sign-off. It confirms a declared item; it never replaces the declaration."],
    [codeSpan(commandUsage("waive", prefix)), `${atLeast(policy.waivers.allowed)}, never the PR's author`, `Waive a required item for 1 to ${policy.waivers.max_days} days (a new waiver of the item replaces the earlier one).`],
    [codeSpan(commandUsage("revoke", prefix)), "whoever may sign off or waive the item, never the PR's author", "Withdraw the item's sign-offs and waivers (or only the kind named)."],
    [codeSpan(commandUsage("status", prefix)), writers(), `Change the manifest's status (${list(STATUSES)}) if the policy allows the change: ${policy.transitions.map((t) => codeSpan(t.replace(/\s+/g, " ").trim())).join(", ")}.`],
    [codeSpan(commandUsage("notes", prefix)), writers(), `Post the release notes (audiences: ${list(policy.notes.audiences)}).`],
    [codeSpan(commandUsage("help", prefix)), "anyone", "Show this list."],
  ];
  return [
    "**Release Readiness commands**",
    "",
    "| command | who may use it | what it does |",
    "|---|---|---|",
    ...rows.map((row) => `| ${row.map(cell).join(" | ")} |`),
    "",
    `Items: ${CHECKLIST_ITEMS.map((item) => `${codeSpan(item)} (${ITEM_TITLES[item]})`).join(", ")}.`,
    "Write one command per line, at the start of the line; lines in code blocks, quotes and HTML comments are ignored. " +
      "When the pull request has several manifests, name the release first, for example " +
      `${codeSpan(`${prefix} waive checkout-v2 docs 3d docs ship next week`)}.`,
    "A command counts as it was first posted: editing the comment does nothing, post it again. Bots cannot sign off, waive, revoke or change a status.",
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------
// Refusal replies: at most one an hour per person per PR (docs/reference/commands.md).

export const REFUSAL_REPLY_INTERVAL_MS = 60 * 60 * 1000;

/** A refusal reply the app posted on this PR; the app keeps these with its own state (the check run). */
export interface RefusalReply {
  login: string;
  /** ISO time of the reply. */
  at: string;
}

/** Whether a refused command from `login` gets a reply now, given the replies already made on this PR. */
export function shouldReplyToRefusal(history: readonly RefusalReply[], login: string, now: Date): boolean {
  const since = now.getTime() - REFUSAL_REPLY_INTERVAL_MS;
  return !history.some((reply) => sameLogin(reply.login, login) && epochMillis(reply.at) > since);
}

/** The history after replying to `login` now, keeping only the last hour so it stays small. */
export function recordRefusalReply(history: readonly RefusalReply[], login: string, now: Date): RefusalReply[] {
  const since = now.getTime() - REFUSAL_REPLY_INTERVAL_MS;
  return [...history.filter((reply) => epochMillis(reply.at) > since && !sameLogin(reply.login, login)), { login, at: now.toISOString() }];
}
