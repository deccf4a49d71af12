/**
 * The state model of the sandbox GitHub: plain, JSON-printable data plus the few git-like
 * operations (blob and commit hashes, trees, merge bases, diffs) the REST stand-in needs.
 *
 * Kept free of HTTP and of response shapes so that tests and the demo can build and inspect a
 * scenario directly, and so that the same state feeds both REST responses and webhook payloads.
 */
import { createHash } from "node:crypto";

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

export interface FakePullRequest {
  id: number;
  number: number;
  /** The base repository (where the pull request lives). */
  repo: FakeRepoKey;
  title: string;
  body: string | null;
  state: "open" | "closed";
  draft: boolean;
  /** Author login. */
  user: string;
  head: FakePullRequestEnd;
  base: FakePullRequestEnd;
  /** Names of the labels on the pull request, in the order they were added. */
  labels: string[];
  merged: boolean;
  mergeCommitSha: string | null;
  mergedBy: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  mergedAt: string | null;
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
  issueComments: FakeIssueComment[];
  checkSuites: FakeCheckSuite[];
  checkRuns: FakeCheckRun[];
  releases: FakeRelease[];
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
    issueComments: [],
    checkSuites: [],
    checkRuns: [],
    releases: [],
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

// ---------------------------------------------------------------------------------------------
// Git-like helpers

/** Git's blob hash of a text file: what GitHub reports as a file's `sha`. */
export function blobSha(content: string): string {
  const bytes = Buffer.from(content, "utf8");
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

/** A commit hash derived from everything in the commit, so equal scenarios give equal shas. */
export function commitSha(commit: Omit<FakeCommit, "sha">, salt: number): string {
  const hash = createHash("sha1");
  hash.update(JSON.stringify([commit.parents, commit.message, commit.author, salt]));
  for (const path of Object.keys(commit.tree).sort()) hash.update(`${path}\0${blobSha(commit.tree[path] ?? "")}\n`);
  return hash.digest("hex");
}

export function isFullSha(ref: string): boolean {
  return /^[0-9a-f]{40}$/.test(ref);
}

/** All ancestors of a commit (itself included), nearest first. */
export function ancestors(state: FakeGitHubState, sha: string): string[] {
  const seen = new Set<string>();
  const queue = [sha];
  const ordered: string[] = [];
  while (queue.length > 0) {
    const current = queue.shift();
    if (current === undefined || seen.has(current)) continue;
    seen.add(current);
    ordered.push(current);
    queue.push(...(state.commits[current]?.parents ?? []));
  }
  return ordered;
}

/** The nearest common ancestor, which is what a pull request's diff is computed from. */
export function mergeBase(state: FakeGitHubState, a: string, b: string): string | undefined {
  const ofA = new Set(ancestors(state, a));
  return ancestors(state, b).find((sha) => ofA.has(sha));
}

export type DiffStatus = "added" | "modified" | "removed" | "renamed";

export interface TreeChange {
  filename: string;
  status: DiffStatus;
  previousFilename?: string;
  /** Content before (undefined for added) and after (undefined for removed). */
  before?: string;
  after?: string;
}

/**
 * The changes from one tree to another, sorted by path like GitHub's file lists. A removed file
 * whose exact content reappears under a new path is reported as a rename (GitHub also detects
 * similar content; exact matches are enough for scenarios).
 */
export function diffTrees(before: Record<string, string>, after: Record<string, string>): TreeChange[] {
  const changes: TreeChange[] = [];
  const removed = Object.keys(before).filter((path) => !(path in after));
  const added = Object.keys(after).filter((path) => !(path in before));
  const renamedFrom = new Map<string, string>();
  for (const newPath of added) {
    const content = after[newPath];
    const oldPath = removed.find((path) => before[path] === content && ![...renamedFrom.values()].includes(path));
    if (oldPath !== undefined) renamedFrom.set(newPath, oldPath);
  }
  const renamedAway = new Set(renamedFrom.values());
  for (const path of added) {
    const previous = renamedFrom.get(path);
    changes.push(previous === undefined
      ? { filename: path, status: "added", after: after[path] }
      : { filename: path, status: "renamed", previousFilename: previous, before: before[previous], after: after[path] });
  }
  for (const path of removed) {
    if (!renamedAway.has(path)) changes.push({ filename: path, status: "removed", before: before[path] });
  }
  for (const path of Object.keys(after)) {
    if (path in before && before[path] !== after[path]) {
      changes.push({ filename: path, status: "modified", before: before[path], after: after[path] });
    }
  }
  return changes.sort((x, y) => (x.filename < y.filename ? -1 : x.filename > y.filename ? 1 : 0));
}

function textLines(text: string | undefined): string[] {
  return text === undefined || text === "" ? [] : text.replace(/\n$/, "").split("\n");
}

type LineOperation = { kind: " " | "-" | "+"; line: string };

/** A line diff by longest common subsequence; whole-file replacement when files are too large. */
function lineOperations(before: string | undefined, after: string | undefined): LineOperation[] {
  const old = textLines(before);
  const next = textLines(after);
  if (old.length * next.length > 4_000_000) {
    return [...old.map((line) => ({ kind: "-" as const, line })), ...next.map((line) => ({ kind: "+" as const, line }))];
  }
  // common[i][j]: length of the LCS of old[i..] and next[j..].
  const common = Array.from({ length: old.length + 1 }, () => new Array<number>(next.length + 1).fill(0));
  for (let i = old.length - 1; i >= 0; i--) {
    for (let j = next.length - 1; j >= 0; j--) {
      const row = common[i] as number[];
      row[j] = old[i] === next[j] ? (common[i + 1]?.[j + 1] ?? 0) + 1 : Math.max(common[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const operations: LineOperation[] = [];
  let i = 0;
  let j = 0;
  while (i < old.length || j < next.length) {
    if (i < old.length && j < next.length && old[i] === next[j]) {
      operations.push({ kind: " ", line: old[i] ?? "" });
      i += 1;
      j += 1;
    } else if (j < next.length && (i >= old.length || (common[i]?.[j + 1] ?? 0) >= (common[i + 1]?.[j] ?? 0))) {
      operations.push({ kind: "+", line: next[j] ?? "" });
      j += 1;
    } else {
      operations.push({ kind: "-", line: old[i] ?? "" });
      i += 1;
    }
  }
  return operations;
}

/** Added and removed line counts plus a one-hunk unified diff, as in a pull request's file list. */
export function fileDiff(before: string | undefined, after: string | undefined): { additions: number; deletions: number; patch: string } {
  const operations = lineOperations(before, after);
  const oldCount = textLines(before).length;
  const newCount = textLines(after).length;
  const header = `@@ -${oldCount === 0 ? 0 : 1},${oldCount} +${newCount === 0 ? 0 : 1},${newCount} @@`;
  return {
    additions: operations.filter((operation) => operation.kind === "+").length,
    deletions: operations.filter((operation) => operation.kind === "-").length,
    patch: [header, ...operations.map((operation) => operation.kind + operation.line)].join("\n"),
  };
}
