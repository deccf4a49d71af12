import { describe, expect, it } from "vitest";
import { describePromiseChange, diffCatalogs, promiseVersionChanges, undeclaredCatalogChanges } from "../../../src/domain/registry/changes.js";
import { parseEventCatalog, parsePromiseRegistry, type Parsed } from "../../../src/domain/registry/parse.js";
import type { EventCatalog, PromiseRegistry } from "../../../src/domain/registry/schema.js";
import { completeManifestData, parseManifestData } from "../fixtures/manifests.js";

const REQUIRED = "[plan, segment, source, role, environment, version, region]";
const event = (name: string, properties = REQUIRED, description = "Something happened.") =>
  `  - name: ${name}\n    description: ${description}\n    properties: ${properties}\n    owner: "@acme/analytics"\n`;
const catalogText = (...events: string[]) => `version: 1\nevents:\n${events.join("")}`;

function ok<T>(parsed: Parsed<T>): Parsed<T> & { ok: true } {
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join("; "));
  return parsed;
}

describe("diffCatalogs: the catalog at head against the base", () => {
  const base = ok(parseEventCatalog(catalogText(event("checkout_started"), event("cart_viewed"), event("old_event"))));
  const head = ok(parseEventCatalog(catalogText(
    event("checkout_started", "[plan, segment, source, role, environment, version, region, payment_method]"),
    event("cart_viewed", REQUIRED, "The cart was opened."),
    event("checkout_paid"),
  )));
  const diff = diffCatalogs(base.data, head.data);

  it("lists added, changed (with the properties gained and lost) and removed events", () => {
    expect(diff.added.map((e) => [e.name, e.index])).toEqual([["checkout_paid", 2]]);
    expect(diff.changed).toEqual([
      { name: "checkout_started", propertiesAdded: ["payment_method"], propertiesRemoved: [], detailsChanged: false, index: 0 },
      { name: "cart_viewed", propertiesAdded: [], propertiesRemoved: [], detailsChanged: true, index: 1 },
    ]);
    expect(diff.removed.map((e) => [e.name, e.index])).toEqual([["old_event", 2]]);
  });

  it("finds nothing between a catalog and itself", () => {
    expect(diffCatalogs(base.data, base.data)).toEqual({ added: [], changed: [], removed: [] });
  });

  it("reports a catalog change no manifest declares at its line", () => {
    const manifest = parseManifestData(completeManifestData()).manifest;
    const problems = undeclaredCatalogChanges(diff, [manifest], { head: head.locate, base: base.locate });
    const headLines = catalogText(event("checkout_started"), event("cart_viewed"), event("checkout_paid")).split("\n");
    expect(problems.map((p) => [p.file, p.line, p.key])).toEqual([
      ["readiness/events.yml", headLines.indexOf("  - name: checkout_paid") + 1, "events[2].name"],
      ["readiness/events.yml", 2, "events"],
    ]);
    expect(problems[0]!.message).toBe('event "checkout_paid" is added to the catalog, but no release manifest in this PR adds it (list it under checklist.analytics.events.added)');
    expect(problems[1]!.message).toBe('event "old_event" (line 11 at the base) is removed from the catalog, but no release manifest in this PR removes it (list it under checklist.analytics.events.removed)');
  });

  it("words the finding for where it is shown: a PR's manifests, or those the CLI checks", () => {
    const manifest = parseManifestData(completeManifestData()).manifest;
    const local = undeclaredCatalogChanges(diff, [manifest], { head: head.locate }, { file: "examples/events.yml", declaring: "checked" });
    expect(local.map((p) => [p.file, p.message])).toEqual([
      ["examples/events.yml", 'event "checkout_paid" is added to the catalog, but no release manifest checked against this catalog adds it (list it under checklist.analytics.events.added)'],
      ["examples/events.yml", 'event "old_event" is removed from the catalog, but no release manifest checked against this catalog removes it (list it under checklist.analytics.events.removed)'],
    ]);
    expect(local.some((p) => p.message.includes("PR"))).toBe(false);
  });

  it("finds nothing when no manifest comes with the change (a PR that changes only the catalog)", () => {
    expect(undeclaredCatalogChanges(diff, [], { head: head.locate, base: base.locate })).toEqual([]);
  });

  it("accepts catalog changes the manifests declare, a campaign's exposure event among them", () => {
    const data = completeManifestData();
    const analytics = (data.checklist as { analytics: { events: Record<string, unknown[]> } }).analytics;
    analytics.events.removed = [{ name: "old_event" }];
    data.campaigns = [{ label: "campaign:email", exposure_event: "checkout_paid" }];
    expect(undeclaredCatalogChanges(diff, [parseManifestData(data).manifest], { head: head.locate })).toEqual([]);
  });

  it("names the release that still lists an event the catalog drops", () => {
    const removedInUse = diffCatalogs(head.data, base.data as EventCatalog);
    const manifest = parseManifestData(completeManifestData()).manifest;
    const data = completeManifestData();
    (data.checklist as { analytics: { events: Record<string, unknown[]> } }).analytics.events.added!.push({ name: "checkout_paid", properties: REQUIRED.slice(1, -1).split(", ") });
    const [problem] = undeclaredCatalogChanges(removedInUse, [manifest, parseManifestData(data).manifest], {}).filter((p) => p.message.includes("checkout_paid"));
    expect(problem!.message).toBe('event "checkout_paid" is removed from the catalog, but release checkout-v2 still lists it');
  });
});

describe("promiseVersionChanges: what marketing must update", () => {
  const registry = (version: number, conditions: string, text = "Your receipt arrives instantly.") => ok(parsePromiseRegistry(
    `version: 1\npromises:\n  - id: instant-receipt\n    text: ${text}\n    conditions: [${conditions}]\n    version: ${version}\n    owner: "@acme/payments"\n    effective: 2026-11-01\n    metric: receipt_latency_p95\n`,
  )).data as PromiseRegistry;

  it("names each promise whose version rose and what changed", () => {
    const [change] = promiseVersionChanges(registry(1, "Card payments"), registry(2, "Card and wallet payments"));
    expect(change).toEqual({ id: "instant-receipt", from: 1, to: 2, changed: ["conditions"] });
    expect(describePromiseChange(change!)).toBe("instant-receipt v1 → v2: conditions changed");
    const [both] = promiseVersionChanges(registry(1, "Card payments"), registry(3, "Cards", "Receipts arrive in a minute."));
    expect(describePromiseChange(both!)).toBe("instant-receipt v1 → v3: text and conditions changed");
  });

  it("says nothing of a promise whose version stayed", () => {
    expect(promiseVersionChanges(registry(1, "Card payments"), registry(1, "Card payments"))).toEqual([]);
  });
});
