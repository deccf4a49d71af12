/**
 * JSON representations of the sandbox state, in GitHub's REST shapes.
 *
 * Each function returns the type Octokit declares for the matching response, so the compiler
 * checks the fields our app may read; the tests also validate the fake's responses against
 * GitHub's OpenAPI schemas at run time. Webhook payloads reuse these objects (GitHub's webhook
 * objects are the REST objects with a few extra fields).
 */
import type { RestEndpointMethodTypes } from "@octokit/rest";
import {
  account,
  ancestors,
  blobSha,
  diffTrees,
  fileDiff,
  findRepository,
  fullName,
  mergeBase,
  sameName,
  sameRepo,
  type FakeCheckRun,
  type FakeCheckSuite,
  type FakeCommit,
  type FakeGitHubState,
  type FakeInstallation,
  type FakeIssueComment,
  type FakeLabel,
  type FakePullRequest,
  type FakePullRequestEnd,
  type FakeReaction,
  type FakeRelease,
  type FakeRepository,
  type PermissionLevel,
  type FakeRepoKey,
  type TreeChange,
} from "./state.js";

/** `full-repository`: what `GET /repos/{owner}/{repo}` returns. */
export type RepositoryJson = RestEndpointMethodTypes["repos"]["get"]["response"]["data"];
/** `repository`: the shape nested in pull requests, forks' parents and webhook payloads. */
export type NestedRepositoryJson = RestEndpointMethodTypes["pulls"]["get"]["response"]["data"]["head"]["repo"];
export type SimpleUserJson = RestEndpointMethodTypes["pulls"]["get"]["response"]["data"]["user"];
export type PullRequestJson = RestEndpointMethodTypes["pulls"]["get"]["response"]["data"];
export type LabelJson = RestEndpointMethodTypes["issues"]["getLabel"]["response"]["data"];
export type IssueJson = RestEndpointMethodTypes["issues"]["get"]["response"]["data"];
export type IssueCommentJson = RestEndpointMethodTypes["issues"]["getComment"]["response"]["data"];
export type ReactionJson = RestEndpointMethodTypes["reactions"]["createForIssueComment"]["response"]["data"];
export type CheckRunJson = RestEndpointMethodTypes["checks"]["get"]["response"]["data"];
export type CheckAnnotationJson = RestEndpointMethodTypes["checks"]["listAnnotations"]["response"]["data"][number];
export type CheckSuiteJson = RestEndpointMethodTypes["checks"]["getSuite"]["response"]["data"];
export type AppJson = NonNullable<CheckRunJson["app"]>;
export type ReleaseJson = RestEndpointMethodTypes["repos"]["getRelease"]["response"]["data"];
export type DiffEntryJson = RestEndpointMethodTypes["pulls"]["listFiles"]["response"]["data"][number];
export type FileCommitJson = RestEndpointMethodTypes["repos"]["createOrUpdateFileContents"]["response"]["data"];
export type CollaboratorPermissionJson = RestEndpointMethodTypes["repos"]["getCollaboratorPermissionLevel"]["response"]["data"];
export type TeamMembershipJson = RestEndpointMethodTypes["teams"]["getMembershipForUserInOrg"]["response"]["data"];
export type InstallationTokenJson = RestEndpointMethodTypes["apps"]["createInstallationAccessToken"]["response"]["data"];
export type GitCommitJson = FileCommitJson["commit"];

/** Where the sandbox is served: REST base (`…/api/v3`) and the "web" base for `html_url`s. */
export interface SandboxUrls {
  api: string;
  web: string;
}

/** GitHub's timestamp format: ISO 8601 in UTC without milliseconds. */
export function timestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function nodeId(kind: string, id: number | string): string {
  return Buffer.from(`${kind}:${id}`).toString("base64").replace(/=+$/, "");
}

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

function repositoryOrThrow(state: FakeGitHubState, ref: FakeRepoKey): FakeRepository {
  const repo = findRepository(state, ref);
  if (!repo) throw new Error(`sandbox: no repository ${fullName(ref)}`);
  return repo;
}

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

