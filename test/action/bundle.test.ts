import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SUMMARY_MARKER } from "../../src/domain/report/summary-comment.js";
import { startActionStandIn, type ActionStandIn } from "./stand-in.js";
import { checkoutAction, runBundle, type ActionCheckout, type BundleRunOptions } from "./run-bundle.js";
import { CHECKOUT_BETA, CHECKOUT_BETA_READY } from "../support/examples.js";

/**
 * SPEC §3, GitHub Action: the committed bundle, run as GitHub runs it, against the stand-in. The
 * Action's Octokit throttles writes as on GitHub (about a second apart), so these take seconds.
 */
const OWNER = "acme";
const REPO = "shop";
const REPOSITORY = `${OWNER}/${REPO}`;
const MANIFEST = "readiness/checkout-v2.yml";
const beta = CHECKOUT_BETA;
const trained = CHECKOUT_BETA_READY;

let checkout: ActionCheckout;
let standIn: ActionStandIn;

beforeAll(() => {
  checkout = checkoutAction();
});
afterAll(() => checkout.remove());

beforeEach(async () => {
  standIn = await startActionStandIn(OWNER);
  standIn.fake.createRepository({ owner: OWNER, repo: REPO });
  standIn.fake.setPermission({ owner: OWNER, repo: REPO, user: "maria", permission: "maintain" });
  standIn.fake.setPermission({ owner: OWNER, repo: REPO, user: "dev", permission: "write" });
});

afterEach(async () => {
  expect(standIn.fake.violations).toEqual([]);
  await standIn.stop();
});

const run = (options: Pick<BundleRunOptions, "eventName" | "payload"> & Partial<BundleRunOptions>) =>
  runBundle({ checkout, repository: REPOSITORY, apiUrl: standIn.apiUrl, token: standIn.token(), ...options });

const fake = () => standIn.fake;
const checksAt = (sha: string) => Object.fromEntries(fake().checkRunsFor({ owner: OWNER, repo: REPO, sha }).map((r) => [r.name, r]));
const pr = (number: number) => fake().pullRequest({ owner: OWNER, repo: REPO, number });
const comments = (number: number) => fake().commentsOn({ owner: OWNER, repo: REPO, number });

function releases(outputs: Record<string, string>) {
  return JSON.parse(outputs.releases ?? "null") as Array<{ pull_request: number; release: string; status: string; ready: boolean; blockers: string[] }>;
}

