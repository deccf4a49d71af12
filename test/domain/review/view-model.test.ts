import { describe, expect, it } from "vitest";
import { buildReviewViewModel, reviewTitle } from "../../../src/domain/review/view-model.js";
import { busyWeek, quietWeek } from "./week-fixtures.js";

describe("the weekly review's view-model", () => {
  const model = buildReviewViewModel(busyWeek("en"));

  it("is titled by the ISO week, exactly", () => {
    expect(model.title).toBe("Promise review 2026-W48");
    expect(reviewTitle({ week: { year: 2027, week: 1 } })).toBe("Promise review 2027-W01");
  });

  it("counts mismatches among the week's new issues, against the week before", () => {
    expect(model.rate.current).toEqual({ mismatches: 3, issues: 5, percent: "60%" });
    expect(model.rate.previous).toEqual({ mismatches: 1, issues: 4, percent: "25%" });
    expect(model.rate.trend).toBe("up");
  });

  it("breaks the rate down by the first-ranked release, promise, campaign and source", () => {
    expect(model.breakdown.releases.map((r) => [r.name, r.current.mismatches, r.previous.mismatches, r.trend])).toEqual([
      ["checkout-v2", 2, 1, "up"],
      ["bulk-edit", 1, 0, "up"],
    ]);
    expect(model.breakdown.promises.map((r) => [r.name, r.current.percent])).toEqual([["instant-receipt", "40%"]]);
    expect(model.breakdown.sources.map((r) => [r.label, r.current.mismatches])).toEqual([
      ["Email", 1], ["In the product", 1], ["Landing page", 1],
    ]);
  });

  it("tells the two most painful mismatch stories, not the loudest plain bug", () => {
    expect(model.stories.map((s) => s.id)).toEqual(["111", "113"]);
    expect(model.stories[0]).toMatchObject({ release: "checkout-v2", promise: "instant-receipt", sourceLabel: "Email" });
    expect(model.stories[1]).toMatchObject({ release: "bulk-edit", promise: null });
  });

  it("lists what changed in the week only, and the campaigns running now with their holdouts", () => {
    expect(model.statusChanges.map((c) => `${c.release} ${c.fromLabel} → ${c.toLabel} ${c.date}`)).toEqual(["checkout-v2 Beta → Full release 2026-11-24"]);
    expect(model.campaignsBlocked.map((c) => c.reason)).toEqual(["campaign:email has no holdout; the policy asks for at least 5%"]);
    expect(model.campaignsAllowed.map((c) => c.label)).toEqual(["campaign:email"]);
    expect(model.runningCampaigns.map((c) => [c.release, c.label, c.holdoutPercent])).toEqual([
      ["bulk-edit", "campaign:in-app", null],
      ["checkout-v2", "campaign:email", 10],
    ]);
    expect(model.promiseVersions).toEqual([{ id: "instant-receipt", from: 1, to: 2, changed: ["conditions"], date: "2026-11-25" }]);
  });

  it("lists a label blocked then allowed in the week as both, and a withdrawn one as no longer running", () => {
    const inputs = busyWeek("en");
    const withdrawn = buildReviewViewModel({
      ...inputs,
      campaigns: [...inputs.campaigns, { label: "campaign:in-app", release: "bulk-edit", allowed: false, at: "2026-11-26T09:00:00Z", withdrawn: true }],
    });
    expect(withdrawn.campaignsBlocked.map((c) => `${c.label} ${c.date}`)).toEqual(["campaign:email 2026-11-23"]);
    expect(withdrawn.campaignsAllowed.map((c) => `${c.label} ${c.date}`)).toEqual(["campaign:email 2026-11-24"]);
    expect(withdrawn.runningCampaigns.map((c) => c.label)).toEqual(["campaign:email"]);
  });

  it("names waivers that ended in the week, end within 7 days, or still hold at GA", () => {
    expect(model.waivers.expired.map((w) => `${w.release}/${w.item}`)).toEqual(["bulk-edit/monitoring"]);
    expect(model.waivers.expiringSoon.map((w) => `${w.release}/${w.item}`)).toEqual(["checkout-v2/docs"]);
    expect(model.waivers.gaStillWaived.map((w) => `${w.release}/${w.item}`)).toEqual(["checkout-v2/docs"]);
  });

  it("reads an instant on the team's calendar day", () => {
    // In Moscow, #104 (23:30 UTC on Sunday 22 November) falls on Monday and joins the reviewed
    // week, and #115 (22:59 UTC on Sunday 29 November) falls on Monday 30 November and leaves it.
    const moscow = buildReviewViewModel({ ...busyWeek("en"), timeZone: "Europe/Moscow" });
    expect(moscow.rate.current).toMatchObject({ mismatches: 3, issues: 5 });
    expect(moscow.rate.previous).toMatchObject({ mismatches: 1, issues: 3 });
  });

  it("calls a week with nothing in it quiet, still comparing with the week before", () => {
    const quiet = buildReviewViewModel(quietWeek("ru"));
    expect(quiet.quiet).toBe(true);
    expect(quiet.rate.current).toEqual({ mismatches: 0, issues: 0, percent: "—" });
    expect(model.quiet).toBe(false);
  });

  it("formats rates as the language does", () => {
    const ru = buildReviewViewModel(busyWeek("ru"));
    expect(ru.rate.current.percent).toBe("60\u00a0%");
    expect(ru.breakdown.sources.map((r) => r.label)).toContain("Рассылка");
    expect(ru.rate.trendLabel).toBe("выросла");
  });
});
