import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Probot } from "probot";
import { encodeSensorFinding } from "../../src/domain/sensor/finding-record.js";
import { CHECKOUT_GA_PROMISED, SENSOR_PROMISES } from "../support/examples.js";
import { createTestProbot, examplePayload, GitHubApiRecorder } from "../helpers/github-nock.js";

/** The sensor's handlers on GitHub's example payloads, with every request checked against GitHub's OpenAPI. */
const REPO = "/repos/Codertocat/Hello-World";
const SHA = "a".repeat(40);
const POLICY = "sensor:\n  enabled: true\n";
const MISMATCH = "The email said every plan gets the one-page checkout, but our Basic store still has the old checkout.";
const BOT = "release-readiness[bot]";

let github: GitHubApiRecorder;
let probot: Probot;

beforeEach(() => {
  github = new GitHubApiRecorder();
  probot = createTestProbot({ now: () => new Date("2026-11-23T12:00:00Z") });
});

afterEach(() => {
  github.done();
});

const file = (path: string, text: string) => ({ type: "file", encoding: "base64", size: text.length, name: path.split("/").pop(), path, sha: "b".repeat(40), content: Buffer.from(text).toString("base64") });
const receive = (name: string, payload: unknown) => probot.receive({ id: "1", name, payload } as Parameters<Probot["receive"]>[0]);

function tokenAndPolicy(policy = POLICY) {
  return github.scope()
    .post("/app/installations/2/access_tokens").reply(201, { token: "t", expires_at: "2099-01-01T00:00:00Z", permissions: {} })
    // Probot's config loader asks for the raw file.
    .get(`${REPO}/contents/.github%2Frelease-readiness.yml`).reply(200, policy);
}

/** The example issue, opened when the manifest had just changed, saying `body`. */
function issueEvent(action: "opened" | "edited", body: string) {
  const payload = examplePayload("issues", action) as unknown as { issue: Record<string, unknown> };
  payload.issue.body = body;
  payload.issue.created_at = "2026-11-23T11:00:00Z";
  return payload;
}

const comment = (id: number, login: string, type: string, body: string) =>
  ({ id, body, user: { login, id, type }, created_at: "2026-11-23T11:30:00Z", updated_at: "2026-11-23T11:30:00Z", html_url: "https://github.com/x", issue_url: "https://api.github.com/x" });

