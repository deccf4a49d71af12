import type { PermissionLevel } from "../domain/vocabulary.js";
import { PERMISSION_LEVELS } from "../domain/vocabulary.js";
import { httpStatusOf, type GitHubClient, type RepoRef } from "./client.js";

/**
 * A person's role on the repository. `role_name` has the real role (maintain, triage, custom
 * roles fall back to their base); the legacy `permission` field folds maintain into write.
 */
export async function permissionOf(octokit: GitHubClient, repo: RepoRef, login: string): Promise<PermissionLevel | "none"> {
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: login });
    const role = (data.role_name ?? "").toLowerCase();
    if ((PERMISSION_LEVELS as readonly string[]).includes(role)) return role as PermissionLevel;
    const legacy = data.permission.toLowerCase();
    return (PERMISSION_LEVELS as readonly string[]).includes(legacy) ? (legacy as PermissionLevel) : "none";
  } catch (error) {
    if (httpStatusOf(error) === 404) return "none";
    throw error;
  }
}

/** Which of the given `@org/team` handles the person is an active member of. */
export async function teamsOf(octokit: GitHubClient, login: string, teams: readonly string[]): Promise<string[]> {
  const member: string[] = [];
  for (const handle of new Set(teams)) {
    const match = /^@([^/]+)\/(.+)$/.exec(handle);
    if (!match) continue;
    try {
      const { data } = await octokit.rest.teams.getMembershipForUserInOrg({ org: match[1]!, team_slug: match[2]!, username: login });
      if (data.state === "active") member.push(handle);
    } catch (error) {
      if (httpStatusOf(error) !== 404) throw error;
    }
  }
  return member;
}
