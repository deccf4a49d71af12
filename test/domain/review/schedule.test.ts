import { describe, expect, it } from "vitest";
import { describeDecision } from "../../../src/domain/report/checks.js";
import { decisionChanges, parseGateSummary } from "../../../src/domain/review/gate-record.js";
import { mismatchOf } from "../../../src/domain/review/mismatch.js";
import { catchUpWeek, reviewDue, reviewMissed, weekOfReviewTitle } from "../../../src/domain/review/schedule.js";

describe("reviewDue: the week whose review is due", () => {
  it("is the last complete week from the weekday on, and nothing before it", () => {
    expect(reviewDue(new Date("2026-11-30T00:30:00Z"), "UTC", "monday")).toEqual({ year: 2026, week: 48 });
    expect(reviewDue(new Date("2026-12-01T10:00:00Z"), "UTC", "monday")).toEqual({ year: 2026, week: 48 }); // catch-up on Tuesday
    expect(reviewDue(new Date("2026-12-06T23:00:00Z"), "UTC", "monday")).toEqual({ year: 2026, week: 48 }); // still that week's Sunday
    expect(reviewDue(new Date("2026-12-01T10:00:00Z"), "UTC", "wednesday")).toBeUndefined();
    expect(reviewDue(new Date("2026-12-02T10:00:00Z"), "UTC", "wednesday")).toEqual({ year: 2026, week: 48 });
  });

  it("reads the day in the policy's time zone", () => {
    // Sunday 23:30 in UTC is already Monday in Tokyo (W48 is due), and still Sunday of W48 in New York (W47 is).
    const instant = new Date("2026-11-29T23:30:00Z");
    expect(reviewDue(instant, "Asia/Tokyo", "monday")).toEqual({ year: 2026, week: 48 });
    expect(reviewDue(instant, "America/New_York", "monday")).toEqual({ year: 2026, week: 47 });
  });

  it("finds the first week of a new ISO year", () => {
    expect(reviewDue(new Date("2027-01-04T09:00:00Z"), "UTC", "monday")).toEqual({ year: 2026, week: 53 });
  });
});

describe("catching up a week missed while the app was down", () => {
  const w = (week: number) => ({ year: 2026, week });

  it("looks back one week before the last complete one, whatever the weekday", () => {
    expect(catchUpWeek(new Date("2026-12-08T10:00:00Z"), "UTC")).toEqual(w(48)); // Tuesday of W50
    expect(catchUpWeek(new Date("2026-12-13T23:00:00Z"), "UTC")).toEqual(w(48)); // Sunday of W50
    expect(catchUpWeek(new Date("2027-01-11T09:00:00Z"), "UTC")).toEqual(w(53)); // across the ISO year
  });

  it("counts a week as missed only when it has no review and an earlier week has one", () => {
    expect(reviewMissed(w(48), [w(46), w(47)])).toBe(true);
    expect(reviewMissed(w(48), [w(47), w(48)])).toBe(false);
    // Reviews just enabled (or only later weeks written): nothing to catch up.
    expect(reviewMissed(w(48), [])).toBe(false);
    expect(reviewMissed(w(48), [w(49)])).toBe(false);
    expect(reviewMissed({ year: 2027, week: 1 }, [w(52)])).toBe(true);
  });

  it("reads the week from a review's exact title only", () => {
    expect(weekOfReviewTitle("Promise review 2026-W48")).toEqual(w(48));
    expect(weekOfReviewTitle("Promise review 2026-W53")).toEqual(w(53));
    expect(weekOfReviewTitle("Promise review 2026-W48 (draft)")).toBeUndefined();
    expect(weekOfReviewTitle("Promise review 2025-W53")).toBeUndefined(); // 2025 has 52 weeks
  });
});

