import type { ProbotOctokit } from "probot";

/** The authenticated REST client the app is handed for an installation. */
export type GitHubClient = InstanceType<typeof ProbotOctokit>;

export interface RepoRef {
  owner: string;
  repo: string;
}

export const repoKey = (ref: RepoRef) => `${ref.owner}/${ref.repo}`.toLowerCase();

/** `owner/name` as the policy writes a repository (`digest.repository`, `sensor.releases_from`; checked by its schema). */
export function repoOfFullName(fullName: string): RepoRef {
  const [owner, repo] = fullName.split("/") as [string, string];
  return { owner, repo };
}

/** Octokit's RequestError carries the HTTP status; anything else is treated as unknown. */
export function httpStatusOf(error: unknown): number | undefined {
  if (typeof error === "object" && error !== null && "status" in error) {
    const status = (error as { status: unknown }).status;
    return typeof status === "number" ? status : undefined;
  }
  return undefined;
}

export function describeError(error: unknown): string {
  const status = httpStatusOf(error);
  const message = error instanceof Error ? error.message : String(error);
  return status ? `GitHub answered ${status}: ${message.split("\n")[0]}` : message.split("\n")[0] ?? message;
}
