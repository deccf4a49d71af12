import { epochMillis, sameLogin } from "../ledger/ledger.js";

/**
 * Refusal replies: at most one an hour per person per PR (docs/reference/commands.md), so nobody can make the app
 * fill a pull request with replies. Refused commands still get a reaction.
 */

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
