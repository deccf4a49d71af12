import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/index.js";
import type { SweepReport } from "../../src/handlers/sweep.js";
import { startSandbox, type Sandbox } from "../support/fake-github/server.js";

const OWNER = "acme";
const REPO = "shop";
const DAY = 24 * 60 * 60 * 1000;
const beta = readFileSync(new URL("../../readiness/examples/checkout-v2.yml", import.meta.url), "utf8");

let sandbox: Sandbox;
let clock: Date;
let sweep: () => Promise<SweepReport>;

beforeEach(async () => {
  clock = new Date("2026-11-23T12:00:00Z");
  sandbox = await startSandbox({
    appFn: createApp({ now: () => clock }, { onSweeper: (run) => { sweep = run; } }),
    // GitHub's own clock stays put: comments are dated by it, and Probot's cached installation
    // tokens must stay valid while the app's clock jumps ahead.
    fakeOptions: { now: () => new Date("2026-11-23T12:00:00Z") },
  });
  sandbox.fake.createRepository({ owner: OWNER, repo: REPO });
  sandbox.fake.setPermission({ owner: OWNER, repo: REPO, user: "maria", permission: "maintain" });
  sandbox.fake.setPermission({ owner: OWNER, repo: REPO, user: "wes", permission: "write" });
  sandbox.fake.setPermission({ owner: OWNER, repo: REPO, user: "dev", permission: "write" });
});

afterEach(async () => {
  expect(sandbox.fake.violations).toEqual([]);
  await sandbox.stop();
});

async function openBetaPr() {
  const { pullRequest, event } = sandbox.fake.openPullRequest({ owner: OWNER, repo: REPO, head: "release/checkout", user: "dev", files: { "readiness/checkout-v2.yml": beta } });
  await sandbox.deliver(event);
  return pullRequest.number;
}

const pr = (number: number) => sandbox.fake.pullRequest({ owner: OWNER, repo: REPO, number });
const readiness = (number: number) => sandbox.fake.checkRunsFor({ owner: OWNER, repo: REPO, sha: pr(number).head.sha, name: "Release readiness" });

async function comment(number: number, user: string, body: string) {
  const { comment: created, event } = sandbox.fake.addComment({ owner: OWNER, repo: REPO, number, user, body });
  await sandbox.deliver(event);
  return created;
}

function replies(number: number) {
  return sandbox.fake.commentsOn({ owner: OWNER, repo: REPO, number }).filter((c) => c.user === sandbox.fake.botLogin && !c.body.startsWith("<!-- release-readiness:summary"));
}

describe("slash-commands end to end", () => {
  it("a maintainer's waiver turns the check green; after it expires the sweep turns it red", async () => {
    const number = await openBetaPr();
    expect(readiness(number)[0]!.conclusion).toBe("failure");
    const annotations = readiness(number)[0]!.output.annotations.length;
    expect(annotations).toBeGreaterThan(0);

    const waiver = await comment(number, "maria", "/readiness waive support_training 7d training is booked for Monday");
    expect(readiness(number)).toHaveLength(1);
    // GitHub appends annotations on every update; the app adds none to a run that has some.
    expect(readiness(number)[0]!.output.annotations).toHaveLength(annotations);
    expect(readiness(number)[0]!.conclusion).toBe("success");
    expect(readiness(number)[0]!.output.text).toContain("waived until 2026-11-30");
    expect(sandbox.fake.comment(waiver.id).reactions.map((r) => r.content)).toEqual(["+1"]);

    clock = new Date(clock.getTime() + 8 * DAY);
    const report = await sweep();
    expect(report.evaluated).toBe(1);
    expect(readiness(number)[0]!.conclusion).toBe("failure");
  });

  it("refuses a waiver from a writer, replies once an hour, and changes nothing", async () => {
    const number = await openBetaPr();
    const first = await comment(number, "wes", "/readiness waive support_training 3d please");
    expect(readiness(number)[0]!.conclusion).toBe("failure");
    expect(sandbox.fake.comment(first.id).reactions.map((r) => r.content)).toEqual(["-1"]);
    expect(replies(number)).toHaveLength(1);
    expect(replies(number)[0]!.body).toContain("maintain");

    await comment(number, "wes", "/readiness waive support_training 3d please, really");
    expect(replies(number)).toHaveLength(1);
    expect(readiness(number)[0]!.conclusion).toBe("failure");
  });

  it("the PR's author cannot waive their own release, whatever their permission", async () => {
    sandbox.fake.setPermission({ owner: OWNER, repo: REPO, user: "dev", permission: "admin" });
    const number = await openBetaPr();
    await comment(number, "dev", "/readiness waive support_training 3d trust me");
    expect(readiness(number)[0]!.conclusion).toBe("failure");
  });

  it("editing a comment into a command, and deleting command comments, change nothing", async () => {
    const number = await openBetaPr();
    const plain = await comment(number, "maria", "Looks fine to me");
    await sandbox.deliver(sandbox.fake.editComment({ commentId: plain.id, body: "/readiness waive support_training 7d edited in" }));
    expect(readiness(number)[0]!.conclusion).toBe("failure");

    const waiver = await comment(number, "maria", "/readiness waive support_training 7d booked");
    expect(readiness(number)[0]!.conclusion).toBe("success");
    await sandbox.deliver(sandbox.fake.deleteComment({ commentId: waiver.id }));
    const pushed = sandbox.fake.pushToPullRequest({ owner: OWNER, repo: REPO, number, user: "dev", files: { "src/x.ts": "export {};\n" } });
    await sandbox.deliver(pushed.event);
    expect(readiness(number)[0]!.conclusion).toBe("success"); // carried to the new commit

    const revoke = await comment(number, "maria", "/readiness revoke support_training");
    expect(readiness(number)[0]!.conclusion).toBe("failure");
    await sandbox.deliver(sandbox.fake.deleteComment({ commentId: revoke.id }));
    const again = sandbox.fake.pushToPullRequest({ owner: OWNER, repo: REPO, number, user: "dev", files: { "src/y.ts": "export {};\n" } });
    await sandbox.deliver(again.event);
    expect(readiness(number)[0]!.conclusion).toBe("failure");
  });

  it("a status command commits the change keeping the manifest's comments, with the commenter as co-author", async () => {
    const number = await openBetaPr();
    await comment(number, "maria", "/readiness status ga");
    const text = sandbox.fake.fileAt({ owner: OWNER, repo: REPO, path: "readiness/checkout-v2.yml", ref: pr(number).head.ref })!;
    expect(text).toBe(beta.replace("status: beta", "status: ga"));
    expect(text).toContain("# yaml-language-server");
    const head = sandbox.fake.state.commits[pr(number).head.sha]!;
    expect(head.message).toContain("Co-authored-by: maria");
    expect(replies(number).at(-1)!.body).toContain("still lacks");

    // The push the commit causes is evaluated like any push.
    for (const event of sandbox.fake.takeEmittedEvents()) await sandbox.deliver(event);
    expect(readiness(number)[0]!.conclusion).toBe("failure");
    expect(pr(number).labels).toContain("release:ga");
  });

  it("a redelivered command is handled once", async () => {
    const number = await openBetaPr();
    const { event } = sandbox.fake.addComment({ owner: OWNER, repo: REPO, number, user: "maria", body: "/readiness waive support_training 7d booked" });
    await sandbox.deliver(event);
    const writes = sandbox.fake.writes().length;
    await sandbox.deliver(event);
    expect(sandbox.fake.writes().length).toBe(writes);
  });

  it("help lists the commands from the actual policy, for anyone", async () => {
    const number = await openBetaPr();
    await comment(number, "visitor", "/readiness help");
    expect(replies(number)).toHaveLength(1);
    expect(replies(number)[0]!.body).toContain("waive");
  });
});

