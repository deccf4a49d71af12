import { calendarDate } from "../calendar.js";
import { isoWeekday, lastCompleteIsoWeek, parseIsoWeek, previousIsoWeek, sameIsoWeek, type IsoWeek } from "./iso-week.js";
import { REVIEW_TITLE_PREFIX } from "./view-model.js";

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

/**
 * The week before the last complete one, whose review was due on `digest.weekday` of last week
 * whatever today is: the one week a run looks back for, so an app down for a whole week still
 * writes the review it missed (the bound keeps a long outage from writing a backlog).
 */
export function catchUpWeek(now: Date, timeZone: string): IsoWeek {
  return previousIsoWeek(lastCompleteIsoWeek(now, timeZone));
}

/**
 * Whether `week`'s review was missed: no review of it was written, and one of an earlier week
 * was, so the reviews were already running then. A repository that enables `digest` gets only
 * the review due now, not a review of every week before it.
 */
export function reviewMissed(week: IsoWeek, written: readonly IsoWeek[]): boolean {
  const order = (w: IsoWeek) => w.year * 100 + w.week;
  return !written.some((w) => sameIsoWeek(w, week)) && written.some((w) => order(w) < order(week));
}

const TITLE = new RegExp(`^${REVIEW_TITLE_PREFIX}(\\d{4}-W\\d{2})$`);

/** The week an issue titled `Promise review YYYY-Www` reviews, if its title is one. */
export function weekOfReviewTitle(title: string): IsoWeek | undefined {
  const match = TITLE.exec(title);
  const parsed = match ? parseIsoWeek(match[1]!) : undefined;
  return parsed?.ok ? parsed.week : undefined;
}
