import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/index.js";
import { startSandbox, type Sandbox } from "../support/fake-github/server.js";
import { CHECKOUT_BETA_READY } from "../support/examples.js";

/**
 * docs/reference/commands.md: a broken policy does not silence commands. Whoever asks gets a reply
 * naming the file, line and key, and the checks are re-evaluated, so they turn red with that line
 * instead of staying green from before the policy broke.
 */
const OWNER = "acme";
const REPO = "shop";
const POLICY = ".github/release-readiness.yml";
const NOW = new Date("2026-11-23T12:00:00Z");
const trained = CHECKOUT_BETA_READY;

let sandbox: Sandbox;

beforeEach(async () => {
  sandbox = await startSandbox({ appFn: createApp({ now: () => NOW }) });
  sandbox.fake.createRepository({ owner: OWNER, repo: REPO });
  sandbox.fake.setPermission({ owner: OWNER, repo: REPO, user: "maria", permission: "maintain" });
});

afterEach(async () => {
  expect(sandbox.fake.violations).toEqual([]);
  await sandbox.stop();
});

const readiness = (sha: string) => sandbox.fake.checkRunsFor({ owner: OWNER, repo: REPO, sha, name: "Release readiness" });
const replies = (number: number) =>
  sandbox.fake.commentsOn({ owner: OWNER, repo: REPO, number }).filter((c) => c.user === sandbox.fake.botLogin && !c.body.startsWith("<!-- release-readiness:summary"));

/** A green release PR, then the policy breaks on the default branch (the push empties the cache). */
async function greenPrThenBrokenPolicy(policy: string) {
  const { pullRequest, event } = sandbox.fake.openPullRequest({ owner: OWNER, repo: REPO, head: "release/checkout", user: "dev", files: { "readiness/checkout-v2.yml": trained } });
  await sandbox.deliver(event);
  expect(readiness(pullRequest.head.sha)[0]!.conclusion).toBe("success");
  const { events } = sandbox.fake.commit({ owner: OWNER, repo: REPO, branch: "main", author: "admin", files: { [POLICY]: policy } });
  for (const pushed of events) expect((await sandbox.deliver(pushed)).status).toBe(200);
  return pullRequest;
}

async function comment(number: number, body: string) {
  const { comment: created, event } = sandbox.fake.addComment({ owner: OWNER, repo: REPO, number, user: "maria", body });
  const response = await sandbox.deliver(event);
  return { created, response };
}

describe("commands under a broken policy", () => {
  it("_extends: ../../etc/passwd: the command is answered (not a 500), the reply names the file and key, the check turns red", async () => {
    const pr = await greenPrThenBrokenPolicy("_extends: ../../etc/passwd\n");
    const { created, response } = await comment(pr.number, "/readiness check");
    expect(response.status).toBe(200);
    expect(sandbox.fake.comment(created.id).reactions.map((r) => r.content)).toEqual(["confused"]);
    expect(replies(pr.number)).toHaveLength(1);
    expect(replies(pr.number)[0]!.body).toMatch(/\.github\/release-readiness\.yml:1:\d+: \\?_extends: must name a repository/);
    const run = readiness(pr.head.sha);
    expect(run).toHaveLength(1);
    expect(run[0]!.conclusion).toBe("failure");
    expect(run[0]!.output.summary).toMatch(/\.github\/release-readiness\.yml:1:\d+: \\?_extends/);
  });

  it("a policy that is a plain string: even /readiness help gets a reply with the file and line, and check turns red", async () => {
    const pr = await greenPrThenBrokenPolicy("just some words\n");
    await comment(pr.number, "/readiness help");
    expect(replies(pr.number)).toHaveLength(1);
    expect(replies(pr.number)[0]!.body).toMatch(/\.github\/release-readiness\.yml:1:1:/);
    expect(replies(pr.number)[0]!.body).toContain("/readiness help");
    await comment(pr.number, "/readiness check");
    expect(readiness(pr.head.sha)[0]!.conclusion).toBe("failure");
    expect(readiness(pr.head.sha)[0]!.output.summary).toMatch(/\.github\/release-readiness\.yml:1:1/);
  });
});
