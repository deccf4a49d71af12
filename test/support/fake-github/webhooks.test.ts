import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { verify } from "@octokit/webhooks-methods";
import { beforeAll, describe, expect, it } from "vitest";
import { FakeGitHub } from "./fake-github.js";
import { validateWebhookPayload } from "./openapi/validate.js";
import { deliverWebhook, signWebhookBody, type SandboxWebhookEvent } from "./webhooks.js";

interface ExampleEvent {
  name: string;
  examples: { action?: string; [field: string]: unknown }[];
}
const webhookExamples = createRequire(import.meta.url)("@octokit/webhooks-examples") as ExampleEvent[];

function example(name: string, action?: string): Record<string, unknown> {
  const found = webhookExamples.find((e) => e.name === name)?.examples.find((x) => x.action === action);
  if (!found) throw new Error(`no example for ${name}.${action ?? ""}`);
  return found;
}

/** Build one event of each kind the app subscribes to, from a small scenario. */
function scenarioEvents(): Record<string, SandboxWebhookEvent> {
  // Not started: payloads only need the state and URLs.
  const fake = new FakeGitHub();
  fake.createRepository({ owner: "acme", repo: "shop", files: { "README.md": "hi\n" } });
  const { pullRequest, event: opened } = fake.openPullRequest({
    owner: "acme", repo: "shop", head: "release/checkout", user: "alice", title: "Checkout v2", body: "Release",
    files: { "readiness/checkout-v2.yml": "release: checkout-v2\n" },
  });
  const number = pullRequest.number;
  const { event: synchronize, events: pushAndSync } = fake.pushToPullRequest({ owner: "acme", repo: "shop", number, user: "alice", files: { "readiness/checkout-v2.yml": "release: checkout-v2\nstatus: beta\n" } });
  const push = pushAndSync.find((e) => e.name === "push");
  if (!push) throw new Error("no push event");
  const labeled = fake.addLabel({ owner: "acme", repo: "shop", number, label: "campaign:email", user: "marketer" });
  const unlabeled = fake.removeLabel({ owner: "acme", repo: "shop", number, label: "campaign:email", user: "marketer" });
  const { comment, event: commentCreated } = fake.addComment({ owner: "acme", repo: "shop", number, user: "bob", body: "/readiness check" });
  const commentEdited = fake.editComment({ commentId: comment.id, body: "/readiness waive docs 3d later" });
  const commentDeleted = fake.deleteComment({ commentId: comment.id });

  // A check run the app made earlier, so re-run events have something to point at.
  const suite = { id: 1, repo: pullRequest.repo, headSha: pullRequest.head.sha, headBranch: pullRequest.head.ref, appId: fake.state.app.id };
  fake.state.checkSuites.push(suite);
  const run = {
    id: 2, repo: pullRequest.repo, checkSuiteId: 1, appId: fake.state.app.id, name: "Release readiness", headSha: pullRequest.head.sha,
    status: "completed" as const, conclusion: "failure" as const, startedAt: "2026-01-01T00:00:00Z", completedAt: "2026-01-01T00:00:01Z",
    externalId: "", detailsUrl: null, output: { title: "1 missing", summary: "docs", text: null, annotations: [] },
  };
  fake.state.checkRuns.push(run);
  const checkRunRerequested = fake.rerequestCheckRun({ checkRunId: run.id, user: "alice" });
  const checkSuiteRerequested = fake.rerequestCheckSuite({ owner: "acme", repo: "shop", sha: pullRequest.head.sha, user: "alice" });

  const { issue, event: issueOpened } = fake.fileIssue({ owner: "acme", repo: "shop", user: "dana", title: "Where is it?", body: "The email said every plan gets it." });
  const issueEdited = fake.editIssue({ issue, body: "The email said every plan gets one-page checkout." });
  const { event: issueCommentCreated } = fake.addComment({ owner: "acme", repo: "shop", number: issue.number, user: "dana", body: "Any news?" });

  const { event: mergeGroup } = fake.enqueuePullRequests({ owner: "acme", repo: "shop", numbers: [number], user: "alice" });
  const { events: merged } = fake.mergePullRequest({ owner: "acme", repo: "shop", number, user: "maintainer" });
  const closed = merged.find((e) => e.name === "pull_request");
  if (!closed) throw new Error("no closed event");
  return {
    "pull_request.opened": opened,
    "pull_request.synchronize": synchronize,
    "pull_request.labeled": labeled,
    "pull_request.unlabeled": unlabeled,
    "pull_request.closed": closed,
    "issue_comment.created": commentCreated,
    "issue_comment.edited": commentEdited,
    "issue_comment.deleted": commentDeleted,
    "issues.opened": issueOpened,
    "issues.edited": issueEdited,
    "issue_comment.created on an issue": issueCommentCreated,
    "check_run.rerequested": checkRunRerequested,
    "check_suite.rerequested": checkSuiteRerequested,
    push,
    "merge_group.checks_requested": mergeGroup,
  };
}

