import { createHash } from "node:crypto";
import { z } from "zod";
import type { Ledger } from "./ledger.js";
import { CHECKLIST_ITEMS } from "../vocabulary.js";
import { decodeHiddenRecord, encodeHiddenRecord } from "../markdown/hidden-record.js";

/**
 * What the app remembers between events, kept in its own `Release readiness` check run output,
 * which only the app can write (docs/reference/commands.md): the accepted ledger and the summary comment's id. The
 * app keeps no database, so any replica can pick this up from GitHub.
 */
export interface CheckState {
  ledger: Ledger;
  summaryCommentId?: number;
  /** Hash of the summary comment body last written, so an unchanged body costs no request. */
  summaryHash?: string;
  /** Who got a refusal reply when, so nobody can make the app reply more than once an hour. */
  refusalReplies?: Array<{ login: string; at: string }>;
  /** The newest command comment already handled: a redelivery of it (or an older one) changes nothing. */
  lastCommentId?: number;
}

const RECORD = "state";

const ledgerEntrySchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("signoff"), release: z.string(), item: z.enum(CHECKLIST_ITEMS), by: z.string(), at: z.string(),
    note: z.string().optional(), commentId: z.number().optional(),
  }),
  z.object({
    kind: z.literal("waiver"), release: z.string(), item: z.enum(CHECKLIST_ITEMS), by: z.string(), at: z.string(),
    until: z.string(), reason: z.string(), commentId: z.number().optional(),
  }),
]);

const stateSchema = z.object({
  v: z.literal(1),
  ledger: z.array(ledgerEntrySchema).max(5_000),
  summaryCommentId: z.number().optional(),
  summaryHash: z.string().optional(),
  refusalReplies: z.array(z.object({ login: z.string(), at: z.string() })).max(1_000).optional(),
  lastCommentId: z.number().optional(),
});

export function encodeCheckState(state: CheckState): string {
  return encodeHiddenRecord(RECORD, {
    v: 1,
    ledger: state.ledger.entries,
    summaryCommentId: state.summaryCommentId,
    summaryHash: state.summaryHash,
    refusalReplies: state.refusalReplies,
    lastCommentId: state.lastCommentId,
  });
}

/** Reads the state back; anything unreadable counts as no state rather than a crash. */
export function decodeCheckState(text: string | null | undefined): CheckState | undefined {
  const parsed = stateSchema.safeParse(decodeHiddenRecord(RECORD, text));
  if (!parsed.success) return undefined;
  const { ledger, v: _version, ...rest } = parsed.data;
  return { ledger: { entries: ledger }, ...rest };
}

export function shortHash(value: unknown): string {
  return createHash("sha256").update(typeof value === "string" ? value : JSON.stringify(value)).digest("hex").slice(0, 20);
}
