import { Octokit } from "@octokit/rest";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FakeGitHub } from "./fake-github.js";
import { createAppJwt, sandboxPrivateKey } from "./server.js";
import { blobSha } from "./git.js";

const owner = "acme";
const repo = "shop";
const POLICY = "statuses:\n  beta:\n    max_rollout_percent: 40\n";

let fake: FakeGitHub;
/** Octokit authenticated as the app's installation, as Probot's `context.octokit` is. */
let app: Octokit;

/** The HTTP status of a call, whether it succeeded or threw Octokit's RequestError. */
async function statusOf(call: Promise<{ status: number }>): Promise<number> {
  try {
    return (await call).status;
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    if (typeof status !== "number") throw error;
    return status;
  }
}

function octokitFor(token: string, baseUrl = fake.apiUrl): Octokit {
  // Silence Octokit's warnings: these tests provoke 4xx answers on purpose.
  const quiet = () => undefined;
  return new Octokit({ auth: token, baseUrl, log: { debug: quiet, info: quiet, warn: quiet, error: quiet } });
}

beforeAll(async () => {
  const privateKey = sandboxPrivateKey();
  fake = await FakeGitHub.start({ appKey: privateKey, validateResponses: true });
  fake.createRepository({ owner, repo, files: { "README.md": "# Shop\n", ".github/release-readiness.yml": POLICY } });
  const installation = fake.installationFor(owner);
  const jwtOctokit = octokitFor(createAppJwt(fake.state.app.id, privateKey));
  const { data, status } = await jwtOctokit.rest.apps.createInstallationAccessToken({ installation_id: installation.id });
  expect(status).toBe(201);
  expect(data.token).toMatch(/^ghs_/);
  app = octokitFor(data.token);
});

afterEach(() => {
  // Every request in these tests is valid unless a test provokes (and then clears) a violation;
  // with validateResponses, this also proves the fake's responses match GitHub's schemas.
  const leftover = fake.violations.splice(0);
  expect(leftover).toEqual([]);
});

afterAll(async () => {
  await fake.stop();
});

describe("authentication", () => {
  it("refuses unauthenticated calls and JWTs outside /app, and records them", async () => {
    const anonymous = octokitFor("", fake.apiUrl);
    expect(await statusOf(anonymous.rest.repos.get({ owner, repo }))).toBe(401);
    expect(await statusOf(octokitFor(createAppJwt(fake.state.app.id, sandboxPrivateKey())).rest.repos.get({ owner, repo }))).toBe(401);
    expect(await statusOf(octokitFor(createAppJwt(999, sandboxPrivateKey())).rest.apps.getAuthenticated())).toBe(401);
    expect(fake.violations.map((v) => v.kind)).toEqual(["auth", "auth", "auth"]);
    fake.violations.length = 0;
  });

  it("lists the app's installations (JWT) and an installation's repositories (token)", async () => {
    const jwtOctokit = octokitFor(createAppJwt(fake.state.app.id, sandboxPrivateKey()));
    const installations = await jwtOctokit.paginate(jwtOctokit.rest.apps.listInstallations);
    expect(installations.map((i) => i.account && "login" in i.account ? i.account.login : null)).toContain(owner);
    const { data } = await app.rest.apps.listReposAccessibleToInstallation();
    expect(data.repositories.map((r) => r.full_name)).toEqual(["acme/shop"]);
  });

  it("keeps an installation token inside the installed account", async () => {
    fake.createRepository({ owner: "outsider", repo: "elsewhere", installed: false });
    expect(await statusOf(app.rest.repos.get({ owner: "outsider", repo: "elsewhere" }))).toBe(404);
  });
});