function pullRequestEndJson(state: FakeGitHubState, end: FakePullRequestEnd, urls: SandboxUrls): PullRequestJson["head"] {
  const repo = repositoryOrThrow(state, end.repo);
  return {
    label: `${repo.owner}:${end.ref}`,
    ref: end.ref,
    sha: end.sha,
    user: userJson(state, repo.owner, urls),
    repo: nestedRepositoryJson(state, repo, urls),
  };
}

/** The file changes of a pull request: from the merge base of base and head to the head. */
export function pullRequestChanges(state: FakeGitHubState, pr: FakePullRequest): TreeChange[] {
  const baseSha = mergeBase(state, pr.base.sha, pr.head.sha) ?? pr.base.sha;
  return diffTrees(state.commits[baseSha]?.tree ?? {}, state.commits[pr.head.sha]?.tree ?? {});
}

export function pullRequestCommitCount(state: FakeGitHubState, pr: FakePullRequest): number {
  const baseAncestors = new Set(ancestors(state, pr.base.sha));
  return ancestors(state, pr.head.sha).filter((sha) => !baseAncestors.has(sha)).length;
}

export function pullRequestJson(state: FakeGitHubState, pr: FakePullRequest, urls: SandboxUrls): PullRequestJson {
  const repo = repositoryOrThrow(state, pr.repo);
  const api = `${urls.api}/repos/${fullName(repo)}`;
  const web = `${urls.web}/${fullName(repo)}`;
  const changes = pullRequestChanges(state, pr);
  const stats = changes.map((change) => fileDiff(change.before, change.after));
  return {
    url: `${api}/pulls/${pr.number}`,
    id: pr.id,
    node_id: nodeId("PullRequest", pr.id),
    html_url: `${web}/pull/${pr.number}`,
    diff_url: `${web}/pull/${pr.number}.diff`,
    patch_url: `${web}/pull/${pr.number}.patch`,
    issue_url: `${api}/issues/${pr.number}`,
    commits_url: `${api}/pulls/${pr.number}/commits`,
    review_comments_url: `${api}/pulls/${pr.number}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${pr.number}/comments`,
    statuses_url: `${api}/statuses/${pr.head.sha}`,
    number: pr.number,
    state: pr.state,
    locked: false,
    title: pr.title,
    user: userJson(state, pr.user, urls),
    body: pr.body,
    labels: pr.labels.flatMap((name) => {
      const label = findLabel(repo, name);
      return label ? [labelJson(repo, label, urls)] : [];
    }),
    milestone: null,
    active_lock_reason: null,
    created_at: pr.createdAt,
    updated_at: pr.updatedAt,
    closed_at: pr.closedAt,
    merged_at: pr.mergedAt,
    merge_commit_sha: pr.mergeCommitSha,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: pullRequestEndJson(state, pr.head, urls),
    base: pullRequestEndJson(state, pr.base, urls),
    _links: {
      self: { href: `${api}/pulls/${pr.number}` },
      html: { href: `${web}/pull/${pr.number}` },
      issue: { href: `${api}/issues/${pr.number}` },
      comments: { href: `${api}/issues/${pr.number}/comments` },
      review_comments: { href: `${api}/pulls/${pr.number}/comments` },
      review_comment: { href: `${api}/pulls/comments{/number}` },
      commits: { href: `${api}/pulls/${pr.number}/commits` },
      statuses: { href: `${api}/statuses/${pr.head.sha}` },
    },
    author_association: authorAssociation(state, repo, pr.user),
    auto_merge: null,
    draft: pr.draft,
    merged: pr.merged,
    mergeable: pr.state === "open" ? true : null,
    rebaseable: pr.state === "open" ? true : null,
    mergeable_state: pr.state === "open" ? (pr.draft ? "draft" : "clean") : "unknown",
    merged_by: pr.mergedBy ? userJson(state, pr.mergedBy, urls) : null,
    comments: state.issueComments.filter((c) => sameRepo(c.repo, repo) && c.issueNumber === pr.number).length,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: pullRequestCommitCount(state, pr),
    additions: stats.reduce((sum, s) => sum + s.additions, 0),
    deletions: stats.reduce((sum, s) => sum + s.deletions, 0),
    changed_files: changes.length,
  };
}

