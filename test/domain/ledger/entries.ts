import type { LedgerEntry } from "../../../src/domain/ledger/ledger.js";

/** Ledger entries for tests: a sign-off and a waiver of `docs` for `checkout-v2` unless told otherwise. */
export const signoff = (by: string, item: LedgerEntry["item"] = "docs", release = "checkout-v2", at = "2026-11-30T10:00:00.000Z"): LedgerEntry =>
  ({ kind: "signoff", release, item, by, at, commentId: 7 });
export const waiver = (by: string, item: LedgerEntry["item"] = "docs", release = "checkout-v2", until = "2026-12-05T00:00:00.000Z"): LedgerEntry =>
  ({ kind: "waiver", release, item, by, at: "2026-11-30T10:00:00.000Z", until, reason: "later", commentId: 8 });
