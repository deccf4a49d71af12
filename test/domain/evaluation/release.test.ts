import { describe, expect, it } from "vitest";
import { channelOfLabel, combineCampaignDecisions } from "../../../src/domain/evaluation/campaign-gate.js";
import type { ItemVerdict } from "../../../src/domain/evaluation/checklist-items.js";
import { evaluateRelease, type EvaluationContext, type ReleaseVerdict } from "../../../src/domain/evaluation/release.js";
import { evaluateTransition, isTransitionAllowed } from "../../../src/domain/evaluation/transitions.js";
import { EMPTY_LEDGER, type Ledger, type LedgerEntry } from "../../../src/domain/ledger/ledger.js";
import { mergePolicy, defaultPolicy } from "../../../src/domain/policy/resolve.js";
import type { Policy, PolicyFile } from "../../../src/domain/policy/schema.js";
import type { EventCatalog, ReleasePromise } from "../../../src/domain/registry/schema.js";
import type { ChecklistItem } from "../../../src/domain/vocabulary.js";
import { completeManifestData, parseManifestData } from "../fixtures/manifests.js";

/** Noon UTC, a few days after every date in the complete manifest. */
const NOW = new Date("2026-12-01T12:00:00Z");

type ManifestData = Record<string, unknown>;
type Checklist = Record<string, unknown>;

interface Scenario {
  edit?: (data: ManifestData, checklist: Checklist) => void;
  policy?: PolicyFile;
  ledger?: LedgerEntry[];
  now?: Date;
  context?: EvaluationContext;
}

function evaluate({ edit, policy, ledger, now, context }: Scenario = {}): ReleaseVerdict {
  const data = completeManifestData();
  edit?.(data, data.checklist as Checklist);
  const parsed = parseManifestData(data);
  const fullPolicy: Policy = policy ? mergePolicy(policy) : defaultPolicy();
  const fullLedger: Ledger = ledger ? { entries: ledger } : EMPTY_LEDGER;
  return evaluateRelease(parsed.manifest, fullPolicy, fullLedger, now ?? NOW, { itemProblems: parsed.itemProblems, ...context });
}

function item(verdict: ReleaseVerdict, name: ChecklistItem): ItemVerdict {
  const found = verdict.items.find((i) => i.item === name);
  if (!found) throw new Error(`no verdict for ${name}`);
  return found;
}

function ruleMessages(verdict: ReleaseVerdict, id: string): string[] {
  return verdict.rules.filter((r) => r.id === id && !r.ok).map((r) => r.message);
}

const signoff = (itemName: ChecklistItem, by: string, release = "checkout-v2"): LedgerEntry =>
  ({ kind: "signoff", release, item: itemName, by, at: "2026-11-30T10:00:00Z" });

const waiver = (itemName: ChecklistItem, until: string, by = "lead", release = "checkout-v2"): LedgerEntry =>
  ({ kind: "waiver", release, item: itemName, by, at: "2026-11-30T10:00:00Z", until, reason: "docs land next sprint" });

describe("evaluateRelease: a complete manifest", () => {
  const verdict = evaluate();

  it("is ready, with every item met", () => {
    expect(verdict.ready).toBe(true);
    expect(verdict.blockers).toEqual([]);
    expect(verdict.items.map((i) => [i.item, i.state, i.satisfied])).toEqual([
      ["analytics", "met", true],
      ["docs", "met", true],
      ["monitoring", "met", true],
      ["support_training", "met", true],
      ["rollback_plan", "met", true],
      ["segment_limits", "met", true],
    ]);
  });

  it("carries the release's identity", () => {
    expect(verdict).toMatchObject({ release: "checkout-v2", title: "One-page checkout", status: "beta", owner: "@acme/payments" });
  });
});

