import type { ChecklistItem } from "../vocabulary.js";

/**
 * Sign-offs and waivers the app has accepted from authorised people's commands. Evaluation takes
 * the ledger as plain input; where it is stored and how it is kept tamper-proof is the GitHub
 * layer's concern (docs/reference/commands.md).
 */
export interface SignoffEntry {
  kind: "signoff";
  release: string;
  item: ChecklistItem;
  by: string;
  /** ISO timestamp of the command comment's creation. */
  at: string;
  note?: string;
  commentId?: number;
}

export interface WaiverEntry {
  kind: "waiver";
  release: string;
  item: ChecklistItem;
  by: string;
  at: string;
  /** ISO timestamp after which the waiver no longer counts. */
  until: string;
  reason: string;
  commentId?: number;
}

export type LedgerEntry = SignoffEntry | WaiverEntry;

export interface Ledger {
  entries: LedgerEntry[];
}

export const EMPTY_LEDGER: Ledger = { entries: [] };

export function activeWaiver(ledger: Ledger, release: string, item: ChecklistItem, now: Date): WaiverEntry | undefined {
  let latest: WaiverEntry | undefined;
  for (const entry of ledger.entries) {
    if (entry.kind !== "waiver" || entry.release !== release || entry.item !== item) continue;
    if (Date.parse(entry.until) <= now.getTime()) continue;
    if (!latest || Date.parse(entry.until) > Date.parse(latest.until)) latest = entry;
  }
  return latest;
}

export function signoffsFor(ledger: Ledger, release: string, item: ChecklistItem): SignoffEntry[] {
  return ledger.entries.filter((e): e is SignoffEntry => e.kind === "signoff" && e.release === release && e.item === item);
}

/** Logins compare as GitHub compares them: case-insensitively, so `Dora` and `dora` are one person. */
export function sameLogin(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** An ISO time in milliseconds; an unreadable time counts as the epoch, so it sorts first and is never recent. */
export function epochMillis(iso: string): number {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? 0 : time;
}
