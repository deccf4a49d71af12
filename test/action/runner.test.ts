import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runAction } from "../../src/action/runner.js";
import { parseOutputs } from "./run-bundle.js";
import { SandboxOctokit, startActionStandIn, type ActionStandIn } from "./stand-in.js";
import { CHECKOUT_BETA, CHECKOUT_BETA_READY } from "../support/examples.js";

/** The runner in this process (quicker than the bundle), for the cases around the main ones. */
const OWNER = "acme";
const REPO = "shop";
const MANIFEST = "readiness/checkout-v2.yml";
const beta = CHECKOUT_BETA;
const trained = CHECKOUT_BETA_READY;

let standIn: ActionStandIn;
let dir: string;

beforeEach(async () => {
  standIn = await startActionStandIn(OWNER);
  standIn.fake.createRepository({ owner: OWNER, repo: REPO });
  dir = mkdtempSync(join(tmpdir(), "readiness-runner-"));
});

afterEach(async () => {
  expect(standIn.fake.violations).toEqual([]);
  await standIn.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function run(eventName: string, payload: Record<string, unknown>, env: Record<string, string | undefined> = {}) {
  const { installation: _installation, ...actionPayload } = payload;
  writeFileSync(join(dir, "event.json"), JSON.stringify(actionPayload));
  writeFileSync(join(dir, "output"), "");
  writeFileSync(join(dir, "summary.md"), "");
  let stdout = "";
  const code = await runAction({
    env: {
      GITHUB_EVENT_NAME: eventName,
      GITHUB_EVENT_PATH: join(dir, "event.json"),
      GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
      GITHUB_API_URL: standIn.apiUrl,
      GITHUB_OUTPUT: join(dir, "output"),
      GITHUB_STEP_SUMMARY: join(dir, "summary.md"),
      GITHUB_RUN_ID: "7",
      "INPUT_GITHUB-TOKEN": standIn.token(),
      "INPUT_FAIL-ON-NOT-READY": "true",
      LOG_LEVEL: "fatal",
      ...env,
    },
    stdout: { write: (text: string) => (stdout += text) },
    Octokit: SandboxOctokit,
  });
  return { code, stdout, outputs: parseOutputs(readFileSync(join(dir, "output"), "utf8")), summary: readFileSync(join(dir, "summary.md"), "utf8") };
}

const openRelease = (files: Record<string, string>, head = "release/checkout") =>
  standIn.fake.openPullRequest({ owner: OWNER, repo: REPO, head, user: "dev", files });
const checksAt = (sha: string) => Object.fromEntries(standIn.fake.checkRunsFor({ owner: OWNER, repo: REPO, sha }).map((r) => [r.name, r]));

describe("the Action's runner", () => {
  it("fail-on-not-ready: false reports the verdict and exits 0", async () => {
    const { event } = openRelease({ [MANIFEST]: beta });
    const result = await run("pull_request", event.payload, { "INPUT_FAIL-ON-NOT-READY": "false" });
    expect(result.code).toBe(0);
    expect(result.outputs.result).toBe("not_ready");
  });

  it("a re-run of the same event writes nothing new and still reports the verdict", async () => {
    const { event } = openRelease({ [MANIFEST]: trained });
    expect((await run("pull_request", event.payload)).code).toBe(0);
    const writes = standIn.fake.writes().length;
    const again = await run("pull_request", event.payload);
    expect(standIn.fake.writes()).toHaveLength(writes);
    expect(again.code).toBe(0);
    expect(again.outputs.result).toBe("ready");
    expect(again.summary).toContain("## Release readiness: ✅ ready");
  });

  it("a label that decides nothing still reports the PR's verdict", async () => {
    const { pullRequest, event } = openRelease({ [MANIFEST]: beta });
    await run("pull_request", event.payload);
    const labeled = standIn.fake.addLabel({ owner: OWNER, repo: REPO, number: pullRequest.number, label: "needs-review", user: "dev" });
    const result = await run("pull_request", labeled.payload);
    expect(result.code).toBe(1);
    expect(result.outputs.result).toBe("not_ready");
  });

  it("a PR without a release manifest is non_release and passes", async () => {
    const { event } = openRelease({ "README.md": "hello\n" }, "docs/readme");
    const result = await run("pull_request", event.payload);
    expect(result.code).toBe(0);
    expect(result.outputs).toEqual({ result: "non_release", releases: "[]" });
    expect(result.summary).toContain("No release manifest changed");
  });

  it("an invalid manifest is invalid and fails", async () => {
    const { event } = openRelease({ [MANIFEST]: "version: 1\nrelease: Not A Slug\n" });
    const result = await run("pull_request", event.payload);
    expect(result.code).toBe(1);
    expect(result.outputs.result).toBe("invalid");
    expect(JSON.parse(result.outputs.releases!)[0].problems.length).toBeGreaterThan(0);
  });

  it("a broken policy is invalid and fails", async () => {
    standIn.fake.commit({ owner: OWNER, repo: REPO, branch: "main", author: "admin", files: { ".github/release-readiness.yml": "campaign_gate: sometimes\n" } });
    const { event } = openRelease({ [MANIFEST]: trained });
    const result = await run("pull_request", event.payload);
    expect(result.code).toBe(1);
    expect(result.outputs.result).toBe("invalid");
    expect(result.summary).toContain("is invalid");
  });

  it("campaign_gate: check keeps a blocked label: the step fails though the release is ready", async () => {
    standIn.fake.commit({ owner: OWNER, repo: REPO, branch: "main", author: "admin", files: { ".github/release-readiness.yml": "campaign_gate: check\n" } });
    const { pullRequest } = openRelease({ [MANIFEST]: trained });
    const labeled = standIn.fake.addLabel({ owner: OWNER, repo: REPO, number: pullRequest.number, label: "campaign:email", user: "marketing" });
    const result = await run("pull_request", labeled.payload);
    expect(checksAt(pullRequest.head.sha)["Campaign gate"]).toMatchObject({ conclusion: "failure" });
    expect(result.outputs.result).toBe("ready");
    expect(result.code).toBe(1);
    expect(result.summary).toContain("**Campaign gate:**");
  });

  it("a merge group: the group's checks, the worst verdict of its PRs", async () => {
    const ready = openRelease({ [MANIFEST]: trained });
    const other = openRelease({ "README.md": "hello\n" }, "docs/readme");
    const queued = standIn.fake.enqueuePullRequests({ owner: OWNER, repo: REPO, numbers: [ready.pullRequest.number, other.pullRequest.number], user: "maria" });
    const result = await run("merge_group", queued.event.payload);
    expect(result.code).toBe(0);
    expect(result.outputs.result).toBe("ready");
    expect(checksAt(queued.headSha)["Release readiness"]).toMatchObject({ conclusion: "success" });

    const notReady = openRelease({ "readiness/smart-search.yml": beta.replace("release: checkout-v2", "release: smart-search") }, "release/search");
    const second = standIn.fake.enqueuePullRequests({ owner: OWNER, repo: REPO, numbers: [notReady.pullRequest.number], user: "maria" });
    const failed = await run("merge_group", second.event.payload);
    expect(failed.code).toBe(1);
    expect(failed.outputs.result).toBe("not_ready");
    expect(checksAt(second.headSha)["Release readiness"]).toMatchObject({ conclusion: "failure" });
  });

  it("a merged PR gets its draft release, and its verdict does not fail the step", async () => {
    const { pullRequest, event } = openRelease({ [MANIFEST]: beta });
    await run("pull_request", event.payload);
    const merged = standIn.fake.mergePullRequest({ owner: OWNER, repo: REPO, number: pullRequest.number, user: "maria" });
    const result = await run("pull_request", merged.event.payload);
    expect(result.code).toBe(0);
    expect(result.outputs.result).toBe("not_ready");
    expect(standIn.fake.state.releases).toHaveLength(1);
    expect(standIn.fake.state.releases[0]).toMatchObject({ draft: true });
  });

  it("a command whose writes GitHub refuses is not recorded: the verdict as GitHub holds it, and the step fails", async () => {
    standIn.fake.setPermission({ owner: OWNER, repo: REPO, user: "maria", permission: "maintain" });
    const { pullRequest, event } = openRelease({ [MANIFEST]: beta });
    await run("pull_request", event.payload);
    const { event: commented } = standIn.fake.addComment({ owner: OWNER, repo: REPO, number: pullRequest.number, user: "maria", body: "/readiness waive support_training 7d training is booked" });
    const result = await run("issue_comment", commented.payload, { "INPUT_GITHUB-TOKEN": standIn.token({ readOnly: true }) });
    expect(result.code).toBe(1);
    expect(result.outputs.result).toBe("not_ready");
    expect(result.stdout).toContain("::error::the comment's commands could not be recorded");
    expect(result.stdout).toContain("::warning::Could not write a comment (PATCH /repos/acme/shop/issues/comments/");
    expect(checksAt(pullRequest.head.sha)["Release readiness"]).toMatchObject({ conclusion: "failure" });
  });

  it("a comment on an issue, not a PR, has nothing to check", async () => {
    const { pullRequest, event } = openRelease({ [MANIFEST]: beta });
    const { event: commented } = standIn.fake.addComment({ owner: OWNER, repo: REPO, number: pullRequest.number, user: "dev", body: "/readiness help" });
    const payload = structuredClone(commented.payload) as { issue: Record<string, unknown> };
    delete payload.issue.pull_request;
    const result = await run("issue_comment", payload as Record<string, unknown>);
    expect(result.code).toBe(0);
    expect(result.outputs.result).toBe("non_release");
    void event;
  });

  it("a workflow_dispatch sweep with nothing open exits 0", async () => {
    const result = await run("workflow_dispatch", { inputs: {} });
    expect(result.code).toBe(0);
    expect(result.outputs.result).toBe("non_release");
    expect(result.summary).toContain("Re-evaluated 0 open release PRs");
  });

  it("refuses an event it does not handle, and bad inputs, with an error annotation", async () => {
    const push = await run("push", { ref: "refs/heads/main" });
    expect(push.code).toBe(1);
    expect(push.stdout).toContain("::error::the Action does not handle push events");
    expect(push.outputs).toEqual({});

    const bad = await run("pull_request", {}, { "INPUT_FAIL-ON-NOT-READY": "maybe", "INPUT_GITHUB-TOKEN": "", GITHUB_TOKEN: undefined });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('::error::fail-on-not-ready must be true or false, not "maybe"');
    expect(bad.stdout).toContain("::error::no token");
  });

  it("takes GITHUB_TOKEN when the github-token input is empty", async () => {
    const { event } = openRelease({ [MANIFEST]: trained });
    const result = await run("pull_request", event.payload, { "INPUT_GITHUB-TOKEN": "", GITHUB_TOKEN: standIn.token() });
    expect(result.code).toBe(0);
    expect(result.outputs.result).toBe("ready");
  });

  it("a token GitHub does not accept: readiness could not be determined, exit 1", async () => {
    const { event } = openRelease({ [MANIFEST]: trained });
    const result = await run("pull_request", event.payload, { "INPUT_GITHUB-TOKEN": "ghs_not_a_token" });
    expect(result.code).toBe(1);
    expect(result.outputs.result).toBe("not_ready");
    expect(result.summary).toContain("Readiness could not be determined");
    expect(result.stdout).toContain("::error::");
    standIn.fake.violations.length = 0; // the stand-in records the refused credentials
  });
});
