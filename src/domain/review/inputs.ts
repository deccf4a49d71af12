import type { ChecklistItem, NotesLocale, ReleaseStatus } from "../vocabulary.js";
import type { IsoWeek } from "./iso-week.js";

/**
 * What the weekly promise review is made from (docs/reference/promise-review.md): the week's new
 * issues with what the sensor found in them, and what happened to releases, campaigns, promises
 * and waivers. Gathered from GitHub by the app or from exported tickets and manifests by the CLI;
 * the review itself is a pure function of these.
 */
export interface ReviewInputs {
  week: IsoWeek;
  /** The policy's time zone: which calendar day an instant falls on. */
  timeZone: string;
  now: Date;
  locale: NotesLocale;
  /** New issues (or tickets) created in the week or the week before; others are ignored. */
  issues: readonly ReviewIssue[];
  statusChanges: readonly ReviewStatusChange[];
  campaigns: readonly ReviewCampaignDecision[];
  promiseVersions: readonly ReviewPromiseVersion[];
  /** Waivers recorded on release PRs, whatever their end. */
  waivers: readonly ReviewWaiver[];
  /** Where GitHub's limits (or the export) cut the data short, said in the review as given. */
  limits: readonly string[];
}

export interface ReviewIssue {
  /** The issue number, or the ticket's id for exported tickets. */
  id: string;
  title: string;
  url?: string;
  /** ISO instant. */
  createdAt: string;
  comments: number;
  reactions: number;
  /** Set when the sensor (or a correction) found an expectation mismatch in it. */
  mismatch?: ReviewMismatch;
}

export interface ReviewMismatch {
  /** Where the expectation came from: landing, email, sales, interface, partner, docs, unknown. */
  source: string;
  /** Ranked most likely first; the first one is the one the mismatch counts against. */
  releases: readonly string[];
  promises: readonly string[];
  campaigns: readonly string[];
}

export interface ReviewStatusChange {
  release: string;
  title: string;
  /** Absent for a new release. */
  from?: ReleaseStatus;
  to: ReleaseStatus;
  at: string;
  url?: string;
}

export interface ReviewCampaignDecision {
  label: string;
  release: string;
  allowed: boolean;
  /** Why it was blocked, in the gate's words. */
  reason?: string;
  at: string;
  holdoutPercent?: number;
  exposureEvent?: string;
  /** The label was taken off the release PR: from `at` on the campaign is neither allowed nor blocked there. */
  withdrawn?: boolean;
}

export interface ReviewPromiseVersion {
  id: string;
  from: number;
  to: number;
  at: string;
  /** What changed: text, conditions, exceptions. */
  changed: readonly string[];
}

export interface ReviewWaiver {
  release: string;
  title: string;
  status: ReleaseStatus;
  item: ChecklistItem;
  /** ISO instant the waiver ends. */
  until: string;
  url?: string;
}
