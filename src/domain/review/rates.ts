import type { NotesLocale } from "../vocabulary.js";
import type { ReviewIssue, ReviewMismatch } from "./inputs.js";
import { compareText } from "../compare-text.js";

/**
 * The unfulfilled-promise rate (docs/reference/promise-review.md): mismatch issues among all new
 * issues of a week. Per release, promise, campaign and source, a mismatch counts once, against
 * the first-ranked name, over the same denominator (all of the week's new issues), so the rows of
 * one breakdown add up to the overall rate.
 */
export interface RateFigure {
  mismatches: number;
  issues: number;
  /** `12.5%` / `12,5 %`; a dash for a week with no issues. */
  percent: string;
}

export type Trend = "up" | "down" | "same";

export interface RateRow {
  /** The release slug, promise id, campaign label or source code. */
  name: string;
  current: RateFigure;
  previous: RateFigure;
  trend: Trend;
}

export type Dimension = "releases" | "promises" | "campaigns" | "sources";

const firstOf: Record<Dimension, (m: ReviewMismatch) => string | undefined> = {
  releases: (m) => m.releases[0],
  promises: (m) => m.promises[0],
  campaigns: (m) => m.campaigns[0],
  sources: (m) => m.source,
};

export function overallRate(current: readonly ReviewIssue[], previous: readonly ReviewIssue[], locale: NotesLocale): RateRow {
  const count = (issues: readonly ReviewIssue[]) => issues.filter((issue) => issue.mismatch).length;
  return row("", count(current), current.length, count(previous), previous.length, locale);
}

/** One row per name seen in either week, most mismatches this week first, then by name. */
export function rateBreakdown(
  dimension: Dimension,
  current: readonly ReviewIssue[],
  previous: readonly ReviewIssue[],
  locale: NotesLocale,
): RateRow[] {
  const now = countBy(dimension, current);
  const before = countBy(dimension, previous);
  const names = [...new Set([...now.keys(), ...before.keys()])];
  return names
    .map((name) => row(name, now.get(name) ?? 0, current.length, before.get(name) ?? 0, previous.length, locale))
    .sort((a, b) => b.current.mismatches - a.current.mismatches || compareText(a.name, b.name));
}

function countBy(dimension: Dimension, issues: readonly ReviewIssue[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const issue of issues) {
    const name = issue.mismatch ? firstOf[dimension](issue.mismatch) : undefined;
    if (name !== undefined) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

function row(name: string, mismatches: number, issues: number, previousMismatches: number, previousIssues: number, locale: NotesLocale): RateRow {
  const current = figure(mismatches, issues, locale);
  const previous = figure(previousMismatches, previousIssues, locale);
  const a = issues === 0 ? 0 : mismatches / issues;
  const b = previousIssues === 0 ? 0 : previousMismatches / previousIssues;
  // Compared at the shown precision, so "12.5% → 12.5%" never reads as a change.
  const trend: Trend = current.percent === previous.percent || Math.abs(a - b) < 1e-9 ? "same" : a > b ? "up" : "down";
  return { name, current, previous, trend };
}

const percentFormats = new Map<NotesLocale, Intl.NumberFormat>();

function figure(mismatches: number, issues: number, locale: NotesLocale): RateFigure {
  let format = percentFormats.get(locale);
  if (!format) percentFormats.set(locale, (format = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 })));
  return { mismatches, issues, percent: issues === 0 ? "—" : format.format(mismatches / issues) };
}

