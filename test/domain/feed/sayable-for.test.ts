import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildFeed } from "../../../src/domain/feed/build.js";
import type { Feed } from "../../../src/domain/feed/schema.js";
import { sayableFor, type SayableFeed } from "../../../src/domain/feed/sayable-for.js";
import { defaultPolicy } from "../../../src/domain/policy/resolve.js";
import { REPO_ROOT } from "../../cli/cli-harness.js";
import { exampleManifests } from "./example-feed.js";

const feed: Feed = buildFeed({
  manifests: exampleManifests(),
  policy: defaultPolicy(),
  now: new Date("2026-11-23T12:00:00Z"),
  source: { repository: null, changed_from: "mtime", status_history: { from: null, depth: null } },
  waiversCounted: false,
});

// Compile-time: the whole document is acceptable where sayableFor's narrower input is asked for.
const asInput: SayableFeed = feed;

const slugs = (visitor: Parameters<typeof sayableFor>[1]) => sayableFor(asInput, visitor).releases.map((r) => r.slug);

describe("sayableFor on the example releases", () => {
  it("imports nothing, so a landing page or an email build can take the one file", () => {
    const source = readFileSync(join(REPO_ROOT, "src/domain/feed/sayable-for.ts"), "utf8");
    expect(source).not.toMatch(/^\s*import\s/m);
    expect(source).not.toMatch(/\brequire\(|\bimport\(/);
    expect(source).not.toMatch(/^\s*export\s[^;]*\sfrom\s/m);
  });

  it.each([
    // plan, region → releases the visitor has (checkout-v2: pro/enterprise in EU at 20%; invoice-export: pro/enterprise in EU and US;
    // smart-search: free/pro in EU and US at 25%; bulk-edit is rolled back, nobody has it)
    ["free", "EU", ["smart-search"]],
    ["free", "US", ["smart-search"]],
    ["pro", "EU", ["checkout-v2", "invoice-export", "smart-search"]],
    ["pro", "US", ["invoice-export", "smart-search"]],
    ["enterprise", "EU", ["checkout-v2", "invoice-export"]],
    ["enterprise", "US", ["invoice-export"]],
  ])("a %s visitor in %s has %j", (plan, region, expected) => {
    expect(slugs({ plan, region })).toEqual(expected);
  });

  it("matches plan and region names whatever their case, and a visitor in a region outside every segment has none", () => {
    expect(slugs({ plan: "PRO ", region: "eu" })).toEqual(slugs({ plan: "pro", region: "EU" }));
    expect(slugs({ region: "APAC" })).toEqual([]);
    expect(slugs({})).toEqual(["checkout-v2", "invoice-export", "smart-search"]);
  });

  it("gives the promise wording that applies on a channel, and only releases open on it", () => {
    const email = sayableFor(asInput, { plan: "enterprise", region: "EU", channel: "email" });
    expect(email.releases.map((r) => r.slug)).toEqual(["invoice-export"]);
    expect(email.releases[0]!.promises).toEqual([{
      id: "invoice-export-24h", text: "Any invoice export is ready to download within 24 hours.",
      conditions: ["The export covers at most 50,000 invoices"], exceptions: ["Scheduled maintenance announced a week ahead"], version: 2,
    }]);
    expect(email.visitor).toEqual({ plan: "enterprise", region: "EU", channel: "email" });
    expect(slugs({ plan: "pro", region: "EU", channel: "in-app" })).toEqual([]);
  });

  it("shows a change limited to some plans only to those plans", () => {
    const titles = (plan: string) => sayableFor(asInput, { plan, region: "US" }).releases.find((r) => r.slug === "invoice-export")?.changes.map((c) => c.title);
    expect(titles("pro")).toEqual(["Export invoices to CSV", "Invoice totals are rounded per line"]);
    const generic = sayableFor(asInput, { region: "US" }).releases.find((r) => r.slug === "invoice-export");
    expect(generic?.changes).toHaveLength(2);
    const business = { ...feed, releases: feed.releases.map((r) => r.slug === "invoice-export" ? { ...r, segment_limits: null } : r) };
    expect(sayableFor(business, { plan: "business" }).releases.find((r) => r.slug === "invoice-export")?.changes.map((c) => c.title))
      .toEqual(["Invoice totals are rounded per line"]);
  });

  it("says nothing of a promise on a release that is not ready, even for a visitor who has the release", () => {
    const checkout = sayableFor(asInput, { plan: "pro", region: "EU" }).releases.find((r) => r.slug === "checkout-v2");
    expect(checkout).toMatchObject({ rollout_percent: 20, channels: [], promises: [] });
    expect(checkout?.limitations).toEqual([{ kind: "integration", text: "Gift cards are not supported yet.", workaround: "Use the classic checkout link in the footer." }]);
  });
});
