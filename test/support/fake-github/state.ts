/**
 * The state model of the sandbox GitHub: plain, JSON-printable data and the lookups on it. The
 * git-like operations on it (hashes, merge bases, diffs) are in `./git.ts`.
 *
 * Kept free of HTTP and of response shapes so that tests and the demo can build and inspect a
 * scenario directly, and so that the same state feeds both REST responses and webhook payloads.
 */
export type PermissionLevel = "admin" | "maintain" | "write" | "triage" | "read" | "none";
export type AccountType = "User" | "Organization" | "Bot";
export type ReactionContent = "+1" | "-1" | "laugh" | "confused" | "heart" | "hooray" | "rocket" | "eyes";
export type CheckStatus = "queued" | "in_progress" | "completed" | "waiting" | "requested" | "pending";
export type CheckConclusion =
  | "action_required" | "cancelled" | "failure" | "neutral" | "success" | "skipped" | "stale" | "timed_out";
export type TeamRole = "member" | "maintainer";

/**
 * Identifies a repository in the stand-in's state: `{ owner, name }`, compared case-insensitively
 * like GitHub's. (The product's own `RepoRef` in src/github is `{ owner, repo }`, the shape of
 * Octokit's parameters; the stand-in's scenario helpers take that shape too, as options.)
 */
export interface FakeRepoKey {
  owner: string;
  name: string;
}

export interface FakeAccount {
  login: string;
  id: number;
  type: AccountType;
}

export interface GitIdentity {
  name: string;
  email: string;
  date: string;
}

export interface FakeCommit {
  /** 40 hex characters. */
  sha: string;
  parents: string[];
  /** The whole tree at this commit: path → file content (UTF-8 text). */
  tree: Record<string, string>;
  message: string;
  author: GitIdentity;
  committer: GitIdentity;
  /** GitHub login of the author, when the commit was made by a known account. */
  authorLogin: string | null;
}

export interface FakeLabel {
  id: number;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
}

export interface FakeRepository extends FakeRepoKey {
  id: number;
  defaultBranch: string;
  private: boolean;
  /** Set for a fork: the repository it was forked from. */
  forkOf: FakeRepoKey | null;
  /** Branch name → head commit sha. */
  branches: Record<string, string>;
  labels: FakeLabel[];
  /** Explicit collaborator permissions; the owner of a user-owned repository is admin. */
  collaborators: Record<string, PermissionLevel>;
  /** Issues and pull requests share one number sequence per repository, as on GitHub. */
  nextIssueNumber: number;
  createdAt: string;
  updatedAt: string;
  pushedAt: string;
}

export interface FakePullRequestEnd {
  ref: string;
  sha: string;
  repo: FakeRepoKey;
}

/** What a pull request and a plain issue share (every pull request is also an issue). */
export interface FakeIssueFields {
  id: number;
  number: number;
  /** The repository it lives in (a pull request's base repository). */
  repo: FakeRepoKey;
  title: string;
  body: string | null;
  state: "open" | "closed";
  /** Author login. */
  user: string;
  /** Names of the labels on it, in the order they were added. */
  labels: string[];
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface FakePullRequest extends FakeIssueFields {
  draft: boolean;
  head: FakePullRequestEnd;
  base: FakePullRequestEnd;
  merged: boolean;
  mergeCommitSha: string | null;
  mergedBy: string | null;
  mergedAt: string | null;
}

/** A plain issue (not a pull request); it shares the repository's number sequence with pull requests. */
export interface FakeIssue extends FakeIssueFields {
  /** Reactions to the issue itself (not to its comments). */
  reactions: FakeReaction[];
}

export interface FakeReaction {
  id: number;
  user: string;
  content: ReactionContent;
  createdAt: string;
}

export interface FakeIssueComment {
  id: number;
  repo: FakeRepoKey;
  issueNumber: number;
  body: string;
  user: string;
  createdAt: string;
  updatedAt: string;
  reactions: FakeReaction[];
  /** Set when the comment was written by the GitHub App (through its installation token). */
  viaAppId: number | null;
}

export interface FakeCheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: "notice" | "warning" | "failure";
  message: string;
  title?: string;
  raw_details?: string;
}

export interface FakeCheckRunOutput {
  title: string | null;
  summary: string | null;
  text: string | null;
  /** Every annotation sent so far: GitHub appends the annotations of each PATCH. */
  annotations: FakeCheckAnnotation[];
}

