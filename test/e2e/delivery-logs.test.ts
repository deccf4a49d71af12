import { readFileSync } from "node:fs";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/index.js";
import { startSandbox, type Sandbox } from "../support/fake-github/server.js";

/**
 * docs/reference/running.md and guarantees.md: one structured log line per delivery (its id, event,
 * PR and outcome), and no secret in any log line, comment or check the app writes — the webhook
 * secret, the private key and the installation tokens — whether deliveries succeed or fail.
 */
const OWNER = "acme";
const REPO = "shop";
const NOW = new Date("2026-11-23T12:00:00Z");
const beta = readFileSync(new URL("../../readiness/examples/checkout-v2.yml", import.meta.url), "utf8");

type LogLine = { msg?: string; id?: string; event?: string; repo?: string; pr?: unknown; outcome?: string; [key: string]: unknown };

let sandbox: Sandbox;
let logged: string[];

beforeEach(async () => {
  logged = [];
  const sink = new Writable({ write(chunk: Buffer, _encoding, done) { logged.push(...chunk.toString("utf8").split("\n").filter(Boolean)); done(); } });
  // Everything, down to Octokit's request logs, where a token would most likely leak.
  sandbox = await startSandbox({ appFn: createApp({ now: () => NOW }), log: pino({ level: "trace" }, sink) });
  sandbox.fake.createRepository({ owner: OWNER, repo: REPO });
  sandbox.fake.setPermission({ owner: OWNER, repo: REPO, user: "maria", permission: "maintain" });
});

afterEach(async () => {
  expect(sandbox.fake.violations).toEqual([]);
  await sandbox.stop();
});

const lines = () => logged.map((line) => JSON.parse(line) as LogLine);
const deliveryLines = (id: string) => lines().filter((l) => l.id === id && typeof l.outcome === "string");

describe("delivery logs", () => {
  it("one line per delivery with id, event, repo, PR and outcome; no secret anywhere the app writes", async () => {
    const { pullRequest, event } = sandbox.fake.openPullRequest({ owner: OWNER, repo: REPO, head: "release/checkout", user: "dev", files: { "readiness/checkout-v2.yml": beta } });
    const opened = { ...event, id: "delivery-opened" };
    expect((await sandbox.deliver(opened)).status).toBe(200);

    const { event: commented } = sandbox.fake.addComment({ owner: OWNER, repo: REPO, number: pullRequest.number, user: "maria", body: "/readiness waive support_training 3d booked" });
    expect((await sandbox.deliver({ ...commented, id: "delivery-comment" })).status).toBe(200);

    const malformed = { name: "pull_request", id: "delivery-malformed", payload: { ...event.payload, pull_request: null } };
    expect((await sandbox.deliver(malformed)).status).toBe(400);

    // A policy that breaks every later evaluation, and a command under it.
    const { events: pushed } = sandbox.fake.commit({ owner: OWNER, repo: REPO, branch: "main", author: "admin", files: { ".github/release-readiness.yml": "_extends: ../../etc/passwd\n" } });
    for (const push of pushed) await sandbox.deliver({ ...push, id: "delivery-push" });
    const { event: underBroken } = sandbox.fake.addComment({ owner: OWNER, repo: REPO, number: pullRequest.number, user: "maria", body: "/readiness check" });
    expect((await sandbox.deliver({ ...underBroken, id: "delivery-broken-policy" })).status).toBe(200);
    expect((await sandbox.deliver({ ...event, id: "delivery-forged" }, { signature: `sha256=${"0".repeat(64)}` })).status).toBe(400);

    expect(deliveryLines("delivery-opened")).toEqual([
      expect.objectContaining({ msg: "delivery", event: "pull_request.opened", repo: `${OWNER}/${REPO}`, pr: pullRequest.number, outcome: expect.stringMatching(/^release: \d+ writes$/) }),
    ]);
    expect(deliveryLines("delivery-comment")).toEqual([
      expect.objectContaining({ msg: "delivery", event: "issue_comment.created", pr: pullRequest.number, outcome: "commands: waive" }),
    ]);
    expect(deliveryLines("delivery-malformed")).toEqual([
      expect.objectContaining({ msg: "delivery refused", event: "pull_request.opened", outcome: "malformed", problem: expect.stringContaining("pull_request") }),
    ]);
    expect(deliveryLines("delivery-push")).toEqual([expect.objectContaining({ event: "push", outcome: "policy and templates refreshed" })]);
    expect(deliveryLines("delivery-broken-policy")).toEqual([expect.objectContaining({ event: "issue_comment.created", outcome: "commands: the policy is invalid" })]);

    const tokens = sandbox.fake.state.issuedTokens.map((t) => t.token);
    expect(tokens.length).toBeGreaterThan(0);
    const keyBody = sandbox.credentials.privateKey.split("\n").filter((line) => line && !line.startsWith("-----"));
    const secrets = [sandbox.credentials.secret, ...tokens, ...keyBody];
    const written = [
      ...logged,
      ...sandbox.fake.commentsOn({ owner: OWNER, repo: REPO, number: pullRequest.number }).map((c) => c.body),
      ...sandbox.fake.state.checkRuns.map((run) => JSON.stringify(run.output)),
    ];
    expect(logged.length).toBeGreaterThan(20);
    for (const secret of secrets) {
      expect(written.filter((text) => text.includes(secret)).map((text) => text.slice(0, 200))).toEqual([]);
    }
  });
});
