import { describe, expect, it } from "vitest";
import {
  dateInIsoWeek, formatIsoWeek, isoWeekDates, isoWeekday, isoWeekOf, lastCompleteIsoWeek, parseIsoWeek, previousIsoWeek,
} from "../../../src/domain/review/iso-week.js";

describe("ISO weeks", () => {
  it("puts dates in the week ISO 8601 says, across year ends", () => {
    expect(formatIsoWeek(isoWeekOf("2026-11-30"))).toBe("2026-W49");
    expect(formatIsoWeek(isoWeekOf("2026-11-29"))).toBe("2026-W48");
    // 1 January 2027 is a Friday: it belongs to the last week of 2026.
    expect(formatIsoWeek(isoWeekOf("2027-01-01"))).toBe("2026-W53");
    // 29 December 2025 is a Monday in week 1 of 2026.
    expect(formatIsoWeek(isoWeekOf("2025-12-29"))).toBe("2026-W01");
    expect(formatIsoWeek(isoWeekOf("2021-01-03"))).toBe("2020-W53");
  });

  it("gives a week's Monday and Sunday, and the week before", () => {
    expect(isoWeekDates({ year: 2026, week: 48 })).toEqual({ first: "2026-11-23", last: "2026-11-29" });
    expect(isoWeekDates({ year: 2026, week: 1 })).toEqual({ first: "2025-12-29", last: "2026-01-04" });
    expect(formatIsoWeek(previousIsoWeek({ year: 2026, week: 1 }))).toBe("2025-W52");
    expect(isoWeekday("2026-11-30")).toBe(1);
    expect(isoWeekday("2026-11-29")).toBe(7);
    expect(dateInIsoWeek("2026-11-29", { year: 2026, week: 48 })).toBe(true);
    expect(dateInIsoWeek("2026-11-30", { year: 2026, week: 48 })).toBe(false);
  });

  it("reads YYYY-Www and refuses a week the year does not have", () => {
    expect(parseIsoWeek("2026-W48")).toEqual({ ok: true, week: { year: 2026, week: 48 } });
    expect(parseIsoWeek("2026-W53")).toEqual({ ok: true, week: { year: 2026, week: 53 } });
    expect(parseIsoWeek("2027-W53")).toMatchObject({ ok: false, message: expect.stringContaining("2027 has weeks 1 to 52") });
    expect(parseIsoWeek("2026-48")).toMatchObject({ ok: false, message: expect.stringContaining("YYYY-Www") });
    expect(parseIsoWeek("2026-W00")).toMatchObject({ ok: false });
  });

  it("defaults to the last complete week where the team is", () => {
    const mondayMorningUtc = new Date("2026-11-30T01:00:00Z");
    expect(formatIsoWeek(lastCompleteIsoWeek(mondayMorningUtc, "UTC"))).toBe("2026-W48");
    // Still Sunday evening in Los Angeles: W48 is not over there yet.
    expect(formatIsoWeek(lastCompleteIsoWeek(mondayMorningUtc, "America/Los_Angeles"))).toBe("2026-W47");
  });
});
