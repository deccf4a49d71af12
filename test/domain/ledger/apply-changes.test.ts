import { describe, expect, it } from "vitest";
import { applyCommandsToLedger, applyLedgerChanges, type AcceptedLedgerCommand } from "../../../src/domain/ledger/apply-changes.js";
import { EMPTY_LEDGER, type LedgerEntry } from "../../../src/domain/ledger/ledger.js";
import { signoff, waiver } from "./entries.js";

describe("rebuilding the ledger", () => {
  const record = (commentId: number, at: string, changes: AcceptedLedgerCommand["changes"], line = 1): AcceptedLedgerCommand => ({ commentId, line, at, changes });
  const add = (entry: LedgerEntry) => ({ op: "add" as const, entry });
  const commands: AcceptedLedgerCommand[] = [
    record(1, "2026-12-01T10:00:00Z", [add(signoff("dora"))]),
    record(2, "2026-12-01T10:05:00Z", [add(waiver("mona"))]),
    record(3, "2026-12-01T10:10:00Z", [{ op: "remove", release: "checkout-v2", item: "docs", kinds: ["signoff"] }]),
    record(4, "2026-12-01T10:10:00Z", [add(signoff("carol"))]),
    record(4, "2026-12-01T10:10:00Z", [add(signoff("carol", "monitoring"))], 2),
  ];

  it("gives the same ledger whatever order the commands come in, and counts a repeat once", () => {
    const expected = applyCommandsToLedger(EMPTY_LEDGER, commands);
    expect(expected.entries.map((e) => `${e.kind}:${e.item}:${e.by}`)).toEqual(["signoff:docs:carol", "waiver:docs:mona", "signoff:monitoring:carol"]);
    const reversed = [...commands].reverse();
    const shuffled = [commands[3]!, commands[0]!, commands[4]!, commands[2]!, commands[1]!];
    expect(applyCommandsToLedger(EMPTY_LEDGER, reversed)).toEqual(expected);
    expect(applyCommandsToLedger(EMPTY_LEDGER, shuffled)).toEqual(expected);
    expect(applyCommandsToLedger(EMPTY_LEDGER, [...commands, ...commands])).toEqual(expected);
  });

  it("keeps entries in a fixed order, so equal ledgers serialise alike", () => {
    const a = applyLedgerChanges(EMPTY_LEDGER, [add(signoff("b", "monitoring")), add(signoff("a", "docs", "zeta")), add(signoff("a", "docs"))]);
    const b = applyLedgerChanges(EMPTY_LEDGER, [add(signoff("a", "docs")), add(signoff("a", "docs", "zeta")), add(signoff("b", "monitoring"))]);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});
