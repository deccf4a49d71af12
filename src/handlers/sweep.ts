import type { Probot } from "probot";
import { isStatusLabel } from "../domain/evaluation/pull-request.js";
import type { RepoRef } from "../github/client.js";
import { listInstallationIds, listInstallationRepos, remainingCoreRequests } from "../github/installations.js";
import { listOpenPullRequests } from "../github/pull-request.js";
import { pullRequestScope, type RepoScope } from "../app/pull-request-scope.js";
import { reportReadiness } from "../app/report-readiness.js";
import type { AppServices } from "../app/services.js";

export interface SweepLimits {
  /** At most this many PRs are re-evaluated per sweep, so one sweep cannot exhaust the rate limit. */
  maxPullRequests: number;
  /**
   * The sweep stops for an installation when fewer requests than this are left of its hourly
   * budget, so webhooks (which people are waiting on) keep the rest. Default 500.
   */
  minRemainingRequests?: number;
}

export interface SweepReport {
  repositories: number;
  evaluated: number;
  writes: number;
  failures: Array<{ repo: string; number: number; error: string }>;
  truncated: boolean;
  /** Installations the sweep left early because their rate limit ran low. */
  rateLimited: number;
}

/**
 * docs/reference/checks-labels-comment.md: a waiver that expires turns the check red again without anyone touching the PR.
 * The sweep re-evaluates open release PRs (those carrying a `release:<status>` label, which the
 * app mirrors, so finding them costs one listing per repository), one at a time, writing only
 * what changed, and backs off when the installation's rate limit runs low.
 */
export async function sweepInstallation(
  installation: Omit<RepoScope, "repo">,
  repos: RepoRef[],
  limits: SweepLimits,
  report: SweepReport,
): Promise<void> {
  const { octokit } = installation;
  for (const repo of repos) {
    if (await remainingCoreRequests(octokit) < (limits.minRemainingRequests ?? 500)) {
      report.rateLimited++;
      return;
    }
    report.repositories++;
    for (const pr of await listOpenPullRequests(octokit, repo)) {
      if (!pr.labels.some(isStatusLabel)) continue;
      if (report.evaluated >= limits.maxPullRequests) {
        report.truncated = true;
        return;
      }
      report.evaluated++;
      try {
        const result = await reportReadiness(pullRequestScope({ ...installation, repo }, pr.number), { force: true, headShaHint: pr.headSha });
        report.writes += result.writes;
      } catch (error) {
        report.failures.push({ repo: `${repo.owner}/${repo.repo}`, number: pr.number, error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
}

/** Sweeps every installation of the App (hosted mode and `readiness sweep`). */
export async function sweepAllInstallations(app: Probot, services: AppServices, limits: SweepLimits = { maxPullRequests: 500 }): Promise<SweepReport> {
  const report: SweepReport = { repositories: 0, evaluated: 0, writes: 0, failures: [], truncated: false, rateLimited: 0 };
  for (const installationId of await listInstallationIds(await app.auth())) {
    const octokit = await app.auth(installationId);
    const repos = await listInstallationRepos(octokit);
    await sweepInstallation({ services, octokit }, repos, limits, report);
    if (report.truncated) break;
  }
  return report;
}
