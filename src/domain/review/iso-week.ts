import { calendarDate } from "../calendar.js";

/**
 * ISO 8601 weeks (Monday to Sunday; week 1 holds the year's first Thursday), the unit of the weekly
 * promise review (docs/reference/promise-review.md): `Promise review 2026-W48`. Weeks are worked out
 * on calendar dates (YYYY-MM-DD) in the policy's time zone, so "Monday" is Monday where the team is.
 */
export interface IsoWeek {
  readonly year: number;
  readonly week: number;
}

const DAY_MS = 86_400_000;
const WEEK_PATTERN = /^(\d{4})-W(\d{2})$/;

/** `2026-W48`; zero-padded, as ISO writes it. */
export function formatIsoWeek({ year, week }: IsoWeek): string {
  return `${String(year).padStart(4, "0")}-W${String(week).padStart(2, "0")}`;
}

/** Reads `YYYY-Www`; a week that the year does not have (2026-W53) is refused, not rolled over. */
export function parseIsoWeek(text: string): { ok: true; week: IsoWeek } | { ok: false; message: string } {
  const match = WEEK_PATTERN.exec(text.trim());
  if (!match) return { ok: false, message: `"${text}" is not an ISO week; write it as YYYY-Www, for example 2026-W48` };
  const year = Number(match[1]);
  const week = Number(match[2]);
  const weeks = weeksInYear(year);
  if (week < 1 || week > weeks) return { ok: false, message: `${year} has weeks 1 to ${weeks}; "${text}" is not one of them` };
  return { ok: true, week: { year, week } };
}

/** The ISO week a calendar date falls in. */
export function isoWeekOf(date: string): IsoWeek {
  const day = utcDay(date);
  // The Thursday of the date's week decides the year.
  const weekday = (day.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const thursday = new Date(day.getTime() + (3 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const firstThursday = firstThursdayOf(year);
  return { year, week: 1 + Math.round((thursday.getTime() - firstThursday.getTime()) / (7 * DAY_MS)) };
}

/** The week's Monday and Sunday as calendar dates. */
export function isoWeekDates(week: IsoWeek): { first: string; last: string } {
  const monday = new Date(firstThursdayOf(week.year).getTime() + ((week.week - 1) * 7 - 3) * DAY_MS);
  return { first: isoDate(monday), last: isoDate(new Date(monday.getTime() + 6 * DAY_MS)) };
}

export function previousIsoWeek(week: IsoWeek): IsoWeek {
  return isoWeekOf(shiftDate(isoWeekDates(week).first, -7));
}

export function sameIsoWeek(a: IsoWeek, b: IsoWeek): boolean {
  return a.year === b.year && a.week === b.week;
}

/** The last week that has fully ended at `now` in the time zone: the default week of a review. */
export function lastCompleteIsoWeek(now: Date, timeZone: string): IsoWeek {
  return previousIsoWeek(isoWeekOf(calendarDate(now, timeZone)));
}

/** Whether a calendar date lies in the week (Monday to Sunday, inclusive). */
export function dateInIsoWeek(date: string, week: IsoWeek): boolean {
  const { first, last } = isoWeekDates(week);
  return date >= first && date <= last;
}

/** A calendar date moved by whole days. */
export function shiftDate(date: string, days: number): string {
  return isoDate(new Date(utcDay(date).getTime() + days * DAY_MS));
}

/** ISO weekday of a calendar date: 1 Monday … 7 Sunday. */
export function isoWeekday(date: string): number {
  return ((utcDay(date).getUTCDay() + 6) % 7) + 1;
}

function weeksInYear(year: number): number {
  // A year has 53 weeks when 28 December (always in its last week) is in week 53.
  return isoWeekOf(`${String(year).padStart(4, "0")}-12-28`).week;
}

function firstThursdayOf(year: number): Date {
  const january4 = new Date(Date.UTC(year, 0, 4));
  const weekday = (january4.getUTCDay() + 6) % 7;
  return new Date(january4.getTime() + (3 - weekday) * DAY_MS);
}

function utcDay(date: string): Date {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day));
}

function isoDate(day: Date): string {
  return day.toISOString().slice(0, 10);
}
