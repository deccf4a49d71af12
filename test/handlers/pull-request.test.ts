import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Probot } from "probot";
import { createTestProbot, examplePayload, GitHubApiRecorder } from "../helpers/github-nock.js";

const REPO = "/repos/Codertocat/Hello-World";
const NOW = new Date("2026-11-23T12:00:00Z");
const manifest = readFileSync(new URL("../../readiness/examples/checkout-v2.yml", import.meta.url), "utf8");

let github: GitHubApiRecorder;
let probot: Probot;

beforeEach(() => {
  github = new GitHubApiRecorder();
  probot = createTestProbot({ now: () => NOW });
});

afterEach(() => {
  github.done();
});

function mockTokenAndMissingPolicy(scope: ReturnType<GitHubApiRecorder["scope"]>) {
  return scope
    .post("/app/installations/2/access_tokens").reply(201, { token: "t", expires_at: "2099-01-01T00:00:00Z", permissions: {} })
    .get(`${REPO}/contents/.github%2Frelease-readiness.yml`).reply(404, { message: "Not Found" })
    .get("/repos/Codertocat/.github/contents/.github%2Frelease-readiness.yml").reply(404, { message: "Not Found" });
}

const pr = (labels: string[]) => ({
  number: 2, state: "open", merged: false, draft: false, title: "Release", html_url: "https://github.com/Codertocat/Hello-World/pull/2",
  user: { login: "dev", type: "User" },
  head: { sha: "ec26c3e57ca3a959ca5aad62de7213c562f8c821", ref: "release", repo: { name: "Hello-World", owner: { login: "Codertocat" } } },
  base: { sha: "f95f852bd8fca8fcc58a9a2d6c842781e32a215e", ref: "master" },
  labels: labels.map((name) => ({ name })),
});

