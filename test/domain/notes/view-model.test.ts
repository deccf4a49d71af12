import { describe, expect, it } from "vitest";
import { evaluateRelease } from "../../../src/domain/evaluation/release.js";
import { EMPTY_LEDGER, type Ledger } from "../../../src/domain/ledger/ledger.js";
import type { Manifest } from "../../../src/domain/manifest/schema.js";
import { buildNotesViewModel, buildNotesViewModels, type NotesInput } from "../../../src/domain/notes/view-model.js";
import { defaultPolicy } from "../../../src/domain/policy/resolve.js";
import type { ReleasePromise } from "../../../src/domain/registry/schema.js";
import { AUDIENCES, type Audience } from "../../../src/domain/vocabulary.js";
import { manifestFrom, NOW } from "../../rendering/helpers.js";

function input(manifest: Manifest, extra: Partial<NotesInput> & { ledger?: Ledger } = {}): NotesInput {
  const policy = extra.policy ?? defaultPolicy();
  const verdict = evaluateRelease(manifest, policy, extra.ledger ?? EMPTY_LEDGER, NOW, { promises: extra.promises });
  return { manifest, verdict, policy, locale: "en", now: NOW, ...extra };
}

const CHANGES = `changes:
  - { title: Fix one, type: fix }
  - { title: Feature one, type: feature }
  - { title: Removal one, type: removal }
  - { title: Improvement one, type: improvement }
  - { title: Deprecation one, type: deprecation }
  - { title: Support only, type: feature, audiences: [support] }
  - { title: Fix for new users, type: fix, audiences: [new] }
`;

const titles = (audience: Audience, manifest: Manifest) => buildNotesViewModel(input(manifest), audience).changes.map((c) => c.title);

describe("buildNotesViewModel: which changes each audience hears about", () => {
  const manifest = manifestFrom(CHANGES);

  it("tells new users what they can do: features and improvements, plus anything addressed to them", () => {
    expect(titles("new", manifest)).toEqual(["Feature one", "Improvement one", "Fix for new users"]);
  });

  it("puts removals and deprecations first for existing users and enterprise", () => {
    for (const audience of ["existing", "enterprise"] as const) {
      expect(titles(audience, manifest)).toEqual(["Removal one", "Deprecation one", "Feature one", "Improvement one", "Fix one"]);
    }
  });

  it("gives support every change, whoever it is written for", () => {
    expect(titles("support", manifest)).toEqual(["Removal one", "Deprecation one", "Feature one", "Support only", "Improvement one", "Fix one", "Fix for new users"]);
  });

  it("groups the same changes by type", () => {
    const model = buildNotesViewModel(input(manifest), "existing");
    expect(model.sections.removals.map((c) => c.title)).toEqual(["Removal one"]);
    expect(model.sections.deprecations.map((c) => c.title)).toEqual(["Deprecation one"]);
    expect(model.sections.fixes.map((c) => c.title)).toEqual(["Fix one"]);
    expect(model.sections.features.every((c) => c.feature)).toBe(true);
  });

  it("filters limitations by audience but gives support all of them", () => {
    const m = manifestFrom(`limitations:
  - { kind: legal, text: For enterprise, audiences: [enterprise] }
  - { kind: functional, text: For everyone }
`);
    expect(buildNotesViewModel(input(m), "new").limitations.map((l) => l.text)).toEqual(["For everyone"]);
    expect(buildNotesViewModel(input(m), "enterprise").limitations.map((l) => l.text)).toEqual(["For enterprise", "For everyone"]);
    expect(buildNotesViewModel(input(m), "support").limitations.map((l) => l.text)).toEqual(["For enterprise", "For everyone"]);
  });

  it("orders enterprise limitations with compliance-relevant kinds first", () => {
    const m = manifestFrom(`limitations:
  - { kind: functional, text: F }
  - { kind: integration, text: I }
  - { kind: legal, text: L }
  - { kind: operational, text: O }
  - { kind: infrastructure, text: N }
`);
    const model = buildNotesViewModel(input(m), "enterprise");
    expect(model.limitations.map((l) => l.kind)).toEqual(["legal", "infrastructure", "operational", "integration", "functional"]);
    expect(model.limitations.filter((l) => l.compliance).map((l) => l.text)).toEqual(["L"]);
  });
});

