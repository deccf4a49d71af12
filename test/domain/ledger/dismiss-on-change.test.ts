import { describe, expect, it } from "vitest";
import { changedChecklistItems, dismissSignoffsOnChange } from "../../../src/domain/ledger/dismiss-on-change.js";
import type { Ledger } from "../../../src/domain/ledger/ledger.js";
import { completeManifestData, parseManifestData } from "../fixtures/manifests.js";
import { signoff, waiver } from "./entries.js";

describe("sign-offs dismissed when an item's section changes", () => {
  const base = completeManifestData();
  const before = parseManifestData(base).manifest;
  const edited = (edit: (checklist: Record<string, Record<string, unknown>>) => void) => {
    const data = structuredClone(base);
    edit(data.checklist as Record<string, Record<string, unknown>>);
    return parseManifestData(data).manifest;
  };

  it("finds the items whose section changed, ignoring key order", () => {
    expect(changedChecklistItems(before, before)).toEqual([]);
    expect(changedChecklistItems(before, edited((c) => { c.docs!.url = "https://docs.example.com/other"; }))).toEqual(["docs"]);
    expect(changedChecklistItems(before, edited((c) => { c.docs = { not_applicable: "internal only" }; delete c.monitoring; }))).toEqual(["docs", "monitoring"]);
    expect(changedChecklistItems(before, edited((c) => { c.rollback_plan = { tested: c.rollback_plan!.tested, steps: c.rollback_plan!.steps }; }))).toEqual([]);
    expect(changedChecklistItems(undefined, before)).toEqual(["analytics", "docs", "monitoring", "support_training", "rollback_plan", "segment_limits"]);
  });

  const ledger: Ledger = { entries: [signoff("dora"), signoff("mona", "monitoring"), waiver("mona"), signoff("dora", "docs", "search")] };

  it("voids the changed items' sign-offs of that release only, and keeps waivers", () => {
    const result = dismissSignoffsOnChange(ledger, [{ release: "checkout-v2", items: ["docs"] }], { signoffs: { dismiss_on_change: true } });
    expect(result.dismissed).toEqual([signoff("dora")]);
    expect(result.ledger.entries).toEqual([signoff("mona", "monitoring"), waiver("mona"), signoff("dora", "docs", "search")]);
  });

  it("does nothing unless the policy asks for it", () => {
    const result = dismissSignoffsOnChange(ledger, [{ release: "checkout-v2", items: ["docs"] }], { signoffs: { dismiss_on_change: false } });
    expect(result).toEqual({ ledger, dismissed: [] });
  });

  it("keeps sign-offs given after the push", () => {
    const later = signoff("carol", "docs", "checkout-v2", "2026-12-01T13:00:00.000Z");
    const result = dismissSignoffsOnChange({ entries: [...ledger.entries, later] }, [{ release: "checkout-v2", items: ["docs"] }], { signoffs: { dismiss_on_change: true } }, { before: "2026-12-01T12:30:00Z" });
    expect(result.dismissed).toEqual([signoff("dora")]);
    expect(result.ledger.entries).toContainEqual(later);
  });
});