describe("pull_request handler (GitHub's example payloads, nock, OpenAPI-checked requests)", () => {
  it("a PR that touches no manifest reads its file list and writes nothing", async () => {
    mockTokenAndMissingPolicy(github.scope())
      .get(`${REPO}/pulls/2/files`).query({ per_page: 100 }).reply(200, [{ filename: "README.md", status: "modified" }]);
    await probot.receive({ id: "1", name: "pull_request", payload: examplePayload("pull_request", "opened") } as Parameters<Probot["receive"]>[0]);
    expect(github.violations).toEqual([]);
    expect(github.writes()).toEqual([]);
  });

  it("a label that decides nothing costs no read of the PR and no write", async () => {
    mockTokenAndMissingPolicy(github.scope());
    await probot.receive({ id: "2", name: "pull_request", payload: examplePayload("pull_request", "labeled") } as Parameters<Probot["receive"]>[0]);
    expect(github.violations).toEqual([]);
    expect(github.calls.map((c) => c.path).filter((p) => p.includes("/pulls/"))).toEqual([]);
  });

  it("fails closed without destroying when GitHub errors: both checks fail, no label is removed", async () => {
    mockTokenAndMissingPolicy(github.scope())
      .get(`${REPO}/pulls/2/files`).query({ per_page: 100 }).reply(200, [{ filename: "readiness/checkout-v2.yml", status: "added" }])
      .get(`${REPO}/pulls/2`).reply(200, pr(["campaign:email"]))
      .get(`${REPO}/commits/ec26c3e57ca3a959ca5aad62de7213c562f8c821/check-runs`).query(true).times(2).reply(200, { total_count: 0, check_runs: [] })
      .get(`${REPO}/pulls/2/commits`).query({ per_page: 100 }).reply(200, [])
      .get(`${REPO}/contents/readiness%2Fcheckout-v2.yml`).query(true).reply(502, { message: "Bad Gateway" })
      .post(`${REPO}/check-runs`).times(2).reply(201, (_uri: string, body: Record<string, unknown>) => ({ id: body.name === "Release readiness" ? 1 : 2 }));
    await probot.receive({ id: "3", name: "pull_request", payload: examplePayload("pull_request", "opened") } as Parameters<Probot["receive"]>[0]);
    expect(github.violations).toEqual([]);
    const created = github.writes().map((c) => c.body as { name: string; conclusion: string; output: { summary: string } });
    expect(created.map((b) => [b.name, b.conclusion])).toEqual([["Release readiness", "failure"], ["Campaign gate", "failure"]]);
    expect(created[0]!.output.summary).toContain("502");
    expect(github.writes().some((c) => c.method === "DELETE")).toBe(false);
  });

  it("fails closed on a PR with more files than GitHub lists", async () => {
    const page = Array.from({ length: 100 }, (_, i) => ({ filename: `f${i}.txt`, status: "added" }));
    const scope = mockTokenAndMissingPolicy(github.scope());
    for (let p = 1; p <= 30; p++) {
      scope.get(`${REPO}/pulls/2/files`).query(p === 1 ? { per_page: 100 } : { per_page: 100, page: p })
        .reply(200, page, p < 30 ? { link: `<https://api.github.com${REPO}/pulls/2/files?per_page=100&page=${p + 1}>; rel="next"` } : {});
    }
    scope.get(`${REPO}/commits/ec26c3e57ca3a959ca5aad62de7213c562f8c821/check-runs`).query(true).reply(200, { total_count: 0, check_runs: [] })
      .post(`${REPO}/check-runs`).times(2).reply(201, { id: 5 });
    await probot.receive({ id: "4", name: "pull_request", payload: examplePayload("pull_request", "opened") } as Parameters<Probot["receive"]>[0]);
    expect(github.violations).toEqual([]);
    const bodies = github.writes().map((c) => c.body as { conclusion: string; output: { summary: string } });
    expect(bodies.map((b) => b.conclusion)).toEqual(["failure", "failure"]);
    expect(bodies[0]!.output.summary).toContain("at most 3000 files");
  });

  it("reads the manifest at the head SHA and reports from the live PR", async () => {
    const content = Buffer.from(manifest).toString("base64");
    mockTokenAndMissingPolicy(github.scope())
      .get(`${REPO}/pulls/2/files`).query({ per_page: 100 }).reply(200, [{ filename: "readiness/checkout-v2.yml", status: "added" }])
      .get(`${REPO}/pulls/2`).reply(200, pr([]))
      .get(`${REPO}/commits/ec26c3e57ca3a959ca5aad62de7213c562f8c821/check-runs`).query(true).reply(200, { total_count: 0, check_runs: [] })
      .get(`${REPO}/pulls/2/commits`).query({ per_page: 100 }).reply(200, [])
      .get(`${REPO}/contents/readiness%2Fcheckout-v2.yml`).query({ ref: "ec26c3e57ca3a959ca5aad62de7213c562f8c821" })
      .reply(200, { type: "file", size: manifest.length, encoding: "base64", content, name: "checkout-v2.yml", path: "readiness/checkout-v2.yml", sha: "abc" })
      .get(`${REPO}/contents/readiness%2Fevents.yml`).query(true).reply(404, { message: "Not Found" })
      .get(`${REPO}/labels/release%3Abeta`).reply(404, { message: "Not Found" })
      .post(`${REPO}/labels`).reply(201, { id: 1, name: "release:beta" })
      .post(`${REPO}/issues/2/labels`).reply(200, [{ name: "release:beta" }])
      .get(`${REPO}/issues/2/comments`).query({ per_page: 100 }).reply(200, [])
      .post(`${REPO}/issues/2/comments`).reply(201, { id: 77 })
      .get(`${REPO}/contents/.github%2Frelease-readiness%2Ftemplates`).reply(404, { message: "Not Found" })
      .post(`${REPO}/check-runs`).times(3).reply(201, (_uri: string, body: Record<string, unknown>) => ({ id: body.name === "Release readiness" ? 1 : 2 }));
    await probot.receive({ id: "5", name: "pull_request", payload: examplePayload("pull_request", "opened") } as Parameters<Probot["receive"]>[0]);
    expect(github.violations).toEqual([]);
    const readiness = github.writes().find((c) => (c.body as { name?: string }).name === "Release readiness")!.body as { conclusion: string; output: { text: string } };
    expect(readiness.conclusion).toBe("failure");
    expect(readiness.output.text).toContain("Support training");
  });
});

describe("the request recorder itself", () => {
  it("flags a body GitHub would not accept and an endpoint GitHub does not have", async () => {
    const { Octokit } = await import("@octokit/rest");
    const octokit = new Octokit({ auth: "t" });
    github.scope().post(`${REPO}/check-runs`).reply(201, { id: 1 }).get(`${REPO}/readiness`).reply(200, {});
    await octokit.request({ method: "POST", url: "/repos/Codertocat/Hello-World/check-runs", name: "x", head_sha: "a", conclusion: "great" });
    await octokit.request("GET /repos/{owner}/{repo}/readiness", { owner: "Codertocat", repo: "Hello-World" });
    expect(github.violations).toHaveLength(2);
    expect(github.violations[0]).toContain("conclusion");
  });
});
