import { httpStatusOf, type GitHubClient, type RepoRef } from "./client.js";

/** The App's installations (every page); `appOctokit` is authenticated as the App itself. */
export async function listInstallationIds(appOctokit: GitHubClient): Promise<number[]> {
  const installations = await appOctokit.paginate(appOctokit.rest.apps.listInstallations, { per_page: 100 });
  return installations.map((installation) => installation.id);
}

/** The repositories an installation can reach (every page). */
export async function listInstallationRepos(octokit: GitHubClient): Promise<RepoRef[]> {
  const repositories = await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, { per_page: 100 });
  return repositories.map((r) => ({ owner: r.owner.login, repo: r.name }));
}

/** How many requests are left of the installation's hourly budget. `GET /rate_limit` itself costs none. */
export async function remainingCoreRequests(octokit: GitHubClient): Promise<number> {
  const { data: rate } = await octokit.rest.rateLimit.get();
  return rate.resources.core.remaining;
}

/** The installation of the App on a repository, or undefined when it is not installed there. */
export async function repoInstallationId(appOctokit: GitHubClient, repo: RepoRef): Promise<number | undefined> {
  try {
    const { data } = await appOctokit.rest.apps.getRepoInstallation({ ...repo });
    return data.id;
  } catch (error) {
    if (httpStatusOf(error) === 404) return undefined;
    throw error;
  }
}
