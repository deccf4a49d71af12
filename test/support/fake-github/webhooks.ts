/**
 * Webhook payloads built from the sandbox state, and signed delivery over HTTP.
 *
 * Payloads follow the shapes of GitHub's deliveries (`@octokit/webhooks-examples`, and the
 * `webhook-*` schemas of the OpenAPI description that the sandbox tests validate them against).
 * Each carries `installation`, `repository`, `sender` (and `organization` for organization-owned
 * repositories) because the app authenticates and scopes everything from those.
 */
import { createHmac, randomUUID } from "node:crypto";
import { request as httpRequest } from "node:http";
import { userJson } from "./representations/accounts.js";
import { checkRunJson, checkSuiteJson } from "./representations/checks.js";
import { deploymentJson } from "./representations/deployments.js";
import { issueCommentJson } from "./representations/comments.js";
import { type SandboxUrls } from "./representations/common.js";
import { simpleCommitJson, treeSha } from "./representations/contents.js";
import { plainIssueJson } from "./representations/issues.js";
import { issueJson, pullRequestJson } from "./representations/pulls.js";
import { labelJson, nestedRepositoryJson } from "./representations/repos.js";
import { diffTrees } from "./git.js";
import {
  account,
  findRepository,
  fullName,
  sameName,
  type FakeCheckRun,
  type FakeCheckSuite,
  type FakeCommit,
  type FakeDeployment,
  type FakeGitHubState,
  type FakeIssue,
  type FakeIssueComment,
  type FakeLabel,
  type FakePullRequest,
  type FakeRepoKey,
} from "./state.js";

/** A JSON webhook payload. Tests validate the shapes; consumers cast to Probot's event types. */
export type WebhookPayload = { [field: string]: unknown };

/** One delivery: the `X-GitHub-Event` name, the delivery id and the JSON payload. */
export interface SandboxWebhookEvent {
  name: string;
  id: string;
  payload: WebhookPayload;
}

/** What every payload builder reads: the state and the URLs it is served at. */
export interface PayloadSource {
  state: FakeGitHubState;
  urls: SandboxUrls;
}

function event(name: string, payload: WebhookPayload): SandboxWebhookEvent {
  return { name, id: randomUUID(), payload };
}

function installationFor(source: PayloadSource, repo: FakeRepoKey): { id: number; node_id: string } {
  const installation = source.state.installations.find((candidate) => sameName(candidate.account, repo.owner));
  if (!installation) {
    throw new Error(`sandbox: the app is not installed on ${repo.owner}; create the repository with installed: true`);
  }
  return { id: installation.id, node_id: Buffer.from(`Installation:${installation.id}`).toString("base64") };
}

function organizationFor(source: PayloadSource, repo: FakeRepoKey): WebhookPayload | undefined {
  const owner = account(source.state, repo.owner);
  if (owner.type !== "Organization") return undefined;
  const api = `${source.urls.api}/orgs/${owner.login}`;
  return {
    login: owner.login,
    id: owner.id,
    node_id: Buffer.from(`Organization:${owner.id}`).toString("base64"),
    url: api,
    repos_url: `${api}/repos`,
    events_url: `${api}/events`,
    hooks_url: `${api}/hooks`,
    issues_url: `${api}/issues`,
    members_url: `${api}/members{/member}`,
    public_members_url: `${api}/public_members{/member}`,
    avatar_url: `${source.urls.web}/avatars/u/${owner.id}?v=4`,
    description: null,
  };
}

/** `repository`, `sender`, `installation` and, for organizations, `organization`. */
function envelope(source: PayloadSource, repo: FakeRepoKey, sender: string): WebhookPayload {
  const organization = organizationFor(source, repo);
  return {
    repository: nestedRepositoryJson(source.state, repo, source.urls),
    sender: userJson(source.state, sender, source.urls),
    installation: installationFor(source, repo),
    ...(organization ? { organization } : {}),
  };
}

export type PullRequestAction =
  | "opened" | "synchronize" | "labeled" | "unlabeled" | "closed" | "reopened" | "edited"
  | "ready_for_review" | "converted_to_draft";

export interface PullRequestEventOptions {
  sender: string;
  /** For `labeled` / `unlabeled`. */
  label?: FakeLabel;
  /** For `synchronize`: the previous head sha. */
  before?: string;
  /** For `edited`. */
  changes?: { title?: { from: string }; body?: { from: string } };
}

export function pullRequestEvent(
  source: PayloadSource,
  pr: FakePullRequest,
  action: PullRequestAction,
  options: PullRequestEventOptions,
): SandboxWebhookEvent {
  const payload: WebhookPayload = {
    action,
    number: pr.number,
    pull_request: pullRequestJson(source.state, pr, source.urls),
    ...envelope(source, pr.repo, options.sender),
  };
  if (action === "synchronize") {
    payload.before = options.before ?? pr.head.sha;
    payload.after = pr.head.sha;
  }
  if ((action === "labeled" || action === "unlabeled") && options.label) {
    payload.label = labelJson(pr.repo, options.label, source.urls);
  }
  if (action === "edited") payload.changes = options.changes ?? {};
  return event("pull_request", payload);
}