describe("mismatchOf: labels decide, the finding names the release", () => {
  const named = { source: "email", releases: ["checkout-v2"], promises: ["one-page"], campaigns: ["campaign:email"] };
  const finding = { mismatch: true, ...named, source: "email" as const };

  it("is no mismatch without the expectation-mismatch label, whatever the finding says", () => {
    expect(mismatchOf(["bug", "expectation:email"], finding)).toBeUndefined();
  });

  it("takes the releases from the finding and the source from the label a triager set", () => {
    expect(mismatchOf(["Expectation-Mismatch", "expectation:sales"], finding)).toEqual({ ...named, source: "sales" });
    expect(mismatchOf(["expectation-mismatch"], finding)).toEqual(named);
  });

  it("counts an issue labelled by hand with its label's source and no release", () => {
    expect(mismatchOf(["expectation-mismatch", "expectation:landing"], undefined)).toEqual({ source: "landing", releases: [], promises: [], campaigns: [] });
    expect(mismatchOf(["expectation-mismatch"], undefined)).toEqual({ source: "unknown", releases: [], promises: [], campaigns: [] });
  });

  it("names no release from a finding corrected to none", () => {
    expect(mismatchOf(["expectation-mismatch", "expectation:docs"], { ...finding, mismatch: false })).toEqual({ source: "docs", releases: [], promises: [], campaigns: [] });
  });
});

describe("parseGateSummary reads back what the Campaign gate check writes", () => {
  it("round-trips describeDecision's lines, with escaped reasons, a remedy and a removed label", () => {
    const summary = [
      `- ${describeDecision({ label: "campaign:in-app", allowed: true, reasons: ["allowed at beta"] })}`,
      `- ${describeDecision({ label: "campaign:email", allowed: false, reasons: ["beta allows campaign:in-app, campaign:beta*", "promise \"one_page\" takes effect on 2026-12-01"], remedy: "move the release to ga" })} — removed from the PR`,
      "",
      "Mode `remove`: a campaign label the release may not use is taken off the PR.",
    ].join("\n");
    expect(parseGateSummary(summary)).toEqual([
      { label: "campaign:in-app", allowed: true, reason: "allowed at beta" },
      { label: "campaign:email", allowed: false, reason: "beta allows campaign:in-app, campaign:beta*; promise \"one_page\" takes effect on 2026-12-01" },
    ]);
  });

  it("reads nothing from a summary without decisions", () => {
    expect(parseGateSummary("No campaign labels on this PR.")).toEqual([]);
    expect(parseGateSummary(null)).toEqual([]);
  });
});

describe("decisionChanges: what a PR's gate runs, oldest first, decided", () => {
  const allowed = (label: string) => ({ label, allowed: true, reason: "allowed at ga" });
  const blocked = (label: string, reason: string) => ({ label, allowed: false, reason });

  it("keeps a label's first decision and each turn, not the same decision on the next commit", () => {
    const changes = decisionChanges([
      { at: "2026-11-10T00:00:00Z", lines: [allowed("campaign:in-app")] },
      { at: "2026-11-23T00:00:00Z", lines: [allowed("campaign:in-app"), blocked("campaign:email", "no holdout")] },
      { at: "2026-11-24T00:00:00Z", lines: [{ ...allowed("campaign:in-app"), reason: "allowed at beta" }, blocked("campaign:email", "no exposure event")] },
      { at: "2026-11-25T00:00:00Z", lines: [allowed("campaign:in-app"), allowed("Campaign:Email")] },
    ]);
    expect(changes.map((c) => [c.at.slice(5, 10), c.label, c.allowed, c.reason])).toEqual([
      ["11-10", "campaign:in-app", true, "allowed at ga"],
      ["11-23", "campaign:email", false, "no holdout"],
      ["11-24", "campaign:email", false, "no exposure event"],
      ["11-25", "Campaign:Email", true, "allowed at ga"],
    ]);
  });

  it("withdraws a label gone from a later run, and decides it afresh when it comes back", () => {
    const changes = decisionChanges([
      { at: "2026-11-23T00:00:00Z", lines: [allowed("campaign:email")] },
      { at: "2026-11-24T00:00:00Z", lines: [] },
      { at: "2026-11-25T00:00:00Z", lines: [allowed("campaign:email")] },
    ]);
    expect(changes.map((c) => [c.at.slice(5, 10), c.allowed, c.withdrawn])).toEqual([["11-23", true, false], ["11-24", false, true], ["11-25", true, false]]);
  });
});
