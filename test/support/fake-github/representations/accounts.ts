/** Users, the app and its installations, and what a person may do in a repository. */
import type { RestEndpointMethodTypes } from "@octokit/rest";
import { account, sameName, sameRepo, type FakeGitHubState, type FakeInstallation, type FakeRepoKey, type PermissionLevel } from "../state.js";
import type { IssueCommentJson } from "./comments.js";
import { nodeId, repositoryOrThrow, type SandboxUrls } from "./common.js";

export type SimpleUserJson = RestEndpointMethodTypes["pulls"]["get"]["response"]["data"]["user"];

export function userJson(state: FakeGitHubState, login: string, urls: SandboxUrls): SimpleUserJson {
  const user = account(state, login);
  // Bots' logins end in "[bot]"; GitHub percent-encodes the brackets in URLs (`%5Bbot%5D`).
  const api = `${urls.api}/users/${encodeURIComponent(user.login)}`;
  return {
    login: user.login,
    id: user.id,
    node_id: nodeId(user.type, user.id),
    avatar_url: `${urls.web}/avatars/u/${user.id}?v=4`,
    gravatar_id: "",
    url: api,
    html_url: `${urls.web}/${user.type === "Bot" ? `apps/${user.login.replace(/\[bot\]$/, "")}` : encodeURIComponent(user.login)}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: user.type,
    user_view_type: "public",
    site_admin: false,
  };
}

export type AppJson = NonNullable<RestEndpointMethodTypes["checks"]["get"]["response"]["data"]["app"]>;

export function appJson(state: FakeGitHubState, urls: SandboxUrls): AppJson {
  const { app } = state;
  return {
    id: app.id,
    slug: app.slug,
    node_id: nodeId("Integration", app.id),
    client_id: `Iv1.${app.id.toString(16).padStart(16, "0")}`,
    owner: userJson(state, app.owner, urls),
    name: app.name,
    description: "GitHub App under test in the sandbox",
    external_url: `${urls.web}/apps/${app.slug}`,
    html_url: `${urls.web}/apps/${app.slug}`,
    created_at: "2024-01-01T00:00:00Z",
    updated_at: "2024-01-01T00:00:00Z",
    permissions: { checks: "write", contents: "write", issues: "write", pull_requests: "write", metadata: "read", members: "read" },
    // Without "merge_group": the schema for `app.events` in check suite payloads predates it.
    events: ["check_run", "check_suite", "issue_comment", "pull_request", "push"],
  };
}

export type InstallationJson = RestEndpointMethodTypes["apps"]["getRepoInstallation"]["response"]["data"];

export function installationJson(state: FakeGitHubState, installation: FakeInstallation, urls: SandboxUrls): InstallationJson {
  const owner = account(state, installation.account);
  return {
    id: installation.id,
    account: userJson(state, owner.login, urls),
    access_tokens_url: `${urls.api}/app/installations/${installation.id}/access_tokens`,
    repositories_url: `${urls.api}/installation/repositories`,
    html_url: `${urls.web}/${owner.type === "Organization" ? "organizations" : "settings"}/${owner.login}/settings/installations/${installation.id}`,
    app_id: state.app.id,
    app_slug: state.app.slug,
    target_id: owner.id,
    target_type: owner.type,
    permissions: { checks: "write", contents: "write", issues: "write", pull_requests: "write", metadata: "read", members: "read" },
    events: ["check_run", "check_suite", "issue_comment", "merge_group", "pull_request", "push"],
    created_at: "2024-01-01T00:00:00Z",
    updated_at: "2024-01-01T00:00:00Z",
    single_file_name: null,
    repository_selection: "all",
    suspended_at: null,
    suspended_by: null,
  };
}

export type InstallationTokenJson = RestEndpointMethodTypes["apps"]["createInstallationAccessToken"]["response"]["data"];

/** How GitHub describes the author's relation to the repository (`OWNER`, `MEMBER`, …). */
export function authorAssociation(state: FakeGitHubState, key: FakeRepoKey, login: string): IssueCommentJson["author_association"] {
  const repo = repositoryOrThrow(state, key);
  if (sameName(repo.owner, login)) return "OWNER";
  const inOrgTeam = state.teams.some((team) => sameName(team.org, repo.owner) && Object.keys(team.members).some((m) => sameName(m, login)));
  if (inOrgTeam) return "MEMBER";
  const permission = Object.entries(repo.collaborators).find(([name]) => sameName(name, login))?.[1];
  if (permission && permission !== "none") return "COLLABORATOR";
  const contributed = state.pullRequests.some((pr) => sameRepo(pr.repo, repo) && pr.merged && sameName(pr.user, login));
  return contributed ? "CONTRIBUTOR" : "NONE";
}

export type CollaboratorPermissionJson = RestEndpointMethodTypes["repos"]["getCollaboratorPermissionLevel"]["response"]["data"];

export type TeamMembershipJson = RestEndpointMethodTypes["teams"]["getMembershipForUserInOrg"]["response"]["data"];

/** The legacy `permission` field folds maintain into write and triage into read, as GitHub does. */
export function legacyPermission(level: PermissionLevel): "admin" | "write" | "read" | "none" {
  switch (level) {
    case "admin":
      return "admin";
    case "maintain":
    case "write":
      return "write";
    case "triage":
    case "read":
      return "read";
    case "none":
      return "none";
  }
}

export function effectivePermission(state: FakeGitHubState, key: FakeRepoKey, login: string): PermissionLevel {
  const repo = repositoryOrThrow(state, key);
  const explicit = Object.entries(repo.collaborators).find(([name]) => sameName(name, login))?.[1];
  if (explicit) return explicit;
  const owner = account(state, repo.owner);
  if (owner.type !== "Organization" && sameName(repo.owner, login)) return "admin";
  // Anyone may read a public repository; a private one is closed to non-collaborators.
  return repo.private ? "none" : "read";
}

export function collaboratorPermissionJson(state: FakeGitHubState, repo: FakeRepoKey, login: string, urls: SandboxUrls): CollaboratorPermissionJson {
  const level = effectivePermission(state, repo, login);
  const rank = ["none", "read", "triage", "write", "maintain", "admin"].indexOf(level);
  return {
    permission: legacyPermission(level),
    role_name: level,
    user: {
      ...userJson(state, login, urls),
      role_name: level,
      permissions: { pull: rank >= 1, triage: rank >= 2, push: rank >= 3, maintain: rank >= 4, admin: rank >= 5 },
    },
  };
}