describe("evaluateRelease: item states", () => {
  it("missing: an undeclared required item blocks, with the status in the reason", () => {
    const verdict = evaluate({ edit: (_d, c) => delete c.docs });
    expect(item(verdict, "docs")).toMatchObject({ state: "missing", required: true, satisfied: false, reason: "not declared; required at beta" });
    expect(verdict.ready).toBe(false);
    expect(verdict.blockers).toEqual(["Documentation: not declared; required at beta"]);
  });

  it("missing but not required at this status: reported, not blocking", () => {
    const verdict = evaluate({
      edit: (d, c) => {
        d.status = "experiment";
        delete c.docs;
        delete c.monitoring;
        delete c.support_training;
        (c.segment_limits as Record<string, unknown>).rollout_percent = 5;
      },
    });
    expect(item(verdict, "docs")).toMatchObject({ state: "missing", required: false, reason: "not declared" });
    expect(item(verdict, "support_training")).toMatchObject({ state: "missing", required: false });
    expect(verdict.ready).toBe(true);
  });

  it.each([
    ["experiment", ["analytics", "rollback_plan", "segment_limits"]],
    ["beta", ["analytics", "docs", "monitoring", "support_training", "rollback_plan", "segment_limits"]],
    ["ga", ["analytics", "docs", "monitoring", "support_training", "rollback_plan", "segment_limits"]],
    ["rollback", ["support_training", "rollback_plan"]],
  ])("requires the policy's items at %s", (status, required) => {
    const verdict = evaluate({ edit: (d) => (d.status = status) });
    expect(verdict.items.filter((i) => i.required).map((i) => i.item).sort()).toEqual([...required].sort());
  });

  it("follows a repository policy that shortens requires", () => {
    const verdict = evaluate({ edit: (_d, c) => delete c.docs, policy: { statuses: { beta: { requires: ["analytics"] } } } });
    expect(item(verdict, "docs").required).toBe(false);
    expect(verdict.ready).toBe(true);
  });

  it("invalid (from the parser): the item's problem is the reason, the rest is still evaluated", () => {
    const verdict = evaluate({ edit: (_d, c) => (c.docs = { urll: "https://docs.example.com" }) });
    const docs = item(verdict, "docs");
    expect(docs.state).toBe("invalid");
    expect(docs.satisfied).toBe(false);
    expect(docs.reason).toMatch(/checklist\.docs\.urll: unknown key "urll"; did you mean "url"\?/);
    expect(docs.findings.length).toBeGreaterThan(0);
    expect(item(verdict, "monitoring").state).toBe("met");
    expect(verdict.blockers).toHaveLength(1);
  });

  it("invalid (from the parser): each finding keeps the problem's key path, list indexes included", () => {
    const verdict = evaluate({
      edit: (_d, c) => {
        c.analytics = {
          events: { added: [{ name: "checkout_started", properties: [] }, { name: "checkout_paid", properties: [], extra: 1 }] },
        };
      },
    });
    expect(item(verdict, "analytics").findings).toEqual([
      { path: ["checklist", "analytics", "events", "added", 1, "extra"], message: 'unknown key "extra"; expected one of: name, properties' },
    ]);
  });

  it("invalid (from evaluation): a rollback rehearsal dated in the future", () => {
    const verdict = evaluate({ edit: (_d, c) => ((c.rollback_plan as Record<string, unknown>).tested = "2026-12-24") });
    expect(item(verdict, "rollback_plan")).toMatchObject({
      state: "invalid",
      reason: "tested date 2026-12-24 is in the future",
      findings: [{ path: ["checklist", "rollback_plan", "tested"], message: "tested date 2026-12-24 is in the future" }],
    });
  });

  it("not applicable, accepted by the policy: counts as met", () => {
    const verdict = evaluate({ edit: (_d, c) => (c.docs = { not_applicable: "internal API only" }) });
    expect(item(verdict, "docs")).toMatchObject({ state: "not_applicable", satisfied: true, reason: "not applicable: internal API only" });
    expect(verdict.ready).toBe(true);
  });

  it("not applicable, refused by the default policy for the rollback plan", () => {
    const verdict = evaluate({ edit: (_d, c) => (c.rollback_plan = { not_applicable: "cannot be undone" }) });
    const plan = item(verdict, "rollback_plan");
    expect(plan).toMatchObject({ state: "missing", satisfied: false });
    expect(plan.reason).toMatch(/declared not applicable \("cannot be undone"\), but the policy does not accept that for rollback_plan/);
    expect(verdict.ready).toBe(false);
  });

  it("not applicable, refused when the repository's policy accepts it for no item", () => {
    const verdict = evaluate({ edit: (_d, c) => (c.docs = { not_applicable: "internal" }), policy: { not_applicable: [] } });
    expect(item(verdict, "docs").state).toBe("missing");
  });

  it("needs_signoff: declared, but the policy asks for a sign-off nobody has given", () => {
    const verdict = evaluate({ policy: { signoffs: { docs: "@acme/docs" } } });
    expect(item(verdict, "docs")).toMatchObject({
      state: "needs_signoff",
      satisfied: false,
      signers: ["@acme/docs"],
      reason: "declared; needs a sign-off from @acme/docs",
    });
    expect(verdict.ready).toBe(false);
  });

  it("met once signed off, naming who signed", () => {
    const verdict = evaluate({
      policy: { signoffs: { docs: ["@acme/docs", "maintain"] } },
      ledger: [signoff("docs", "alice"), signoff("docs", "alice"), signoff("docs", "bob")],
    });
    expect(item(verdict, "docs")).toMatchObject({ state: "met", satisfied: true, reason: "met; signed off by @alice, @bob" });
    expect(item(verdict, "docs").signoffs).toHaveLength(3);
  });

  it("does not count a sign-off for another release or another item", () => {
    const verdict = evaluate({
      policy: { signoffs: { docs: "@acme/docs" } },
      ledger: [signoff("docs", "alice", "other-release"), signoff("monitoring", "alice")],
    });
    expect(item(verdict, "docs").state).toBe("needs_signoff");
  });

  it("a sign-off cannot make an undeclared item met", () => {
    const verdict = evaluate({ edit: (_d, c) => delete c.docs, policy: { signoffs: { docs: "@acme/docs" } }, ledger: [signoff("docs", "alice")] });
    expect(item(verdict, "docs").state).toBe("missing");
  });

  it("waived: an active waiver counts, saying by whom, until when and what it covers", () => {
    const entry = waiver("docs", "2026-12-05T12:00:00Z");
    const verdict = evaluate({ edit: (_d, c) => delete c.docs, ledger: [entry] });
    const docs = item(verdict, "docs");
    expect(docs).toMatchObject({ state: "waived", satisfied: true, waiver: entry });
    expect(docs.reason).toBe("waived until 2026-12-05 12:00 UTC by @lead: docs land next sprint (was: not declared; required at beta)");
    expect(verdict.ready).toBe(true);
  });

  it("shows a waiver's end in the policy's time zone", () => {
    const verdict = evaluate({ edit: (_d, c) => delete c.docs, ledger: [waiver("docs", "2026-12-05T12:00:00Z")], policy: { timezone: "Europe/Berlin" } });
    expect(item(verdict, "docs").reason).toMatch(/^waived until 2026-12-05 13:00 Europe\/Berlin by @lead/);
  });

  it("an expired waiver does not count", () => {
    const verdict = evaluate({ edit: (_d, c) => delete c.docs, ledger: [waiver("docs", "2026-11-30T12:00:00Z")] });
    expect(item(verdict, "docs").state).toBe("missing");
    expect(verdict.ready).toBe(false);
  });

  it("a waiver ending exactly now has ended", () => {
    const verdict = evaluate({ edit: (_d, c) => delete c.docs, ledger: [waiver("docs", NOW.toISOString())] });
    expect(item(verdict, "docs").state).toBe("missing");
  });

  it("uses the latest-ending of several active waivers", () => {
    const later = waiver("docs", "2026-12-09T00:00:00Z", "cto");
    const verdict = evaluate({ edit: (_d, c) => delete c.docs, ledger: [waiver("docs", "2026-12-03T00:00:00Z"), later] });
    expect(item(verdict, "docs").waiver).toEqual(later);
  });

  it("a waiver for another release does not count", () => {
    const verdict = evaluate({ edit: (_d, c) => delete c.docs, ledger: [waiver("docs", "2026-12-05T12:00:00Z", "lead", "other")] });
    expect(item(verdict, "docs").state).toBe("missing");
  });

  it("a waiver covers an invalid item and one waiting for sign-off", () => {
    const verdict = evaluate({
      edit: (_d, c) => ((c.rollback_plan as Record<string, unknown>).tested = "2026-12-24"),
      policy: { signoffs: { docs: "@acme/docs" } },
      ledger: [waiver("rollback_plan", "2026-12-05T00:00:00Z"), waiver("docs", "2026-12-05T00:00:00Z")],
    });
    expect(item(verdict, "rollback_plan").state).toBe("waived");
    expect(item(verdict, "docs").state).toBe("waived");
  });

  it("a waiver leaves a met item met", () => {
    const verdict = evaluate({ ledger: [waiver("docs", "2026-12-05T00:00:00Z")] });
    expect(item(verdict, "docs")).toMatchObject({ state: "met" });
    expect(item(verdict, "docs").waiver).toBeUndefined();
  });
});

