/**
 * An in-memory GitHub served over HTTP on loopback, for end-to-end tests and the demo sandbox.
 *
 * Every request is first checked against GitHub's OpenAPI description (`./openapi.ts`): a call
 * real GitHub would refuse gets the 4xx GitHub would answer and lands in `violations`, so a test
 * can assert that the app made none. Valid calls to endpoints the stand-in does not implement get
 * a loud 501 (also a violation). Every request is recorded in `requests` so tests and benchmarks
 * can count reads and writes.
 *
 * The REST API is served at `/` and at `/api/v3/` (the GitHub Enterprise layout Probot uses with
 * `GHE_HOST=127.0.0.1:PORT` and `GHE_PROTOCOL=http`).
 */
import { createPublicKey, createVerify, randomBytes, type KeyObject } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { RestEndpointMethodTypes } from "@octokit/rest";
import { normalizeApiPath, validateGitHubRequest, validateGitHubResponse } from "./openapi.js";
import {
  appJson,
  checkAnnotationJson,
  checkRunJson,
  pullRequestCommitJson,
  collaboratorPermissionJson,
  diffEntryJson,
  findLabel,
  gitCommitJson,
  issueCommentJson,
  issueJson,
  labelJson,
  nestedRepositoryJson,
  pullRequestChanges,
  pullRequestJson,
  reactionJson,
  releaseJson,
  repositoryJson,
  timestamp,
  userJson,
  type SandboxUrls,
} from "./representations.js";
import {
  account,
  ancestors,
  blobSha,
  commitSha,
  emptyState,
  findRepository,
  fullName,
  isFullSha,
  mergeBase,
  nextId,
  sameName,
  sameRepo,
  diffTrees,
  type AccountType,
  type CheckConclusion,
  type CheckStatus,
  type FakeApp,
  type FakeCheckAnnotation,
  type FakeCheckRun,
  type FakeCheckSuite,
  type FakeCommit,
  type FakeGitHubState,
  type FakeInstallation,
  type FakeIssueComment,
  type FakeLabel,
  type FakePullRequest,
  type FakeRelease,
  type FakeRepository,
  type FakeTeam,
  type GitIdentity,
  type PermissionLevel,
  type ReactionContent,
  type FakeRepoKey,
  type TeamRole,
} from "./state.js";
import {
  checkRunEvent,
  checkSuiteEvent,
  issueCommentEvent,
  mergeGroupEvent,
  pullRequestEvent,
  pushEvent,
  type PayloadSource,
  type SandboxWebhookEvent,
} from "./webhooks.js";

// ---------------------------------------------------------------------------------------------
// Public types

export interface FakeGitHubOptions {
  /** Interface to listen on; loopback only by default. */
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The GitHub App under test. */
  app?: Partial<FakeApp>;
  /**
   * The app's public key (PEM, or a private key from which it is derived). When given, the JWT
   * Probot sends to `/app/...` endpoints must verify with it, as on GitHub.
   */
  appKey?: string;
  /** Also check every 2xx response against GitHub's documented schema (for the sandbox's own tests). */
  validateResponses?: boolean;
  /** The clock for timestamps; tests that travel in time pass their own. */
  now?: () => Date;
}

export interface RecordedRequest {
  method: string;
  /** Path without the `/api/v3` prefix and without the query string. */
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
  /** The OpenAPI operation, e.g. `checks/create`; null when the route is unknown. */
  operationId: string | null;
  /** Login of the authenticated caller (the app's bot for installation tokens). */
  actor: string | null;
}

/**
 * `request`: GitHub would refuse the call (unknown route, bad parameter or body);
 * `auth`: missing or wrong credentials; `not-implemented`: valid, but the stand-in lacks it;
 * `response`: the stand-in answered outside GitHub's documented schema (with `validateResponses`);
 * `sandbox-error`: the stand-in itself failed.
 */
export type ViolationKind = "request" | "auth" | "not-implemented" | "response" | "sandbox-error";

export interface Violation {
  kind: ViolationKind;
  method: string;
  path: string;
  message: string;
}

export interface FakeFile {
  [path: string]: string;
}

// ---------------------------------------------------------------------------------------------
// Request handling internals

/** Who is calling: the app (JWT), an installation (its bot), or a user with a personal token. */
type Caller =
  | { kind: "app" }
  | { kind: "installation"; installationId: number; login: string }
  | { kind: "user"; login: string };

interface HandlerContext {
  method: string;
  /** Normalized API path (no `/api/v3`, no query). */
  path: string;
  /** The path as requested, with prefix, used to build pagination links. */
  requestedPath: string;
  origin: string;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Validated against the operation's schema before the handler runs. */
  body: unknown;
  accept: string;
  caller: Caller;
}

interface Reply {
  status: number;
  /** JSON body; omitted for 204. */
  json?: unknown;
  /** Raw text body (for `application/vnd.github.raw`). */
  text?: string;
  headers?: Record<string, string>;
}

type Handler = (context: HandlerContext) => Reply;

/** An error answer, shaped like GitHub's. */
class GitHubError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: { resource: string; code: string; field?: string; message?: string }[],
  ) {
    super(message);
  }
}

const DOCS = "https://docs.github.com/rest";

function notFound(message = "Not Found"): GitHubError {
  return new GitHubError(404, message);
}

function validationFailed(resource: string, code: string, field?: string, message?: string): GitHubError {
  return new GitHubError(422, "Validation Failed", [{ resource, code, ...(field ? { field } : {}), ...(message ? { message } : {}) }]);
}

/** Request body types: safe to assume because the body was validated against the schema first. */
type BodyOf<Scope extends keyof RestEndpointMethodTypes, Method extends keyof RestEndpointMethodTypes[Scope]> =
  RestEndpointMethodTypes[Scope][Method] extends { parameters: infer Parameters } ? Parameters : never;

/** The fields shared by the create and update check run bodies. */
interface CheckRunWrite {
  name?: string;
  details_url?: string;
  external_id?: string;
  started_at?: string;
  status?: string;
  conclusion?: string;
  completed_at?: string;
  output?: { title?: string; summary: string; text?: string; annotations?: unknown[] };
}

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const MAX_COMMENT_LENGTH = 65536;
const MAX_ANNOTATIONS_PER_REQUEST = 50;

// ---------------------------------------------------------------------------------------------
// The fake

export class FakeGitHub {
  readonly state: FakeGitHubState;
  readonly requests: RecordedRequest[] = [];
  readonly violations: Violation[] = [];
  /**
   * Webhook events GitHub would send because of API writes (the app's own comments, labels and
   * commits), in order. Tests deliver them to check the app ignores or handles its own events.
   */
  readonly emittedEvents: SandboxWebhookEvent[] = [];
  /** What `GET /rate_limit` reports as left of the core budget; tests lower it to see the app back off. */
  rateLimitRemaining = 5000;

  private readonly options: FakeGitHubOptions;
  private readonly appPublicKey: KeyObject | undefined;
  private readonly userTokens = new Map<string, string>();
  private server: Server | undefined;
  private baseUrl = "http://127.0.0.1";
  private readonly handlers: Record<string, Handler>;

  constructor(options: FakeGitHubOptions = {}) {
    this.options = options;
    const slug = options.app?.slug ?? "release-readiness";
    this.state = emptyState({
      id: options.app?.id ?? 4242,
      slug,
      name: options.app?.name ?? "Release Readiness",
      owner: options.app?.owner ?? "sandbox-apps",
    });
    account(this.state, this.state.app.owner, "Organization");
    account(this.state, this.botLogin, "Bot");
    this.appPublicKey = options.appKey ? createPublicKey(options.appKey) : undefined;
    this.handlers = this.createHandlers();
  }

  /** Create and start a fake listening on loopback. */
  static async start(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
    const fake = new FakeGitHub(options);
    await fake.listen();
    return fake;
  }