export function diffEntryJson(repo: FakeRepoKey, headSha: string, change: TreeChange, urls: SandboxUrls): DiffEntryJson {
  const { additions, deletions, patch } = fileDiff(change.before, change.after);
  const encodedPath = change.filename.split("/").map(encodeURIComponent).join("/");
  const content = change.after ?? change.before ?? "";
  return {
    sha: blobSha(content),
    filename: change.filename,
    status: change.status,
    additions,
    deletions,
    changes: additions + deletions,
    blob_url: `${urls.web}/${fullName(repo)}/blob/${headSha}/${encodedPath}`,
    raw_url: `${urls.web}/${fullName(repo)}/raw/${headSha}/${encodedPath}`,
    contents_url: `${urls.api}/repos/${fullName(repo)}/contents/${encodedPath}?ref=${headSha}`,
    patch,
    ...(change.previousFilename !== undefined ? { previous_filename: change.previousFilename } : {}),
  };
}

export function reactionRollup(comment: FakeIssueComment, urls: SandboxUrls): NonNullable<IssueCommentJson["reactions"]> {
  const count = (content: FakeReaction["content"]) => comment.reactions.filter((r) => r.content === content).length;
  return {
    url: `${urls.api}/repos/${fullName(comment.repo)}/issues/comments/${comment.id}/reactions`,
    total_count: comment.reactions.length,
    "+1": count("+1"),
    "-1": count("-1"),
    laugh: count("laugh"),
    hooray: count("hooray"),
    confused: count("confused"),
    heart: count("heart"),
    rocket: count("rocket"),
    eyes: count("eyes"),
  };
}

export function reactionJson(state: FakeGitHubState, reaction: FakeReaction, urls: SandboxUrls): ReactionJson {
  return {
    id: reaction.id,
    node_id: nodeId("Reaction", reaction.id),
    user: userJson(state, reaction.user, urls),
    content: reaction.content,
    created_at: reaction.createdAt,
  };
}

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

export function issueCommentJson(state: FakeGitHubState, comment: FakeIssueComment, urls: SandboxUrls): IssueCommentJson {
  const api = `${urls.api}/repos/${fullName(comment.repo)}`;
  return {
    id: comment.id,
    node_id: nodeId("IssueComment", comment.id),
    url: `${api}/issues/comments/${comment.id}`,
    html_url: `${urls.web}/${fullName(comment.repo)}/pull/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${api}/issues/${comment.issueNumber}`,
    body: comment.body,
    user: userJson(state, comment.user, urls),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    author_association: authorAssociation(state, comment.repo, comment.user),
    performed_via_github_app: comment.viaAppId === null ? null : appJson(state, urls),
    reactions: reactionRollup(comment, urls),
  };
}

/** A pull request seen through the Issues API (every pull request is also an issue). */
export function issueJson(state: FakeGitHubState, pr: FakePullRequest, urls: SandboxUrls): IssueJson {
  const repo = repositoryOrThrow(state, pr.repo);
  const api = `${urls.api}/repos/${fullName(repo)}`;
  const web = `${urls.web}/${fullName(repo)}`;
  return {
    id: pr.id,
    node_id: nodeId("Issue", pr.id),
    url: `${api}/issues/${pr.number}`,
    repository_url: api,
    labels_url: `${api}/issues/${pr.number}/labels{/name}`,
    comments_url: `${api}/issues/${pr.number}/comments`,
    events_url: `${api}/issues/${pr.number}/events`,
    html_url: `${web}/pull/${pr.number}`,
    number: pr.number,
    state: pr.state,
    state_reason: null,
    title: pr.title,
    body: pr.body,
    user: userJson(state, pr.user, urls),
    labels: pr.labels.flatMap((name) => {
      const label = findLabel(repo, name);
      return label ? [labelJson(repo, label, urls)] : [];
    }),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: state.issueComments.filter((c) => sameRepo(c.repo, repo) && c.issueNumber === pr.number).length,
    pull_request: {
      url: `${api}/pulls/${pr.number}`,
      html_url: `${web}/pull/${pr.number}`,
      diff_url: `${web}/pull/${pr.number}.diff`,
      patch_url: `${web}/pull/${pr.number}.patch`,
      merged_at: pr.mergedAt,
    },
    closed_at: pr.closedAt,
    created_at: pr.createdAt,
    updated_at: pr.updatedAt,
    draft: pr.draft,
    author_association: authorAssociation(state, repo, pr.user),
    timeline_url: `${api}/issues/${pr.number}/timeline`,
    performed_via_github_app: null,
    reactions: {
      url: `${api}/issues/${pr.number}/reactions`,
      total_count: 0, "+1": 0, "-1": 0, laugh: 0, hooray: 0, confused: 0, heart: 0, rocket: 0, eyes: 0,
    },
  };
}