describe("repositories and contents", () => {
  it("serves the REST API at / and at /api/v3", async () => {
    const root = octokitFor(fake.userToken("alice"), fake.url);
    const { data } = await root.rest.repos.get({ owner, repo });
    expect(data).toMatchObject({ full_name: "acme/shop", default_branch: "main", private: false, owner: { login: "acme", type: "Organization" } });
    expect((await app.rest.repos.get({ owner, repo })).data.id).toBe(data.id);
  });

  it("returns files base64-encoded with their blob sha, raw on request, and 404 when missing", async () => {
    const { data } = await app.rest.repos.getContent({ owner, repo, path: ".github/release-readiness.yml" });
    if (Array.isArray(data) || data.type !== "file") throw new Error("expected a file");
    expect(Buffer.from(data.content, "base64").toString("utf8")).toBe(POLICY);
    expect(data.sha).toBe(blobSha(POLICY));
    expect(data.sha).toMatch(/^[0-9a-f]{40}$/);

    const raw = await app.request("GET /repos/{owner}/{repo}/contents/{path}", { owner, repo, path: ".github/release-readiness.yml", mediaType: { format: "raw" } });
    expect(raw.data).toBe(POLICY);

    expect(await statusOf(app.rest.repos.getContent({ owner, repo, path: "readiness/nope.yml" }))).toBe(404);
    expect(await statusOf(app.rest.repos.getContent({ owner, repo, path: "README.md", ref: "no-such-branch" }))).toBe(404);

    const listing = await app.rest.repos.getContent({ owner, repo, path: ".github" });
    expect(Array.isArray(listing.data) && listing.data.map((entry) => [entry.name, entry.type])).toEqual([["release-readiness.yml", "file"]]);
  });

  it("reads at a ref and commits with the blob sha check GitHub makes", async () => {
    fake.commit({ owner, repo, branch: "feature/docs", files: { "docs/a.md": "v1\n" }, author: "alice" });
    const opened = fake.openPullRequest({ owner, repo, head: "feature/docs", user: "alice" });
    fake.takeEmittedEvents();
    const before = await app.rest.repos.getContent({ owner, repo, path: "docs/a.md", ref: "feature/docs" });
    if (Array.isArray(before.data)) throw new Error("expected a file");
    const content = Buffer.from("v2\n").toString("base64");

    expect(await statusOf(app.rest.repos.createOrUpdateFileContents({ owner, repo, path: "docs/a.md", branch: "feature/docs", message: "m", content }))).toBe(422);
    expect(await statusOf(app.rest.repos.createOrUpdateFileContents({ owner, repo, path: "docs/a.md", branch: "feature/docs", message: "m", content, sha: blobSha("other") }))).toBe(409);

    const written = await app.rest.repos.createOrUpdateFileContents({
      owner, repo, path: "docs/a.md", branch: "feature/docs", message: "Set status to ga", content, sha: before.data.sha,
    });
    expect(written.status).toBe(200);
    const head = written.data.commit.sha ?? "";
    expect(head).toMatch(/^[0-9a-f]{40}$/);
    expect(fake.repository({ owner, name: repo }).branches["feature/docs"]).toBe(head);
    expect(opened.pullRequest.head.sha).toBe(head);
    expect(fake.fileAt({ owner, repo, path: "docs/a.md", ref: "feature/docs" })).toBe("v2\n");
    expect(fake.state.commits[head]?.authorLogin).toBe(fake.botLogin);

    // GitHub would now send a push and a synchronize, both by the app's bot.
    const emitted = fake.takeEmittedEvents();
    expect(emitted.map((e) => [e.name, e.payload.action ?? null])).toEqual([["push", null], ["pull_request", "synchronize"]]);
    expect(emitted.every((e) => (e.payload.sender as { login: string }).login === fake.botLogin)).toBe(true);

    const created = await app.rest.repos.createOrUpdateFileContents({ owner, repo, path: "docs/new.md", branch: "feature/docs", message: "add", content });
    expect(created.status).toBe(201);
    fake.takeEmittedEvents();
  });
});

