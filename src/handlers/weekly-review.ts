import type { Probot } from "probot";
import { lastCompleteIsoWeek, type IsoWeek } from "../domain/review/iso-week.js";
import { formatProblem } from "../domain/source/problems.js";
import { describeError, type RepoRef } from "../github/client.js";
import { listInstallationIds, listInstallationRepos, remainingCoreRequests, repoInstallationId } from "../github/installations.js";
import { loadPolicy } from "../github/policy-loader.js";
import type { AppServices } from "../app/services.js";
import { reviewIfDue, writeWeeklyReview, type WrittenReview } from "../app/weekly-review.js";

export interface ReviewRunReport {
  /** Repositories whose policy enables the review. */
  enabled: number;
  written: WrittenReview[];
  /** Enabled repositories whose review is not due yet, or was written by another replica this week. */
  skipped: number;
  failures: Array<{ repo: string; error: string }>;
  /** Installations left for the next tick because fewer than 500 requests were left of their hourly budget. */
  rateLimited: number;
}

/** A review reads a few hundred requests at most; webhooks, which people wait on, keep the rest. */
const MIN_REMAINING_REQUESTS = 500;

/**
 * docs/reference/promise-review.md#the-hosted-app: on each tick of the review timer, every
 * installation's repositories, each written when due. A failure is reported and the run goes on;
 * its week is given back to the coordinator, so the next tick (of any replica) tries again.
 */
export async function reviewAllInstallations(app: Probot, services: AppServices): Promise<ReviewRunReport> {
  const report: ReviewRunReport = { enabled: 0, written: [], skipped: 0, failures: [], rateLimited: 0 };
  for (const installationId of await listInstallationIds(await app.auth())) {
    const octokit = await app.auth(installationId);
    if (await remainingCoreRequests(octokit) < MIN_REMAINING_REQUESTS) {
      report.rateLimited++;
      continue;
    }
    for (const repo of await listInstallationRepos(octokit)) {
      try {
        const outcome = await reviewIfDue({ services, octokit, repo });
        if (outcome === "disabled" || outcome === "invalid-policy") continue;
        report.enabled++;
        if (typeof outcome === "string") report.skipped++;
        else report.written.push(...outcome);
      } catch (error) {
        report.enabled++;
        report.failures.push({ repo: `${repo.owner}/${repo.repo}`, error: describeError(error) });
      }
    }
  }
  return report;
}

/**
 * `readiness digest` with credentials (serverless and Action mode): one repository's review for
 * `week` (default: the last complete week in its policy's time zone), written now whatever the
 * weekday, since the schedule is the caller's. `token`: Probot was given a token (an Action's
 * `GITHUB_TOKEN`) rather than the App's key, so there is no installation to look up.
 */
export async function reviewRepository(
  app: Probot,
  services: AppServices,
  repo: RepoRef,
  options: { week?: IsoWeek; token?: boolean },
): Promise<WrittenReview> {
  let octokit;
  if (options.token) {
    octokit = await app.auth();
  } else {
    const installationId = await repoInstallationId(await app.auth(), repo);
    if (installationId === undefined) throw new Error(`the App is not installed on ${repo.owner}/${repo.repo}`);
    octokit = await app.auth(installationId);
  }
  const policy = await loadPolicy(octokit, repo, services.policyCache);
  if (!policy.ok) throw new Error(`the policy cannot be read: ${policy.problems.map(formatProblem).join("; ")}`);
  const week = options.week ?? lastCompleteIsoWeek(services.now(), policy.policy.timezone);
  return writeWeeklyReview({ services, octokit, repo }, policy.policy, week);
}