export interface FakeCheckSuite {
  id: number;
  repo: FakeRepoKey;
  headSha: string;
  headBranch: string | null;
  appId: number;
}

export interface FakeCheckRun {
  id: number;
  repo: FakeRepoKey;
  checkSuiteId: number;
  appId: number;
  name: string;
  headSha: string;
  status: CheckStatus;
  conclusion: CheckConclusion | null;
  startedAt: string;
  completedAt: string | null;
  externalId: string;
  detailsUrl: string | null;
  output: FakeCheckRunOutput;
}

export interface FakeRelease {
  id: number;
  repo: FakeRepoKey;
  tagName: string;
  targetCommitish: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  author: string;
  createdAt: string;
  publishedAt: string | null;
  updatedAt: string;
}

export type DeploymentState = "error" | "failure" | "inactive" | "pending" | "success" | "queued" | "in_progress";

export interface FakeDeploymentStatus {
  id: number;
  state: DeploymentState;
  creator: string;
  createdAt: string;
}

/** An answer to a custom deployment protection rule (`POST …/actions/runs/{run_id}/deployment_protection_rule`). */
export interface FakeGateReview {
  environment: string;
  state: "approved" | "rejected" | null;
  comment: string | null;
  by: string;
}

export interface FakeDeployment {
  id: number;
  repo: FakeRepoKey;
  sha: string;
  ref: string;
  environment: string;
  creator: string;
  createdAt: string;
  updatedAt: string;
  /** Newest last. */
  statuses: FakeDeploymentStatus[];
  /** The workflow run waiting on protection rules for it. */
  runId: number;
  /** The app's answers to the run's protection rule, in order. */
  reviews: FakeGateReview[];
}

export interface FakeTeam {
  id: number;
  org: string;
  slug: string;
  name: string;
  /** Login → role. */
  members: Record<string, TeamRole>;
}

export interface FakeInstallation {
  id: number;
  /** The account (user or organization) the app is installed on. */
  account: string;
}

export interface FakeApp {
  id: number;
  slug: string;
  name: string;
  owner: string;
}

export interface IssuedToken {
  token: string;
  installationId: number;
  expiresAt: string;
}

/** Everything the sandbox GitHub knows. Plain data: `JSON.stringify` prints it. */
export interface FakeGitHubState {
  app: FakeApp;
  accounts: Record<string, FakeAccount>;
  repositories: FakeRepository[];
  commits: Record<string, FakeCommit>;
  pullRequests: FakePullRequest[];
  issues: FakeIssue[];
  issueComments: FakeIssueComment[];
  checkSuites: FakeCheckSuite[];
  checkRuns: FakeCheckRun[];
  releases: FakeRelease[];
  deployments: FakeDeployment[];
  teams: FakeTeam[];
  installations: FakeInstallation[];
  issuedTokens: IssuedToken[];
  /** Source of every id, so ids are unique across kinds and stable for a given scenario. */
  nextId: number;
}

export function emptyState(app: FakeApp): FakeGitHubState {
  return {
    app,
    accounts: {},
    repositories: [],
    commits: {},
    pullRequests: [],
    issues: [],
    issueComments: [],
    checkSuites: [],
    checkRuns: [],
    releases: [],
    deployments: [],
    teams: [],
    installations: [],
    issuedTokens: [],
    nextId: 1000,
  };
}

export function nextId(state: FakeGitHubState): number {
  state.nextId += 1;
  return state.nextId;
}

export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export function sameRepo(a: FakeRepoKey, b: FakeRepoKey): boolean {
  return sameName(a.owner, b.owner) && sameName(a.name, b.name);
}

export function fullName(repo: FakeRepoKey): string {
  return `${repo.owner}/${repo.name}`;
}

export function findRepository(state: FakeGitHubState, ref: FakeRepoKey): FakeRepository | undefined {
  return state.repositories.find((candidate) => sameRepo(candidate, ref));
}

/** The account for a login, created on first mention (bots are recognised by their `[bot]` suffix). */
export function account(state: FakeGitHubState, login: string, type?: AccountType): FakeAccount {
  const existing = Object.values(state.accounts).find((candidate) => sameName(candidate.login, login));
  if (existing) return existing;
  const created: FakeAccount = { login, id: nextId(state), type: type ?? (login.endsWith("[bot]") ? "Bot" : "User") };
  state.accounts[login] = created;
  return created;
}