let events: Record<string, SandboxWebhookEvent>;
beforeAll(() => {
  events = scenarioEvents();
});

describe("webhook payloads", () => {
  it("match GitHub's published webhook schemas", () => {
    for (const [key, event] of Object.entries(events)) {
      expect(validateWebhookPayload(event.name, event.payload), key).toEqual({ ok: true });
    }
  });

  it("name the installation, repository and sender, and the organization that owns the repository", () => {
    for (const [key, event] of Object.entries(events)) {
      expect(event.payload, key).toMatchObject({
        installation: { id: expect.any(Number) },
        repository: { full_name: "acme/shop" },
        sender: { login: expect.any(String) },
        organization: { login: "acme" },
      });
    }
  });

  it("carry at least the fields of GitHub's example deliveries", () => {
    const pairs: [string, string, string | undefined][] = [
      ["pull_request.opened", "pull_request", "opened"],
      ["pull_request.synchronize", "pull_request", "synchronize"],
      ["pull_request.labeled", "pull_request", "labeled"],
      ["issue_comment.created", "issue_comment", "created"],
      ["issues.opened", "issues", "opened"],
      ["issue_comment.created on an issue", "issue_comment", "created"],
      ["check_run.rerequested", "check_run", "rerequested"],
      ["merge_group.checks_requested", "merge_group", "checks_requested"],
    ];
    for (const [key, name, action] of pairs) {
      const ours = events[key]?.payload ?? {};
      const theirs = example(name, action);
      // `enterprise` only exists on GitHub Enterprise Cloud deliveries.
      const expectedTopLevel = Object.keys(theirs).filter((field) => field !== "enterprise");
      expect(Object.keys(ours).sort(), key).toEqual(expect.arrayContaining(expectedTopLevel.sort()));
    }
    const ourPull = events["pull_request.opened"]?.payload.pull_request as Record<string, unknown>;
    const theirPull = example("pull_request", "opened").pull_request as Record<string, unknown>;
    expect(Object.keys(ourPull)).toEqual(expect.arrayContaining(Object.keys(theirPull)));
  });

  it("describe what happened", () => {
    const synchronize = events["pull_request.synchronize"]?.payload as { before: string; after: string; pull_request: { head: { sha: string } } };
    expect(synchronize.after).toBe(synchronize.pull_request.head.sha);
    expect(synchronize.before).not.toBe(synchronize.after);
    expect(events["pull_request.labeled"]?.payload.label).toMatchObject({ name: "campaign:email" });
    expect(events["issue_comment.edited"]?.payload.changes).toEqual({ body: { from: "/readiness check" } });
    expect(events["issue_comment.created"]?.payload.issue).toMatchObject({ pull_request: { url: expect.stringContaining("/pulls/") } });
    expect(events["issues.edited"]?.payload.changes).toEqual({ body: { from: "The email said every plan gets it." } });
    expect(events["issue_comment.created on an issue"]?.payload.issue).not.toHaveProperty("pull_request");
    expect(events["pull_request.closed"]?.payload.pull_request).toMatchObject({ merged: true, state: "closed" });
    expect(events.push?.payload).toMatchObject({ ref: "refs/heads/release/checkout", commits: [{ modified: ["readiness/checkout-v2.yml"] }] });
    expect(events["merge_group.checks_requested"]?.payload.merge_group).toMatchObject({ base_ref: "refs/heads/main", head_ref: expect.stringMatching(/^refs\/heads\/gh-readonly-queue\/main\/pr-1-/) });
  });
});

describe("deliverWebhook", () => {
  it("signs the exact body so @octokit/webhooks-methods verifies it", async () => {
    const body = JSON.stringify({ hello: "wörld" });
    const signature = signWebhookBody("s3cret", body);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(await verify("s3cret", body, signature)).toBe(true);
    expect(await verify("other", body, signature)).toBe(false);
  });

  it("POSTs the payload with GitHub's headers and returns the answer", async () => {
    const received: { headers: IncomingHttpHeaders; body: string }[] = [];
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
        response.writeHead(202, { "content-type": "text/plain" }).end("accepted");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;
      const event = events["pull_request.opened"];
      if (!event) throw new Error("missing event");
      const result = await deliverWebhook({ url, secret: "s3cret", name: event.name, id: "delivery-1", payload: event.payload });
      expect(result).toMatchObject({ status: 202, body: "accepted" });
      const [delivery] = received;
      expect(delivery?.headers).toMatchObject({ "x-github-event": "pull_request", "x-github-delivery": "delivery-1", "content-type": "application/json" });
      expect(JSON.parse(delivery?.body ?? "")).toEqual(event.payload);
      expect(await verify("s3cret", delivery?.body ?? "", String(delivery?.headers["x-hub-signature-256"]))).toBe(true);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