export type IssueCommentAction = "created" | "edited" | "deleted";

/** An issue as webhooks show it: a pull request's issue side (with `pull_request`), or a plain issue. */
const issueSide = (source: PayloadSource, target: FakePullRequest | FakeIssue) =>
  "head" in target ? issueJson(source.state, target, source.urls) : plainIssueJson(source.state, target, source.urls);

export function issueCommentEvent(
  source: PayloadSource,
  pr: FakePullRequest | FakeIssue,
  comment: FakeIssueComment,
  action: IssueCommentAction,
  options: { sender: string; previousBody?: string },
): SandboxWebhookEvent {
  const payload: WebhookPayload = {
    action,
    issue: issueSide(source, pr),
    comment: issueCommentJson(source.state, comment, source.urls),
    ...envelope(source, pr.repo, options.sender),
  };
  if (action === "edited") payload.changes = options.previousBody === undefined ? {} : { body: { from: options.previousBody } };
  return event("issue_comment", payload);
}

export type IssuesAction = "opened" | "edited" | "labeled" | "unlabeled";

/** `issues.*` for a plain issue (GitHub sends `pull_request.*` for pull requests instead). */
export function issuesEvent(
  source: PayloadSource,
  issue: FakeIssue,
  action: IssuesAction,
  options: { sender: string; label?: FakeLabel; changes?: { title?: { from: string }; body?: { from: string } } },
): SandboxWebhookEvent {
  const payload: WebhookPayload = { action, issue: plainIssueJson(source.state, issue, source.urls), ...envelope(source, issue.repo, options.sender) };
  if ((action === "labeled" || action === "unlabeled") && options.label) payload.label = labelJson(issue.repo, options.label, source.urls);
  if (action === "edited") payload.changes = options.changes ?? {};
  return event("issues", payload);
}

export type CheckRunAction = "created" | "completed" | "rerequested" | "requested_action";

export function checkRunEvent(
  source: PayloadSource,
  run: FakeCheckRun,
  action: CheckRunAction,
  options: { sender: string; requestedActionId?: string },
): SandboxWebhookEvent {
  const suite = source.state.checkSuites.find((candidate) => candidate.id === run.checkSuiteId);
  if (!suite) throw new Error(`sandbox: check run ${run.id} has no check suite`);
  const payload: WebhookPayload = {
    action,
    // In webhooks the check run carries its whole suite, not just `{ id }`.
    check_run: { ...checkRunJson(source.state, run, source.urls), check_suite: checkSuiteJson(source.state, suite, source.urls) },
    ...envelope(source, run.repo, options.sender),
  };
  if (action === "requested_action") payload.requested_action = { identifier: options.requestedActionId ?? "" };
  return event("check_run", payload);
}

export type CheckSuiteAction = "requested" | "rerequested" | "completed";

export function checkSuiteEvent(
  source: PayloadSource,
  suite: FakeCheckSuite,
  action: CheckSuiteAction,
  options: { sender: string },
): SandboxWebhookEvent {
  return event("check_suite", {
    action,
    check_suite: checkSuiteJson(source.state, suite, source.urls),
    ...envelope(source, suite.repo, options.sender),
  });
}

export interface PushEventOptions {
  repo: FakeRepoKey;
  /** Branch name (not the full ref). */
  branch: string;
  before: string;
  after: string;
  /** The pushed commits, oldest first. */
  commits: FakeCommit[];
  sender: string;
}

function pushedCommitJson(source: PayloadSource, repo: FakeRepoKey, commit: FakeCommit, senderLogin: string): WebhookPayload {
  const parent = commit.parents[0] ? source.state.commits[commit.parents[0]] : undefined;
  const changes = diffTrees(parent?.tree ?? {}, commit.tree);
  const person = (identity: FakeCommit["author"]) => ({ name: identity.name, email: identity.email, username: commit.authorLogin ?? senderLogin });
  return {
    id: commit.sha,
    tree_id: treeSha(commit),
    distinct: true,
    message: commit.message,
    timestamp: commit.committer.date,
    url: `${source.urls.web}/${fullName(repo)}/commit/${commit.sha}`,
    author: person(commit.author),
    committer: person(commit.committer),
    added: changes.filter((c) => c.status === "added" || c.status === "renamed").map((c) => c.filename),
    removed: changes
      .flatMap((c) => (c.status === "removed" ? [c.filename] : c.status === "renamed" && c.previousFilename ? [c.previousFilename] : [])),
    modified: changes.filter((c) => c.status === "modified").map((c) => c.filename),
  };
}