describe("evaluateRelease: support training and dates", () => {
  it("training dated in the future is missing (not done yet), not invalid", () => {
    const verdict = evaluate({ edit: (_d, c) => ((c.support_training as Record<string, unknown>).date = "2026-12-10") });
    expect(item(verdict, "support_training")).toMatchObject({
      state: "missing",
      reason: "training is scheduled for 2026-12-10, not done yet",
      findings: [],
    });
    expect(verdict.ready).toBe(false);
  });

  it("training dated today is met", () => {
    expect(item(evaluate({ edit: (_d, c) => ((c.support_training as Record<string, unknown>).date = "2026-12-01") }), "support_training").state).toBe("met");
  });

  it("reads 'today' in the policy's time zone: ahead of UTC", () => {
    const lateEvening = new Date("2026-11-19T23:30:00Z");
    const edit = (_d: ManifestData, c: Checklist) => ((c.support_training as Record<string, unknown>).date = "2026-11-20");
    expect(item(evaluate({ edit, now: lateEvening }), "support_training").state).toBe("missing");
    expect(item(evaluate({ edit, now: lateEvening, policy: { timezone: "Asia/Tokyo" } }), "support_training").state).toBe("met");
  });

  it("reads 'today' in the policy's time zone: behind UTC", () => {
    const earlyMorning = new Date("2026-11-20T05:00:00Z");
    const edit = (_d: ManifestData, c: Checklist) => ((c.support_training as Record<string, unknown>).date = "2026-11-20");
    expect(item(evaluate({ edit, now: earlyMorning }), "support_training").state).toBe("met");
    expect(item(evaluate({ edit, now: earlyMorning, policy: { timezone: "America/Los_Angeles" } }), "support_training").state).toBe("missing");
  });
});

