import type { ReviewInputs, ReviewIssue } from "../../../src/domain/review/inputs.js";
import type { NotesLocale } from "../../../src/domain/vocabulary.js";

/**
 * Two weeks of a product team's life, for the review's tests: 2026-W47 (the week before) and
 * 2026-W48 (23–29 November 2026), reviewed on Monday 30 November. Mismatches concern two
 * releases, checkout-v2 (the email campaign said every plan gets it) and bulk-edit (support read
 * the landing page's "instant" as a promise).
 */
export const REVIEWED_WEEK = { year: 2026, week: 48 };
export const MONDAY_AFTER = new Date("2026-11-30T07:00:00Z");

const issue = (id: number, createdAt: string, title: string, extra: Partial<ReviewIssue> = {}): ReviewIssue => ({
  id: String(id),
  title,
  url: `https://github.com/acme/support/issues/${id}`,
  createdAt,
  comments: 0,
  reactions: 0,
  ...extra,
});

const checkoutEmail = { source: "email", releases: ["checkout-v2"], promises: ["instant-receipt"], campaigns: ["campaign:email"] };
const bulkLanding = { source: "landing", releases: ["bulk-edit"], promises: [], campaigns: [] };

export const BUSY_ISSUES: ReviewIssue[] = [
  // The week before: 1 mismatch in 4.
  issue(101, "2026-11-16T09:12:00Z", "Export to CSV times out"),
  issue(102, "2026-11-17T14:03:00Z", "The email said every plan gets one-page checkout", { mismatch: checkoutEmail, comments: 2 }),
  issue(103, "2026-11-19T10:40:00Z", "Typo on the invoices page"),
  issue(104, "2026-11-22T23:30:00Z", "Login loops on Safari"),
  // The reviewed week: 3 mismatches in 5.
  issue(111, "2026-11-23T08:01:00Z", "Where is one-page checkout? The email promised it", { mismatch: checkoutEmail, comments: 6, reactions: 9 }),
  issue(112, "2026-11-24T12:30:00Z", "Receipt did not arrive instantly as promised", { mismatch: { ...checkoutEmail, source: "interface" }, comments: 1 }),
  issue(113, "2026-11-25T16:45:00Z", "Bulk edit is not instant like the website says", { mismatch: bulkLanding, comments: 3, reactions: 2 }),
  issue(114, "2026-11-26T09:00:00Z", "Dark mode colours are off"),
  issue(115, "2026-11-29T22:59:00Z", "API returns 500 on /orders", { comments: 12 }),
];

export function busyWeek(locale: NotesLocale): ReviewInputs {
  return {
    week: REVIEWED_WEEK,
    timeZone: "UTC",
    now: MONDAY_AFTER,
    locale,
    issues: BUSY_ISSUES,
    statusChanges: [
      { release: "checkout-v2", title: "One-page checkout", from: "beta", to: "ga", at: "2026-11-24T15:00:00Z", url: "https://github.com/acme/shop/pull/42" },
      { release: "bulk-edit", title: "Bulk edit", to: "experiment", at: "2026-11-10T10:00:00Z" },
    ],
    campaigns: [
      { label: "campaign:email", release: "checkout-v2", allowed: false, reason: "campaign:email has no holdout; the policy asks for at least 5%", at: "2026-11-23T09:00:00Z" },
      { label: "campaign:email", release: "checkout-v2", allowed: true, at: "2026-11-24T15:05:00Z", holdoutPercent: 10, exposureEvent: "campaign_exposed" },
      { label: "campaign:in-app", release: "bulk-edit", allowed: true, at: "2026-11-12T11:00:00Z" },
    ],
    promiseVersions: [{ id: "instant-receipt", from: 1, to: 2, at: "2026-11-25T10:00:00Z", changed: ["conditions"] }],
    waivers: [
      { release: "checkout-v2", title: "One-page checkout", status: "ga", item: "docs", until: "2026-12-04T00:00:00Z" },
      { release: "bulk-edit", title: "Bulk edit", status: "experiment", item: "monitoring", until: "2026-11-27T00:00:00Z" },
      { release: "bulk-edit", title: "Bulk edit", status: "experiment", item: "analytics", until: "2026-10-01T00:00:00Z" },
    ],
    limits: [],
  };
}

export function quietWeek(locale: NotesLocale): ReviewInputs {
  return {
    week: { year: 2026, week: 52 },
    timeZone: "UTC",
    now: new Date("2026-12-28T07:00:00Z"),
    locale,
    issues: BUSY_ISSUES,
    statusChanges: [],
    // Nothing decided this week, but a campaign allowed weeks ago still runs, and a GA release still has an item waived.
    campaigns: [{ label: "campaign:email", release: "checkout-v2", allowed: true, at: "2026-11-24T15:05:00Z", holdoutPercent: 10, exposureEvent: "campaign_exposed" }],
    promiseVersions: [],
    waivers: [{ release: "checkout-v2", title: "One-page checkout", status: "ga", item: "docs", until: "2027-01-31T00:00:00Z" }],
    limits: [],
  };
}