describe("pull requests", () => {
  it("lists a pull request's files across pages with statuses and renames", async () => {
    const base: Record<string, string> = { "keep.txt": "same\n", "old-name.yml": "release: a\n", "gone.txt": "bye\n", "edit.txt": "one\n" };
    fake.commit({ owner, repo, branch: "main", files: base, author: "alice" });
    const files: Record<string, string | null> = { "old-name.yml": null, "new-name.yml": "release: a\n", "gone.txt": null, "edit.txt": "one\ntwo\n" };
    for (let i = 0; i < 130; i++) files[`generated/file-${String(i).padStart(3, "0")}.txt`] = `${i}\n`;
    const { pullRequest } = fake.openPullRequest({ owner, repo, head: "feature/many", user: "alice", files });

    const firstPage = await app.rest.pulls.listFiles({ owner, repo, pull_number: pullRequest.number, per_page: 100 });
    expect(firstPage.data).toHaveLength(100);
    expect(firstPage.headers.link).toContain('rel="next"');
    expect(firstPage.headers.link).toContain("/api/v3/repos/acme/shop/pulls/");

    const all = await app.paginate(app.rest.pulls.listFiles, { owner, repo, pull_number: pullRequest.number, per_page: 100 });
    expect(all).toHaveLength(133);
    const byName = new Map(all.map((file) => [file.filename, file]));
    expect(byName.get("new-name.yml")).toMatchObject({ status: "renamed", previous_filename: "old-name.yml" });
    expect(byName.get("gone.txt")).toMatchObject({ status: "removed", deletions: 1 });
    expect(byName.get("edit.txt")).toMatchObject({ status: "modified", additions: 1, deletions: 0, sha: blobSha("one\ntwo\n") });
    expect(byName.get("generated/file-000.txt")).toMatchObject({ status: "added", additions: 1 });
    expect(byName.has("keep.txt")).toBe(false);

    const { data: pr } = await app.rest.pulls.get({ owner, repo, pull_number: pullRequest.number });
    expect(pr).toMatchObject({ number: pullRequest.number, state: "open", changed_files: 133, head: { ref: "feature/many", sha: pullRequest.head.sha }, base: { ref: "main" } });
  });

  it("lists open pull requests with pagination and finds pull requests by commit", async () => {
    for (let i = 0; i < 4; i++) fake.openPullRequest({ owner, repo, head: `feature/list-${i}`, user: "bob", files: { [`list-${i}.txt`]: "x" } });
    const open = await app.paginate(app.rest.pulls.list, { owner, repo, state: "open", per_page: 2 });
    expect(open.length).toBe(fake.state.pullRequests.filter((p) => p.repo.name === repo && p.state === "open").length);

    const target = fake.pullRequest({ owner, repo, number: open[0]?.number ?? 0 });
    const { data } = await app.rest.repos.listPullRequestsAssociatedWithCommit({ owner, repo, commit_sha: target.head.sha });
    expect(data.map((p) => p.number)).toEqual([target.number]);
  });

  it("reports a fork pull request whose head lives in a repository the app cannot read", async () => {
    fake.createRepository({ owner: "contributor", repo: "shop", forkOf: { owner, name: repo }, ownerType: "User" });
    fake.commit({ owner: "contributor", repo: "shop", branch: "fix", files: { "readiness/fork.yml": "release: fork\n" }, author: "contributor" });
    const { pullRequest, event } = fake.openPullRequest({ owner, repo, head: "fix", user: "contributor", headRepo: { owner: "contributor", name: "shop" } });
    expect((event.payload.pull_request as { head: { repo: { full_name: string; fork: boolean } } }).head.repo).toMatchObject({ full_name: "contributor/shop", fork: true });
    // The head commit is reachable through the base repository, as on GitHub.
    const { data } = await app.rest.repos.getContent({ owner, repo, path: "readiness/fork.yml", ref: pullRequest.head.sha });
    expect(Array.isArray(data)).toBe(false);
    expect(await statusOf(app.rest.repos.getContent({ owner: "contributor", repo: "shop", path: "readiness/fork.yml" }))).toBe(404);
    const { data: files } = await app.rest.pulls.listFiles({ owner, repo, pull_number: pullRequest.number });
    expect(files.map((f) => f.filename)).toEqual(["readiness/fork.yml"]);
  });
});