describe("sign-offs by team", () => {
  it("a team member's sign-off counts, a non-member's is refused, and a change to the item voids it", async () => {
    sandbox.fake.commit({ owner: OWNER, repo: REPO, branch: "main", author: "admin", files: { ".github/release-readiness.yml": "signoffs:\n  docs: \"@acme/docs\"\n  dismiss_on_change: true\n" } });
    sandbox.fake.addTeamMember({ org: OWNER, team: "docs", user: "tom" });
    sandbox.fake.setPermission({ owner: OWNER, repo: REPO, user: "tom", permission: "read" });
    const trained = beta.replace("  rollback_plan:", "  support_training: { date: 2026-11-20, materials: https://wiki.example.com/t }\n  rollback_plan:");
    const { pullRequest, event } = sandbox.fake.openPullRequest({ owner: OWNER, repo: REPO, head: "release/checkout", user: "dev", files: { "readiness/checkout-v2.yml": trained } });
    await sandbox.deliver(event);
    const number = pullRequest.number;
    expect(readiness(number)[0]!.output.text).toContain("needs a sign-off from @");

    await comment(number, "wes", "/readiness signoff docs looks right");
    expect(readiness(number)[0]!.conclusion).toBe("failure");
    await comment(number, "tom", "/readiness signoff docs reviewed the page");
    expect(readiness(number)[0]!.conclusion).toBe("success");

    const unrelated = sandbox.fake.pushToPullRequest({ owner: OWNER, repo: REPO, number, user: "dev", files: { "src/a.ts": "export {};\n" } });
    await sandbox.deliver(unrelated.event);
    expect(readiness(number)[0]!.conclusion).toBe("success");

    const docsChanged = sandbox.fake.pushToPullRequest({ owner: OWNER, repo: REPO, number, user: "dev", files: { "readiness/checkout-v2.yml": trained.replace("https://docs.example.com/checkout", "https://docs.example.com/checkout-v2") } });
    await sandbox.deliver(docsChanged.event);
    expect(readiness(number)[0]!.conclusion).toBe("failure");
  });
});

describe("the sweep", () => {
  it("backs off when the installation's rate limit runs low, and sweeps again once it recovers", async () => {
    const number = await openBetaPr();
    await comment(number, "maria", "/readiness waive support_training 1d training tomorrow");
    expect(readiness(number)[0]!.conclusion).toBe("success");
    clock = new Date(clock.getTime() + 2 * DAY);
    sandbox.fake.rateLimitRemaining = 100;
    const low = await sweep();
    expect(low).toMatchObject({ evaluated: 0, rateLimited: 1 });
    expect(readiness(number)[0]!.conclusion).toBe("success");
    sandbox.fake.rateLimitRemaining = 4000;
    const recovered = await sweep();
    expect(recovered).toMatchObject({ evaluated: 1, rateLimited: 0 });
    expect(readiness(number)[0]!.conclusion).toBe("failure");
  });
});

describe("bots", () => {
  it("get a reaction but never a reply, so two bots cannot answer each other forever", async () => {
    const number = await openBetaPr();
    const { comment: created, event } = sandbox.fake.addComment({ owner: OWNER, repo: REPO, number, user: "helper[bot]", body: "/readiness help\n/readiness waive support_training 3d bots know best" });
    await sandbox.deliver(event);
    expect(replies(number)).toHaveLength(0);
    expect(sandbox.fake.comment(created.id).reactions.length).toBeGreaterThan(0);
    expect(readiness(number)[0]!.conclusion).toBe("failure");
  });
});
