import { describe, expect, it } from "vitest";
import { analyticsContract, renderAnalyticsContract } from "../../../src/domain/report/analytics-contract.js";
import { completeManifestData, parseManifestData } from "../fixtures/manifests.js";

const PROPS = ["plan", "segment", "source", "role", "environment", "version", "region"];

function manifest(edit: (data: Record<string, unknown>) => void = () => {}) {
  const data = completeManifestData();
  edit(data);
  return parseManifestData(data).manifest;
}

describe("the analytics contract (docs/reference/checks-labels-comment.md#analytics-contract)", () => {
  const release = manifest((data) => {
    const analytics = (data.checklist as { analytics: { events: Record<string, unknown[]> } }).analytics;
    analytics.events.changed = [{ name: "cart_viewed", properties: [...PROPS, "payment_method"] }];
    analytics.events.removed = [{ name: "old_event" }];
    data.campaigns = [
      { label: "campaign:email", holdout_percent: 10, exposure_event: "campaign_exposed" },
      { label: "campaign:landing" },
    ];
  });
  const catalog = {
    added: [{ name: "checkout_started", properties: PROPS, index: 0 }],
    changed: [{ name: "cart_viewed", propertiesAdded: ["payment_method"], propertiesRemoved: ["legacy"], detailsChanged: false, index: 1 }],
    removed: [{ name: "old_event", properties: [], index: 2 }],
  };

  it("states events added, changed (with what the catalog gained and lost), removed, dashboards and campaigns", () => {
    const text = renderAnalyticsContract(analyticsContract([release], catalog));
    expect(text).toContain("**checkout-v2**");
    expect(text).toContain("- Events added: `checkout_started` (plan, segment, source, role, environment, version, region)");
    expect(text).toContain("- Events changed: `cart_viewed` (properties added: payment\\_method; properties removed: legacy)");
    expect(text).toContain("- Events removed: `old_event`");
    expect(text).toContain("- Dashboards to update: [https\\://bi.example.com/d/checkout](https://bi.example.com/d/checkout)");
    expect(text).toContain("- Campaigns: `campaign:email`: holdout 10%, exposure event `campaign_exposed`; `campaign:landing`: no holdout, no exposure event");
    expect(text).toContain("Event catalog (`readiness/events.yml`), base → head: added `checkout_started`; changed `cart_viewed` (+payment\\_method −legacy); removed `old_event`.");
  });

  it("says when the catalog was not compared, and when analytics is not applicable", () => {
    expect(renderAnalyticsContract(analyticsContract([release], null))).toContain("`cart_viewed` (properties now: plan, segment, source, role, environment, version, region, payment\\_method; the catalog was not compared with the base)");
    const na = manifest((data) => ((data.checklist as Record<string, unknown>).analytics = { not_applicable: "internal tool" }));
    expect(renderAnalyticsContract(analyticsContract([na], { added: [], changed: [], removed: [] }))).toContain("- Analytics not applicable: internal tool\n- Campaigns: `campaign:email`: no holdout, no exposure event");
    expect(renderAnalyticsContract(analyticsContract([], null))).toBe("");
  });
});