export function pushEvent(source: PayloadSource, options: PushEventOptions): SandboxWebhookEvent {
  const zero = "0".repeat(40);
  const repo = findRepository(source.state, options.repo);
  if (!repo) throw new Error(`sandbox: no repository ${fullName(options.repo)}`);
  const repository = nestedRepositoryJson(source.state, repo, source.urls);
  const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
  const head = source.state.commits[options.after];
  const sender = userJson(source.state, options.sender, source.urls);
  const { repository: _ignored, ...rest } = envelope(source, repo, options.sender);
  return event("push", {
    ref: `refs/heads/${options.branch}`,
    before: options.before,
    after: options.after,
    created: options.before === zero,
    deleted: options.after === zero,
    forced: false,
    base_ref: null,
    compare: `${source.urls.web}/${fullName(repo)}/compare/${options.before.slice(0, 12)}...${options.after.slice(0, 12)}`,
    commits: options.commits.map((commit) => pushedCommitJson(source, repo, commit, options.sender)),
    head_commit: head ? pushedCommitJson(source, repo, head, options.sender) : null,
    // Push payloads keep the legacy repository flavour: unix-second timestamps and a few extra fields.
    repository: {
      ...repository,
      created_at: seconds(repo.createdAt),
      pushed_at: seconds(repo.pushedAt),
      stargazers: 0,
      master_branch: repo.defaultBranch,
      ...(account(source.state, repo.owner).type === "Organization" ? { organization: repo.owner } : {}),
    },
    pusher: { name: sender.login, email: `${sender.id}+${sender.login}@users.noreply.github.com` },
    ...rest,
  });
}

export interface MergeGroupEventOptions {
  repo: FakeRepoKey;
  baseBranch: string;
  baseSha: string;
  /** The merge queue's temporary branch, e.g. `gh-readonly-queue/main/pr-12-<sha>`. */
  headBranch: string;
  headSha: string;
  sender: string;
}

export function mergeGroupEvent(source: PayloadSource, options: MergeGroupEventOptions): SandboxWebhookEvent {
  return event("merge_group", {
    action: "checks_requested",
    merge_group: {
      head_sha: options.headSha,
      head_ref: `refs/heads/${options.headBranch}`,
      base_sha: options.baseSha,
      base_ref: `refs/heads/${options.baseBranch}`,
      head_commit: simpleCommitJson(source.state.commits[options.headSha], options.headSha),
    },
    ...envelope(source, options.repo, options.sender),
  });
}

/**
 * `deployment_protection_rule.requested`: a workflow job waits on an environment whose protection
 * rules include the app. `sha` and `ref` are the workflow's trigger; the deployment carries its own.
 */
export function deploymentProtectionRuleEvent(source: PayloadSource, deployment: FakeDeployment, options: { sender: string; event?: string }): SandboxWebhookEvent {
  return event("deployment_protection_rule", {
    action: "requested",
    environment: deployment.environment,
    event: options.event ?? "push",
    sha: deployment.sha,
    ref: deployment.ref,
    deployment_callback_url: `${source.urls.api}/repos/${fullName(deployment.repo)}/actions/runs/${deployment.runId}/deployment_protection_rule`,
    deployment: deploymentJson(source.state, deployment, source.urls),
    pull_requests: [],
    ...envelope(source, deployment.repo, options.sender),
  });
}

// ---------------------------------------------------------------------------------------------
// Delivery

/** GitHub's `X-Hub-Signature-256` value for a body: `sha256=` + HMAC-SHA256 hex of the exact bytes. */
export function signWebhookBody(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}

export interface WebhookDelivery {
  /** Full URL of the webhook endpoint, e.g. `http://127.0.0.1:4000/api/github/webhooks`. */
  url: string;
  secret: string;
  /** The event name (`X-GitHub-Event`). */
  name: string;
  /** The delivery id (`X-GitHub-Delivery`); a fresh UUID when left out. */
  id?: string;
  payload: unknown;
  /** Replace the computed signature (to test that a forged delivery is refused). */
  signature?: string;
}

export interface WebhookDeliveryResult {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** POST a webhook like GitHub does: JSON body, event headers, HMAC signature of the exact bytes. */
export function deliverWebhook(delivery: WebhookDelivery): Promise<WebhookDeliveryResult> {
  const body = JSON.stringify(delivery.payload);
  const target = new URL(delivery.url);
  const installationId = (delivery.payload as { installation?: { id?: unknown } } | null)?.installation?.id;
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(body)),
    "user-agent": "GitHub-Hookshot/sandbox",
    "x-github-event": delivery.name,
    "x-github-delivery": delivery.id ?? randomUUID(),
    "x-hub-signature-256": delivery.signature ?? signWebhookBody(delivery.secret, body),
    ...(typeof installationId === "number"
      ? { "x-github-hook-installation-target-type": "integration", "x-github-hook-installation-target-id": String(installationId) }
      : {}),
  };
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { hostname: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: "POST", headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), headers: response.headers }),
        );
        response.on("error", reject);
      },
    );
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}
