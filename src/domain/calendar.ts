/**
 * One formatter per time zone and purpose, for the life of the process: building one costs far more
 * than using it (a quarter of `readiness check` on 5,000 manifests went into building them), and
 * they hold no state. Time zones are few (the policy's, checked when it is read).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(purpose: "date" | "time", timeZone: string): Intl.DateTimeFormat {
  const key = `${purpose} ${timeZone}`;
  let format = formatters.get(key);
  if (!format) {
    format = purpose === "date"
      ? new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" })
      : new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hour12: false });
    formatters.set(key, format);
  }
  return format;
}

/** The last date worked out per time zone: a check asks for "today" once per dated item, all at one instant. */
const lastDates = new Map<string, { time: number; date: string }>();

/** Today's calendar date (YYYY-MM-DD) in a time zone: how ISO dates in manifests are compared. */
export function calendarDate(now: Date, timeZone: string): string {
  const last = lastDates.get(timeZone);
  if (last?.time === now.getTime()) return last.date;
  const parts = formatter("date", timeZone).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  const date = `${get("year")}-${get("month")}-${get("day")}`;
  lastDates.set(timeZone, { time: now.getTime(), date });
  return date;
}

/** A human date and time for "waived until …", in the policy's time zone. */
export function formatInstant(iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const day = calendarDate(date, timeZone);
  const time = formatter("time", timeZone).format(date);
  return `${day} ${time} ${timeZone}`;
}
