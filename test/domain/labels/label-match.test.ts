import { describe, expect, it } from "vitest";
import { campaignLabelsProblem, hasLabel, labelMatcher, sameLabel } from "../../../src/domain/labels/label-match.js";

describe("labelMatcher: label globs match names as GitHub compares them", () => {
  const isCampaign = labelMatcher(["campaign:*"]);

  it("ignores case, as GitHub's label names do", () => {
    for (const label of ["CAMPAIGN:EMAIL", "Campaign:SMS", "campaign:Landing", "cAmPaIgN:in-app"]) {
      expect(isCampaign(label), label).toBe(true);
    }
  });

  it("treats / and dot segments as ordinary characters, not path separators", () => {
    for (const label of ["campaign:landing/spring", "campaign:beta/../email", "campaign:a/./b", "campaign:.hidden", "campaign:a//b", "campaign:/"]) {
      expect(isCampaign(label), label).toBe(true);
    }
  });

  it("still needs the whole name to match", () => {
    for (const label of ["xcampaign:email", "campaigns", "marketing:email", "campaign", " campaign:email"]) {
      expect(isCampaign(label), label).toBe(false);
    }
  });

  it("lets * and ? cross a slash, and keeps the rest of a glob's meaning", () => {
    expect(labelMatcher(["campaign:beta*"])("Campaign:BETA/../email")).toBe(true);
    expect(labelMatcher(["campaign:?"])("campaign:/")).toBe(true);
    expect(labelMatcher(["campaign:{email,sms}"])("CAMPAIGN:SMS")).toBe(true);
    expect(labelMatcher(["campaign:{email,sms}"])("campaign:push")).toBe(false);
  });

  it("applies negations case-insensitively too", () => {
    const matcher = labelMatcher(["campaign:*", "!campaign:internal*"]);
    expect(matcher("campaign:email")).toBe(true);
    expect(matcher("CAMPAIGN:INTERNAL-demo")).toBe(false);
  });

  it("a slash in the glob is literal", () => {
    expect(labelMatcher(["campaign:landing/*"])("Campaign:Landing/Spring/2027")).toBe(true);
    expect(labelMatcher(["campaign:landing/*"])("campaign:landing-spring")).toBe(false);
  });
});

describe("sameLabel and hasLabel", () => {
  it("compare names case-insensitively", () => {
    expect(sameLabel("release:GA", "RELEASE:ga")).toBe(true);
    expect(sameLabel("release:ga", "release:beta")).toBe(false);
    expect(hasLabel(["bug", "Release:Beta"], "release:beta")).toBe(true);
    expect(hasLabel(["bug"], "release:beta")).toBe(false);
  });
});

describe("campaignLabelsProblem: a gate that matches nothing is an error, not a gate switched off", () => {
  it("refuses an empty list", () => {
    expect(campaignLabelsProblem([])).toMatch(/matches no label/);
  });
  it("refuses a list of negations only", () => {
    expect(campaignLabelsProblem(["!campaign:*"])).toMatch(/only negations/);
  });
  it("accepts a list with a positive glob", () => {
    expect(campaignLabelsProblem(["campaign:*", "!campaign:internal"])).toBeUndefined();
  });
});
