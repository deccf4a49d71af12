import { describe, expect, it } from "vitest";
import type { CampaignDecision } from "../../../src/domain/evaluation/campaign-gate.js";
import { planLabelChanges } from "../../../src/domain/labels/label-changes.js";

const blocked = (label: string): CampaignDecision => ({ label, allowed: false, reasons: ["not ready"] });
const allowed = (label: string): CampaignDecision => ({ label, allowed: true, reasons: ["ready"] });
const verdict = (statusLabels: string[], campaignDecisions: CampaignDecision[] = []) => ({ statusLabels, campaignDecisions });

describe("planLabelChanges: the labels the app adds and removes after a verdict", () => {
  it("adds the status labels the verdict asks for and removes the other status labels", () => {
    const plan = planLabelChanges(["bug", "release:experiment"], verdict(["release:beta"]), "remove");
    expect(plan.changes).toEqual({ add: ["release:beta"], remove: ["release:experiment"] });
    expect(plan.after).toEqual(["bug", "release:beta"]);
    expect(plan.removedCampaigns).toEqual([]);
  });

  it("compares status labels case-insensitively, as GitHub does: Release:Beta already is release:beta", () => {
    const plan = planLabelChanges(["Release:Beta", "RELEASE:GA"], verdict(["release:beta"]), "remove");
    expect(plan.changes).toEqual({ add: [], remove: ["RELEASE:GA"] });
    expect(plan.after).toEqual(["Release:Beta"]);
  });

  it("leaves labels that decide nothing alone, even ones that look like status labels", () => {
    const plan = planLabelChanges(["release:later", "releases:ga", "docs"], verdict(["release:ga"]), "remove");
    expect(plan.changes).toEqual({ add: ["release:ga"], remove: [] });
    expect(plan.after).toEqual(["release:later", "releases:ga", "docs", "release:ga"]);
  });

  it("under campaign_gate: remove takes off the campaign labels the gate refused, first", () => {
    const plan = planLabelChanges(
      ["campaign:email", "campaign:sms", "release:experiment"],
      verdict(["release:beta"], [blocked("campaign:email"), allowed("campaign:sms")]),
      "remove",
    );
    expect(plan.removedCampaigns).toEqual(["campaign:email"]);
    expect(plan.changes).toEqual({ add: ["release:beta"], remove: ["campaign:email", "release:experiment"] });
    expect(plan.after).toEqual(["campaign:sms", "release:beta"]);
  });

  it("under campaign_gate: check takes no campaign label off", () => {
    const plan = planLabelChanges(["campaign:email", "release:beta"], verdict(["release:beta"], [blocked("campaign:email")]), "check");
    expect(plan.removedCampaigns).toEqual([]);
    expect(plan.changes).toEqual({ add: [], remove: [] });
    expect(plan.after).toEqual(["campaign:email", "release:beta"]);
  });

  it("removes only a refused campaign label the PR carries, as it is spelled", () => {
    const plan = planLabelChanges(["Campaign:Email"], verdict([], [blocked("Campaign:Email"), blocked("campaign:push")]), "remove");
    expect(plan.removedCampaigns).toEqual(["Campaign:Email"]);
    expect(plan.changes).toEqual({ add: [], remove: ["Campaign:Email"] });
    expect(plan.after).toEqual([]);
  });

  it("with no release left, every status label goes", () => {
    const plan = planLabelChanges(["release:beta", "release:ga"], verdict([]), "remove");
    expect(plan.changes).toEqual({ add: [], remove: ["release:beta", "release:ga"] });
  });
});
