import { describe, expect, it } from "vitest";
import { diffCatalogs, undeclaredCatalogChanges } from "../../../src/domain/registry/changes.js";
import { parseEventCatalog, parsePromiseRegistry, type Parsed } from "../../../src/domain/registry/parse.js";
import { changedPromises, referencesOf, removedButReferenced } from "../../../src/domain/registry/references.js";
import { completeManifestData, parseManifestData } from "../fixtures/manifests.js";

function ok<T>(parsed: Parsed<T>): Parsed<T> & { ok: true } {
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join("; "));
  return parsed;
}

const promise = (id: string, version: number, conditions = "[card payments]") =>
  `  - id: ${id}\n    text: Receipts arrive in a minute.\n    conditions: ${conditions}\n    version: ${version}\n    owner: "@acme/payments"\n    effective: 2026-10-01\n    metric: receipt_latency\n    channels: [email]\n`;
const registry = (...promises: string[]) => ok(parsePromiseRegistry(`version: 1\npromises:\n${promises.join("")}`));
const event = (name: string) => `  - name: ${name}\n    description: Something happened.\n    properties: [plan]\n    owner: "@acme/analytics"\n`;
const catalog = (...events: string[]) => ok(parseEventCatalog(`version: 1\nevents:\n${events.join("")}`));

function release(slug: string, edit: (data: Record<string, unknown>) => void = () => {}) {
  const data = { ...completeManifestData(), release: slug };
  edit(data);
  return referencesOf(parseManifestData(data).manifest);
}

describe("referencesOf: what a release needs from the registry and the catalog", () => {
  it("lists its promises, the events it adds or changes with its exposure events, and the events it removes", () => {
    const refs = release("checkout-v2", (data) => {
      data.promises = ["instant-receipt"];
      data.campaigns = [{ label: "campaign:email", exposure_event: "campaign_exposed" }];
      (data.checklist as { analytics: { events: Record<string, unknown[]> } }).analytics.events.removed = [{ name: "old_event" }];
    });
    expect(refs).toEqual({ release: "checkout-v2", promises: ["instant-receipt"], events: ["checkout_started", "campaign_exposed"], removesEvents: ["old_event"] });
  });
});

describe("changedPromises: every promise the PR changes, with the releases carrying it", () => {
  const carriers = [
    release("checkout-v2", (d) => (d.promises = ["instant-receipt"])),
    release("invoice-export", (d) => (d.promises = ["instant-receipt", "gone"])),
    release("smart-search"),
  ];

  it("names added, changed and removed promises, and who carries each", () => {
    const base = registry(promise("instant-receipt", 1), promise("gone", 1), promise("same", 1));
    const head = registry(promise("instant-receipt", 2, "[card and wallet payments]"), promise("same", 1), promise("fresh", 1));
    expect(changedPromises(base.data, head.data, carriers)).toEqual([
      { id: "instant-receipt", change: "changed", from: 1, to: 2, changed: ["conditions"], releases: ["checkout-v2", "invoice-export"] },
      { id: "fresh", change: "added", from: null, to: 1, changed: [], releases: [] },
      { id: "gone", change: "removed", from: 1, to: null, changed: [], releases: ["invoice-export"] },
    ]);
  });

  it("treats a registry that is new or deleted as one side with no promises", () => {
    expect(changedPromises(null, registry(promise("fresh", 1)).data, carriers).map((c) => c.change)).toEqual(["added"]);
    expect(changedPromises(registry(promise("gone", 1)).data, null, carriers).map((c) => c.change)).toEqual(["removed"]);
    expect(changedPromises(registry(promise("same", 1)).data, registry(promise("same", 1)).data, carriers)).toEqual([]);
  });
});

describe("removedButReferenced: nothing a base-branch release uses may go", () => {
  const baseCatalog = catalog(event("checkout_started"), event("old_event"));
  const headCatalog = catalog(event("something_else"));
  const diff = diffCatalogs(baseCatalog.data, headCatalog.data);
  const head = registry(promise("same", 1));
  const references = [release("checkout-v2", (d) => (d.promises = ["instant-receipt"]))];

  it("is a finding at the list the promise or event was removed from, naming the release", () => {
    const base = registry(promise("instant-receipt", 1), promise("unused", 1), promise("same", 1));
    const problems = removedButReferenced({
      promises: { base: base.data, head: head.data }, catalog: diff, references, declaring: [],
      locate: { promises: head.locate, events: headCatalog.locate },
    });
    expect(problems.map((p) => [p.file, p.line, p.key, p.message])).toEqual([
      ["readiness/promises.yml", 2, "promises", 'promise "instant-receipt" is removed, but release checkout-v2 still lists it under promises'],
      ["readiness/events.yml", 2, "events", 'event "checkout_started" is removed from the catalog, but release checkout-v2 still uses it'],
    ]);
  });

  it("points at the files it is told, for the CLI's registries elsewhere", () => {
    const base = registry(promise("instant-receipt", 1));
    const [problem] = removedButReferenced({
      promises: { base: base.data, head: head.data }, catalog: null, references, declaring: [], locate: {}, files: { promises: "examples/promises.yml" },
    });
    expect(problem!.file).toBe("examples/promises.yml");
  });

  it("leaves catalog removals to undeclaredCatalogChanges when a manifest comes with the change", () => {
    const declaring = [parseManifestData(completeManifestData()).manifest];
    expect(removedButReferenced({ promises: undefined, catalog: diff, references, declaring, locate: {} })).toEqual([]);
    expect(undeclaredCatalogChanges(diff, declaring, {}).map((p) => p.message)).toContain(
      'event "checkout_started" is removed from the catalog, but release checkout-v2 still lists it');
  });
});
