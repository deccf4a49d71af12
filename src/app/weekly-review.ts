import { formatProblem } from "../domain/source/problems.js";
import type { Policy } from "../domain/policy/schema.js";
import type { ReviewInputs } from "../domain/review/inputs.js";
import { formatIsoWeek, isoWeekDates, previousIsoWeek, type IsoWeek } from "../domain/review/iso-week.js";
import { catchUpWeek, reviewDue, reviewMissed, weekOfReviewTitle } from "../domain/review/schedule.js";
import { buildReviewViewModel, REVIEW_LABEL, reviewTitle } from "../domain/review/view-model.js";
import { hasReviewOf, withReview } from "../domain/review/issue-body.js";
import { repoKey, repoOfFullName, type GitHubClient, type RepoRef } from "../github/client.js";
import { createIssue, findIssueByLabelAndTitle, listIssuesWithLabel, updateIssueBody } from "../github/issues.js";
import { ensureLabelExists } from "../github/labels.js";
import { loadPolicy } from "../github/policy-loader.js";
import { loadTemplateOverrides } from "../github/template-overrides.js";
import { renderReview, reviewTemplateName } from "../rendering/review-renderer.js";
import { gatherLedgers } from "./review-ledgers.js";
import { releasesRepositoryOf } from "./sensor-releases.js";
import { gatherReleaseHistory } from "./review-history.js";
import { DEFAULT_REVIEW_LIMITS, gatherIssues, type ReviewReadLimits } from "./review-issues.js";
import type { AppServices } from "./services.js";

/** The job name under which replicas agree that one of them writes a repository's review for a week. */
export const REVIEW_JOB = "promise-review";

export interface ReviewScope {
  services: AppServices;
  octokit: GitHubClient;
  /** The repository whose policy enables the review and whose issues it counts. */
  repo: RepoRef;
}

export interface WrittenReview {
  repo: string;
  week: string;
  /** Where the issue is: `digest.repository`, or the repository itself. */
  target: string;
  number: number;
  action: "created" | "updated" | "unchanged";
}

/** Hours a time zone can be ahead of UTC: the week's first day starts at most this long before its UTC midnight. */
const MAX_ZONE_OFFSET_MS = 14 * 3_600_000;

/**
 * docs/reference/promise-review.md#the-hosted-app: gathers the week's inputs from GitHub, renders
 * the review (the repository's template override if it has one) and opens the week's issue in
 * `digest.repository`, or updates it in place. The issue is found by its label and exact title
 * first, so a week never gets a second one; an unchanged body costs no write.
 */
export async function writeWeeklyReview(scope: ReviewScope, policy: Policy, week: IsoWeek, limits: ReviewReadLimits = DEFAULT_REVIEW_LIMITS): Promise<WrittenReview> {
  const { octokit, repo, services } = scope;
  const inputs = await gatherReviewInputs(scope, policy, week, limits);
  const model = buildReviewViewModel(inputs);
  const overrides = await loadTemplateOverrides(octokit, repo, policy.notes.templates, services.templateCache);
  const name = reviewTemplateName(policy.notes.locale);
  const override = overrides.find((o) => o.path.slice(o.path.lastIndexOf("/") + 1) === name);
  const rendered = renderReview(model, ...(override ? [{ file: override.path, source: override.source }] : []));
  if (!rendered.ok) throw new Error(`the review template cannot be rendered: ${rendered.problems.map(formatProblem).join("; ")}`);
  const target = targetRepo(policy, repo);
  const result = { repo: `${repo.owner}/${repo.repo}`, week: formatIsoWeek(week), target: `${target.owner}/${target.repo}` };
  // Repositories sharing a digest.repository share the week's issue: each rewrites only its own
  // part (../domain/review/issue-body.ts), one at a time across replicas, so none is lost and the
  // week never gets a second issue.
  return services.coordinator.withLock(`review-issue:${repoKey(target)}:${result.week}`, async (lock) => {
    const existing = await findIssueByLabelAndTitle(octokit, target, REVIEW_LABEL, model.title);
    const body = withReview(existing?.body, { source: result.repo, target: result.target, markdown: rendered.markdown, locale: policy.notes.locale });
    if (existing) {
      if (existing.body.trim() === body.trim()) return { ...result, number: existing.number, action: "unchanged" as const };
      await lock.confirm();
      await updateIssueBody(octokit, target, existing.number, body);
      return { ...result, number: existing.number, action: "updated" as const };
    }
    await ensureLabelExists(octokit, target, REVIEW_LABEL, services.knownLabels);
    await lock.confirm();
    const created = await createIssue(octokit, target, { title: reviewTitle({ week }), body, labels: [REVIEW_LABEL] });
    return { ...result, number: created.number, action: "created" as const };
  });
}