describe("check runs", () => {
  it("creates, updates (accumulating annotations), reads and lists check runs", async () => {
    const { pullRequest } = fake.openPullRequest({ owner, repo, head: "feature/checks", user: "alice", files: { "readiness/c.yml": "release: c\n" } });
    const sha = pullRequest.head.sha;
    const created = await app.rest.checks.create({ owner, repo, name: "Release readiness", head_sha: sha, status: "in_progress", external_id: "c" });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ name: "Release readiness", status: "in_progress", conclusion: null, head_sha: sha, app: { id: fake.state.app.id } });
    expect(created.data.pull_requests.map((p) => p.number)).toEqual([pullRequest.number]);

    const annotations = (from: number) => Array.from({ length: 50 }, (_, i) => ({
      path: "readiness/c.yml", start_line: from + i, end_line: from + i, annotation_level: "failure" as const, message: `line ${from + i}`,
    }));
    await app.rest.checks.update({ owner, repo, check_run_id: created.data.id, output: { title: "t", summary: "s", annotations: annotations(1) } });
    const updated = await app.rest.checks.update({
      owner, repo, check_run_id: created.data.id, conclusion: "failure", output: { title: "2 items missing", summary: "docs, monitoring", text: "ledger", annotations: annotations(51) },
    });
    expect(updated.data).toMatchObject({ status: "completed", conclusion: "failure", output: { title: "2 items missing", text: "ledger", annotations_count: 100 } });
    expect(updated.data.completed_at).not.toBeNull();
    const listed = await app.paginate(app.rest.checks.listAnnotations, { owner, repo, check_run_id: created.data.id, per_page: 100 });
    expect(listed.map((a) => a.start_line)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));

    // A second run of the same name: "latest" (the default) shows only it, "all" shows both.
    const second = await app.rest.checks.create({ owner, repo, name: "Release readiness", head_sha: sha, conclusion: "success", output: { title: "ready", summary: "ok" } });
    await app.rest.checks.create({ owner, repo, name: "Campaign gate", head_sha: sha, conclusion: "success", output: { title: "ok", summary: "ok" } });
    const latest = await app.rest.checks.listForRef({ owner, repo, ref: sha, check_name: "Release readiness" });
    expect(latest.data.total_count).toBe(1);
    expect(latest.data.check_runs[0]?.id).toBe(second.data.id);
    const all = await app.rest.checks.listForRef({ owner, repo, ref: "feature/checks", filter: "all" });
    expect(all.data.check_runs.map((r) => r.name).sort()).toEqual(["Campaign gate", "Release readiness", "Release readiness"]);
    const paged = await app.paginate(app.rest.checks.listForRef, { owner, repo, ref: sha, filter: "all", per_page: 1 });
    expect(paged).toHaveLength(3);

    const got = await app.rest.checks.get({ owner, repo, check_run_id: created.data.id });
    expect(got.data.output.annotations_count).toBe(100);
  });

  it("answers invalid check run calls like GitHub and records the request violation", async () => {
    const sha = fake.repository({ owner, name: repo }).branches.main ?? "";
    // Bypass Octokit's types as a buggy handler would.
    const badConclusion = { owner, repo, name: "Release readiness", head_sha: sha, conclusion: "great" } as unknown as Parameters<typeof app.rest.checks.create>[0];
    expect(await statusOf(app.rest.checks.create(badConclusion))).toBe(422);
    expect(fake.violations).toEqual([expect.objectContaining({ kind: "request", method: "POST", message: expect.stringContaining("conclusion") })]);
    fake.violations.length = 0;

    // The schema caps annotations at 50 a request.
    const tooMany = Array.from({ length: 51 }, () => ({ path: "a", start_line: 1, end_line: 1, annotation_level: "notice" as const, message: "m" }));
    expect(await statusOf(app.rest.checks.create({ owner, repo, name: "x", head_sha: sha, output: { title: "t", summary: "s", annotations: tooMany } }))).toBe(422);
    expect(fake.violations.splice(0)).toEqual([expect.objectContaining({ message: expect.stringContaining("must NOT have more than 50 items") })]);

    // Valid per the schema, refused by GitHub's rules: answered like GitHub, not a contract violation.
    expect(await statusOf(app.rest.checks.create({ owner, repo, name: "x", head_sha: "f".repeat(40) }))).toBe(422);
    expect(await statusOf(app.rest.checks.create({ owner, repo, name: "x", head_sha: sha, status: "completed" }))).toBe(422);
    const user = octokitFor(fake.userToken("alice"));
    expect(await statusOf(user.rest.checks.create({ owner, repo, name: "x", head_sha: sha }))).toBe(403);
  });
});