/** Open pull requests in the check's repository whose head is the check's commit (not forks: GitHub omits those). */
export function checkRunPullRequests(state: FakeGitHubState, repo: FakeRepoKey, headSha: string, urls: SandboxUrls): CheckRunJson["pull_requests"] {
  return state.pullRequests
    .filter((pr) => sameRepo(pr.repo, repo) && pr.state === "open" && pr.head.sha === headSha && sameRepo(pr.head.repo, repo))
    .map((pr) => {
      const end = (e: FakePullRequestEnd) => {
        const endRepo = repositoryOrThrow(state, e.repo);
        return { ref: e.ref, sha: e.sha, repo: { id: endRepo.id, url: `${urls.api}/repos/${fullName(endRepo)}`, name: endRepo.name } };
      };
      return { id: pr.id, number: pr.number, url: `${urls.api}/repos/${fullName(repo)}/pulls/${pr.number}`, head: end(pr.head), base: end(pr.base) };
    });
}

export function checkRunJson(state: FakeGitHubState, run: FakeCheckRun, urls: SandboxUrls): CheckRunJson {
  const api = `${urls.api}/repos/${fullName(run.repo)}`;
  return {
    id: run.id,
    head_sha: run.headSha,
    node_id: nodeId("CheckRun", run.id),
    external_id: run.externalId,
    url: `${api}/check-runs/${run.id}`,
    html_url: `${urls.web}/${fullName(run.repo)}/runs/${run.id}`,
    details_url: run.detailsUrl ?? `${urls.web}/apps/${state.app.slug}`,
    status: run.status,
    // Octokit's type omits "stale" (only GitHub sets it); the fake never produces it on its own.
    conclusion: run.conclusion === "stale" ? null : run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: {
      title: run.output.title,
      summary: run.output.summary,
      text: run.output.text,
      annotations_count: run.output.annotations.length,
      annotations_url: `${api}/check-runs/${run.id}/annotations`,
    },
    name: run.name,
    check_suite: { id: run.checkSuiteId },
    app: appJson(state, urls),
    pull_requests: checkRunPullRequests(state, run.repo, run.headSha, urls),
  };
}

export function checkAnnotationJson(run: FakeCheckRun, index: number, urls: SandboxUrls): CheckAnnotationJson {
  const annotation = run.output.annotations[index];
  if (!annotation) throw new Error(`sandbox: check run ${run.id} has no annotation ${index}`);
  return {
    path: annotation.path,
    start_line: annotation.start_line,
    end_line: annotation.end_line,
    start_column: annotation.start_column ?? null,
    end_column: annotation.end_column ?? null,
    annotation_level: annotation.annotation_level,
    title: annotation.title ?? null,
    message: annotation.message,
    raw_details: annotation.raw_details ?? null,
    blob_href: `${urls.web}/${fullName(run.repo)}/blob/${run.headSha}/${annotation.path}`,
  };
}