describe("evaluateRelease: release rules", () => {
  const rollout = (percent: number) => (_d: ManifestData, c: Checklist) => ((c.segment_limits as Record<string, unknown>).rollout_percent = percent);

  it("blocks a rollout above the status's maximum", () => {
    const verdict = evaluate({ edit: rollout(60) });
    expect(ruleMessages(verdict, "rollout")).toEqual(["rollout 60% exceeds the 50% allowed at beta"]);
    expect(verdict.rules.find((r) => r.id === "rollout")?.path).toEqual(["checklist", "segment_limits", "rollout_percent"]);
    expect(verdict.ready).toBe(false);
  });

  it("allows a rollout at exactly the maximum", () => {
    const verdict = evaluate({ edit: rollout(50) });
    expect(verdict.rules.find((r) => r.id === "rollout")).toMatchObject({ ok: true, message: "rollout 50% is within the 50% allowed at beta" });
    expect(verdict.ready).toBe(true);
  });

  it.each([
    ["experiment", 11, 10],
    ["ga", 100, null],
    ["rollback", 1, 0],
  ] as const)("applies the %s maximum", (status, percent, max) => {
    const verdict = evaluate({ edit: (d, c) => { d.status = status; rollout(percent)(d, c); } });
    expect(ruleMessages(verdict, "rollout")).toEqual(max === null ? [] : [`rollout ${percent}% exceeds the ${max}% allowed at ${status}`]);
  });

  it("takes the maximum from the repository's policy", () => {
    expect(ruleMessages(evaluate({ edit: rollout(30), policy: { statuses: { beta: { max_rollout_percent: 25 } } } }), "rollout"))
      .toEqual(["rollout 30% exceeds the 25% allowed at beta"]);
  });

  it("has no rollout rule when segment limits are not applicable", () => {
    const verdict = evaluate({ edit: (_d, c) => (c.segment_limits = { not_applicable: "everyone gets it" }) });
    expect(verdict.rules.some((r) => r.id === "rollout")).toBe(false);
  });

  it("requires a hypothesis and a key metric at experiment", () => {
    const verdict = evaluate({
      edit: (d, c) => {
        d.status = "experiment";
        delete d.hypothesis;
        delete d.key_metric;
        rollout(5)(d, c);
      },
    });
    expect(ruleMessages(verdict, "hypothesis")).toEqual(["an experiment needs a hypothesis"]);
    expect(ruleMessages(verdict, "key_metric")).toEqual(["an experiment needs a key_metric"]);
    expect(verdict.blockers).toEqual(["an experiment needs a hypothesis", "an experiment needs a key_metric"]);
  });

  it("does not require a hypothesis or key metric after experiment", () => {
    const verdict = evaluate({ edit: (d) => { delete d.hypothesis; delete d.key_metric; } });
    expect(verdict.rules.some((r) => r.id === "hypothesis" || r.id === "key_metric")).toBe(false);
    expect(verdict.ready).toBe(true);
  });

  it("at ga, requires limitations stated: a missing key blocks", () => {
    const verdict = evaluate({ edit: (d) => { d.status = "ga"; delete d.limitations; } });
    expect(ruleMessages(verdict, "limitations")).toEqual(["at ga, limitations must be stated explicitly (an empty list counts)"]);
    expect(verdict.ready).toBe(false);
  });

  it("at ga, an empty list of limitations is a statement", () => {
    const verdict = evaluate({ edit: (d) => { d.status = "ga"; d.limitations = []; } });
    expect(verdict.rules.find((r) => r.id === "limitations")).toMatchObject({ ok: true, message: "limitations stated (0)" });
    expect(verdict.ready).toBe(true);
  });

  it("before ga, limitations may be left out", () => {
    expect(evaluate({ edit: (d) => delete d.limitations }).ready).toBe(true);
  });

  it("lists item blockers before rule blockers", () => {
    const verdict = evaluate({ edit: (d, c) => { delete c.docs; rollout(90)(d, c); } });
    expect(verdict.blockers).toEqual(["Documentation: not declared; required at beta", "rollout 90% exceeds the 50% allowed at beta"]);
  });
});