  async listen(): Promise<void> {
    if (this.server) return;
    const server = createServer((request, response) => {
      this.serve(request, response).catch((error: unknown) => {
        // A bug in the stand-in itself: answer 500 and make it as visible as an app mistake.
        const message = `sandbox failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
        this.violations.push({ kind: "sandbox-error", method: request.method ?? "", path: request.url ?? "", message });
        if (!response.headersSent) response.writeHead(500, { "content-type": "application/json; charset=utf-8" });
        response.end(JSON.stringify({ message }));
      });
    });
    const host = this.options.host ?? "127.0.0.1";
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.options.port ?? 0, host, () => resolve());
    });
    const address = server.address() as AddressInfo;
    this.server = server;
    this.baseUrl = `http://${host}:${address.port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Octokit keeps connections alive; without this, close() would wait for them to time out.
      server.closeAllConnections();
    });
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

  private get payloadSource(): PayloadSource {
    return { state: this.state, urls: this.urls };
  }

  private now(): string {
    return timestamp(this.options.now ? this.options.now() : new Date());
  }

  // -------------------------------------------------------------------------------------------
  // Counting, for tests and benchmarks

  /** Requests that change state (POST, PUT, PATCH, DELETE), excluding installation token minting. */
  writes(): RecordedRequest[] {
    return this.requests.filter((r) => WRITE_METHODS.has(r.method) && r.operationId !== "apps/create-installation-access-token");
  }

  /** Requests that only read (GET, HEAD). */
  reads(): RecordedRequest[] {
    return this.requests.filter((r) => !WRITE_METHODS.has(r.method));
  }

  /** Forget recorded requests, violations and emitted events (state is kept). */
  resetRecording(): void {
    this.requests.length = 0;
    this.violations.length = 0;
    this.emittedEvents.length = 0;
  }

  /** Take (and clear) the webhook events caused by API writes so far. */
  takeEmittedEvents(): SandboxWebhookEvent[] {
    return this.emittedEvents.splice(0, this.emittedEvents.length);
  }

  /** A personal access token acting as `login`, for driving the API as a user in tests. */
  userToken(login: string): string {
    account(this.state, login);
    const token = `ghp_${randomBytes(18).toString("hex")}`;
    this.userTokens.set(token, login);
    return token;
  }

  // -------------------------------------------------------------------------------------------
  // Scenario helpers

  /**
   * Create a repository with an initial commit on its default branch. By default the app is
   * installed on the owner and the owner is an organization (teams need one).
   */
  createRepository(options: {
    owner: string;
    repo: string;
    files?: FakeFile;
    defaultBranch?: string;
    private?: boolean;
    ownerType?: Exclude<AccountType, "Bot">;
    forkOf?: FakeRepoKey;
    /** Install the app on the owner (default true; forks of outside contributors usually false). */
    installed?: boolean;
  }): FakeRepository {
    if (findRepository(this.state, { owner: options.owner, name: options.repo })) {
      throw new Error(`sandbox: repository ${options.owner}/${options.repo} already exists`);
    }
    account(this.state, options.owner, options.ownerType ?? "Organization");
    const defaultBranch = options.defaultBranch ?? "main";
    const created = this.now();
    const repository: FakeRepository = {
      id: nextId(this.state),
      owner: options.owner,
      name: options.repo,
      defaultBranch,
      private: options.private ?? false,
      forkOf: options.forkOf ?? null,
      branches: {},
      labels: [],
      collaborators: {},
      nextIssueNumber: 1,
      createdAt: created,
      updatedAt: created,
      pushedAt: created,
    };
    this.state.repositories.push(repository);
    if (options.forkOf) {
      // A fork starts with the parent's default branch.
      const parent = this.repository(options.forkOf);
      const parentHead = parent.branches[parent.defaultBranch];
      if (parentHead) repository.branches[defaultBranch] = parentHead;
    }
    if (options.files || !options.forkOf) {
      this.writeCommit(repository, defaultBranch, options.files ?? { "README.md": `# ${options.repo}\n` }, {
        message: "Initial commit",
        author: options.owner,
      });
    }
    if (options.installed ?? !options.forkOf) this.install(options.owner);
    return repository;
  }

  /** Install the app on an account (idempotent); returns the installation. */
  install(accountLogin: string): FakeInstallation {
    const existing = this.state.installations.find((i) => sameName(i.account, accountLogin));
    if (existing) return existing;
    const installation: FakeInstallation = { id: nextId(this.state), account: accountLogin };
    this.state.installations.push(installation);
    return installation;
  }

  installationFor(owner: string): FakeInstallation {
    const installation = this.state.installations.find((i) => sameName(i.account, owner));
    if (!installation) throw new Error(`sandbox: the app is not installed on ${owner}`);
    return installation;
  }

  repository(ref: FakeRepoKey): FakeRepository {
    const repository = findRepository(this.state, ref);
    if (!repository) throw new Error(`sandbox: no repository ${fullName(ref)}`);
    return repository;
  }

  /** Create a branch at a commit (default: the default branch's head). */
  createBranch(options: { owner: string; repo: string; branch: string; from?: string }): string {
    const repository = this.repository({ owner: options.owner, name: options.repo });
    const sha = this.resolveRef(repository, options.from ?? repository.defaultBranch);
    if (!sha) throw new Error(`sandbox: cannot resolve ${options.from ?? repository.defaultBranch} in ${fullName(repository)}`);
    repository.branches[options.branch] = sha;
    return sha;
  }

  /**
   * Commit file changes to a branch (created from the default branch when missing). A `null`
   * content deletes the file. Open pull requests whose head is the branch move with it.
   * Returns the commit and the `push` event (plus `pull_request.synchronize` events) GitHub would send.
   */
  commit(options: {
    owner: string;
    repo: string;
    branch: string;
    files: Record<string, string | null>;
    message?: string;
    /** Login of the author (and pusher). */
    author: string;
    /** Where a new branch starts (branch name or sha); default branch when omitted. */
    from?: string;
  }): { commit: FakeCommit; events: SandboxWebhookEvent[] } {
    const repository = this.repository({ owner: options.owner, name: options.repo });
    if (!(options.branch in repository.branches)) {
      this.createBranch({ owner: options.owner, repo: options.repo, branch: options.branch, ...(options.from ? { from: options.from } : {}) });
    }
    const before = repository.branches[options.branch] ?? "0".repeat(40);
    const commit = this.writeCommit(repository, options.branch, options.files, {
      message: options.message ?? `Update ${Object.keys(options.files).join(", ")}`,
      author: options.author,
    });
    return { commit, events: this.pushEvents(repository, options.branch, before, [commit], options.author) };
  }

  /**
   * Open a pull request from `head` (a branch in `headRepo`, default the same repository) into
   * `base` (default branch). `files`, when given, are first committed to the head branch.
   */
  openPullRequest(options: {
    owner: string;
    repo: string;
    head: string;
    base?: string;
    user: string;
    title?: string;
    body?: string | null;
    draft?: boolean;
    files?: Record<string, string | null>;
    /** The fork the head branch lives in. */
    headRepo?: FakeRepoKey;
  }): { pullRequest: FakePullRequest; event: SandboxWebhookEvent } {
    const baseRepository = this.repository({ owner: options.owner, name: options.repo });
    const headRepository = options.headRepo ? this.repository(options.headRepo) : baseRepository;
    const baseBranch = options.base ?? baseRepository.defaultBranch;
    const baseSha = baseRepository.branches[baseBranch];
    if (!baseSha) throw new Error(`sandbox: no branch ${baseBranch} in ${fullName(baseRepository)}`);
    if (options.files) {
      this.commit({
        owner: headRepository.owner,
        repo: headRepository.name,
        branch: options.head,
        files: options.files,
        author: options.user,
        from: headRepository === baseRepository ? baseBranch : headRepository.defaultBranch,
      });
    }
    const headSha = headRepository.branches[options.head];
    if (!headSha) throw new Error(`sandbox: no branch ${options.head} in ${fullName(headRepository)}`);
    const now = this.now();
    const pullRequest: FakePullRequest = {
      id: nextId(this.state),
      number: baseRepository.nextIssueNumber++,
      repo: { owner: baseRepository.owner, name: baseRepository.name },
      title: options.title ?? `Changes from ${options.head}`,
      body: options.body ?? null,
      state: "open",
      draft: options.draft ?? false,
      user: account(this.state, options.user).login,
      head: { ref: options.head, sha: headSha, repo: { owner: headRepository.owner, name: headRepository.name } },
      base: { ref: baseBranch, sha: baseSha, repo: { owner: baseRepository.owner, name: baseRepository.name } },
      labels: [],
      merged: false,
      mergeCommitSha: null,
      mergedBy: null,
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      mergedAt: null,
    };
    this.state.pullRequests.push(pullRequest);
    return { pullRequest, event: pullRequestEvent(this.payloadSource, pullRequest, "opened", { sender: options.user }) };
  }

  pullRequest(options: { owner: string; repo: string; number: number }): FakePullRequest {
    const pr = this.state.pullRequests.find((candidate) => sameRepo(candidate.repo, { owner: options.owner, name: options.repo }) && candidate.number === options.number);
    if (!pr) throw new Error(`sandbox: no pull request ${options.owner}/${options.repo}#${options.number}`);
    return pr;
  }

  /** Push more changes to a pull request's head branch; returns the `synchronize` event and the push. */
  pushToPullRequest(options: { owner: string; repo: string; number: number; files: Record<string, string | null>; user: string; message?: string }): {
    commit: FakeCommit;
    event: SandboxWebhookEvent;
    events: SandboxWebhookEvent[];
  } {
    const pr = this.pullRequest(options);
    const { commit, events } = this.commit({
      owner: pr.head.repo.owner,
      repo: pr.head.repo.name,
      branch: pr.head.ref,
      files: options.files,
      author: options.user,
      ...(options.message ? { message: options.message } : {}),
    });
    const synchronize = events.find((e) => e.name === "pull_request" && (e.payload.number as number) === pr.number);
    if (!synchronize) throw new Error("sandbox: the push did not synchronize the pull request");
    return { commit, event: synchronize, events };
  }

  /** A comment by a user on a pull request; returns the `issue_comment.created` event. */
  addComment(options: { owner: string; repo: string; number: number; user: string; body: string }): { comment: FakeIssueComment; event: SandboxWebhookEvent } {
    const pr = this.pullRequest(options);
    const comment = this.insertComment(pr, options.user, options.body, null);
    return { comment, event: issueCommentEvent(this.payloadSource, pr, comment, "created", { sender: options.user }) };
  }

  /** Edit a comment as a user (the author by default); returns the `issue_comment.edited` event. */
  editComment(options: { commentId: number; body: string; user?: string }): SandboxWebhookEvent {
    const comment = this.comment(options.commentId);
    const previousBody = comment.body;
    comment.body = options.body;
    comment.updatedAt = this.now();
    return issueCommentEvent(this.payloadSource, this.pullRequestOf(comment), comment, "edited", { sender: options.user ?? comment.user, previousBody });
  }

  /** Delete a comment as a user (the author by default); returns the `issue_comment.deleted` event. */
  deleteComment(options: { commentId: number; user?: string }): SandboxWebhookEvent {
    const comment = this.comment(options.commentId);
    const pr = this.pullRequestOf(comment);
    this.state.issueComments.splice(this.state.issueComments.indexOf(comment), 1);
    return issueCommentEvent(this.payloadSource, pr, comment, "deleted", { sender: options.user ?? comment.user });
  }

  comment(id: number): FakeIssueComment {
    const comment = this.state.issueComments.find((candidate) => candidate.id === id);
    if (!comment) throw new Error(`sandbox: no comment ${id}`);
    return comment;
  }

  commentsOn(options: { owner: string; repo: string; number: number }): FakeIssueComment[] {
    return this.state.issueComments.filter((c) => sameRepo(c.repo, { owner: options.owner, name: options.repo }) && c.issueNumber === options.number);
  }

  /** A user adds a label to a pull request (created in the repository if new); returns `pull_request.labeled`. */
  addLabel(options: { owner: string; repo: string; number: number; label: string; user: string }): SandboxWebhookEvent {
    const pr = this.pullRequest(options);
    const [label] = this.applyLabels(pr, [options.label]);
    if (!label) throw new Error("sandbox: label was not applied");
    return pullRequestEvent(this.payloadSource, pr, "labeled", { sender: options.user, label });
  }

  /** A user removes a label from a pull request; returns `pull_request.unlabeled`. */
  removeLabel(options: { owner: string; repo: string; number: number; label: string; user: string }): SandboxWebhookEvent {
    const pr = this.pullRequest(options);
    const label = this.unapplyLabel(pr, options.label);
    return pullRequestEvent(this.payloadSource, pr, "unlabeled", { sender: options.user, label });
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

  /** Set a collaborator's permission (`none` removes the explicit grant's effect). */
  setPermission(options: { owner: string; repo: string; user: string; permission: PermissionLevel }): void {
    account(this.state, options.user);
    this.repository({ owner: options.owner, name: options.repo }).collaborators[options.user] = options.permission;
  }

  /** Add a user to an organization team (the team is created when missing). */
  addTeamMember(options: { org: string; team: string; user: string; role?: TeamRole }): FakeTeam {
    account(this.state, options.org, "Organization");
    account(this.state, options.user);
    let team = this.state.teams.find((t) => sameName(t.org, options.org) && sameName(t.slug, options.team));
    if (!team) {
      team = { id: nextId(this.state), org: options.org, slug: options.team, name: options.team, members: {} };
      this.state.teams.push(team);
    }
    team.members[options.user] = options.role ?? "member";
    return team;
  }

  /**
   * Merge a pull request with a merge commit on its base branch; returns `pull_request.closed`
   * (merged) and the `push` to the base branch.
   */
  mergePullRequest(options: { owner: string; repo: string; number: number; user: string }): {
    mergeCommit: FakeCommit;
    event: SandboxWebhookEvent;
    events: SandboxWebhookEvent[];
  } {
    const pr = this.pullRequest(options);
    if (pr.state !== "open") throw new Error(`sandbox: pull request #${pr.number} is not open`);
    const baseRepository = this.repository(pr.base.repo);
    const before = baseRepository.branches[pr.base.ref];
    if (!before) throw new Error(`sandbox: base branch ${pr.base.ref} is gone`);
    const mergeCommit = this.createMergeCommit(baseRepository, pr.base.ref, [pr], options.user, `Merge pull request #${pr.number} from ${pr.head.repo.owner}/${pr.head.ref}`);
    const now = this.now();
    Object.assign(pr, { state: "closed", merged: true, mergedAt: now, closedAt: now, updatedAt: now, mergedBy: options.user, mergeCommitSha: mergeCommit.sha });
    const closed = pullRequestEvent(this.payloadSource, pr, "closed", { sender: options.user });
    const push = this.pushEvents(baseRepository, pr.base.ref, before, [mergeCommit], options.user);
    return { mergeCommit, event: closed, events: [closed, ...push] };
  }

  /** Close a pull request without merging; returns `pull_request.closed`. */
  closePullRequest(options: { owner: string; repo: string; number: number; user: string }): SandboxWebhookEvent {
    const pr = this.pullRequest(options);
    const now = this.now();
    Object.assign(pr, { state: "closed", closedAt: now, updatedAt: now });
    return pullRequestEvent(this.payloadSource, pr, "closed", { sender: options.user });
  }

  /**
   * Put pull requests in the merge queue: GitHub builds a temporary branch with the base plus
   * each pull request's changes and sends `merge_group.checks_requested` for its head.
   */
  enqueuePullRequests(options: { owner: string; repo: string; numbers: number[]; user: string }): { headSha: string; headBranch: string; event: SandboxWebhookEvent } {
    const repository = this.repository({ owner: options.owner, name: options.repo });
    const prs = options.numbers.map((number) => this.pullRequest({ owner: options.owner, repo: options.repo, number }));
    const first = prs[0];
    if (!first) throw new Error("sandbox: a merge group needs at least one pull request");
    const baseBranch = first.base.ref;
    const baseSha = repository.branches[baseBranch];
    if (!baseSha) throw new Error(`sandbox: no branch ${baseBranch}`);
    const headBranch = `gh-readonly-queue/${baseBranch}/pr-${prs.map((pr) => pr.number).join("-")}-${baseSha}`;
    repository.branches[headBranch] = baseSha;
    const merge = this.createMergeCommit(repository, headBranch, prs, options.user, `Merge group for ${prs.map((pr) => `#${pr.number}`).join(", ")}`);
    return {
      headSha: merge.sha,
      headBranch,
      event: mergeGroupEvent(this.payloadSource, { repo: repository, baseBranch, baseSha, headBranch, headSha: merge.sha, sender: options.user }),
    };
  }

  /** A user presses "Re-run" on a check run; returns `check_run.rerequested`. */
  rerequestCheckRun(options: { checkRunId: number; user: string }): SandboxWebhookEvent {
    const run = this.state.checkRuns.find((candidate) => candidate.id === options.checkRunId);
    if (!run) throw new Error(`sandbox: no check run ${options.checkRunId}`);
    return checkRunEvent(this.payloadSource, run, "rerequested", { sender: options.user });
  }

  /** A user re-runs all checks of the app's suite on a commit; returns `check_suite.rerequested`. */
  rerequestCheckSuite(options: { owner: string; repo: string; sha: string; user: string }): SandboxWebhookEvent {
    const suite = this.checkSuiteFor(this.repository({ owner: options.owner, name: options.repo }), options.sha);
    return checkSuiteEvent(this.payloadSource, suite, "rerequested", { sender: options.user });
  }

  /** File content at a ref (branch, sha or default branch), or undefined. */
  fileAt(options: { owner: string; repo: string; path: string; ref?: string }): string | undefined {
    const repository = this.repository({ owner: options.owner, name: options.repo });
    const sha = this.resolveRef(repository, options.ref ?? repository.defaultBranch);
    return sha ? this.state.commits[sha]?.tree[options.path] : undefined;
  }

  /** Check runs on a commit (all of them, oldest first). */
  checkRunsFor(options: { owner: string; repo: string; sha: string; name?: string }): FakeCheckRun[] {
    return this.state.checkRuns.filter((run) => sameRepo(run.repo, { owner: options.owner, name: options.repo }) && run.headSha === options.sha && (options.name === undefined || run.name === options.name));
  }

  /** A human-readable account of the state, for the demo and for test failure messages. */
  describe(): string {
    const lines: string[] = [];
    for (const repository of this.state.repositories) {
      lines.push(`${fullName(repository)} (default ${repository.defaultBranch}${repository.forkOf ? `, fork of ${fullName(repository.forkOf)}` : ""})`);
      for (const [branch, sha] of Object.entries(repository.branches)) lines.push(`  branch ${branch} @ ${sha.slice(0, 7)}`);
      for (const pr of this.state.pullRequests.filter((p) => sameRepo(p.repo, repository))) {
        lines.push(`  #${pr.number} ${pr.state}${pr.merged ? " (merged)" : ""}${pr.draft ? " draft" : ""} "${pr.title}" by ${pr.user} head ${pr.head.ref}@${pr.head.sha.slice(0, 7)}`);
        if (pr.labels.length > 0) lines.push(`     labels: ${pr.labels.join(", ")}`);
        const runs = this.state.checkRuns.filter((run) => sameRepo(run.repo, repository) && run.headSha === pr.head.sha);
        for (const run of runs) lines.push(`     check "${run.name}" ${run.status}${run.conclusion ? `/${run.conclusion}` : ""}: ${run.output.title ?? ""}`);
        for (const comment of this.commentsOn({ owner: repository.owner, repo: repository.name, number: pr.number })) {
          const firstLine = comment.body.split("\n")[0] ?? "";
          lines.push(`     comment ${comment.id} by ${comment.user}: ${firstLine.slice(0, 100)}`);
        }
      }
      for (const release of this.state.releases.filter((r) => sameRepo(r.repo, repository))) {
        lines.push(`  release ${release.tagName}${release.draft ? " (draft)" : ""}: ${release.name ?? ""}`);
      }
    }
    return lines.join("\n");
  }

  // -------------------------------------------------------------------------------------------
  // State operations shared by helpers and handlers

  private resolveRef(repository: FakeRepository, ref: string): string | undefined {
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

  private identity(login: string, override?: { name?: string; email?: string; date?: string }): GitIdentity {
    const user = account(this.state, login);
    return {
      name: override?.name ?? user.login,
      email: override?.email ?? `${user.id}+${user.login}@users.noreply.github.com`,
      date: override?.date ?? this.now(),
    };
  }

  private writeCommit(
    repository: FakeRepository,
    branch: string,
    files: Record<string, string | null>,
    details: { message: string; author: string; authorIdentity?: { name?: string; email?: string }; committerIdentity?: { name?: string; email?: string } },
  ): FakeCommit {
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

  private storeCommit(repository: FakeRepository, branch: string, commit: Omit<FakeCommit, "sha">): FakeCommit {
    const stored: FakeCommit = { ...commit, sha: commitSha(commit, nextId(this.state)) };
    this.state.commits[stored.sha] = stored;
    repository.branches[branch] = stored.sha;
    repository.pushedAt = this.now();
    repository.updatedAt = repository.pushedAt;
    return stored;
  }

  /** A merge commit on `branch` applying each pull request's changes (no conflicts in the sandbox). */
  private createMergeCommit(repository: FakeRepository, branch: string, prs: FakePullRequest[], user: string, message: string): FakeCommit {
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
  private pushEvents(repository: FakeRepository, branch: string, before: string, commits: FakeCommit[], sender: string): SandboxWebhookEvent[] {
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

  private pullRequestOf(comment: FakeIssueComment): FakePullRequest {
    return this.pullRequest({ owner: comment.repo.owner, repo: comment.repo.name, number: comment.issueNumber });
  }

  private insertComment(pr: FakePullRequest, user: string, body: string, viaAppId: number | null): FakeIssueComment {
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

  private ensureLabel(repository: FakeRepository, name: string): FakeLabel {
    return findLabel(repository, name) ?? this.createLabel({ owner: repository.owner, repo: repository.name, name });
  }

  /** Add labels (idempotent); returns the labels newly put on the pull request. */
  private applyLabels(pr: FakePullRequest, names: string[]): FakeLabel[] {
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

  private unapplyLabel(pr: FakePullRequest, name: string): FakeLabel {
    const repository = this.repository(pr.repo);
    const index = pr.labels.findIndex((existing) => sameName(existing, name));
    const label = findLabel(repository, name);
    if (index < 0 || !label) throw new GitHubError(404, "Label does not exist");
    pr.labels.splice(index, 1);
    pr.updatedAt = this.now();
    return label;
  }

  private checkSuiteFor(repository: FakeRepository, headSha: string): FakeCheckSuite {
    const existing = this.state.checkSuites.find((s) => sameRepo(s.repo, repository) && s.headSha === headSha && s.appId === this.state.app.id);
    if (existing) return existing;
    const headBranch = Object.entries(repository.branches).find(([, sha]) => sha === headSha)?.[0] ?? null;
    const suite: FakeCheckSuite = { id: nextId(this.state), repo: { owner: repository.owner, name: repository.name }, headSha, headBranch, appId: this.state.app.id };
    this.state.checkSuites.push(suite);
    return suite;
  }

  // -------------------------------------------------------------------------------------------
  // HTTP

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = (request.method ?? "GET").toUpperCase();
    const requestedUrl = new URL(request.url ?? "/", "http://sandbox.invalid");
    const path = normalizeApiPath(requestedUrl.pathname);
    const rawBody = await readBody(request);
    const query = Object.fromEntries(requestedUrl.searchParams.entries());
    const record: RecordedRequest = { method, path, query, body: undefined, status: 0, operationId: null, actor: null };
    this.requests.push(record);

    const send = (reply: Reply) => {
      record.status = reply.status;
      this.writeReply(response, reply);
    };
    const refuse = (kind: ViolationKind, status: number, message: string, extra: Record<string, unknown> = {}) => {
      this.violations.push({ kind, method, path, message });
      send({ status, json: { message, documentation_url: DOCS, status: String(status), ...extra } });
    };

    let body: unknown;
    if (rawBody.length > 0) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        refuse("request", 400, "Problems parsing JSON");
        return;
      }
    }
    record.body = body;

    const validation = validateGitHubRequest({ method, path: requestedUrl.pathname, query: requestedUrl.searchParams, body });
    if (!validation.ok) {
      refuse("request", validation.status, validation.error);
      return;
    }
    record.operationId = validation.operationId;

    const caller = this.authenticate(request.headers.authorization, validation.template);
    if (typeof caller === "string") {
      refuse("auth", 401, caller);
      return;
    }
    record.actor = caller.kind === "app" ? null : caller.login;

    const handler = this.handlers[validation.operationId];
    if (!handler) {
      refuse("not-implemented", 501, `The sandbox GitHub does not implement ${validation.operationId} (${method} ${validation.template}); add it to test/support/fake-github/fake-github.ts`);
      return;
    }
    const context: HandlerContext = {
      method,
      path,
      requestedPath: requestedUrl.pathname,
      origin: `http://${request.headers.host ?? this.host}`,
      params: validation.params,
      query: requestedUrl.searchParams,
      body,
      accept: String(request.headers.accept ?? ""),
      caller,
    };
    let reply: Reply;
    try {
      this.checkInstallationScope(caller, validation.params);
      reply = handler(context);
    } catch (error) {
      if (!(error instanceof GitHubError)) throw error;
      reply = {
        status: error.status,
        json: { message: error.message, ...(error.errors ? { errors: error.errors } : {}), documentation_url: DOCS, status: String(error.status) },
      };
    }
    if (this.options.validateResponses && reply.status < 300 && reply.json !== undefined) {
      const checked = validateGitHubResponse({ method, template: validation.template, status: reply.status, body: reply.json });
      if (!checked.ok) this.violations.push({ kind: "response", method, path, message: checked.error });
    }
    send(reply);
  }

  private writeReply(response: ServerResponse, reply: Reply): void {
    const headers: Record<string, string> = {
      "x-github-request-id": randomBytes(8).toString("hex").toUpperCase(),
      "x-github-api-version-selected": "2022-11-28",
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": "4999",
      "x-ratelimit-used": "1",
      "x-ratelimit-resource": "core",
      "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 3600),
      ...reply.headers,
    };
    if (reply.text !== undefined) {
      response.writeHead(reply.status, { ...headers, "content-type": "text/plain; charset=utf-8" });
      response.end(reply.text);
      return;
    }
    if (reply.status === 204 || reply.json === undefined) {
      response.writeHead(reply.status, headers);
      response.end();
      return;
    }
    response.writeHead(reply.status, { ...headers, "content-type": "application/json; charset=utf-8" });
    response.end(JSON.stringify(reply.json));
  }

  /** Identify the caller, or return the reason for a 401. */
  private authenticate(authorization: string | undefined, template: string): Caller | string {
    const match = /^(?:token|bearer)\s+(\S+)$/i.exec(authorization ?? "");
    if (!match?.[1]) return "Requires authentication";
    const credential = match[1];
    if (template.startsWith("/app")) {
      // App endpoints take the app's JWT, never an installation token.
      const problem = this.verifyAppJwt(credential);
      return problem ?? { kind: "app" };
    }
    const issued = this.state.issuedTokens.find((t) => t.token === credential);
    if (issued) {
      if (Date.parse(issued.expiresAt) <= (this.options.now ? this.options.now() : new Date()).getTime()) return "Bad credentials (installation token expired)";
      return { kind: "installation", installationId: issued.installationId, login: this.botLogin };
    }
    const login = this.userTokens.get(credential);
    if (login) return { kind: "user", login };
    if (credential.split(".").length === 3) return "A JSON web token could not be decoded (a JWT is only accepted on /app endpoints)";
    return "Bad credentials";
  }

  private verifyAppJwt(jwt: string): string | undefined {
    const [header, payload, signature] = jwt.split(".");
    if (!header || !payload || !signature) return "A JSON web token could not be decoded";
    let claims: { iss?: unknown; exp?: unknown };
    try {
      claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { iss?: unknown; exp?: unknown };
    } catch {
      return "A JSON web token could not be decoded";
    }
    if (String(claims.iss) !== String(this.state.app.id)) return `'Issuer' claim ('iss') must be the app id ${this.state.app.id}`;
    if (this.appPublicKey) {
      const verifier = createVerify("RSA-SHA256");
      verifier.update(`${header}.${payload}`);
      if (!verifier.verify(this.appPublicKey, Buffer.from(signature, "base64url"))) return "A JSON web token could not be verified";
    }
    return undefined;
  }

  /** An installation token reaches only repositories of the account the app is installed on. */
  private checkInstallationScope(caller: Caller, params: Record<string, string>): void {
    if (caller.kind !== "installation") return;
    const installation = this.state.installations.find((i) => i.id === caller.installationId);
    const owner = params.owner ?? params.org;
    if (owner !== undefined && installation && !sameName(installation.account, owner)) throw notFound();
  }

  // -------------------------------------------------------------------------------------------
  // Endpoint handlers, keyed by OpenAPI operationId

  private repoFromParams(params: Record<string, string>): FakeRepository {
    const repository = findRepository(this.state, { owner: params.owner ?? "", name: params.repo ?? "" });
    if (!repository) throw notFound();
    return repository;
  }

  private pullFromParams(params: Record<string, string>, numberParam: "pull_number" | "issue_number"): FakePullRequest {
    const repository = this.repoFromParams(params);
    const number = Number(params[numberParam]);
    const pr = this.state.pullRequests.find((candidate) => sameRepo(candidate.repo, repository) && candidate.number === number);
    if (!pr) throw notFound();
    return pr;
  }

  private commentFromParams(params: Record<string, string>): FakeIssueComment {
    const repository = this.repoFromParams(params);
    const comment = this.state.issueComments.find((c) => c.id === Number(params.comment_id) && sameRepo(c.repo, repository));
    if (!comment) throw notFound();
    return comment;
  }

  private checkRunFromParams(params: Record<string, string>): FakeCheckRun {
    const repository = this.repoFromParams(params);
    const run = this.state.checkRuns.find((r) => r.id === Number(params.check_run_id) && sameRepo(r.repo, repository));
    if (!run) throw notFound();
    return run;
  }

  private releaseFromParams(params: Record<string, string>): FakeRelease {
    const repository = this.repoFromParams(params);
    const release = this.state.releases.find((r) => r.id === Number(params.release_id) && sameRepo(r.repo, repository));
    if (!release) throw notFound();
    return release;
  }

  private actorLogin(context: HandlerContext): string {
    return context.caller.kind === "app" ? this.botLogin : context.caller.login;
  }

  private emit(event: SandboxWebhookEvent): void {
    this.emittedEvents.push(event);
  }

  /** Page a list like GitHub: `per_page` (default 30, at most 100), `page`, and a `Link` header. */
  private paginate<T>(context: HandlerContext, items: T[], wrap?: (page: T[]) => unknown): Reply {
    const perPage = Math.min(Math.max(Number(context.query.get("per_page") ?? 30) || 30, 1), 100);
    const page = Math.max(Number(context.query.get("page") ?? 1) || 1, 1);
    const lastPage = Math.max(Math.ceil(items.length / perPage), 1);
    const slice = items.slice((page - 1) * perPage, page * perPage);
    const link = (n: number) => {
      const query = new URLSearchParams(context.query);
      query.set("page", String(n));
      if (!query.has("per_page") && perPage !== 30) query.set("per_page", String(perPage));
      return `<${context.origin}${context.requestedPath}?${query.toString()}>`;
    };
    const links: string[] = [];
    if (page > 1) links.push(`${link(page - 1)}; rel="prev"`);
    if (page < lastPage) links.push(`${link(page + 1)}; rel="next"`, `${link(lastPage)}; rel="last"`);
    if (page > 1) links.push(`${link(1)}; rel="first"`);
    return { status: 200, json: wrap ? wrap(slice) : slice, ...(links.length > 0 ? { headers: { link: links.join(", ") } } : {}) };
  }

  private createHandlers(): Record<string, Handler> {
    const urls = () => this.urls;
    const state = this.state;

    return {
      // --- Apps -------------------------------------------------------------------------------
      "apps/get-authenticated": () => ({ status: 200, json: appJson(state, urls()) }),

      "apps/create-installation-access-token": (context) => {
        const installationId = Number(context.params.installation_id);
        const installation = state.installations.find((i) => i.id === installationId);
        if (!installation) throw notFound();
        const now = this.options.now ? this.options.now() : new Date();
        const token = { token: `ghs_${randomBytes(18).toString("hex")}`, installationId, expiresAt: timestamp(new Date(now.getTime() + 3600_000)) };
        state.issuedTokens.push(token);
        return {
          status: 201,
          json: {
            token: token.token,
            expires_at: token.expiresAt,
            permissions: { checks: "write", contents: "write", issues: "write", pull_requests: "write", metadata: "read", members: "read" },
            repository_selection: "all",
          } satisfies RestEndpointMethodTypes["apps"]["createInstallationAccessToken"]["response"]["data"],
        };
      },

      "apps/get-repo-installation": (context) => {
        const repository = this.repoFromParams(context.params);
        const installation = state.installations.find((i) => sameName(i.account, repository.owner));
        if (!installation) throw notFound();
        return { status: 200, json: this.installationJson(installation) };
      },

      "apps/get-installation": (context) => {
        const installation = state.installations.find((i) => i.id === Number(context.params.installation_id));
        if (!installation) throw notFound();
        return { status: 200, json: this.installationJson(installation) };
      },

      "rate-limit/get": () => {
        const core = { limit: 5000, remaining: this.rateLimitRemaining, used: 5000 - this.rateLimitRemaining, reset: Math.floor(Date.parse(this.now()) / 1000) + 3600 };
        const search = { limit: 30, remaining: 30, used: 0, reset: core.reset };
        return { status: 200, json: { resources: { core, search }, rate: core } };
      },

      "apps/list-installations": (context) => this.paginate(context, state.installations.map((i) => this.installationJson(i))),

      "apps/list-repos-accessible-to-installation": (context) => {
        const caller = context.caller;
        if (caller.kind !== "installation") throw new GitHubError(403, "This endpoint requires an installation access token.");
        const installation = state.installations.find((i) => i.id === caller.installationId);
        const repositories = state.repositories
          .filter((r) => installation && sameName(r.owner, installation.account))
          .map((r) => nestedRepositoryJson(state, r, urls()));
        return this.paginate(context, repositories, (page) => ({ total_count: repositories.length, repository_selection: "all", repositories: page }));
      },

      // --- Repositories and contents ----------------------------------------------------------
      "repos/get": (context) => ({ status: 200, json: repositoryJson(state, this.repoFromParams(context.params), urls()) }),

      "repos/get-content": (context) => {
        const repository = this.repoFromParams(context.params);
        const ref = context.query.get("ref") ?? repository.defaultBranch;
        const sha = this.resolveRef(repository, ref);
        if (!sha) throw notFound(`No commit found for the ref ${ref}`);
        const tree = state.commits[sha]?.tree ?? {};
        const path = (context.params.path ?? "").replace(/^\/+|\/+$/g, "");
        const content = tree[path];
        const raw = /application\/vnd\.github(\.v3)?\.raw/.test(context.accept);
        if (content !== undefined) {
          if (raw) return { status: 200, text: content };
          return { status: 200, json: this.contentFileJson(repository, path, content, ref) };
        }
        const prefix = path === "" ? "" : `${path}/`;
        const children = new Map<string, "file" | "dir">();
        for (const filePath of Object.keys(tree)) {
          if (!filePath.startsWith(prefix)) continue;
          const [first, ...rest] = filePath.slice(prefix.length).split("/");
          if (first) children.set(first, rest.length > 0 ? "dir" : "file");
        }
        if (children.size === 0) throw notFound();
        const entries = [...children.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, type]) => {
          const childPath = `${prefix}${name}`;
          return type === "file"
            ? this.contentEntryJson(repository, childPath, tree[childPath] ?? "", ref, "file")
            : this.contentEntryJson(repository, childPath, "", ref, "dir");
        });
        return { status: 200, json: entries };
      },

      "repos/create-or-update-file-contents": (context) => {
        const repository = this.repoFromParams(context.params);
        const body = context.body as BodyOf<"repos", "createOrUpdateFileContents">;
        const branch = body.branch ?? repository.defaultBranch;
        const path = context.params.path ?? "";
        const parentSha = repository.branches[branch];
        if (!parentSha) throw notFound(`Branch ${branch} not found`);
        const existing = state.commits[parentSha]?.tree[path];
        if (existing !== undefined) {
          if (body.sha === undefined) throw new GitHubError(422, `Invalid request.\n\n"sha" wasn't supplied.`);
          if (body.sha !== blobSha(existing)) throw new GitHubError(409, `${path} does not match ${body.sha}`);
        }
        const content = Buffer.from(body.content, "base64").toString("utf8");
        const actor = this.actorLogin(context);
        const commit = this.writeCommit(repository, branch, { [path]: content }, {
          message: body.message,
          author: actor,
          ...(body.author ? { authorIdentity: body.author } : {}),
          ...(body.committer ? { committerIdentity: body.committer } : {}),
        });
        for (const event of this.pushEvents(repository, branch, parentSha, [commit], actor)) this.emit(event);
        return {
          status: existing === undefined ? 201 : 200,
          json: {
            content: { ...this.contentEntryJson(repository, path, content, branch, "file"), download_url: this.downloadUrl(repository, path, branch) },
            commit: gitCommitJson(repository, commit, urls()),
          } satisfies RestEndpointMethodTypes["repos"]["createOrUpdateFileContents"]["response"]["data"],
        };
      },

      "repos/get-collaborator-permission-level": (context) => {
        const repository = this.repoFromParams(context.params);
        return { status: 200, json: collaboratorPermissionJson(state, repository, context.params.username ?? "", urls()) };
      },

      // --- Pull requests ----------------------------------------------------------------------
      "pulls/get": (context) => ({ status: 200, json: pullRequestJson(state, this.pullFromParams(context.params, "pull_number"), urls()) }),

      "pulls/list": (context) => {
        const repository = this.repoFromParams(context.params);
        const wantedState = context.query.get("state") ?? "open";
        const head = context.query.get("head");
        const base = context.query.get("base");
        const sort = context.query.get("sort") ?? "created";
        const direction = context.query.get("direction") ?? (sort === "created" ? "desc" : "asc");
        const prs = state.pullRequests
          .filter((pr) => sameRepo(pr.repo, repository))
          .filter((pr) => wantedState === "all" || pr.state === wantedState)
          .filter((pr) => !head || `${pr.head.repo.owner}:${pr.head.ref}`.toLowerCase() === head.toLowerCase())
          .filter((pr) => !base || pr.base.ref === base)
          .sort((a, b) => {
            const key = (pr: FakePullRequest) => (sort === "updated" ? pr.updatedAt : pr.createdAt) + String(pr.number).padStart(9, "0");
            return (key(a) < key(b) ? -1 : 1) * (direction === "desc" ? -1 : 1);
          });
        return this.paginate(context, prs.map((pr) => pullRequestJson(state, pr, urls())));
      },

      "pulls/list-files": (context) => {
        const pr = this.pullFromParams(context.params, "pull_number");
        // GitHub lists at most 3000 files for a pull request.
        const changes = pullRequestChanges(state, pr).slice(0, 3000);
        return this.paginate(context, changes.map((change) => diffEntryJson(pr.repo, pr.head.sha, change, urls())));
      },

      "pulls/list-commits": (context) => {
        const pr = this.pullFromParams(context.params, "pull_number");
        const onBase = new Set(ancestors(state, pr.base.sha));
        // Oldest first, as GitHub lists them; at most 250.
        const shas = ancestors(state, pr.head.sha).filter((sha) => !onBase.has(sha)).reverse().slice(0, 250);
        return this.paginate(context, shas.map((sha) => pullRequestCommitJson(state, pr.repo, sha, urls())));
      },

      "repos/list-pull-requests-associated-with-commit": (context) => {
        const repository = this.repoFromParams(context.params);
        const sha = this.resolveRef(repository, context.params.commit_sha ?? "");
        if (!sha) throw new GitHubError(422, `No commit found for SHA: ${context.params.commit_sha ?? ""}`);
        const prs = state.pullRequests.filter((pr) => {
          if (!sameRepo(pr.repo, repository)) return false;
          if (pr.mergeCommitSha === sha) return true;
          const baseAncestors = new Set(ancestors(state, pr.base.sha));
          return ancestors(state, pr.head.sha).some((candidate) => candidate === sha && !baseAncestors.has(candidate));
        });
        return this.paginate(context, prs.map((pr) => pullRequestJson(state, pr, urls())));
      },

      // --- Issues (a pull request is an issue) ------------------------------------------------
      "issues/get": (context) => ({ status: 200, json: issueJson(state, this.pullFromParams(context.params, "issue_number"), urls()) }),

      "issues/list-comments": (context) => {
        const pr = this.pullFromParams(context.params, "issue_number");
        const since = context.query.get("since");
        const comments = this.commentsOn({ owner: pr.repo.owner, repo: pr.repo.name, number: pr.number })
          .filter((comment) => !since || comment.updatedAt >= since);
        return this.paginate(context, comments.map((comment) => issueCommentJson(state, comment, urls())));
      },

      "issues/create-comment": (context) => {
        const pr = this.pullFromParams(context.params, "issue_number");
        const { body } = context.body as BodyOf<"issues", "createComment">;
        if (body.length > MAX_COMMENT_LENGTH) throw validationFailed("IssueComment", "custom", "body", `body is too long (maximum is ${MAX_COMMENT_LENGTH} characters)`);
        const actor = this.actorLogin(context);
        const comment = this.insertComment(pr, actor, body, context.caller.kind === "installation" ? state.app.id : null);
        this.emit(issueCommentEvent(this.payloadSource, pr, comment, "created", { sender: actor }));
        return { status: 201, json: issueCommentJson(state, comment, urls()), headers: { location: issueCommentJson(state, comment, urls()).url } };
      },

      "issues/get-comment": (context) => ({ status: 200, json: issueCommentJson(state, this.commentFromParams(context.params), urls()) }),

      "issues/update-comment": (context) => {
        const comment = this.commentFromParams(context.params);
        const { body } = context.body as BodyOf<"issues", "updateComment">;
        if (body.length > MAX_COMMENT_LENGTH) throw validationFailed("IssueComment", "custom", "body", `body is too long (maximum is ${MAX_COMMENT_LENGTH} characters)`);
        const previousBody = comment.body;
        comment.body = body;
        comment.updatedAt = this.now();
        this.emit(issueCommentEvent(this.payloadSource, this.pullRequestOf(comment), comment, "edited", { sender: this.actorLogin(context), previousBody }));
        return { status: 200, json: issueCommentJson(state, comment, urls()) };
      },

      "issues/delete-comment": (context) => {
        const comment = this.commentFromParams(context.params);
        const pr = this.pullRequestOf(comment);
        state.issueComments.splice(state.issueComments.indexOf(comment), 1);
        this.emit(issueCommentEvent(this.payloadSource, pr, comment, "deleted", { sender: this.actorLogin(context) }));
        return { status: 204 };
      },

      "reactions/create-for-issue-comment": (context) => {
        const comment = this.commentFromParams(context.params);
        const { content } = context.body as { content: ReactionContent };
        const actor = this.actorLogin(context);
        const existing = comment.reactions.find((r) => r.content === content && sameName(r.user, actor));
        if (existing) return { status: 200, json: reactionJson(state, existing, urls()) };
        const reaction = { id: nextId(state), user: actor, content, createdAt: this.now() };
        comment.reactions.push(reaction);
        return { status: 201, json: reactionJson(state, reaction, urls()) };
      },

      "reactions/list-for-issue-comment": (context) => {
        const comment = this.commentFromParams(context.params);
        const content = context.query.get("content");
        return this.paginate(context, comment.reactions.filter((r) => !content || r.content === content).map((r) => reactionJson(state, r, urls())));
      },

      "reactions/delete-for-issue-comment": (context) => {
        const comment = this.commentFromParams(context.params);
        const index = comment.reactions.findIndex((r) => r.id === Number(context.params.reaction_id));
        if (index < 0) throw notFound();
        comment.reactions.splice(index, 1);
        return { status: 204 };
      },

      // --- Labels -----------------------------------------------------------------------------
      "issues/list-labels-on-issue": (context) => {
        const pr = this.pullFromParams(context.params, "issue_number");
        const repository = this.repository(pr.repo);
        return this.paginate(context, pr.labels.flatMap((name) => {
          const label = findLabel(repository, name);
          return label ? [labelJson(repository, label, urls())] : [];
        }));
      },

      "issues/add-labels": (context) => {
        const pr = this.pullFromParams(context.params, "issue_number");
        const body = context.body as { labels?: (string | { name: string })[] } | undefined;
        const names = (body?.labels ?? []).map((label) => (typeof label === "string" ? label : label.name));
        const added = this.applyLabels(pr, names);
        const actor = this.actorLogin(context);
        for (const label of added) this.emit(pullRequestEvent(this.payloadSource, pr, "labeled", { sender: actor, label }));
        const repository = this.repository(pr.repo);
        return {
          status: 200,
          json: pr.labels.flatMap((name) => {
            const label = findLabel(repository, name);
            return label ? [labelJson(repository, label, urls())] : [];
          }),
        };
      },

      "issues/remove-label": (context) => {
        const pr = this.pullFromParams(context.params, "issue_number");
        const label = this.unapplyLabel(pr, context.params.name ?? "");
        this.emit(pullRequestEvent(this.payloadSource, pr, "unlabeled", { sender: this.actorLogin(context), label }));
        const repository = this.repository(pr.repo);
        return {
          status: 200,
          json: pr.labels.flatMap((name) => {
            const remaining = findLabel(repository, name);
            return remaining ? [labelJson(repository, remaining, urls())] : [];
          }),
        };
      },

      "issues/list-labels-for-repo": (context) => {
        const repository = this.repoFromParams(context.params);
        return this.paginate(context, repository.labels.map((label) => labelJson(repository, label, urls())));
      },

      "issues/get-label": (context) => {
        const repository = this.repoFromParams(context.params);
        const label = findLabel(repository, context.params.name ?? "");
        if (!label) throw notFound();
        return { status: 200, json: labelJson(repository, label, urls()) };
      },

      "issues/create-label": (context) => {
        const repository = this.repoFromParams(context.params);
        const body = context.body as BodyOf<"issues", "createLabel">;
        if (findLabel(repository, body.name)) throw validationFailed("Label", "already_exists", "name");
        const label = this.createLabel({ owner: repository.owner, repo: repository.name, name: body.name, color: (body.color ?? "ededed").replace(/^#/, ""), description: body.description ?? null });
        return { status: 201, json: labelJson(repository, label, urls()) };
      },

      // --- Checks -----------------------------------------------------------------------------
      "checks/create": (context) => {
        if (context.caller.kind !== "installation") throw new GitHubError(403, "You must authenticate via a GitHub App.");
        const repository = this.repoFromParams(context.params);
        const body = context.body as BodyOf<"checks", "create">;
        if (!state.commits[body.head_sha] || !isFullSha(body.head_sha)) throw validationFailed("CheckRun", "invalid", "head_sha", `No commit found for SHA: ${body.head_sha}`);
        const suite = this.checkSuiteFor(repository, body.head_sha);
        const run: FakeCheckRun = {
          id: nextId(state),
          repo: { owner: repository.owner, name: repository.name },
          checkSuiteId: suite.id,
          appId: state.app.id,
          name: body.name,
          headSha: body.head_sha,
          status: "queued",
          conclusion: null,
          startedAt: body.started_at ?? this.now(),
          completedAt: null,
          externalId: body.external_id ?? "",
          detailsUrl: body.details_url ?? null,
          output: { title: null, summary: null, text: null, annotations: [] },
        };
        this.applyCheckRunUpdate(run, body);
        state.checkRuns.push(run);
        return { status: 201, json: checkRunJson(state, run, urls()) };
      },

      "checks/update": (context) => {
        if (context.caller.kind !== "installation") throw new GitHubError(403, "You must authenticate via a GitHub App.");
        const run = this.checkRunFromParams(context.params);
        if (run.appId !== state.app.id) throw new GitHubError(403, "Invalid app_id: a check run can only be updated by the app that created it");
        this.applyCheckRunUpdate(run, context.body as BodyOf<"checks", "update">);
        return { status: 200, json: checkRunJson(state, run, urls()) };
      },

      "checks/get": (context) => ({ status: 200, json: checkRunJson(state, this.checkRunFromParams(context.params), urls()) }),

      "checks/list-annotations": (context) => {
        const run = this.checkRunFromParams(context.params);
        return this.paginate(context, run.output.annotations.map((_, index) => checkAnnotationJson(run, index, urls())));
      },

      "checks/list-for-ref": (context) => {
        const repository = this.repoFromParams(context.params);
        const sha = this.resolveRef(repository, context.params.ref ?? "");
        if (!sha) throw validationFailed("CheckRun", "invalid", "ref", `No commit found for SHA: ${context.params.ref ?? ""}`);
        const checkName = context.query.get("check_name");
        const status = context.query.get("status");
        const appId = context.query.get("app_id");
        const filter = context.query.get("filter") ?? "latest";
        let runs = state.checkRuns
          .filter((run) => sameRepo(run.repo, repository) && run.headSha === sha)
          .filter((run) => !checkName || run.name === checkName)
          .filter((run) => !status || run.status === status)
          .filter((run) => !appId || run.appId === Number(appId));
        if (filter === "latest") {
          // The most recent run of each name (per suite; the sandbox has one suite per app and commit).
          runs = runs.filter((run) => !runs.some((other) => other.name === run.name && other.checkSuiteId === run.checkSuiteId && other.id > run.id));
        }
        runs = [...runs].sort((a, b) => b.id - a.id);
        return this.paginate(context, runs.map((run) => checkRunJson(state, run, urls())), (page) => ({ total_count: runs.length, check_runs: page }));
      },

      // --- Organizations and teams ------------------------------------------------------------
      "teams/get-membership-for-user-in-org": (context) => {
        const team = state.teams.find((t) => sameName(t.org, context.params.org ?? "") && sameName(t.slug, context.params.team_slug ?? ""));
        const login = context.params.username ?? "";
        const role = team ? Object.entries(team.members).find(([member]) => sameName(member, login))?.[1] : undefined;
        if (!team || !role) throw notFound();
        return {
          status: 200,
          json: { url: `${this.apiUrl}/teams/${team.id}/memberships/${login}`, role, state: "active" } satisfies RestEndpointMethodTypes["teams"]["getMembershipForUserInOrg"]["response"]["data"],
        };
      },

      "orgs/check-membership-for-user": (context) => {
        const org = context.params.org ?? "";
        const login = context.params.username ?? "";
        const member = state.teams.some((t) => sameName(t.org, org) && Object.keys(t.members).some((m) => sameName(m, login)));
        return member ? { status: 204 } : { status: 404, json: { message: "User does not exist or is not a member of the organization", documentation_url: DOCS, status: "404" } };
      },

      // --- Releases ---------------------------------------------------------------------------
      "repos/list-releases": (context) => {
        const repository = this.repoFromParams(context.params);
        const releases = state.releases.filter((r) => sameRepo(r.repo, repository)).sort((a, b) => b.id - a.id);
        return this.paginate(context, releases.map((release) => releaseJson(state, release, urls())));
      },

      "repos/get-release": (context) => ({ status: 200, json: releaseJson(state, this.releaseFromParams(context.params), urls()) }),

      "repos/get-release-by-tag": (context) => {
        const repository = this.repoFromParams(context.params);
        const release = state.releases.find((r) => sameRepo(r.repo, repository) && !r.draft && r.tagName === context.params.tag);
        if (!release) throw notFound();
        return { status: 200, json: releaseJson(state, release, urls()) };
      },

      "repos/create-release": (context) => {
        const repository = this.repoFromParams(context.params);
        const body = context.body as BodyOf<"repos", "createRelease">;
        if (state.releases.some((r) => sameRepo(r.repo, repository) && r.tagName === body.tag_name)) {
          throw validationFailed("Release", "already_exists", "tag_name");
        }
        const now = this.now();
        const release: FakeRelease = {
          id: nextId(state),
          repo: { owner: repository.owner, name: repository.name },
          tagName: body.tag_name,
          targetCommitish: body.target_commitish ?? repository.defaultBranch,
          name: body.name ?? null,
          body: body.body ?? null,
          draft: body.draft ?? false,
          prerelease: body.prerelease ?? false,
          author: this.actorLogin(context),
          createdAt: now,
          publishedAt: body.draft ? null : now,
          updatedAt: now,
        };
        state.releases.push(release);
        return { status: 201, json: releaseJson(state, release, urls()) };
      },

      "repos/update-release": (context) => {
        const release = this.releaseFromParams(context.params);
        const body = context.body as BodyOf<"repos", "updateRelease">;
        const now = this.now();
        if (body.tag_name !== undefined) release.tagName = body.tag_name;
        if (body.target_commitish !== undefined) release.targetCommitish = body.target_commitish;
        if (body.name !== undefined) release.name = body.name;
        if (body.body !== undefined) release.body = body.body;
        if (body.prerelease !== undefined) release.prerelease = body.prerelease;
        if (body.draft !== undefined) {
          if (release.draft && !body.draft) release.publishedAt = now;
          release.draft = body.draft;
        }
        release.updatedAt = now;
        return { status: 200, json: releaseJson(state, release, urls()) };
      },

      "repos/delete-release": (context) => {
        const release = this.releaseFromParams(context.params);
        state.releases.splice(state.releases.indexOf(release), 1);
        return { status: 204 };
      },

      // --- Users ------------------------------------------------------------------------------
      "users/get-by-username": (context) => ({ status: 200, json: userJson(state, context.params.username ?? "", urls()) }),
    };
  }

  /** Apply a create or update body to a check run, as GitHub does (annotations accumulate). */
  private applyCheckRunUpdate(run: FakeCheckRun, body: CheckRunWrite): void {
    if (body.name !== undefined) run.name = body.name;
    if (body.details_url !== undefined) run.detailsUrl = body.details_url;
    if (body.external_id !== undefined) run.externalId = body.external_id;
    if (body.started_at !== undefined) run.startedAt = body.started_at;
    const annotations = (body.output?.annotations ?? []) as FakeCheckAnnotation[];
    if (annotations.length > MAX_ANNOTATIONS_PER_REQUEST) {
      throw validationFailed("CheckRun", "invalid", "output.annotations", `at most ${MAX_ANNOTATIONS_PER_REQUEST} annotations per request`);
    }
    if (body.conclusion !== undefined) {
      // "Providing conclusion will automatically set the status parameter to completed."
      run.conclusion = body.conclusion as CheckConclusion;
      run.status = "completed";
      run.completedAt = body.completed_at ?? this.now();
    } else if (body.status !== undefined) {
      if (body.status === "completed" && run.conclusion === null) {
        throw validationFailed("CheckRun", "missing_field", "conclusion", "conclusion is required when status is completed");
      }
      run.status = body.status as CheckStatus;
    }
    if (body.completed_at !== undefined && body.conclusion === undefined && run.conclusion === null) {
      throw validationFailed("CheckRun", "missing_field", "conclusion", "conclusion is required when completed_at is given");
    }
    if (body.output) {
      run.output.title = body.output.title ?? run.output.title;
      run.output.summary = body.output.summary;
      if (body.output.text !== undefined) run.output.text = body.output.text;
      run.output.annotations.push(...annotations);
    }
  }

  private installationJson(installation: FakeInstallation): RestEndpointMethodTypes["apps"]["getRepoInstallation"]["response"]["data"] {
    const owner = account(this.state, installation.account);
    return {
      id: installation.id,
      account: userJson(this.state, owner.login, this.urls),
      access_tokens_url: `${this.apiUrl}/app/installations/${installation.id}/access_tokens`,
      repositories_url: `${this.apiUrl}/installation/repositories`,
      html_url: `${this.baseUrl}/${owner.type === "Organization" ? "organizations" : "settings"}/${owner.login}/settings/installations/${installation.id}`,
      app_id: this.state.app.id,
      app_slug: this.state.app.slug,
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

  /** A file as the contents API returns it: base64 content wrapped at 60 columns like GitHub's. */
  private contentFileJson(repository: FakeRepository, path: string, content: string, ref: string): RestEndpointMethodTypes["repos"]["getContent"]["response"]["data"] {
    const base64 = Buffer.from(content, "utf8").toString("base64").replace(/(.{60})/g, "$1\n");
    return { ...this.contentEntryJson(repository, path, content, ref, "file"), type: "file", content: base64, encoding: "base64" };
  }

  private downloadUrl(repository: FakeRepository, path: string, ref: string): string {
    return `${this.baseUrl}/raw/${fullName(repository)}/${encodeURIComponent(ref)}/${path.split("/").map(encodeURIComponent).join("/")}`;
  }

  private contentEntryJson<Kind extends "file" | "dir">(repository: FakeRepository, path: string, content: string, ref: string, type: Kind) {
    const api = `${this.apiUrl}/repos/${fullName(repository)}`;
    const web = `${this.baseUrl}/${fullName(repository)}`;
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
      download_url: type === "file" ? this.downloadUrl(repository, path, ref) : null,
      _links: links,
    };
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