describe("buildNotesViewModel: availability follows the status", () => {
  const limits = (percent: number, regions = "[]", plans = "[]") =>
    `checklist:\n  segment_limits: { rollout_percent: ${percent}, regions: ${regions}, plans: ${plans} }\n`;

  it("says 'everyone' only at ga with nothing limiting it", () => {
    expect(buildNotesViewModel(input(manifestFrom(limits(100), "ga")), "new").availability.everyone).toBe(true);
    expect(buildNotesViewModel(input(manifestFrom(limits(100, "[EU]"), "ga")), "new").availability.everyone).toBe(false);
    expect(buildNotesViewModel(input(manifestFrom(limits(60), "ga")), "new").availability.everyone).toBe(false);
    for (const status of ["experiment", "beta", "rollback"]) {
      const model = buildNotesViewModel(input(manifestFrom(limits(100), status)), "new");
      expect(model.availability.everyone, status).toBe(false);
      expect(model.status.limited, status).toBe(true);
    }
  });

  it("treats segment limits declared not applicable as unlimited at ga only", () => {
    const na = 'checklist:\n  segment_limits: { not_applicable: "internal tool" }\n';
    expect(buildNotesViewModel(input(manifestFrom(na, "ga")), "new").availability).toMatchObject({ everyone: true, known: false });
    expect(buildNotesViewModel(input(manifestFrom(na, "beta")), "new").availability).toMatchObject({ everyone: false, known: false, partial: true });
  });

  it("states the rollout, plans, regions, the status's limit and whether the rollout exceeds it", () => {
    const model = buildNotesViewModel(input(manifestFrom(limits(25, "[US]", "[team]"), "experiment")), "support");
    expect(model.availability).toEqual({
      known: true, rolloutPercent: 25, partial: true, plans: ["team"], regions: ["US"], everyone: false, maxRolloutPercent: 10, overLimit: true,
    });
    expect(model.support?.failedRules).toContain("The rollout is above the limit for this status");
  });
});