describe("evaluateRelease: analytics", () => {
  const events = (added: unknown[], removed: unknown[] = [], changed: unknown[] = []) => (_d: ManifestData, c: Checklist) =>
    (c.analytics = { events: { added, changed, removed } });
  const ALL_PROPERTIES = ["plan", "segment", "source", "role", "environment", "version", "region"];
  const catalog = (...names: string[]): EventCatalog => ({
    version: 1,
    events: names.map((name) => ({ name, description: `${name} happened`, properties: ALL_PROPERTIES, owner: "@acme/data" })),
  });

  it("refuses an event name that breaks the pattern", () => {
    const analytics = item(evaluate({ edit: events([{ name: "CheckoutStarted", properties: ALL_PROPERTIES }]) }), "analytics");
    expect(analytics.state).toBe("invalid");
    expect(analytics.findings).toEqual([
      { path: ["checklist", "analytics", "events", "added", 0, "name"], message: 'event name "CheckoutStarted" does not match ^[a-z][a-z0-9]*(_[a-z0-9]+)*$' },
    ]);
  });

  it("names the required properties an event lacks", () => {
    const analytics = item(evaluate({ edit: events([], [], [{ name: "checkout_paid", properties: ["plan", "segment"] }]) }), "analytics");
    expect(analytics.findings).toEqual([
      { path: ["checklist", "analytics", "events", "changed", 0, "properties"], message: 'event "checkout_paid" lacks required properties: source, role, environment, version, region' },
    ]);
  });

  it("follows the policy's pattern and required properties", () => {
    const verdict = evaluate({
      edit: events([{ name: "Checkout.Started", properties: [] }]),
      policy: { analytics: { event_name_pattern: "^[A-Z][A-Za-z.]+$", required_properties: [] } },
    });
    expect(item(verdict, "analytics").state).toBe("met");
  });

  it("requires an added event to be in the catalog", () => {
    const verdict = evaluate({ edit: events([{ name: "checkout_started", properties: ALL_PROPERTIES }]), context: { catalog: catalog("cart_opened") } });
    expect(item(verdict, "analytics").findings).toEqual([
      { path: ["checklist", "analytics", "events", "added", 0, "name"], message: 'event "checkout_started" is not in readiness/events.yml' },
    ]);
  });

  it("is met when added events are catalogued", () => {
    const verdict = evaluate({ edit: events([{ name: "checkout_started", properties: ALL_PROPERTIES }]), context: { catalog: catalog("checkout_started") } });
    expect(item(verdict, "analytics").state).toBe("met");
    expect(verdict.notes).toEqual([]);
  });

  it("requires a removed event to leave the catalog", () => {
    const verdict = evaluate({ edit: events([], [{ name: "old_checkout" }]), context: { catalog: catalog("old_checkout") } });
    expect(item(verdict, "analytics").findings).toEqual([
      { path: ["checklist", "analytics", "events", "removed", 0, "name"], message: 'removed event "old_checkout" is still in readiness/events.yml' },
    ]);
  });

  it("accepts a removed event that has left the catalog", () => {
    expect(item(evaluate({ edit: events([], [{ name: "old_checkout" }]), context: { catalog: catalog() } }), "analytics").state).toBe("met");
  });

  it("without a catalog, checks names and properties only and suggests starting one", () => {
    const verdict = evaluate({ edit: events([{ name: "checkout_started", properties: ALL_PROPERTIES }]), context: { catalog: null } });
    expect(item(verdict, "analytics").state).toBe("met");
    expect(verdict.notes).toHaveLength(1);
    expect(verdict.notes[0]).toMatch(/no event catalog; start readiness\/events\.yml/);
    expect(verdict.ready).toBe(true);
  });

  it("does not suggest a catalog when the release touches no events", () => {
    expect(evaluate({ edit: events([]), context: { catalog: null } }).notes).toEqual([]);
  });
});

