/** Repositories (in their full, nested and minimal shapes) and their labels. */
import type { RestEndpointMethodTypes } from "@octokit/rest";
import { fullName, sameName, sameRepo, type FakeGitHubState, type FakeLabel, type FakeRepoKey, type FakeRepository } from "../state.js";
import { userJson } from "./accounts.js";
import type { CheckSuiteJson } from "./checks.js";
import { nodeId, repositoryOrThrow, type SandboxUrls } from "./common.js";

/** `full-repository`: what `GET /repos/{owner}/{repo}` returns. */
export type RepositoryJson = RestEndpointMethodTypes["repos"]["get"]["response"]["data"];

/** `repository`: the shape nested in pull requests, forks' parents and webhook payloads. */
export type NestedRepositoryJson = RestEndpointMethodTypes["pulls"]["get"]["response"]["data"]["head"]["repo"];

export function openIssueCount(state: FakeGitHubState, repo: FakeRepoKey): number {
  return state.pullRequests.filter((pr) => sameRepo(pr.repo, repo) && pr.state === "open").length;
}

export function repositoryJson(state: FakeGitHubState, key: FakeRepoKey, urls: SandboxUrls): RepositoryJson {
  const repo = repositoryOrThrow(state, key);
  const parent = repo.forkOf ? repositoryFields(state, repo.forkOf, urls) : undefined;
  return {
    ...repositoryFields(state, repo, urls),
    network_count: 0,
    subscribers_count: 0,
    ...(parent ? { parent, source: parent } : {}),
  };
}

export function nestedRepositoryJson(state: FakeGitHubState, key: FakeRepoKey, urls: SandboxUrls): NonNullable<NestedRepositoryJson> {
  return repositoryFields(state, key, urls);
}

export function minimalRepositoryJson(state: FakeGitHubState, repo: FakeRepoKey, urls: SandboxUrls): CheckSuiteJson["repository"] {
  return repositoryFields(state, repo, urls);
}

/**
 * The fields every repository representation shares. Left to inference on purpose: the literal
 * types (`license: null`, `has_discussions: false`) fit each of Octokit's repository types, which
 * disagree with one another about what is optional or nullable.
 */
function repositoryFields(state: FakeGitHubState, key: FakeRepoKey, urls: SandboxUrls) {
  const repo = repositoryOrThrow(state, key);
  const name = fullName(repo);
  const api = `${urls.api}/repos/${name}`;
  const host = new URL(urls.web).host;
  const openIssues = openIssueCount(state, repo);
  return {
    id: repo.id,
    node_id: nodeId("Repository", repo.id),
    name: repo.name,
    full_name: name,
    private: repo.private,
    owner: userJson(state, repo.owner, urls),
    html_url: `${urls.web}/${name}`,
    description: null,
    fork: repo.forkOf !== null,
    ...repositoryApiUrls(api),
    created_at: repo.createdAt,
    updated_at: repo.updatedAt,
    pushed_at: repo.pushedAt,
    git_url: `git://${host}/${name}.git`,
    ssh_url: `git@${host}:${name}.git`,
    clone_url: `${urls.web}/${name}.git`,
    svn_url: `${urls.web}/${name}`,
    homepage: null,
    size: 0,
    stargazers_count: 0,
    watchers_count: 0,
    language: null,
    has_issues: true,
    has_projects: true,
    has_downloads: true,
    has_wiki: true,
    has_pages: false,
    has_discussions: false,
    forks_count: 0,
    mirror_url: null,
    archived: false,
    disabled: false,
    open_issues_count: openIssues,
    license: null,
    allow_forking: true,
    is_template: false,
    web_commit_signoff_required: false,
    topics: [],
    visibility: repo.private ? "private" : "public",
    forks: 0,
    open_issues: openIssues,
    watchers: 0,
    default_branch: repo.defaultBranch,
    allow_squash_merge: true,
    allow_merge_commit: true,
    allow_rebase_merge: true,
    allow_auto_merge: false,
    delete_branch_on_merge: false,
  };
}

export type LabelJson = RestEndpointMethodTypes["issues"]["getLabel"]["response"]["data"];

export function labelJson(repo: FakeRepoKey, label: FakeLabel, urls: SandboxUrls): LabelJson {
  return {
    id: label.id,
    node_id: nodeId("Label", label.id),
    url: `${urls.api}/repos/${fullName(repo)}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    description: label.description,
    color: label.color,
    default: label.default,
  };
}

export function findLabel(repo: FakeRepository, name: string): FakeLabel | undefined {
  return repo.labels.find((label) => sameName(label.name, name));
}

/** The API URLs (and URL templates) of a repository whose REST base is `api`. */
function repositoryApiUrls(api: string) {
  return {
    url: api,
    forks_url: `${api}/forks`,
    keys_url: `${api}/keys{/key_id}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    teams_url: `${api}/teams`,
    hooks_url: `${api}/hooks`,
    issue_events_url: `${api}/issues/events{/number}`,
    events_url: `${api}/events`,
    assignees_url: `${api}/assignees{/user}`,
    branches_url: `${api}/branches{/branch}`,
    tags_url: `${api}/tags`,
    blobs_url: `${api}/git/blobs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    trees_url: `${api}/git/trees{/sha}`,
    statuses_url: `${api}/statuses/{sha}`,
    languages_url: `${api}/languages`,
    stargazers_url: `${api}/stargazers`,
    contributors_url: `${api}/contributors`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    commits_url: `${api}/commits{/sha}`,
    git_commits_url: `${api}/git/commits{/sha}`,
    comments_url: `${api}/comments{/number}`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    contents_url: `${api}/contents/{+path}`,
    compare_url: `${api}/compare/{base}...{head}`,
    merges_url: `${api}/merges`,
    archive_url: `${api}/{archive_format}{/ref}`,
    downloads_url: `${api}/downloads`,
    issues_url: `${api}/issues{/number}`,
    pulls_url: `${api}/pulls{/number}`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    labels_url: `${api}/labels{/name}`,
    releases_url: `${api}/releases{/id}`,
    deployments_url: `${api}/deployments`,
  };
}
