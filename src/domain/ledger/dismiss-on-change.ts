import { epochMillis, type Ledger, type LedgerEntry, type SignoffEntry } from "./ledger.js";
import type { Manifest } from "../manifest/schema.js";
import type { Policy } from "../policy/schema.js";
import { CHECKLIST_ITEMS, type ChecklistItem } from "../vocabulary.js";

/**
 * `signoffs.dismiss_on_change`: a sign-off confirms an item's section as it was, so a push that
 * changes the section voids it.
 */

/** Checklist items whose declared section differs between two versions of a manifest. */
export function changedChecklistItems(before: Manifest | undefined, after: Manifest | undefined): ChecklistItem[] {
  return CHECKLIST_ITEMS.filter((item) => canonicalJson(before?.checklist[item]) !== canonicalJson(after?.checklist[item]));
}

/** JSON with object keys sorted, so reordering a section's keys is no change. */
function canonicalJson(value: unknown): string {
  if (value === undefined) return "undefined";
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== "object" || Array.isArray(inner)) return inner;
    const record = inner as Record<string, unknown>;
    return Object.fromEntries(Object.keys(record).sort().map((key) => [key, record[key]]));
  });
}

export interface ChangedItems {
  release: string;
  items: readonly ChecklistItem[];
}

/**
 * Voids the sign-offs of the changed items (waivers stay). Does nothing when the policy does not
 * ask for it. With `before` (the push's time), only sign-offs given before it are voided, so a
 * sign-off of the new content that raced ahead of the push event survives.
 */
export function dismissSignoffsOnChange(
  ledger: Ledger,
  changed: readonly ChangedItems[],
  policy: Pick<Policy, "signoffs">,
  options: { before?: string } = {},
): { ledger: Ledger; dismissed: SignoffEntry[] } {
  if (!policy.signoffs.dismiss_on_change) return { ledger, dismissed: [] };
  const cutoff = options.before === undefined ? Infinity : epochMillis(options.before);
  const isChanged = (entry: LedgerEntry) => changed.some((c) => c.release === entry.release && c.items.includes(entry.item));
  const dismissed = ledger.entries.filter((e): e is SignoffEntry => e.kind === "signoff" && isChanged(e) && epochMillis(e.at) < cutoff);
  if (dismissed.length === 0) return { ledger, dismissed };
  return { ledger: { entries: ledger.entries.filter((e) => !dismissed.includes(e as SignoffEntry)) }, dismissed };
}