describe("evaluateRelease: status transitions", () => {
  it("allows a transition the policy lists", () => {
    const verdict = evaluate({ edit: (d) => (d.status = "ga"), context: { baseStatus: "beta" } });
    expect(verdict.transition).toEqual({ from: "beta", to: "ga", allowed: true, message: "status change beta -> ga is allowed" });
    expect(verdict.ready).toBe(true);
  });

  it("blocks a transition the policy does not list, saying where the release can go", () => {
    const verdict = evaluate({ edit: (d) => (d.status = "beta"), context: { baseStatus: "ga" } });
    expect(verdict.transition?.allowed).toBe(false);
    expect(ruleMessages(verdict, "transition")).toEqual(["status change ga -> beta is not allowed by the policy (from ga: rollback)"]);
    expect(verdict.ready).toBe(false);
  });

  it.each(["experiment", "beta", "ga"] as const)("allows %s -> rollback through any -> rollback", (from) => {
    const verdict = evaluate({ edit: (d) => (d.status = "rollback"), context: { baseStatus: from } });
    expect(verdict.transition?.allowed).toBe(true);
  });

  it("follows the repository's transitions, which replace the defaults", () => {
    const verdict = evaluate({ edit: (d) => (d.status = "rollback"), context: { baseStatus: "ga" }, policy: { transitions: ["beta -> ga"] } });
    expect(ruleMessages(verdict, "transition")).toEqual(["status change ga -> rollback is not allowed by the policy"]);
  });

  it("a new manifest may start at any status", () => {
    const verdict = evaluate({ edit: (d) => (d.status = "ga") });
    expect(verdict.transition).toBeUndefined();
    expect(verdict.ready).toBe(true);
  });

  it("an unchanged status is no transition", () => {
    expect(evaluate({ context: { baseStatus: "beta" } }).transition).toBeUndefined();
  });

  it("isTransitionAllowed and evaluateTransition agree with the default table", () => {
    const policy = defaultPolicy();
    expect(isTransitionAllowed("experiment", "beta", policy)).toBe(true);
    expect(isTransitionAllowed("experiment", "ga", policy)).toBe(true);
    expect(isTransitionAllowed("rollback", "experiment", policy)).toBe(true);
    expect(isTransitionAllowed("rollback", "ga", policy)).toBe(false);
    expect(isTransitionAllowed("ga", "experiment", policy)).toBe(false);
    expect(evaluateTransition("rollback", "ga", policy).message).toBe("status change rollback -> ga is not allowed by the policy (from rollback: experiment, beta)");
  });
});

