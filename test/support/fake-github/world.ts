/**
 * The stand-in's state with its clock and addresses, and the operations on it that both sides
 * share: the scenario helpers (what a person does on GitHub, in `./scenarios.ts`) and the REST
 * routes (what the app does through the API, in `./routes/`). Committing, pushing, commenting and
 * labelling work the same whichever side does them.
 *
 * `FakeGitHub` (`./fake-github.ts`) is a `FakeWorld`; routes receive it as one.
 */
import { timestamp, type SandboxUrls } from "./representations/common.js";
import { findLabel } from "./representations/repos.js";
import { commitSha, diffTrees, isFullSha, mergeBase } from "./git.js";
import {
  account,
  findRepository,
  fullName,
  nextId,
  sameName,
  sameRepo,
  type FakeCheckSuite,
  type FakeCommit,
  type FakeGitHubState,
  type FakeIssue,
  type FakeIssueComment,
  type FakeLabel,
  type FakePullRequest,
  type FakeRepoKey,
  type FakeRepository,
  type GitIdentity,
} from "./state.js";
import { GitHubError } from "./http.js";
import { pullRequestEvent, pushEvent, type PayloadSource, type SandboxWebhookEvent } from "./webhooks.js";

/** Who wrote a commit, and the name and email to record when they differ from the account's. */
export interface CommitDetails {
  message: string;
  author: string;
  authorIdentity?: { name?: string; email?: string };
  committerIdentity?: { name?: string; email?: string };
}

export class FakeWorld {
  readonly state: FakeGitHubState;
  /**
   * Webhook events GitHub would send because of API writes (the app's own comments, labels and
   * commits), in order. Tests deliver them to check the app ignores or handles its own events.
   */
  readonly emittedEvents: SandboxWebhookEvent[] = [];
  /** What `GET /rate_limit` reports as left of the core budget; tests lower it to see the app back off. */
  rateLimitRemaining = 5000;
  /** `http://127.0.0.1:PORT` once listening. */
  protected baseUrl = "http://127.0.0.1";
  private readonly clock: (() => Date) | undefined;

  /** The app's owner (an organization) and its bot account exist from the start. */
  constructor(state: FakeGitHubState, clock?: () => Date) {
    this.state = state;
    this.clock = clock;
    account(this.state, this.state.app.owner, "Organization");
    account(this.state, this.botLogin, "Bot");
  }

  /** `http://127.0.0.1:PORT`: the "web" host and the root of the REST API. */
  get url(): string {
    return this.baseUrl;
  }

  /** The REST base in GitHub Enterprise layout, for Octokit's `baseUrl`. */
  get apiUrl(): string {
    return `${this.baseUrl}/api/v3`;
  }

  /** `host:port`, for Probot's `GHE_HOST` (with `GHE_PROTOCOL=http`). */
  get host(): string {
    return new URL(this.baseUrl).host;
  }

  get urls(): SandboxUrls {
    return { api: this.apiUrl, web: this.baseUrl };
  }

  /** The login GitHub shows for the app's own actions, e.g. `release-readiness[bot]`. */
  get botLogin(): string {
    return `${this.state.app.slug}[bot]`;
  }

  /** What the webhook payload builders read. */
  get payloadSource(): PayloadSource {
    return { state: this.state, urls: this.urls };
  }

  /** The stand-in's clock (the one given in the options, or the system's). */
  date(): Date {
    return this.clock ? this.clock() : new Date();
  }

  /** The clock's time as GitHub writes timestamps. */
  now(): string {
    return timestamp(this.date());
  }

  /** Record an event GitHub would send because of an API write. */
  emit(event: SandboxWebhookEvent): void {
    this.emittedEvents.push(event);
  }

  // -------------------------------------------------------------------------------------------
  // Lookups that throw when the scenario refers to something that does not exist

  repository(ref: FakeRepoKey): FakeRepository {
    const repository = findRepository(this.state, ref);
    if (!repository) throw new Error(`sandbox: no repository ${fullName(ref)}`);
    return repository;
  }

  pullRequest(options: { owner: string; repo: string; number: number }): FakePullRequest {
    const pr = this.state.pullRequests.find((candidate) => sameRepo(candidate.repo, { owner: options.owner, name: options.repo }) && candidate.number === options.number);
    if (!pr) throw new Error(`sandbox: no pull request ${options.owner}/${options.repo}#${options.number}`);
    return pr;
  }

  comment(id: number): FakeIssueComment {
    const comment = this.state.issueComments.find((candidate) => candidate.id === id);
    if (!comment) throw new Error(`sandbox: no comment ${id}`);
    return comment;
  }

