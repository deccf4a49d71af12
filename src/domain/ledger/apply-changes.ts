import { epochMillis, sameLogin, type Ledger, type LedgerEntry } from "./ledger.js";
import { CHECKLIST_ITEMS, type ChecklistItem } from "../vocabulary.js";
import { compareText } from "../compare-text.js";

/**
 * How accepted commands change the ledger. A decision records its change as plain steps, so the
 * same steps, replayed from the accepted commands in any order, rebuild the same ledger.
 */

/** One step of a ledger update; the same steps rebuild a ledger deterministically. */
export type LedgerChange =
  | {
      /** A sign-off replaces the same person's earlier sign-off of the item; a waiver replaces every earlier waiver of it. */
      op: "add";
      entry: LedgerEntry;
    }
  | { op: "remove"; release: string; item: ChecklistItem; kinds: ReadonlyArray<LedgerEntry["kind"]> };

/** An accepted ledger command as it can be replayed by `applyCommandsToLedger`. */
export interface AcceptedLedgerCommand {
  commentId: number;
  /** The command's line in the comment, to order several commands of one comment. */
  line: number;
  /** The comment's creation time (ISO). */
  at: string;
  changes: LedgerChange[];
}

/** Applies ledger changes in order. Entries come out in a fixed order, so equal ledgers serialise alike. */
export function applyLedgerChanges(ledger: Ledger, changes: readonly LedgerChange[]): Ledger {
  let entries = [...ledger.entries];
  for (const change of changes) {
    if (change.op === "remove") {
      entries = entries.filter((e) => !(e.release === change.release && e.item === change.item && change.kinds.includes(e.kind)));
      continue;
    }
    const added = change.entry;
    entries = entries.filter((e) => {
      if (e.release !== added.release || e.item !== added.item || e.kind !== added.kind) return true;
      return added.kind === "signoff" ? !sameLogin(e.by, added.by) : false;
    });
    entries.push(added);
  }
  return { entries: entries.sort(compareEntries) };
}

function compareEntries(a: LedgerEntry, b: LedgerEntry): number {
  return compareText(a.release, b.release) ||
    CHECKLIST_ITEMS.indexOf(a.item) - CHECKLIST_ITEMS.indexOf(b.item) ||
    compareText(a.kind, b.kind) ||
    compareText(a.at, b.at) ||
    compareText(a.by, b.by);
}


/**
 * Rebuilds a ledger from accepted commands, whatever order they are given in: they are applied by
 * comment time, then comment id, then line, and a command seen twice (same comment and line)
 * counts once.
 */
export function applyCommandsToLedger(ledger: Ledger, accepted: readonly AcceptedLedgerCommand[]): Ledger {
  const unique = new Map<string, AcceptedLedgerCommand>();
  for (const command of accepted) unique.set(`${command.commentId}:${command.line}`, command);
  const ordered = [...unique.values()].sort((a, b) =>
    (epochMillis(a.at) - epochMillis(b.at)) || (a.commentId - b.commentId) || (a.line - b.line));
  return applyLedgerChanges(ledger, ordered.flatMap((command) => command.changes));
}