describe("evaluateRelease: promises referenced by the manifest", () => {
  const promise = (overrides: Partial<ReleasePromise> = {}): ReleasePromise => ({
    id: "instant-receipt",
    text: "Your receipt arrives instantly.",
    conditions: [],
    exceptions: [],
    version: 1,
    owner: "@acme/payments",
    effective: "2026-11-01",
    metric: "receipt_latency_p95",
    channels: ["email", "landing"],
    min_status: "beta",
    ...overrides,
  });
  const registry = (...promises: ReleasePromise[]) => new Map(promises.map((p) => [p.id, p]));
  const atGa = (d: ManifestData) => {
    d.status = "ga";
    d.promises = ["instant-receipt"];
  };

  it("blocks a promise id that is not in the registry", () => {
    const verdict = evaluate({ edit: (d) => (d.promises = ["no-such-promise"]), context: { promises: registry(promise()) } });
    expect(ruleMessages(verdict, "promises")).toEqual(['promise "no-such-promise" is not in readiness/promises.yml']);
    expect(verdict.rules.find((r) => r.id === "promises")?.path).toEqual(["promises", 0]);
    expect(verdict.ready).toBe(false);
  });

  it("blocks promises when the repository has no registry", () => {
    const verdict = evaluate({ edit: (d) => (d.promises = ["instant-receipt"]), context: { promises: null } });
    expect(ruleMessages(verdict, "promises")).toEqual(['promise "instant-receipt" is referenced but the repository has no readiness/promises.yml']);
  });

  it("accepts known promise ids", () => {
    expect(evaluate({ edit: atGa, context: { promises: registry(promise()) } }).ready).toBe(true);
  });

  describe("in campaign decisions", () => {
    const decide = (edit: Scenario["edit"], promises: ReleasePromise[], labels = ["campaign:email"], policy?: PolicyFile) =>
      evaluate({ edit, policy, context: { labels, promises: registry(...promises) } }).campaigns;

    it("allows a campaign when every promise fits", () => {
      expect(decide(atGa, [promise()])).toEqual([{ label: "campaign:email", allowed: true, reasons: ["allowed at ga"] }]);
    });

    it("blocks a promise used below its min_status", () => {
      const edit = (d: ManifestData) => {
        d.promises = ["instant-receipt"];
        d.campaigns = [{ label: "campaign:in-app" }];
      };
      const [decision] = decide(edit, [promise({ min_status: "ga", channels: ["in-app"] })], ["campaign:in-app"]);
      expect(decision).toMatchObject({ allowed: false, reasons: ['promise "instant-receipt" may only be used from ga'] });
    });

    it("blocks a promise that is not yet effective, reading 'today' in the policy's time zone", () => {
      const effective = promise({ effective: "2026-12-02" });
      const evening = new Date("2026-12-01T20:00:00Z");
      const inUtc = evaluate({ edit: atGa, now: evening, context: { labels: ["campaign:email"], promises: registry(effective) } });
      expect(inUtc.campaigns[0]).toMatchObject({ allowed: false, reasons: ['promise "instant-receipt" takes effect on 2026-12-02'] });
      const inTokyo = evaluate({ edit: atGa, now: evening, policy: { timezone: "Asia/Tokyo" }, context: { labels: ["campaign:email"], promises: registry(effective) } });
      expect(inTokyo.campaigns[0]?.allowed).toBe(true);
    });

    it("blocks a campaign on a channel the promise is not for", () => {
      const [decision] = decide(atGa, [promise({ channels: ["landing", "docs"] })]);
      expect(decision).toMatchObject({ allowed: false, reasons: ['promise "instant-receipt" is not for the email channel (landing, docs)'] });
    });

    it("maps campaign:<name> to the <name> channel", () => {
      const policy = defaultPolicy();
      expect(channelOfLabel("campaign:email", policy)).toBe("email");
      expect(channelOfLabel("campaign:in-app", policy)).toBe("in-app");
    });

    it("uses the policy's channel mapping over the default", () => {
      const policy: PolicyFile = { channels: { "campaign:email": "newsletter" } };
      expect(channelOfLabel("campaign:email", mergePolicy(policy))).toBe("newsletter");
      expect(decide(atGa, [promise({ channels: ["newsletter"] })], ["campaign:email"], policy)[0]?.allowed).toBe(true);
      expect(decide(atGa, [promise({ channels: ["email"] })], ["campaign:email"], policy)[0]?.allowed).toBe(false);
    });
  });
});