describe("buildNotesViewModel: plans and regions", () => {
  const manifest = manifestFrom(`checklist:
  segment_limits: { rollout_percent: 50, regions: [EU, US], plans: [pro, enterprise] }
changes:
  - { title: Everywhere, type: feature }
  - { title: Enterprise in the EU, type: feature, plans: [Enterprise, free], regions: [eu] }
  - { title: Free plan only, type: feature, plans: [free] }
`);

  it("narrows a change's plans and regions to the release's segment, case-insensitively", () => {
    const [everywhere, enterprise] = buildNotesViewModel(input(manifest), "existing").changes;
    expect(everywhere).toMatchObject({ plans: [], regions: [], scoped: false, reachable: true });
    expect(enterprise).toMatchObject({ plans: ["Enterprise"], regions: ["eu"], scoped: true, reachable: true });
  });

  it("leaves out changes that reach nobody for customers, and counts them for support", () => {
    expect(titles("existing", manifest)).not.toContain("Free plan only");
    const support = buildNotesViewModel(input(manifest), "support");
    expect(support.changes.find((c) => c.title === "Free plan only")?.reachable).toBe(false);
    expect(support.support?.unreachable).toBe(1);
  });

  it("writes notes for one reader: only what their plan and region get", () => {
    const pro = buildNotesViewModel(input(manifest, { reader: { plan: "PRO", region: "EU" } }), "existing");
    expect(pro.changes.map((c) => c.title)).toEqual(["Everywhere"]);
    expect(pro.reader).toEqual({ plan: "PRO", region: "EU", included: true });
    const outside = buildNotesViewModel(input(manifest, { reader: { plan: "free" } }), "existing");
    expect(outside.reader?.included).toBe(false);
    expect(outside.changes).toEqual([]);
    expect(buildNotesViewModel(input(manifest), "existing").reader).toBeNull();
  });

  it("keeps names such as __proto__ and constructor as plain data", () => {
    const hostile = manifestFrom(`checklist:
  segment_limits: { rollout_percent: 10, regions: [__proto__, constructor], plans: [toString] }
changes:
  - { title: Odd, type: feature, plans: [toString], regions: [__proto__] }
`);
    const model = buildNotesViewModel(input(hostile, { reader: { plan: "toString", region: "__proto__" } }), "enterprise");
    expect(model.availability.regions).toEqual(["__proto__", "constructor"]);
    expect(model.changes.map((c) => c.title)).toEqual(["Odd"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(model.availability)).toBe(Object.prototype);
  });
});

describe("buildNotesViewModel: promises", () => {
  const promise = (over: Partial<ReleasePromise>): ReleasePromise => ({
    id: "p", text: "We promise", conditions: ["c"], exceptions: ["e"], version: 1, owner: "@acme", effective: "2026-01-01",
    metric: "m", channels: ["docs"], min_status: "beta", ...over,
  });

  it("lets customers hear only promises allowed at the status and already in effect", () => {
    const promises = new Map([
      ["ok", promise({ id: "ok" })],
      ["later", promise({ id: "later", effective: "2027-01-01" })],
      ["ga-only", promise({ id: "ga-only", min_status: "ga" })],
    ]);
    const manifest = manifestFrom("promises: [ok, later, ga-only, missing]\n");
    const customer = buildNotesViewModel(input(manifest, { promises }), "new");
    expect(customer.promises.map((p) => p.id)).toEqual(["ok"]);
    const support = buildNotesViewModel(input(manifest, { promises }), "support");
    expect(support.promises.map((p) => [p.id, p.known, p.allowedAtStatus, p.inEffect, p.usable])).toEqual([
      ["ok", true, true, true, true],
      ["later", true, true, false, false],
      ["ga-only", true, false, true, false],
      ["missing", false, false, false, false],
    ]);
  });

  it("never lets a rolled-back release make a promise", () => {
    const promises = new Map([["ok", promise({ id: "ok", min_status: "experiment" })]]);
    expect(buildNotesViewModel(input(manifestFrom("promises: [ok]\n", "rollback"), { promises }), "existing").promises).toEqual([]);
  });
});

describe("buildNotesViewModel: rollback notice and support detail", () => {
  it("turns a rollback into a notice: what is rolled back and who is affected", () => {
    const manifest = manifestFrom(`checklist:
  segment_limits: { rollout_percent: 0, regions: [EU], plans: [] }
changes:
  - { title: Widgets, type: feature }
limitations:
  - { kind: functional, text: Widgets are gone, workaround: Use favourites }
`, "rollback");
    const model = buildNotesViewModel(input(manifest), "existing");
    expect(model.rollback).toMatchObject({ plans: [], regions: ["EU"], allAccounts: false });
    expect(model.rollback?.changes.map((c) => c.title)).toEqual(["Widgets"]);
    expect(model.limitations[0]?.workaround).toBe("Use favourites");
    expect(buildNotesViewModel(input(manifestFrom("", "beta")), "existing").rollback).toBeNull();
  });

  it("gives support the readiness, waivers, training and rollback plan, and nobody else", () => {
    const manifest = manifestFrom(`flag: the-flag
checklist:
  support_training: { date: 2026-12-20, materials: https://wiki.example.com/t }
  rollback_plan: { steps: Turn it off, tested: 2026-11-01 }
`);
    const ledger: Ledger = {
      entries: [{ kind: "waiver", release: "test-release", item: "docs", by: "maintainer", at: "2026-11-30T00:00:00Z", until: "2026-12-05T00:00:00Z", reason: "docs next week" }],
    };
    const models = buildNotesViewModels(input(manifest, { ledger }), AUDIENCES);
    for (const model of models.filter((m) => m.audience !== "support")) expect(model.support).toBeNull();
    const support = models.find((m) => m.audience === "support")!.support!;
    expect(support.flag).toBe("the-flag");
    expect(support.ready).toBe(false);
    expect(support.unmet.map((u) => u.label)).toEqual(["Analytics", "Monitoring", "Support training", "Segment limits"]);
    expect(support.waived).toEqual([{ label: "Documentation", until: "2026-12-05 00:00 UTC", by: "@maintainer", reason: "docs next week" }]);
    expect(support.training).toEqual({ date: "2026-12-20", materialsUrl: "https://wiki.example.com/t", done: false });
    expect(support.rollbackPlan).toEqual({ steps: "Turn it off", tested: "2026-11-01" });
  });

  it("names things in the notes' language", () => {
    const manifest = manifestFrom("changes:\n  - { title: T, type: deprecation }\nlimitations:\n  - { kind: legal, text: L }\n");
    const ru = buildNotesViewModel({ ...input(manifest), locale: "ru" }, "support");
    expect([ru.audienceLabel, ru.status.label, ru.changes[0]?.typeLabel, ru.limitations[0]?.kindLabel]).toEqual(["Поддержка", "Бета", "Устаревает", "Юридическое"]);
  });

  it("shares change views between audiences instead of copying them", () => {
    const [existing, enterprise] = buildNotesViewModels(input(manifestFrom(CHANGES)), ["existing", "enterprise"]);
    expect(existing!.changes[0]).toBe(enterprise!.changes[0]);
  });
});
