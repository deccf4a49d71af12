import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/index.js";
import { DEPLOYMENT_COMMENT_LIMIT } from "../../src/domain/deployment/decision.js";
import { recordSuccessfulDeployment, requestDeployment } from "../support/fake-github/deployments.js";
import { validateWebhookPayload } from "../support/fake-github/openapi/validate.js";
import { startSandbox, type Sandbox } from "../support/fake-github/server.js";
import { CHECKOUT_BETA, CHECKOUT_BETA_READY } from "../support/examples.js";

const NOW = new Date("2026-11-23T12:00:00Z");
const OWNER = "acme";
const REPO = "shop";
const BETA = CHECKOUT_BETA;
const TRAINED = CHECKOUT_BETA_READY;
const SEARCH = TRAINED.replace("release: checkout-v2", "release: search-v3").replace("title: One-page checkout", "title: Faster search");

let sandbox: Sandbox;

beforeEach(async () => {
  sandbox = await startSandbox({ appFn: createApp({ now: () => NOW, gateRetryDelaysMs: [10, 20] }) });
  sandbox.fake.createRepository({ owner: OWNER, repo: REPO });
  sandbox.fake.setPermission({ owner: OWNER, repo: REPO, user: "maria", permission: "maintain" });
});

afterEach(async () => {
  expect(sandbox.fake.violations).toEqual([]);
  await sandbox.stop();
});

/** A release PR as people make one: opened (the app reports), maybe commented on, then merged. */
async function mergeReleasePr(branch: string, files: Record<string, string>, comments: string[] = []): Promise<number> {
  const { pullRequest, event } = sandbox.fake.openPullRequest({ owner: OWNER, repo: REPO, head: branch, user: "dev", files });
  expect((await sandbox.deliver(event)).status).toBe(200);
  for (const body of comments) {
    const { event: commented } = sandbox.fake.addComment({ owner: OWNER, repo: REPO, number: pullRequest.number, user: "maria", body });
    expect((await sandbox.deliver(commented)).status).toBe(200);
  }
  sandbox.fake.mergePullRequest({ owner: OWNER, repo: REPO, number: pullRequest.number, user: "maria" });
  return pullRequest.number;
}

/** A workflow deploys main to an environment: GitHub asks the app and the test reads its one answer. */
async function deploy(environment: string) {
  const { deployment, event } = requestDeployment(sandbox.fake, { owner: OWNER, repo: REPO, environment, user: "dev" });
  const response = await sandbox.deliver(event);
  expect(response.status).toBe(200);
  expect(deployment.reviews).toHaveLength(1);
  const [review] = deployment.reviews;
  expect(review).toMatchObject({ environment, by: sandbox.fake.botLogin });
  expect(review!.comment!.length).toBeLessThanOrEqual(DEPLOYMENT_COMMENT_LIMIT);
  return { review: review!, event };
}

describe("deployment gate end to end (real server, signed webhooks, fake GitHub on loopback)", () => {
  it("sends a request payload that matches GitHub's published schema", () => {
    const { event } = requestDeployment(sandbox.fake, { owner: OWNER, repo: REPO, environment: "production", user: "dev" });
    expect(event.name).toBe("deployment_protection_rule");
    expect(validateWebhookPayload(event.name, event.payload)).toEqual({ ok: true });
  });

  it("approves a deployment whose release is ready", async () => {
    await mergeReleasePr("release/checkout", { "readiness/checkout-v2.yml": TRAINED });
    const { review } = await deploy("production");
    expect(review.state).toBe("approved");
    expect(review.comment).toContain("every release this deployment ships is ready — checkout-v2");
  });

  it("rejects a deployment whose release is not ready, naming it and why", async () => {
    const number = await mergeReleasePr("release/checkout", { "readiness/checkout-v2.yml": BETA });
    const { review } = await deploy("production");
    expect(review.state).toBe("rejected");
    expect(review.comment).toContain("Not ready: checkout-v2.");
    expect(review.comment).toContain(`checkout-v2 (beta, PR #${number}): Support training: not declared; required at beta`);
  });

  it("counts the waiver accepted on the PR that brought the release", async () => {
    await mergeReleasePr("release/checkout", { "readiness/checkout-v2.yml": BETA }, ["/readiness waive support_training 7d training is booked for Monday"]);
    const { review } = await deploy("production");
    expect(review.state).toBe("approved");
  });

  it("judges only the releases changed since the environment's last successful deployment", async () => {
    await mergeReleasePr("release/checkout", { "readiness/checkout-v2.yml": BETA });
    recordSuccessfulDeployment(sandbox.fake, { owner: OWNER, repo: REPO, environment: "production", user: "dev" });
    await mergeReleasePr("release/search", { "readiness/search-v3.yml": SEARCH });
    const { review } = await deploy("production");
    expect(review.state).toBe("approved");
    expect(review.comment).toContain("search-v3");
    expect(review.comment).not.toContain("checkout-v2");
  });

  it("approves an environment the policy does not guard, saying the gate does not apply", async () => {
    await mergeReleasePr("release/checkout", { "readiness/checkout-v2.yml": BETA });
    const { review } = await deploy("staging");
    expect(review.state).toBe("approved");
    expect(review.comment).toContain("does not apply to staging");
  });

  it("guards the environments the policy names", async () => {
    sandbox.fake.commit({ owner: OWNER, repo: REPO, branch: "main", author: "maria", files: { ".github/release-readiness.yml": "deployment_gate:\n  environments: [staging]\n" } });
    await mergeReleasePr("release/checkout", { "readiness/checkout-v2.yml": BETA });
    expect((await deploy("Staging")).review.state).toBe("rejected");
  });

  it("rejects with the reason when GitHub keeps failing during the check, after retrying", async () => {
    await mergeReleasePr("release/checkout", { "readiness/checkout-v2.yml": TRAINED });
    sandbox.fake.failOperation("repos/list-deployments", { status: 502 });
    const { review } = await deploy("production");
    expect(review.state).toBe("rejected");
    expect(review.comment).toContain("could not be determined");
    expect(review.comment).toContain("GitHub answered 502");
    expect(sandbox.fake.requests.filter((r) => r.operationId === "repos/list-deployments")).toHaveLength(3);
  });

  it("recovers when GitHub fails once and then answers", async () => {
    await mergeReleasePr("release/checkout", { "readiness/checkout-v2.yml": TRAINED });
    sandbox.fake.failOperation("git/get-tree", { status: 500, times: 1 });
    expect((await deploy("production")).review.state).toBe("approved");
  });
});
