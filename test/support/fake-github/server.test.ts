import type { ApplicationFunction } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "./server.js";

const owner = "acme";
const repo = "shop";

/**
 * A trivial app exercising the wiring the real app relies on: installation auth, Probot's config
 * loader (raw contents from the default branch) and a check run write.
 */
const trivialApp: ApplicationFunction = (app) => {
  app.on("pull_request.opened", async (context) => {
    const config = (await context.config<{ greeting?: string }>("release-readiness.yml")) ?? {};
    await context.octokit.rest.checks.create(
      context.repo({
        name: "Sandbox check",
        head_sha: context.payload.pull_request.head.sha,
        conclusion: "success" as const,
        output: { title: "Wired", summary: config.greeting ?? "no config" },
      }),
    );
  });
  app.on("issue_comment.created", async (context) => {
    // Calls an endpoint the sandbox does not implement, to show such gaps are loud.
    await context.octokit.rest.repos.listBranches(context.repo());
  });
};

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ appFn: trivialApp });
  sandbox.fake.createRepository({ owner, repo, files: { ".github/release-readiness.yml": "greeting: hello from the default branch\n" } });
});

afterAll(async () => {
  await sandbox.stop();
});

describe("Probot served against the fake GitHub", () => {
  it("handles a signed delivery by creating a check run through its installation token", async () => {
    sandbox.fake.resetRecording();
    const { pullRequest, event } = sandbox.fake.openPullRequest({ owner, repo, head: "feature/x", user: "alice", files: { "a.txt": "a" } });

    const result = await sandbox.deliver(event);
    expect(result.status).toBe(200);

    const [run] = sandbox.fake.checkRunsFor({ owner, repo, sha: pullRequest.head.sha });
    expect(run).toMatchObject({ name: "Sandbox check", conclusion: "success", output: { title: "Wired", summary: "hello from the default branch" } });
    expect(sandbox.fake.requests.map((r) => `${r.method} ${r.operationId ?? r.path} ${r.status}`)).toEqual([
      "POST apps/create-installation-access-token 201",
      "GET repos/get-content 200",
      "POST checks/create 201",
    ]);
    expect(sandbox.fake.requests.at(-1)?.actor).toBe(sandbox.fake.botLogin);
    expect(sandbox.fake.violations).toEqual([]);
  });

  it("refuses a delivery with a bad signature before any call to GitHub", async () => {
    sandbox.fake.resetRecording();
    const { event } = sandbox.fake.openPullRequest({ owner, repo, head: "feature/forged", user: "mallory", files: { "b.txt": "b" } });
    const result = await sandbox.deliver(event, { signature: `sha256=${"0".repeat(64)}` });
    expect(result.status).toBe(400);
    expect(sandbox.fake.requests).toEqual([]);
  });

  it("makes a handler's call to an unimplemented endpoint fail the delivery and leave a violation", async () => {
    sandbox.fake.resetRecording();
    const { pullRequest } = sandbox.fake.openPullRequest({ owner, repo, head: "feature/c", user: "alice", files: { "c.txt": "c" } });
    const { event } = sandbox.fake.addComment({ owner, repo, number: pullRequest.number, user: "bob", body: "hello" });
    const result = await sandbox.deliver(event);
    // Probot answers with the failed request's status (here 501), so the delivery shows as failed.
    expect(result.status).toBeGreaterThanOrEqual(500);
    expect(sandbox.fake.violations).toEqual([expect.objectContaining({ kind: "not-implemented", message: expect.stringContaining("repos/list-branches") })]);
  });
});