/** `digest.repository` (owner/name, checked by the policy schema), or the repository itself. */
export function targetRepo(policy: Policy, repo: RepoRef): RepoRef {
  return policy.digest.repository ? repoOfFullName(policy.digest.repository) : repo;
}

/**
 * ReviewInputs from GitHub, bounded (`limits`): the issues of this repository, the releases of
 * `sensor.releases_from` (where the sensor ties issues to releases) or this repository. What the
 * bounds cut, or what GitHub cannot tell, is said in `limits`.
 */
export async function gatherReviewInputs(scope: ReviewScope, policy: Policy, week: IsoWeek, limits: ReviewReadLimits): Promise<ReviewInputs> {
  const { octokit, repo, services } = scope;
  const { appId } = await services.identity();
  const from = new Date(Date.parse(`${isoWeekDates(previousIsoWeek(week)).first}T00:00:00Z`) - MAX_ZONE_OFFSET_MS);
  const releases = releasesRepositoryOf(policy, repo);
  const issues = await gatherIssues(octokit, repo, from, appId, limits);
  const history = await gatherReleaseHistory(octokit, releases, policy, from, limits);
  const ledgers = await gatherLedgers(octokit, releases, history, appId, limits, from);
  return {
    week,
    timeZone: policy.timezone,
    now: services.now(),
    locale: policy.notes.locale,
    issues: issues.issues,
    statusChanges: history.statusChanges,
    campaigns: ledgers.campaigns,
    promiseVersions: history.promiseVersions,
    waivers: ledgers.waivers,
    limits: [...issues.limits, ...history.limits, ...ledgers.limits],
  };
}

export type ReviewSkip = "disabled" | "not-due" | "invalid-policy" | "already-written";

/**
 * One repository on a timer tick: when its policy enables the review, the review due now (its
 * weekday or a later day of the week), and the week before's when that one was missed (the app
 * was down all of last week; see `reviewMissed`). Each week is written once across replicas
 * (coordinator.runOnce keyed by repository and week). A replica that restarts writes the due
 * week again, updating the same issue; a missed week is only ever created, never rewritten.
 */
export async function reviewIfDue(scope: ReviewScope, limits?: ReviewReadLimits): Promise<WrittenReview[] | ReviewSkip> {
  const policy = await loadPolicy(scope.octokit, scope.repo, scope.services.policyCache);
  if (!policy.ok) return "invalid-policy";
  if (!policy.policy.digest.enabled) return "disabled";
  const now = scope.services.now();
  const { timezone, digest } = policy.policy;
  const once = (week: IsoWeek, work: () => Promise<WrittenReview | undefined>) =>
    scope.services.coordinator.runOnce(REVIEW_JOB, `${repoKey(scope.repo)}:${formatIsoWeek(week)}`, work);
  const written: WrittenReview[] = [];
  const missed = catchUpWeek(now, timezone);
  const caughtUp = await once(missed, () => writeMissedReview(scope, policy.policy, missed, limits));
  if (caughtUp.ran && caughtUp.value) written.push(caughtUp.value);
  const week = reviewDue(now, timezone, digest.weekday);
  if (week) {
    const result = await once(week, () => writeWeeklyReview(scope, policy.policy, week, limits));
    if (result.ran && result.value) written.push(result.value);
  }
  if (written.length > 0) return written;
  return week ? "already-written" : "not-due";
}

/** The week's review when it was missed (none for it, one for an earlier week in the target); else nothing is written. */
async function writeMissedReview(scope: ReviewScope, policy: Policy, week: IsoWeek, limits?: ReviewReadLimits): Promise<WrittenReview | undefined> {
  const target = targetRepo(policy, scope.repo);
  const reviews = await listIssuesWithLabel(scope.octokit, target, REVIEW_LABEL);
  // The weeks this repository's review was written: a week's issue may hold other repositories' reviews only.
  const source = `${scope.repo.owner}/${scope.repo.repo}`;
  const weeks = reviews.flatMap((issue) => (hasReviewOf(issue.body, source, `${target.owner}/${target.repo}`) ? weekOfReviewTitle(issue.title) ?? [] : []));
  return reviewMissed(week, weeks) ? writeWeeklyReview(scope, policy, week, limits) : undefined;
}
