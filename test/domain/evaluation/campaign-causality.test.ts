import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { evaluateRelease } from "../../../src/domain/evaluation/release.js";
import { EMPTY_LEDGER } from "../../../src/domain/ledger/ledger.js";
import { parseManifest } from "../../../src/domain/manifest/parse.js";
import { mergePolicy, parsePolicy } from "../../../src/domain/policy/resolve.js";
import type { PolicyFile } from "../../../src/domain/policy/schema.js";
import type { EventCatalog } from "../../../src/domain/registry/schema.js";
import { completeManifestData, MANIFEST_FILE, parseManifestData } from "../fixtures/manifests.js";

const NOW = new Date("2026-12-01T12:00:00Z");
const REQUIRED = ["plan", "segment", "source", "role", "environment", "version", "region"];

/** The complete manifest adds checkout_started, so every catalog here lists it. */
const catalog = (...events: Array<{ name: string; properties: string[] }>): EventCatalog => ({
  version: 1,
  events: [{ name: "checkout_started", properties: REQUIRED }, ...events].map((e) => ({ ...e, description: "Seen", owner: "@acme/analytics" })),
});
const exposure = (properties = ["campaign", "variant", ...REQUIRED]) => ({ name: "campaign_exposed", properties });

function decide(campaign: Record<string, unknown>, policy: PolicyFile, events: EventCatalog | null = catalog(exposure()), label = "campaign:email") {
  const data = completeManifestData();
  data.status = "ga";
  data.campaigns = [{ label: "campaign:email", ...campaign }, { label: "campaign:landing" }];
  const { manifest, itemProblems } = parseManifestData(data);
  const verdict = evaluateRelease(manifest, mergePolicy(policy), EMPTY_LEDGER, NOW, { labels: [label], catalog: events, itemProblems });
  return verdict.campaigns[0]!;
}

describe("campaign causality (docs/reference/policy.md#campaign-rules)", () => {
  it("asks nothing with the default policy", () => {
    expect(decide({}, {})).toMatchObject({ allowed: true });
  });

  it("blocks a campaign with no holdout, saying which minimum the policy asks for", () => {
    const decision = decide({}, { campaign_rules: { holdout_min_percent: 5 } });
    expect(decision.allowed).toBe(false);
    expect(decision.reasons).toEqual(["campaign:email has no holdout; the policy asks for at least 5%"]);
    expect(decision.remedy).toContain("set holdout_percent to at least 5 for campaign:email");
  });

  it("blocks a holdout below the minimum and allows one at it", () => {
    expect(decide({ holdout_percent: 2 }, { campaign_rules: { holdout_min_percent: 5 } }).reasons)
      .toEqual(["campaign:email holds out 2%; the policy asks for at least 5%"]);
    expect(decide({ holdout_percent: 5 }, { campaign_rules: { holdout_min_percent: 5 } }).allowed).toBe(true);
  });

  it("applies only to the labels applies_to matches", () => {
    const policy: PolicyFile = { campaign_rules: { holdout_min_percent: 5, applies_to: ["campaign:landing"] } };
    expect(decide({}, policy).allowed).toBe(true);
    expect(decide({}, policy, catalog(), "campaign:landing").reasons).toEqual(["campaign:landing has no holdout; the policy asks for at least 5%"]);
  });

  it("asks for an exposure event carrying campaign, variant and the required properties", () => {
    const policy: PolicyFile = { campaign_rules: { require_exposure_event: true } };
    expect(decide({}, policy).reasons).toEqual(["campaign:email has no exposure event; the policy asks for one carrying campaign and variant"]);
    expect(decide({ exposure_event: "campaign_exposed" }, policy).allowed).toBe(true);
    expect(decide({ exposure_event: "campaign_seen" }, policy).reasons)
      .toEqual(['campaign:email\'s exposure event "campaign_seen" is not in readiness/events.yml']);
    expect(decide({ exposure_event: "campaign_exposed" }, policy, catalog(exposure(["campaign", ...REQUIRED.slice(1)]))).reasons)
      .toEqual(['campaign:email\'s exposure event "campaign_exposed" lacks the properties variant, plan in readiness/events.yml']);
    expect(decide({ exposure_event: "campaign_exposed" }, policy, null).reasons)
      .toEqual(['campaign:email\'s exposure event "campaign_exposed" cannot be checked: the repository has no readiness/events.yml']);
  });

  it("gives both reasons when both are missing", () => {
    const decision = decide({ holdout_percent: 1 }, { campaign_rules: { holdout_min_percent: 10, require_exposure_event: true } });
    expect(decision.reasons).toEqual([
      "campaign:email holds out 1%; the policy asks for at least 10%",
      "campaign:email has no exposure event; the policy asks for one carrying campaign and variant",
    ]);
  });
});

describe("campaign causality: bad values name file, line and key", () => {
  const manifestWith = (campaign: Record<string, unknown>) => {
    const data = completeManifestData();
    data.campaigns = [{ label: "campaign:email", ...campaign }];
    return stringify(data);
  };

  it("refuses a holdout above 50% in the manifest", () => {
    const text = manifestWith({ holdout_percent: 60 });
    const parsed = parseManifest(text, MANIFEST_FILE);
    expect(parsed.ok).toBe(false);
    const line = text.split("\n").findIndex((l) => l.includes("holdout_percent")) + 1;
    expect(parsed.problems).toEqual([expect.objectContaining({ file: MANIFEST_FILE, line, key: "campaigns[0].holdout_percent" })]);
  });

  it("refuses an exposure event that is not a name", () => {
    const parsed = parseManifest(manifestWith({ exposure_event: "" }), MANIFEST_FILE);
    expect(parsed.problems.map((p) => p.key)).toEqual(["campaigns[0].exposure_event"]);
  });

  it("reads campaign_rules from the policy with defaults, and refuses bad values with their line", () => {
    const defaults = parsePolicy("{}\n");
    expect(defaults.ok && defaults.policy.campaign_rules).toEqual({ holdout_min_percent: 0, require_exposure_event: false, applies_to: ["campaign:*"] });
    const bad = parsePolicy("campaign_rules:\n  holdout_min_percent: 70\n  require_exposure: true\n");
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.problems.map((p) => [p.key, p.line])).toEqual([
      ["campaign_rules.holdout_min_percent", 2],
      ["campaign_rules.require_exposure", 3],
    ]);
    expect(bad.problems[1]!.message).toContain("require_exposure_event");
  });
});
