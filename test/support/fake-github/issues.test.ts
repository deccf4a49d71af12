/** The stand-in's plain issues, as the weekly review uses them: listed, created and updated as GitHub does. */
import { Octokit } from "@octokit/rest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeGitHub } from "./fake-github.js";

let clock: Date;
let fake: FakeGitHub;
let octokit: Octokit;

beforeEach(async () => {
  clock = new Date("2026-11-20T10:00:00Z");
  fake = await FakeGitHub.start({ validateResponses: true, now: () => clock });
  fake.createRepository({ owner: "acme", repo: "support" });
  const quiet = () => undefined;
  octokit = new Octokit({ auth: fake.userToken("carol"), baseUrl: fake.apiUrl, log: { debug: quiet, info: quiet, warn: quiet, error: quiet } });
});

afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await fake.stop();
});

describe("the stand-in's issues", () => {
  it("lists issues and pull requests together, filtered by state, labels and since, sorted by creation", async () => {
    fake.openIssue({ owner: "acme", repo: "support", user: "carol", title: "old", labels: ["bug"] });
    clock = new Date("2026-11-25T10:00:00Z");
    fake.openIssue({ owner: "acme", repo: "support", user: "carol", title: "new", labels: ["bug", "expectation-mismatch"], reactions: 2 });
    fake.openPullRequest({ owner: "acme", repo: "support", head: "fix", user: "dev", files: { "a.txt": "a\n" } });
    const list = (query: { state?: "open" | "closed" | "all"; direction?: "asc" | "desc"; labels?: string; since?: string }) =>
      octokit.rest.issues.listForRepo({ owner: "acme", repo: "support", ...query }).then(({ data }) => data.map((i) => [i.title, !!i.pull_request]));
    expect(await list({ state: "all" })).toEqual([["Changes from fix", true], ["new", false], ["old", false]]);
    expect(await list({ state: "all", direction: "asc" })).toEqual([["old", false], ["new", false], ["Changes from fix", true]]);
    expect(await list({ labels: "bug,expectation-mismatch" })).toEqual([["new", false]]);
    expect(await list({ since: "2026-11-21T00:00:00Z" })).toEqual([["Changes from fix", true], ["new", false]]);
    expect(await list({ state: "closed" })).toEqual([]);
    const { data } = await octokit.rest.issues.listForRepo({ owner: "acme", repo: "support", labels: "expectation-mismatch" });
    expect(data[0]!.reactions?.total_count).toBe(2);
  });

  it("creates an issue with labels (made if missing) and updates its body in place", async () => {
    const { data: created } = await octokit.rest.issues.create({ owner: "acme", repo: "support", title: "Promise review 2026-W48", body: "one", labels: ["promise-review"] });
    expect(created.labels.map((l) => (typeof l === "string" ? l : l.name))).toEqual(["promise-review"]);
    const { data: updated } = await octokit.rest.issues.update({ owner: "acme", repo: "support", issue_number: created.number, body: "two" });
    expect(updated.body).toBe("two");
    expect(fake.issuesTitled({ owner: "acme", repo: "support", title: "Promise review 2026-W48" }).map((i) => i.body)).toEqual(["two"]);
    const { data: got } = await octokit.rest.issues.get({ owner: "acme", repo: "support", issue_number: created.number });
    expect(got.html_url).toMatch(/\/acme\/support\/issues\/\d+$/);
  });

  it("answers 404 for an issue that does not exist", async () => {
    await expect(octokit.rest.issues.update({ owner: "acme", repo: "support", issue_number: 99, body: "x" })).rejects.toMatchObject({ status: 404 });
  });
});