export function checkSuiteJson(state: FakeGitHubState, suite: FakeCheckSuite, urls: SandboxUrls): CheckSuiteJson {
  const runs = state.checkRuns.filter((run) => run.checkSuiteId === suite.id);
  const completed = runs.length > 0 && runs.every((run) => run.status === "completed");
  const conclusionOrder = ["action_required", "cancelled", "timed_out", "failure", "neutral", "skipped", "success"] as const;
  const conclusion = completed
    ? conclusionOrder.find((candidate) => runs.some((run) => run.conclusion === candidate)) ?? "neutral"
    : null;
  const head = state.commits[suite.headSha];
  return {
    id: suite.id,
    node_id: nodeId("CheckSuite", suite.id),
    head_branch: suite.headBranch,
    head_sha: suite.headSha,
    status: runs.length === 0 ? "queued" : completed ? "completed" : "in_progress",
    conclusion,
    url: `${urls.api}/repos/${fullName(suite.repo)}/check-suites/${suite.id}`,
    before: head?.parents[0] ?? null,
    after: suite.headSha,
    pull_requests: checkRunPullRequests(state, suite.repo, suite.headSha, urls),
    app: appJson(state, urls),
    repository: minimalRepositoryJson(state, suite.repo, urls),
    created_at: runs[0]?.startedAt ?? null,
    updated_at: runs.at(-1)?.completedAt ?? runs.at(-1)?.startedAt ?? null,
    head_commit: simpleCommitJson(head, suite.headSha),
    latest_check_runs_count: runs.length,
    check_runs_url: `${urls.api}/repos/${fullName(suite.repo)}/check-suites/${suite.id}/check-runs`,
    rerequestable: true,
    runs_rerequestable: true,
  };
}

export function minimalRepositoryJson(state: FakeGitHubState, repo: FakeRepoKey, urls: SandboxUrls): CheckSuiteJson["repository"] {
  return repositoryFields(state, repo, urls);
}

/** The `head_commit` shape used by check suites, merge groups and push events. */
export function simpleCommitJson(commit: FakeCommit | undefined, sha: string): CheckSuiteJson["head_commit"] {
  return {
    id: sha,
    tree_id: treeSha(commit),
    message: commit?.message ?? "",
    timestamp: commit?.committer.date ?? "1970-01-01T00:00:00Z",
    author: { name: commit?.author.name ?? "unknown", email: commit?.author.email ?? "unknown@example.com" },
    committer: { name: commit?.committer.name ?? "unknown", email: commit?.committer.email ?? "unknown@example.com" },
  };
}

/** A stable tree hash for a commit's tree (sandbox trees are not real git trees). */
export function treeSha(commit: FakeCommit | undefined): string {
  if (!commit) return "0".repeat(40);
  return blobSha(JSON.stringify(Object.entries(commit.tree).sort(([a], [b]) => (a < b ? -1 : 1)).map(([p, c]) => [p, blobSha(c)])));
}

export function gitCommitJson(repo: FakeRepoKey, commit: FakeCommit, urls: SandboxUrls): GitCommitJson {
  const api = `${urls.api}/repos/${fullName(repo)}`;
  return {
    sha: commit.sha,
    node_id: nodeId("Commit", commit.sha),
    url: `${api}/git/commits/${commit.sha}`,
    html_url: `${urls.web}/${fullName(repo)}/commit/${commit.sha}`,
    author: commit.author,
    committer: commit.committer,
    message: commit.message,
    tree: { url: `${api}/git/trees/${treeSha(commit)}`, sha: treeSha(commit) },
    parents: commit.parents.map((sha) => ({ url: `${api}/git/commits/${sha}`, html_url: `${urls.web}/${fullName(repo)}/commit/${sha}`, sha })),
    verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
  };
}

export function releaseJson(state: FakeGitHubState, release: FakeRelease, urls: SandboxUrls): ReleaseJson {
  const api = `${urls.api}/repos/${fullName(release.repo)}`;
  const web = `${urls.web}/${fullName(release.repo)}`;
  return {
    url: `${api}/releases/${release.id}`,
    html_url: release.draft ? `${web}/releases/tag/untagged-${release.id}` : `${web}/releases/tag/${encodeURIComponent(release.tagName)}`,
    assets_url: `${api}/releases/${release.id}/assets`,
    upload_url: `${urls.web}/uploads/repos/${fullName(release.repo)}/releases/${release.id}/assets{?name,label}`,
    tarball_url: `${api}/tarball/${encodeURIComponent(release.tagName)}`,
    zipball_url: `${api}/zipball/${encodeURIComponent(release.tagName)}`,
    id: release.id,
    node_id: nodeId("Release", release.id),
    tag_name: release.tagName,
    target_commitish: release.targetCommitish,
    name: release.name,
    body: release.body,
    draft: release.draft,
    prerelease: release.prerelease,
    immutable: false,
    created_at: release.createdAt,
    published_at: release.publishedAt,
    updated_at: release.updatedAt,
    author: userJson(state, release.author, urls),
    assets: [],
  };
}

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

