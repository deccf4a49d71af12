import { describe, expect, it } from "vitest";
import { buildFeed, renderFeed, type FeedInput } from "../../../src/domain/feed/build.js";
import { feedSchema, type FeedRelease } from "../../../src/domain/feed/schema.js";
import { defaultPolicy } from "../../../src/domain/policy/resolve.js";
import { exampleManifests, exampleText, feedManifest } from "./example-feed.js";

const NOW = new Date("2026-11-23T12:00:00Z");

function feedOf(overrides: Partial<FeedInput> = {}) {
  return buildFeed({
    manifests: exampleManifests(),
    policy: defaultPolicy(),
    now: NOW,
    source: { repository: null, changed_from: "mtime", status_history: { from: null, depth: null } },
    waiversCounted: false,
    ...overrides,
  });
}

const release = (slug: string, feed = feedOf()): FeedRelease => {
  const found = feed.releases.find((r) => r.slug === slug);
  if (!found) throw new Error(`no release ${slug}`);
  return found;
};

describe("buildFeed on the example releases", () => {
  it("lists every release by slug, valid for its own schema, and says the CLI counts no waivers", () => {
    const feed = feedOf();
    expect(feed.releases.map((r) => r.slug)).toEqual(["bulk-edit", "checkout-v2", "invoice-export", "smart-search"]);
    expect(feedSchema.parse(feed)).toEqual(feed);
    expect(feed).toMatchObject({ version: 1, as_of: "2026-11-23", timezone: "UTC", readiness: { waivers_counted: false } });
    expect(feed.readiness.note).toContain("no waivers");
  });

  it("gives readiness as the checks do: GA invoice export and the tested rollback are ready, the beta and the over-rolled experiment are not", () => {
    const feed = feedOf();
    expect(Object.fromEntries(feed.releases.map((r) => [r.slug, r.ready]))).toEqual({
      "bulk-edit": true, "checkout-v2": false, "invoice-export": true, "smart-search": false,
    });
  });

  it("opens the channels of a ready GA release's promise and its allowed campaigns, and none for a release that is not ready", () => {
    const invoice = release("invoice-export");
    expect(invoice.promises).toEqual([{
      id: "invoice-export-24h", sayable: true, text: "Any invoice export is ready to download within 24 hours.",
      conditions: ["The export covers at most 50,000 invoices"], exceptions: ["Scheduled maintenance announced a week ahead"],
      version: 2, effective: "2026-11-01", channels: ["email", "landing", "docs", "support"],
    }]);
    expect(invoice.campaigns).toEqual([
      { label: "campaign:email", channel: "email", audience: "existing", open: true },
      { label: "campaign:landing", channel: "landing", audience: "new", open: true },
    ]);
    expect(invoice.channels).toEqual(["docs", "email", "landing", "support"]);
    const checkout = release("checkout-v2");
    expect(checkout.campaigns).toEqual([{ label: "campaign:email", channel: "email", audience: "existing", open: false }]);
    expect(checkout.channels).toEqual([]);
  });

  it("lists a promise whose min_status is not reached, or whose date is to come, without its wording", () => {
    const beta = exampleText("checkout-v2.yml").replace("campaigns:", "promises: [instant-receipt]\ncampaigns:");
    const atBeta = buildFeed({ manifests: [feedManifest(beta, "checkout-v2.yml")], policy: defaultPolicy(), now: NOW, source: { repository: null, changed_from: "git", status_history: { from: "git", depth: null } }, waiversCounted: false });
    expect(atBeta.releases[0]!.promises).toEqual([{ id: "instant-receipt", sayable: false, reason: "min_status", min_status: "ga", effective: "2026-10-01" }]);
    expect(renderFeed(atBeta)).not.toContain("Your receipt arrives");

    const later = exampleText("promises.yml").replace("effective: 2026-11-01", "effective: 2026-12-15");
    const future = buildFeed({ manifests: [feedManifest(exampleText("invoice-export.yml"), "invoice-export.yml", null, later)], policy: defaultPolicy(), now: NOW, source: { repository: null, changed_from: "git", status_history: { from: "git", depth: null } }, waiversCounted: false });
    const invoice = future.releases[0]!;
    expect(invoice.promises).toEqual([{ id: "invoice-export-24h", sayable: false, reason: "effective", min_status: "ga", effective: "2026-12-15" }]);
    expect(renderFeed(future)).not.toContain("within 24 hours");
    // Its channels close with it; the campaign gate blocks the campaigns that would carry it.
    expect(invoice.channels).toEqual([]);
    expect(invoice.calendar).toContainEqual({ date: "2026-12-15", kind: "promise_effective", promise: "invoice-export-24h", status: null });
  });

  it("keeps segment limits, changes with their audiences (all when unnamed) and limitations with workarounds", () => {
    const invoice = release("invoice-export");
    expect(invoice.segment_limits).toEqual({ rollout_percent: 100, regions: ["EU", "US"], plans: ["pro", "enterprise"] });
    expect(invoice.changes[1]).toEqual({ title: "Invoice totals are rounded per line", type: "improvement", audiences: ["new", "existing", "enterprise", "support"], plans: null, regions: null });
    expect(invoice.changes[0]!.plans).toEqual(["pro", "enterprise"]);
    expect(invoice.limitations?.[0]).toEqual({ kind: "functional", text: "One export covers at most 50,000 invoices.", workaround: "Export a shorter date range and combine the files.", audiences: ["new", "existing", "enterprise", "support"] });
  });

  it("puts the dates that matter on the release's calendar, in date order", () => {
    expect(release("invoice-export").calendar).toEqual([
      { date: "2026-11-01", kind: "promise_effective", promise: "invoice-export-24h", status: null },
      { date: "2026-11-10", kind: "support_training", promise: null, status: null },
      { date: "2026-11-12", kind: "rollback_rehearsal", promise: null, status: null },
      { date: "2026-11-20", kind: "manifest_changed", promise: null, status: null },
    ]);
  });

  it("puts each status change of the manifest's history on the calendar, its arrival too when the history reaches back to it", () => {
    const ga = exampleText("invoice-export.yml");
    const beta = ga.replace("status: ga", "status: beta");
    const experiment = ga.replace("status: ga", "status: experiment");
    expect([beta, experiment].every((t) => t !== ga)).toBe(true);
    const revisions = [
      { commit: "a", at: "2026-10-02T08:00:00Z", text: experiment },
      { commit: "b", at: "2026-10-20T08:00:00Z", text: beta },
      // A change that leaves the status alone is no status change.
      { commit: "c", at: "2026-10-25T08:00:00Z", text: `${beta}\n` },
      { commit: "d", at: "2026-11-20T10:00:00Z", text: ga },
    ];
    const entry = feedManifest(ga, "invoice-export.yml");
    const statusDates = (fromStart: boolean) => buildFeed({
      manifests: [{ ...entry, history: { revisions, fromStart } }], policy: defaultPolicy(), now: NOW,
      source: { repository: null, changed_from: "git", status_history: { from: "git", depth: null } }, waiversCounted: false,
    }).releases[0]!.calendar.filter((d) => d.kind === "status_changed");
    expect(statusDates(true)).toEqual([
      { date: "2026-10-02", kind: "status_changed", promise: null, status: { from: null, to: "experiment" } },
      { date: "2026-10-20", kind: "status_changed", promise: null, status: { from: "experiment", to: "beta" } },
      { date: "2026-11-20", kind: "status_changed", promise: null, status: { from: "beta", to: "ga" } },
    ]);
    // A history cut short (a shallow clone, GitHub's latest commits) starts at its oldest revision: no invented arrival.
    expect(statusDates(false).map((d) => d.status)).toEqual([{ from: "experiment", to: "beta" }, { from: "beta", to: "ga" }]);
    // Without a history there is only the day it last changed.
    expect(release("invoice-export").calendar.filter((d) => d.kind === "status_changed")).toEqual([]);
  });

  it("carries nothing internal: no blockers, rollback steps, hypotheses, dashboards, materials or people", () => {
    const text = renderFeed(feedOf());
    for (const internal of ["Turn flag", "hypothesis", "grafana", "wiki.example.com", "bi.example.com", "Forgiving typos", "blocker", "exceeds"]) {
      expect(text).not.toContain(internal);
    }
    const person = exampleText("smart-search.yml").replace('owner: "@acme/search"', 'owner: "@jane-doe"');
    const feed = buildFeed({ manifests: [feedManifest(person, "smart-search.yml")], policy: defaultPolicy(), now: NOW, source: { repository: null, changed_from: "git", status_history: { from: "git", depth: null } }, waiversCounted: false });
    expect(feed.releases[0]!.owner).toBeNull();
    expect(renderFeed(feed)).not.toContain("jane-doe");
    expect(release("checkout-v2").owner).toBe("@acme/payments");
  });

  it("counts a waiver when the caller passes the accepted ledger, and says so, without the waiver's reason or author", () => {
    const checkout = feedManifest(exampleText("checkout-v2.yml"), "checkout-v2.yml");
    const ledger = { entries: [{ kind: "waiver" as const, release: "checkout-v2", item: "support_training" as const, by: "maria", at: "2026-11-22T09:00:00Z", until: "2026-11-30T09:00:00Z", reason: "training booked for Friday" }] };
    const feed = buildFeed({ manifests: [{ ...checkout, ledger }], policy: defaultPolicy(), now: NOW, source: { repository: "acme/shop", changed_from: "github", status_history: { from: "github", depth: 10 } }, waiversCounted: true });
    expect(feed.releases[0]!.ready).toBe(true);
    expect(feed.readiness).toEqual({ waivers_counted: true, note: expect.stringContaining("waivers and sign-offs accepted") });
    expect(renderFeed(feed)).not.toMatch(/maria|training booked/);
  });

  it("is byte-identical for the same input whatever order the manifests come in, and changes with the day", () => {
    const forward = renderFeed(feedOf());
    const backward = renderFeed(feedOf({ manifests: exampleManifests().reverse() }));
    expect(backward).toBe(forward);
    expect(renderFeed(feedOf({ now: new Date("2026-11-23T23:59:00Z") }))).toBe(forward);
    expect(renderFeed(feedOf({ now: new Date("2026-11-24T00:01:00Z") }))).not.toBe(forward);
    expect(forward.endsWith("}\n")).toBe(true);
  });
});