describe("sensor handlers (GitHub's example payloads, nock, OpenAPI-checked requests)", () => {
  it("issues.opened with a plain bug report reads the policy and writes nothing", async () => {
    tokenAndPolicy();
    await receive("issues", examplePayload("issues", "opened"));
    expect(github.violations).toEqual([]);
    expect(github.calls.map((c) => c.path)).toEqual(["/app/installations/2/access_tokens", `${REPO}/contents/.github%2Frelease-readiness.yml`]);
    expect(github.writes()).toEqual([]);
  });

  it("issues.opened with a mismatch gets the two labels and one comment naming the release and the promise's terms", async () => {
    tokenAndPolicy()
      .get(`${REPO}/issues/1/comments`).query({ per_page: 100 }).reply(200, [])
      .get(REPO).reply(200, { name: "Hello-World", full_name: "Codertocat/Hello-World", default_branch: "master" })
      .get(`${REPO}/commits`).query({ sha: "master", per_page: 1 }).reply(200, [{ sha: SHA, commit: { committer: { date: "2026-11-22T09:00:00Z" } } }])
      .get(`${REPO}/git/trees/${SHA}`).query({ recursive: "true" }).reply(200, { sha: SHA, truncated: false, tree: [
        { path: "readiness/checkout-v2.yml", type: "blob" }, { path: "readiness/promises.yml", type: "blob" },
      ] })
      .get(`${REPO}/contents/readiness%2Fcheckout-v2.yml`).query({ ref: SHA }).reply(200, file("readiness/checkout-v2.yml", CHECKOUT_GA_PROMISED))
      .get(`${REPO}/commits`).query({ sha: SHA, path: "readiness/checkout-v2.yml", per_page: 2 }).reply(200, [{ sha: SHA, commit: { committer: { date: "2026-11-22T09:00:00Z" } } }])
      .get(`${REPO}/contents/readiness%2Fpromises.yml`).query({ ref: SHA }).reply(200, file("readiness/promises.yml", SENSOR_PROMISES))
      .get(`${REPO}/contents/readiness%2Fevents.yml`).query({ ref: SHA }).reply(404, { message: "Not Found" })
      .get(`${REPO}/labels/expectation-mismatch`).reply(404, { message: "Not Found" })
      .post(`${REPO}/labels`).reply(201, { name: "expectation-mismatch" })
      .get(`${REPO}/labels/expectation%3Aemail`).reply(404, { message: "Not Found" })
      .post(`${REPO}/labels`).reply(201, { name: "expectation:email" })
      .post(`${REPO}/issues/1/labels`).reply(200, [])
      .post(`${REPO}/issues/1/comments`).reply(201, { id: 9 });
    await receive("issues", issueEvent("opened", MISMATCH));
    expect(github.violations).toEqual([]);
    const writes = github.writes();
    expect(writes.find((w) => w.path.endsWith("/issues/1/labels"))?.body).toEqual({ labels: ["expectation-mismatch", "expectation:email"] });
    const body = (writes.find((w) => w.path.endsWith("/issues/1/comments"))?.body as { body: string }).body;
    expect(body).toContain("`checkout-v2`");
    expect(body).toContain("Holds when: Pro and Enterprise plans; Stores in the EU.");
    expect(body).toContain("Does not hold for: Orders paid with a gift card.");
  });

  it("issues.edited after a correction reads the comments and writes nothing", async () => {
    const corrected = encodeSensorFinding({ mismatch: false, source: "email", releases: [], promises: [], campaigns: [], correction: { by: "tess", at: "2026-11-23T11:40:00Z" } });
    tokenAndPolicy().get(`${REPO}/issues/1/comments`).query({ per_page: 100 }).reply(200, [comment(5, BOT, "Bot", `${corrected}\n**Not an expectation mismatch.**`)]);
    await receive("issues", issueEvent("edited", MISMATCH));
    expect(github.violations).toEqual([]);
    expect(github.writes()).toEqual([]);
  });

  it("issue_comment.created on an issue: a read-only user's correction is refused with a reaction and a reply", async () => {
    const payload = examplePayload("issue_comment", "created") as unknown as { issue: Record<string, unknown>; comment: Record<string, unknown> };
    expect(payload.issue.pull_request).toBeUndefined();
    payload.comment.body = "/readiness mismatch none";
    tokenAndPolicy()
      .get(`${REPO}/collaborators/Codertocat/permission`).reply(200, { permission: "read", role_name: "read", user: { login: "Codertocat" } })
      .get(`${REPO}/issues/1/comments`).query({ per_page: 100 }).reply(200, [])
      .post(`${REPO}/issues/comments/${payload.comment.id as number}/reactions`).reply(201, { id: 1, content: "-1" })
      .post(`${REPO}/issues/1/comments`).reply(201, { id: 10 });
    await receive("issue_comment", payload);
    expect(github.violations).toEqual([]);
    const reply = github.writes().find((w) => w.path.endsWith("/issues/1/comments"))?.body as { body: string };
    expect(reply.body).toContain("only people with triage permission or above may correct the sensor; you have read permission here");
  });

  it("issue_comment.created by the app itself costs no request at all", async () => {
    const payload = examplePayload("issue_comment", "created") as unknown as { comment: Record<string, unknown> };
    payload.comment.user = { login: BOT, id: 1, type: "Bot" };
    payload.comment.body = "You promised it, said the email.";
    github.scope().post("/app/installations/2/access_tokens").optionally().reply(201, { token: "t", expires_at: "2099-01-01T00:00:00Z", permissions: {} });
    await receive("issue_comment", payload);
    expect(github.violations).toEqual([]);
    expect(github.calls.filter((c) => !c.path.endsWith("/access_tokens"))).toEqual([]);
  });

  it("issue_comment.edited is no new evidence: not even the policy is read", async () => {
    const payload = examplePayload("issue_comment", "edited") as unknown as { issue: Record<string, unknown>; comment: Record<string, unknown> };
    expect(payload.issue.pull_request).toBeUndefined();
    payload.comment.body = MISMATCH;
    github.scope().post("/app/installations/2/access_tokens").optionally().reply(201, { token: "t", expires_at: "2099-01-01T00:00:00Z", permissions: {} });
    await receive("issue_comment", payload);
    expect(github.violations).toEqual([]);
    expect(github.calls.filter((c) => !c.path.endsWith("/access_tokens"))).toEqual([]);
  });
});
