import type { GitHubClient, RepoRef } from "../github/client.js";
import type { AppServices } from "../app/services.js";
import { sweepInstallation, type SweepLimits, type SweepReport } from "../handlers/sweep.js";

/**
 * `GITHUB_TOKEN` allows 1,000 requests an hour per repository, shared with the other workflows:
 * the sweep takes at most this many PRs and leaves when fewer requests than this are left.
 */
export const ACTION_SWEEP_LIMITS: SweepLimits = { maxPullRequests: 100, minRemainingRequests: 100 };

/**
 * The sweep of one repository's open release PRs (Action mode: `schedule`, `workflow_dispatch`),
 * the same as the hosted app's for each repository of an installation.
 */
export async function sweepRepository(
  services: AppServices,
  octokit: GitHubClient,
  repo: RepoRef,
  limits: SweepLimits = ACTION_SWEEP_LIMITS,
): Promise<SweepReport> {
  const report: SweepReport = { repositories: 0, evaluated: 0, writes: 0, failures: [], truncated: false, rateLimited: 0 };
  await sweepInstallation({ services, octokit }, [repo], limits, report);
  return report;
}