export type PullRequestCommitJson = RestEndpointMethodTypes["pulls"]["listCommits"]["response"]["data"][number];

/** One entry of `GET /repos/{owner}/{repo}/pulls/{pull_number}/commits`. */
export function pullRequestCommitJson(state: FakeGitHubState, repo: FakeRepoKey, sha: string, urls: SandboxUrls): PullRequestCommitJson {
  const commit = state.commits[sha];
  if (!commit) throw new Error(`sandbox: no commit ${sha}`);
  const api = `${urls.api}/repos/${fullName(repo)}`;
  const user = commit.authorLogin ? userJson(state, commit.authorLogin, urls) : null;
  return {
    url: `${api}/commits/${sha}`,
    sha,
    node_id: nodeId("Commit", sha),
    html_url: `${urls.web}/${fullName(repo)}/commit/${sha}`,
    comments_url: `${api}/commits/${sha}/comments`,
    commit: {
      url: `${api}/git/commits/${sha}`,
      author: commit.author,
      committer: commit.committer,
      message: commit.message,
      comment_count: 0,
      tree: { url: `${api}/git/trees/${treeSha(commit)}`, sha: treeSha(commit) },
    },
    author: user,
    committer: user,
    parents: commit.parents.map((parent) => ({ url: `${api}/commits/${parent}`, sha: parent, html_url: `${urls.web}/${fullName(repo)}/commit/${parent}` })),
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

export type ContentFileJson = RestEndpointMethodTypes["repos"]["getContent"]["response"]["data"];

/** A file as the contents API returns it: base64 content wrapped at 60 columns like GitHub's. */
export function contentFileJson(repository: FakeRepository, path: string, content: string, ref: string, urls: SandboxUrls): ContentFileJson {
  const base64 = Buffer.from(content, "utf8").toString("base64").replace(/(.{60})/g, "$1\n");
  return { ...contentEntryJson(repository, path, content, ref, "file", urls), type: "file", content: base64, encoding: "base64" };
}

export function downloadUrl(repository: FakeRepository, path: string, ref: string, urls: SandboxUrls): string {
  return `${urls.web}/raw/${fullName(repository)}/${encodeURIComponent(ref)}/${path.split("/").map(encodeURIComponent).join("/")}`;
}

/** One entry of a directory listing (and the fields a file shares with it). */
export function contentEntryJson<Kind extends "file" | "dir">(repository: FakeRepository, path: string, content: string, ref: string, type: Kind, urls: SandboxUrls) {
  const api = `${urls.api}/repos/${fullName(repository)}`;
  const web = `${urls.web}/${fullName(repository)}`;
  const encodedPath = path.split("/").map(encodeURIComponent).join("/");
  const sha = type === "file" ? blobSha(content) : blobSha(`tree:${path}@${ref}`);
  const links = {
    self: `${api}/contents/${encodedPath}?ref=${encodeURIComponent(ref)}`,
    git: `${api}/git/${type === "file" ? "blobs" : "trees"}/${sha}`,
    html: `${web}/${type === "file" ? "blob" : "tree"}/${encodeURIComponent(ref)}/${encodedPath}`,
  };
  return {
    type,
    name: path.split("/").at(-1) ?? path,
    path,
    sha,
    size: type === "file" ? Buffer.byteLength(content) : 0,
    url: links.self,
    git_url: links.git,
    html_url: links.html,
    download_url: type === "file" ? downloadUrl(repository, path, ref, urls) : null,
    _links: links,
  };
}