  commentsOn(options: { owner: string; repo: string; number: number }): FakeIssueComment[] {
    return this.state.issueComments.filter((c) => sameRepo(c.repo, { owner: options.owner, name: options.repo }) && c.issueNumber === options.number);
  }

  pullRequestOf(comment: FakeIssueComment): FakePullRequest {
    return this.pullRequest({ owner: comment.repo.owner, repo: comment.repo.name, number: comment.issueNumber });
  }

  /** A plain issue (not a pull request), or undefined when the number is a pull request's or nothing's. */
  plainIssue(options: { owner: string; repo: string; number: number }): FakeIssue | undefined {
    return this.state.issues.find((issue) => sameRepo(issue.repo, { owner: options.owner, name: options.repo }) && issue.number === options.number);
  }

  /** What a comment is on: a plain issue or a pull request. */
  issueOf(comment: FakeIssueComment): FakeIssue | FakePullRequest {
    const ref = { owner: comment.repo.owner, repo: comment.repo.name, number: comment.issueNumber };
    return this.plainIssue(ref) ?? this.pullRequest(ref);
  }

  /** A branch name, `refs/heads/…`, a full or short sha, or `refs/pull/N/head`, as a commit sha. */
  resolveRef(repository: FakeRepository, ref: string): string | undefined {
    const branch = ref.replace(/^refs\/heads\//, "");
    const byBranch = Object.entries(repository.branches).find(([name]) => name === branch)?.[1];
    if (byBranch) return byBranch;
    if (isFullSha(ref) && this.state.commits[ref]) return ref;
    // Short shas, like GitHub accepts.
    if (/^[0-9a-f]{7,39}$/.test(ref)) {
      const matches = Object.keys(this.state.commits).filter((sha) => sha.startsWith(ref));
      if (matches.length === 1) return matches[0];
    }
    const pull = /^refs\/pull\/(\d+)\/head$/.exec(ref);
    if (pull) {
      return this.state.pullRequests.find((pr) => sameRepo(pr.repo, repository) && pr.number === Number(pull[1]))?.head.sha;
    }
    return undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Commits and pushes

  /** Commit file changes (`null` deletes a file) on top of a branch's head and move the branch. */
  writeCommit(repository: FakeRepository, branch: string, files: Record<string, string | null>, details: CommitDetails): FakeCommit {
    const parentSha = repository.branches[branch];
    const tree = { ...(parentSha ? this.state.commits[parentSha]?.tree : {}) };
    for (const [path, content] of Object.entries(files)) {
      if (content === null) delete tree[path];
      else tree[path] = content;
    }
    return this.storeCommit(repository, branch, {
      parents: parentSha ? [parentSha] : [],
      tree,
      message: details.message,
      author: this.identity(details.author, details.authorIdentity),
      committer: this.identity(details.author, details.committerIdentity),
      authorLogin: account(this.state, details.author).login,
    });
  }

  /** A merge commit on `branch` applying each pull request's changes (no conflicts in the sandbox). */
  createMergeCommit(repository: FakeRepository, branch: string, prs: FakePullRequest[], user: string, message: string): FakeCommit {
    const baseSha = repository.branches[branch];
    if (!baseSha) throw new Error(`sandbox: no branch ${branch}`);
    const tree = { ...this.state.commits[baseSha]?.tree };
    for (const pr of prs) {
      const fromSha = mergeBase(this.state, baseSha, pr.head.sha) ?? baseSha;
      for (const change of diffTrees(this.state.commits[fromSha]?.tree ?? {}, this.state.commits[pr.head.sha]?.tree ?? {})) {
        if (change.previousFilename !== undefined) delete tree[change.previousFilename];
        if (change.after === undefined) delete tree[change.filename];
        else tree[change.filename] = change.after;
      }
    }
    return this.storeCommit(repository, branch, {
      parents: [baseSha, ...prs.map((pr) => pr.head.sha)],
      tree,
      message,
      author: this.identity(user),
      committer: this.identity("web-flow"),
      authorLogin: account(this.state, user).login,
    });
  }

  /** `push` for the branch, and `pull_request.synchronize` for open pull requests it heads. */
  pushEvents(repository: FakeRepository, branch: string, before: string, commits: FakeCommit[], sender: string): SandboxWebhookEvent[] {
    const after = repository.branches[branch] ?? before;
    // GitHub delivers a push only to apps installed on the repository (not, say, on a contributor's fork).
    const installed = this.state.installations.some((i) => sameName(i.account, repository.owner));
    const events = installed ? [pushEvent(this.payloadSource, { repo: repository, branch, before, after, commits, sender })] : [];
    for (const pr of this.state.pullRequests) {
      if (pr.state !== "open" || !sameRepo(pr.head.repo, repository) || pr.head.ref !== branch) continue;
      const previous = pr.head.sha;
      pr.head.sha = after;
      pr.updatedAt = this.now();
      // GitHub refreshes the base sha to the base branch's tip when the head moves.
      const baseTip = this.state.repositories.find((r) => sameRepo(r, pr.base.repo))?.branches[pr.base.ref];
      if (baseTip) pr.base.sha = baseTip;
      events.push(pullRequestEvent(this.payloadSource, pr, "synchronize", { sender, before: previous }));
    }
    return events;
  }

  private identity(login: string, override?: { name?: string; email?: string; date?: string }): GitIdentity {
    const user = account(this.state, login);
    return {
      name: override?.name ?? user.login,
      email: override?.email ?? `${user.id}+${user.login}@users.noreply.github.com`,
      date: override?.date ?? this.now(),
    };
  }

  private storeCommit(repository: FakeRepository, branch: string, commit: Omit<FakeCommit, "sha">): FakeCommit {
    const stored: FakeCommit = { ...commit, sha: commitSha(commit, nextId(this.state)) };
    this.state.commits[stored.sha] = stored;
    repository.branches[branch] = stored.sha;
    repository.pushedAt = this.now();
    repository.updatedAt = repository.pushedAt;
    return stored;
  }

  // -------------------------------------------------------------------------------------------
  // Comments, labels, check suites

  /** A comment on a pull request or a plain issue (both are issues on GitHub). */
  insertComment(pr: { repo: FakeRepoKey; number: number }, user: string, body: string, viaAppId: number | null): FakeIssueComment {
    const now = this.now();
    const comment: FakeIssueComment = {
      id: nextId(this.state),
      repo: pr.repo,
      issueNumber: pr.number,
      body,
      user: account(this.state, user).login,
      createdAt: now,
      updatedAt: now,
      reactions: [],
      viaAppId,
    };
    this.state.issueComments.push(comment);
    return comment;
  }

  /** Define a repository label (no event: GitHub's `label` event is not one the app uses). */
  createLabel(options: { owner: string; repo: string; name: string; color?: string; description?: string | null }): FakeLabel {
    const repository = this.repository({ owner: options.owner, name: options.repo });
    const existing = findLabel(repository, options.name);
    if (existing) return existing;
    const label: FakeLabel = { id: nextId(this.state), name: options.name, color: options.color ?? "ededed", description: options.description ?? null, default: false };
    repository.labels.push(label);
    return label;
  }

  /** Add labels (idempotent); returns the labels newly put on the pull request or issue. */
  applyLabels(pr: FakePullRequest | FakeIssue, names: string[]): FakeLabel[] {
    const repository = this.repository(pr.repo);
    const added: FakeLabel[] = [];
    for (const name of names) {
      const label = this.ensureLabel(repository, name);
      if (pr.labels.some((existing) => sameName(existing, label.name))) continue;
      pr.labels.push(label.name);
      added.push(label);
    }
    if (added.length > 0) pr.updatedAt = this.now();
    return added;
  }

  /** Take a label off a pull request or issue; GitHub's 404 when it is not on it. */
  unapplyLabel(pr: FakePullRequest | FakeIssue, name: string): FakeLabel {
    const repository = this.repository(pr.repo);
    const index = pr.labels.findIndex((existing) => sameName(existing, name));
    const label = findLabel(repository, name);
    if (index < 0 || !label) throw new GitHubError(404, "Label does not exist");
    pr.labels.splice(index, 1);
    pr.updatedAt = this.now();
    return label;
  }

  /** The app's check suite on a commit, created on first use (one suite per app and commit). */
  checkSuiteFor(repository: FakeRepository, headSha: string): FakeCheckSuite {
    const existing = this.state.checkSuites.find((s) => sameRepo(s.repo, repository) && s.headSha === headSha && s.appId === this.state.app.id);
    if (existing) return existing;
    const headBranch = Object.entries(repository.branches).find(([, sha]) => sha === headSha)?.[0] ?? null;
    const suite: FakeCheckSuite = { id: nextId(this.state), repo: { owner: repository.owner, name: repository.name }, headSha, headBranch, appId: this.state.app.id };
    this.state.checkSuites.push(suite);
    return suite;
  }

  private ensureLabel(repository: FakeRepository, name: string): FakeLabel {
    return findLabel(repository, name) ?? this.createLabel({ owner: repository.owner, repo: repository.name, name });
  }
}
