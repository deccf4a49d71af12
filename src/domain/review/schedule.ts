import { calendarDate } from "../calendar.js";
import { isoWeekday, lastCompleteIsoWeek, type IsoWeek } from "./iso-week.js";

export const WEEKDAY_NUMBERS = { monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6, sunday: 7 } as const;
export type Weekday = keyof typeof WEEKDAY_NUMBERS;

/**
 * The week whose review is due at `now` (docs/reference/promise-review.md#the-hosted-app): the last
 * complete ISO week, from the policy's `digest.weekday` on, in the policy's time zone. A run on a
 * later day of the same week finds it due too, so a review missed on its day (the app was down)
 * is written on the next run; before the weekday nothing is due.
 */
export function reviewDue(now: Date, timeZone: string, weekday: Weekday): IsoWeek | undefined {
  if (isoWeekday(calendarDate(now, timeZone)) < WEEKDAY_NUMBERS[weekday]) return undefined;
  return lastCompleteIsoWeek(now, timeZone);
}