describe("the committed Action bundle, run as GitHub runs it", () => {
  it("a ready release under pull_request_target: checks, label and comment written, exit 0, outputs and summary", async () => {
    const { pullRequest, event } = fake().openPullRequest({ owner: OWNER, repo: REPO, head: "release/checkout", user: "dev", files: { [MANIFEST]: trained } });
    const result = await run({ eventName: "pull_request_target", payload: event.payload });

    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.outputs.result).toBe("ready");
    expect(releases(result.outputs)).toEqual([
      { pull_request: pullRequest.number, release: "checkout-v2", path: MANIFEST, status: "beta", ready: true, blockers: [], problems: [] },
    ]);
    expect(result.summary).toContain("## Release readiness: ✅ ready");
    expect(result.summary).toContain("One-page checkout");
    const runs = checksAt(pullRequest.head.sha);
    expect(runs["Release readiness"]).toMatchObject({ status: "completed", conclusion: "success", appId: 15368 });
    expect(runs["Campaign gate"]).toMatchObject({ conclusion: "success" });
    expect(runs["Release notes"]).toBeDefined();
    expect(pr(pullRequest.number).labels).toEqual(["release:beta"]);
    const summaries = comments(pullRequest.number).filter((c) => c.body.startsWith(SUMMARY_MARKER));
    expect(summaries).toHaveLength(1);
    expect(summaries[0]!.user).toBe("github-actions[bot]");
    // No App JWT in Action mode: the identity is not asked of GET /app.
    expect(fake().requests.filter((r) => r.path === "/app")).toEqual([]);
  });

  it("a release that is not ready, with a campaign label it may not use: the label goes, exit 1", async () => {
    const { pullRequest } = fake().openPullRequest({ owner: OWNER, repo: REPO, head: "release/checkout", user: "dev", files: { [MANIFEST]: beta } });
    const labeled = fake().addLabel({ owner: OWNER, repo: REPO, number: pullRequest.number, label: "campaign:email", user: "marketing" });
    const result = await run({ eventName: "pull_request", payload: labeled.payload });

    expect(result.code).toBe(1);
    expect(result.outputs.result).toBe("not_ready");
    const [release] = releases(result.outputs);
    expect(release).toMatchObject({ release: "checkout-v2", status: "beta", ready: false });
    expect(release!.blockers.join("\n")).toContain("Support training");
    expect(pr(pullRequest.number).labels).toEqual(["release:beta"]);
    const runs = checksAt(pullRequest.head.sha);
    expect(runs["Release readiness"]).toMatchObject({ conclusion: "failure" });
    expect(runs["Campaign gate"]!.output.summary).toContain("removed from the PR");
    expect(result.summary).toContain("## Release readiness: ❌ not ready");
    expect(result.summary).toContain("Support training: not declared; required at beta");
    expect(result.summary).toContain("campaign:email");
  });

  it("a /readiness status command: committed to the branch, and the same run evaluates the new head", async () => {
    const { pullRequest, event } = fake().openPullRequest({ owner: OWNER, repo: REPO, head: "release/checkout", user: "dev", files: { [MANIFEST]: trained } });
    expect((await run({ eventName: "pull_request", payload: event.payload })).code).toBe(0);
    const before = pr(pullRequest.number).head.sha;

    const { comment, event: commented } = fake().addComment({ owner: OWNER, repo: REPO, number: pullRequest.number, user: "maria", body: "/readiness status ga" });
    const result = await run({ eventName: "issue_comment", payload: commented.payload });

    const after = pr(pullRequest.number).head.sha;
    expect(after).not.toBe(before);
    expect(fake().fileAt({ owner: OWNER, repo: REPO, path: MANIFEST, ref: "release/checkout" })).toContain("status: ga");
    expect(fake().comment(comment.id).reactions.map((r) => r.content)).toEqual(["+1"]);
    const reply = comments(pullRequest.number).find((c) => c.body.startsWith("@maria"));
    expect(reply?.body).toContain("Moved **checkout-v2** to `ga`");
    // The push made with GITHUB_TOKEN starts no workflow: this run reported the new head itself.
    const runs = checksAt(after);
    expect(runs["Release readiness"]).toBeDefined();
    expect(runs["Campaign gate"]).toBeDefined();
    expect(pr(pullRequest.number).labels).toEqual(["release:ga"]);
    expect(releases(result.outputs)[0]).toMatchObject({ release: "checkout-v2", status: "ga" });
    expect(result.outputs.result).toBe(runs["Release readiness"]!.conclusion === "success" ? "ready" : "not_ready");
    expect(result.code).toBe(result.outputs.result === "ready" ? 0 : 1);
    expect(result.stdout).toContain("evaluating it in this run");
  });

  it("a fork PR under pull_request (read-only token): nothing written, the verdict in the summary and exit code, the log says why", async () => {
    fake().createRepository({ owner: "outsider", repo: REPO, forkOf: { owner: OWNER, name: REPO }, installed: false });
    const { pullRequest, event } = fake().openPullRequest({ owner: OWNER, repo: REPO, head: "release", user: "outsider", headRepo: { owner: "outsider", name: REPO }, files: { [MANIFEST]: beta } });
    const result = await run({ eventName: "pull_request", payload: event.payload, token: standIn.token({ readOnly: true }) });

    expect(result.code).toBe(1);
    expect(result.outputs.result).toBe("not_ready");
    expect(releases(result.outputs)[0]).toMatchObject({ release: "checkout-v2", ready: false });
    expect(result.summary).toContain("## Release readiness: ❌ not ready");
    expect(result.summary).toContain("Support training");
    expect(result.summary).toContain("### Not written to GitHub");
    expect(result.summary).toContain("comes from a fork");
    expect(standIn.refused.length).toBeGreaterThan(0);
    expect(checksAt(pullRequest.head.sha)).toEqual({});
    expect(pr(pullRequest.number).labels).toEqual([]);
    expect(comments(pullRequest.number)).toEqual([]);
    expect(result.stdout).toContain("::warning::Could not write labels (POST /repos/acme/shop/labels): GitHub answered 403: Resource not accessible by integration");
    expect(result.stdout).toContain("::warning::Could not write a check run (POST /repos/acme/shop/check-runs): GitHub answered 403");
    expect(result.stdout).toContain("::warning::This pull request comes from a fork");
    expect(result.stdout).not.toContain("::error::");
  });

  it("a scheduled sweep re-evaluates the open release PRs and exits 0 though one is not ready", async () => {
    const ready = fake().openPullRequest({ owner: OWNER, repo: REPO, head: "release/checkout", user: "dev", files: { [MANIFEST]: trained } });
    const notReady = fake().openPullRequest({ owner: OWNER, repo: REPO, head: "release/search", user: "dev", files: { "readiness/smart-search.yml": beta.replace("release: checkout-v2", "release: smart-search") } });
    const other = fake().openPullRequest({ owner: OWNER, repo: REPO, head: "fix/typo", user: "dev", files: { "README.md": "typo\n" } });
    fake().createLabel({ owner: OWNER, repo: REPO, name: "release:beta", description: "Release manifest status: beta" });
    for (const { pullRequest } of [ready, notReady]) fake().addLabel({ owner: OWNER, repo: REPO, number: pullRequest.number, label: "release:beta", user: "dev" });

    const result = await run({ eventName: "schedule", payload: { schedule: "0 3 * * *" } });

    expect(result.code).toBe(0);
    expect(result.outputs.result).toBe("not_ready");
    expect(releases(result.outputs).map((r) => [r.pull_request, r.release, r.ready]).sort()).toEqual([
      [ready.pullRequest.number, "checkout-v2", true],
      [notReady.pullRequest.number, "smart-search", false],
    ].sort());
    expect(checksAt(ready.pullRequest.head.sha)["Release readiness"]).toMatchObject({ conclusion: "success" });
    expect(checksAt(notReady.pullRequest.head.sha)["Release readiness"]).toMatchObject({ conclusion: "failure" });
    expect(checksAt(other.pullRequest.head.sha)).toEqual({});
    expect(result.summary).toContain("## Release readiness: sweep of acme/shop");
    expect(result.summary).toContain("Re-evaluated 2 open release PRs");
  });
});
