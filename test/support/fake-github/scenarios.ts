/**
 * Scenario helpers: what people do on GitHub (create a repository, push, open, label, comment,
 * merge, re-run checks), done directly on the state. Each returns the webhook events GitHub would
 * send for it, for the test to deliver to the app. `FakeGitHub` (`./fake-github.ts`) extends this
 * with the HTTP server and the request log.
 */
import {
  account,
  findRepository,
  fullName,
  nextId,
  sameName,
  sameRepo,
  type AccountType,
  type FakeCheckRun,
  type FakeCommit,
  type FakeInstallation,
  type FakeIssue,
  type FakeIssueComment,
  type FakePullRequest,
  type FakeRepoKey,
  type FakeRepository,
  type FakeTeam,
  type PermissionLevel,
  type TeamRole,
} from "./state.js";
import { checkRunEvent, checkSuiteEvent, issueCommentEvent, issuesEvent, mergeGroupEvent, pullRequestEvent, type SandboxWebhookEvent } from "./webhooks.js";
import { FakeWorld } from "./world.js";

export interface FakeFile {
  [path: string]: string;
}

export class FakeGitHubScenarios extends FakeWorld {
  // -------------------------------------------------------------------------------------------
  // Repositories, installations, people

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

  // -------------------------------------------------------------------------------------------
  // Branches and commits

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

  /** File content at a ref (branch, sha or default branch), or undefined. */
  fileAt(options: { owner: string; repo: string; path: string; ref?: string }): string | undefined {
    const repository = this.repository({ owner: options.owner, name: options.repo });
    const sha = this.resolveRef(repository, options.ref ?? repository.defaultBranch);
    return sha ? this.state.commits[sha]?.tree[options.path] : undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Pull requests

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

  // -------------------------------------------------------------------------------------------
  // Plain issues (webhooks for them are not modelled yet)

  /** A user opens an issue, with labels (created in the repository if new), at the clock's time. */
  openIssue(options: { owner: string; repo: string; user: string; title: string; body?: string; labels?: string[]; reactions?: number }): FakeIssue {
    const repository = this.repository({ owner: options.owner, name: options.repo });
    const now = this.now();
    const issue: FakeIssue = {
      id: nextId(this.state),
      number: repository.nextIssueNumber++,
      repo: { owner: repository.owner, name: repository.name },
      title: options.title,
      body: options.body ?? null,
      state: "open",
      user: account(this.state, options.user).login,
      labels: (options.labels ?? []).map((name) => this.createLabel({ owner: options.owner, repo: options.repo, name }).name),
      reactions: Array.from({ length: options.reactions ?? 0 }, () => ({ id: nextId(this.state), user: options.user, content: "+1" as const, createdAt: now })),
      createdAt: now,
      updatedAt: now,
      closedAt: null,
    };
    this.state.issues.push(issue);
    return issue;
  }

  /** A customer files an issue; returns it with the `issues.opened` event. */
  fileIssue(options: { owner: string; repo: string; user: string; title: string; body?: string }): { issue: FakeIssue; event: SandboxWebhookEvent } {
    const issue = this.openIssue(options);
    return { issue, event: issuesEvent(this.payloadSource, issue, "opened", { sender: options.user }) };
  }

  /** The author (or `user`) edits an issue's title or body; returns `issues.edited` with what changed. */
  editIssue(options: { issue: FakeIssue; body?: string; title?: string; user?: string }): SandboxWebhookEvent {
    const { issue } = options;
    const changes: { title?: { from: string }; body?: { from: string } } = {};
    if (options.title !== undefined && options.title !== issue.title) {
      changes.title = { from: issue.title };
      issue.title = options.title;
    }
    if (options.body !== undefined && options.body !== issue.body) {
      changes.body = { from: issue.body ?? "" };
      issue.body = options.body;
    }
    issue.updatedAt = this.now();
    return issuesEvent(this.payloadSource, issue, "edited", { sender: options.user ?? issue.user, changes });
  }

  /** A comment on a plain issue, by a user or (`viaApp`) by the app's bot. */
  commentOnIssue(options: { issue: FakeIssue; user?: string; body: string; viaApp?: boolean }): FakeIssueComment {
    const user = options.viaApp ? this.botLogin : (options.user ?? options.issue.user);
    options.issue.updatedAt = this.now();
    return this.insertComment(options.issue, user, options.body, options.viaApp ? this.state.app.id : null);
  }

  /** Issues in a repository whose title is exactly `title` (plain issues only). */
  issuesTitled(options: { owner: string; repo: string; title: string }): FakeIssue[] {
    return this.state.issues.filter((issue) => sameRepo(issue.repo, { owner: options.owner, name: options.repo }) && issue.title === options.title);
  }

  // -------------------------------------------------------------------------------------------
  // Comments and labels

  /** A comment by a user on a pull request or a plain issue; returns the `issue_comment.created` event. */
  addComment(options: { owner: string; repo: string; number: number; user: string; body: string }): { comment: FakeIssueComment; event: SandboxWebhookEvent } {
    const pr = this.plainIssue(options) ?? this.pullRequest(options);
    const comment = this.insertComment(pr, options.user, options.body, null);
    return { comment, event: issueCommentEvent(this.payloadSource, pr, comment, "created", { sender: options.user }) };
  }

  /** Edit a comment as a user (the author by default); returns the `issue_comment.edited` event. */
  editComment(options: { commentId: number; body: string; user?: string }): SandboxWebhookEvent {
    const comment = this.comment(options.commentId);
    const previousBody = comment.body;
    comment.body = options.body;
    comment.updatedAt = this.now();
    return issueCommentEvent(this.payloadSource, this.issueOf(comment), comment, "edited", { sender: options.user ?? comment.user, previousBody });
  }

  /** Delete a comment as a user (the author by default); returns the `issue_comment.deleted` event. */
  deleteComment(options: { commentId: number; user?: string }): SandboxWebhookEvent {
    const comment = this.comment(options.commentId);
    const pr = this.issueOf(comment);
    this.state.issueComments.splice(this.state.issueComments.indexOf(comment), 1);
    return issueCommentEvent(this.payloadSource, pr, comment, "deleted", { sender: options.user ?? comment.user });
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

  // -------------------------------------------------------------------------------------------
  // Checks

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

  /** Check runs on a commit (all of them, oldest first). */
  checkRunsFor(options: { owner: string; repo: string; sha: string; name?: string }): FakeCheckRun[] {
    return this.state.checkRuns.filter((run) => sameRepo(run.repo, { owner: options.owner, name: options.repo }) && run.headSha === options.sha && (options.name === undefined || run.name === options.name));
  }

  // -------------------------------------------------------------------------------------------

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
}