describe("evaluateRelease: campaign decisions", () => {
  const ga = (d: ManifestData) => (d.status = "ga");
  const decide = (scenario: Scenario, labels: string[]) => evaluate({ ...scenario, context: { ...scenario.context, labels } }).campaigns;

  it("allows a declared label when the status allows it and the release is ready", () => {
    expect(decide({ edit: ga }, ["campaign:email"])).toEqual([{ label: "campaign:email", allowed: true, reasons: ["allowed at ga"] }]);
  });

  it("ignores labels that are not campaign labels", () => {
    expect(decide({ edit: ga }, ["bug", "release:ga", "campaigns", "marketing:email"])).toEqual([]);
  });

  it("follows the policy's campaign label glob", () => {
    const policy: PolicyFile = { campaign_labels: "promo:*", statuses: { ga: { campaigns: ["promo:*"] } } };
    const edit = (d: ManifestData) => { ga(d); d.campaigns = [{ label: "promo:spring" }]; };
    expect(decide({ edit, policy }, ["campaign:email", "promo:spring"]).map((d) => [d.label, d.allowed])).toEqual([["promo:spring", true]]);
  });

  it("blocks a label the manifest does not declare", () => {
    const [decision] = decide({ edit: ga }, ["campaign:landing"]);
    expect(decision).toMatchObject({
      allowed: false,
      reasons: ['"campaign:landing" is not declared in the manifest\'s campaigns'],
      remedy: "declare it under campaigns in checkout-v2's manifest",
    });
  });

  it("does not check declarations when the manifest declares no campaigns", () => {
    const [decision] = decide({ edit: (d) => { ga(d); delete d.campaigns; } }, ["campaign:landing"]);
    expect(decision?.allowed).toBe(true);
  });

  it("blocks a label the status does not allow, naming the statuses that would", () => {
    const [decision] = decide({}, ["campaign:email"]);
    expect(decision).toMatchObject({
      allowed: false,
      reasons: ["beta allows campaign:in-app, campaign:beta*"],
      remedy: "move the release to ga",
    });
  });

  it("says when a status allows no campaign labels at all", () => {
    const edit = (d: ManifestData, c: Checklist) => {
      d.status = "experiment";
      (c.segment_limits as Record<string, unknown>).rollout_percent = 5;
      d.campaigns = [{ label: "campaign:beta-list" }];
    };
    const [decision] = decide({ edit }, ["campaign:beta-list"]);
    expect(decision).toMatchObject({ allowed: false, reasons: ["experiment allows no campaign labels"], remedy: "move the release to beta or ga" });
  });

  it("allows beta labels at beta", () => {
    const edit = (d: ManifestData) => (d.campaigns = [{ label: "campaign:in-app" }, { label: "campaign:beta-waitlist" }]);
    expect(decide({ edit }, ["campaign:in-app", "campaign:beta-waitlist"]).map((d) => d.allowed)).toEqual([true, true]);
  });

  it("blocks every campaign while the release is not ready", () => {
    const [decision] = decide({ edit: (d, c) => { ga(d); delete c.docs; delete c.monitoring; } }, ["campaign:email"]);
    expect(decision).toMatchObject({ allowed: false, reasons: ["the release is not ready (2 blockers)"], remedy: "make the release ready" });
  });

  it("gives every reason at once", () => {
    const [decision] = decide({ edit: (_d, c) => delete c.docs }, ["campaign:landing"]);
    expect(decision?.reasons).toEqual([
      '"campaign:landing" is not declared in the manifest\'s campaigns',
      "beta allows campaign:in-app, campaign:beta*",
      "the release is not ready (1 blocker)",
    ]);
  });
});

describe("combineCampaignDecisions", () => {
  const verdictFor = (release: string, status: "beta" | "ga") =>
    evaluate({
      edit: (d) => {
        d.release = release;
        d.status = status;
      },
      context: { labels: ["campaign:email", "bug"] },
    });

  it("allows a label only when every release allows it", () => {
    const combined = combineCampaignDecisions([verdictFor("payments", "ga"), verdictFor("search", "beta")]);
    expect(combined).toEqual([
      {
        label: "campaign:email",
        allowed: false,
        reasons: ["search: beta allows campaign:in-app, campaign:beta*"],
        remedy: "search: move the release to ga",
      },
    ]);
  });

  it("collects the reasons of every release that blocks, whatever the order", () => {
    const combined = combineCampaignDecisions([verdictFor("search", "beta"), verdictFor("payments", "ga"), verdictFor("profile", "beta")]);
    expect(combined[0]?.allowed).toBe(false);
    expect(combined[0]?.reasons).toEqual([
      "search: beta allows campaign:in-app, campaign:beta*",
      "profile: beta allows campaign:in-app, campaign:beta*",
    ]);
  });

  it("allows the label when all releases allow it", () => {
    expect(combineCampaignDecisions([verdictFor("payments", "ga"), verdictFor("search", "ga")]))
      .toEqual([{ label: "campaign:email", allowed: true, reasons: ["allowed at ga"] }]);
  });

  it("passes a single release's decision through without a prefix", () => {
    expect(combineCampaignDecisions([verdictFor("search", "beta")])[0]?.reasons).toEqual(["beta allows campaign:in-app, campaign:beta*"]);
  });

  it("has nothing to decide without releases", () => {
    expect(combineCampaignDecisions([])).toEqual([]);
  });
});