describe("comments, reactions and labels", () => {
  it("creates, pages through, edits and deletes comments; reacts once per user and content", async () => {
    const { pullRequest } = fake.openPullRequest({ owner, repo, head: "feature/comments", user: "alice", files: { "c.txt": "c" } });
    const issue = { owner, repo, issue_number: pullRequest.number };
    for (let i = 0; i < 34; i++) fake.addComment({ owner, repo, number: pullRequest.number, user: "bob", body: `comment ${i}` });
    const mine = await app.rest.issues.createComment({ ...issue, body: "<!-- release-readiness -->\nSummary" });
    expect(mine.status).toBe(201);
    expect(mine.data.user?.login).toBe(fake.botLogin);
    expect(mine.data.performed_via_github_app?.id).toBe(fake.state.app.id);

    const all = await app.paginate(app.rest.issues.listComments, { ...issue, per_page: 10 });
    expect(all).toHaveLength(35);
    expect(all.at(-1)?.id).toBe(mine.data.id);

    const edited = await app.rest.issues.updateComment({ owner, repo, comment_id: mine.data.id, body: "Summary v2" });
    expect(edited.data.body).toBe("Summary v2");
    expect((await app.rest.issues.getComment({ owner, repo, comment_id: mine.data.id })).data.body).toBe("Summary v2");

    const target = all[0]?.id ?? 0;
    expect((await app.rest.reactions.createForIssueComment({ owner, repo, comment_id: target, content: "+1" })).status).toBe(201);
    expect((await app.rest.reactions.createForIssueComment({ owner, repo, comment_id: target, content: "+1" })).status).toBe(200);
    expect((await app.rest.issues.getComment({ owner, repo, comment_id: target })).data.reactions).toMatchObject({ total_count: 1, "+1": 1 });

    expect((await app.rest.issues.deleteComment({ owner, repo, comment_id: mine.data.id })).status).toBe(204);
    expect(await statusOf(app.rest.issues.getComment({ owner, repo, comment_id: mine.data.id }))).toBe(404);
    expect(fake.takeEmittedEvents().map((e) => `${e.name}.${String(e.payload.action)}`)).toEqual([
      "issue_comment.created", "issue_comment.edited", "issue_comment.deleted",
    ]);
  });

  it("adds and removes single labels, and creates repository labels once", async () => {
    const { pullRequest } = fake.openPullRequest({ owner, repo, head: "feature/labels", user: "alice", files: { "l.txt": "l" } });
    const issue = { owner, repo, issue_number: pullRequest.number };
    fake.addLabel({ owner, repo, number: pullRequest.number, label: "campaign:email", user: "marketer" });

    expect(await statusOf(app.rest.issues.getLabel({ owner, repo, name: "release:beta" }))).toBe(404);
    const created = await app.rest.issues.createLabel({ owner, repo, name: "release:beta", color: "0e8a16", description: "Release at beta" });
    expect(created.status).toBe(201);
    expect(await statusOf(app.rest.issues.createLabel({ owner, repo, name: "release:beta", color: "0e8a16" }))).toBe(422);

    const added = await app.rest.issues.addLabels({ ...issue, labels: ["release:beta"] });
    expect(added.data.map((l) => l.name)).toEqual(["campaign:email", "release:beta"]);
    const removed = await app.rest.issues.removeLabel({ ...issue, name: "campaign:email" });
    expect(removed.data.map((l) => l.name)).toEqual(["release:beta"]);
    expect(await statusOf(app.rest.issues.removeLabel({ ...issue, name: "campaign:email" }))).toBe(404);
    expect((await app.rest.issues.listLabelsOnIssue(issue)).data.map((l) => l.name)).toEqual(["release:beta"]);
    expect((await app.rest.issues.get(issue)).data).toMatchObject({ number: pullRequest.number, pull_request: { url: expect.any(String) } });

    const emitted = fake.takeEmittedEvents();
    expect(emitted.map((e) => [e.payload.action, (e.payload.label as { name: string }).name])).toEqual([
      ["labeled", "release:beta"], ["unlabeled", "campaign:email"],
    ]);
  });
});

describe("permissions, teams and releases", () => {
  it("reports legacy permission and the real role name", async () => {
    const cases = [["admin", "admin"], ["maintain", "write"], ["write", "write"], ["triage", "read"], ["read", "read"]] as const;
    for (const [role, legacy] of cases) {
      fake.setPermission({ owner, repo, user: `user-${role}`, permission: role });
      const { data } = await app.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username: `user-${role}` });
      expect([data.permission, data.role_name]).toEqual([legacy, role]);
    }
    const stranger = await app.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username: "stranger" });
    expect([stranger.data.permission, stranger.data.role_name]).toEqual(["read", "read"]);
  });

  it("answers team membership with 200 active or 404", async () => {
    fake.addTeamMember({ org: owner, team: "payments", user: "carol", role: "maintainer" });
    const { data } = await app.rest.teams.getMembershipForUserInOrg({ org: owner, team_slug: "payments", username: "carol" });
    expect(data).toMatchObject({ state: "active", role: "maintainer" });
    expect(await statusOf(app.rest.teams.getMembershipForUserInOrg({ org: owner, team_slug: "payments", username: "dave" }))).toBe(404);
    expect(await statusOf(app.rest.teams.getMembershipForUserInOrg({ org: owner, team_slug: "nobody", username: "carol" }))).toBe(404);
  });

  it("creates, lists and publishes releases", async () => {
    const draft = await app.rest.repos.createRelease({ owner, repo, tag_name: "checkout-v2", name: "One-page checkout", body: "notes", draft: true });
    expect(draft.status).toBe(201);
    expect(draft.data).toMatchObject({ draft: true, published_at: null, author: { login: fake.botLogin } });
    expect(await statusOf(app.rest.repos.createRelease({ owner, repo, tag_name: "checkout-v2" }))).toBe(422);
    const listed = await app.paginate(app.rest.repos.listReleases, { owner, repo });
    expect(listed.map((r) => r.tag_name)).toEqual(["checkout-v2"]);
    const published = await app.rest.repos.updateRelease({ owner, repo, release_id: draft.data.id, draft: false });
    expect(published.data.draft).toBe(false);
    expect(published.data.published_at).not.toBeNull();
  });
});

describe("loud failures", () => {
  it("answers a valid but unimplemented endpoint with 501 and records it", async () => {
    expect(await statusOf(app.rest.repos.listBranches({ owner, repo }))).toBe(501);
    expect(fake.violations).toEqual([expect.objectContaining({ kind: "not-implemented", message: expect.stringContaining("repos/list-branches") })]);
    fake.violations.length = 0;
  });

  it("answers an endpoint GitHub does not have with 404 and records it", async () => {
    expect(await statusOf(app.request("GET /repos/{owner}/{repo}/readiness", { owner, repo }))).toBe(404);
    expect(fake.violations).toEqual([expect.objectContaining({ kind: "request", message: expect.stringContaining("GET /repos/acme/shop/readiness") })]);
    fake.violations.length = 0;
  });

  it("records every request with its operation, status and caller", async () => {
    fake.resetRecording();
    await app.rest.repos.get({ owner, repo });
    const { pullRequest } = fake.openPullRequest({ owner, repo, head: "feature/count", user: "alice", files: { "n.txt": "n" } });
    await app.rest.issues.createComment({ owner, repo, issue_number: pullRequest.number, body: "x" });
    expect(fake.requests.map((r) => [r.method, r.path, r.operationId, r.status, r.actor])).toEqual([
      ["GET", "/repos/acme/shop", "repos/get", 200, fake.botLogin],
      ["POST", `/repos/acme/shop/issues/${pullRequest.number}/comments`, "issues/create-comment", 201, fake.botLogin],
    ]);
    expect(fake.requests[1]?.body).toEqual({ body: "x" });
    expect([fake.reads().length, fake.writes().length]).toEqual([1, 1]);
    fake.takeEmittedEvents();
  });
});
