import { createRequire } from "node:module";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/index.js";
import { requestDeployment } from "../support/fake-github/deployments.js";
import { startSandbox, type Sandbox } from "../support/fake-github/server.js";
import type { WebhookPayload } from "../support/fake-github/webhooks.js";

/**
 * Signed deliveries whose payload lacks what GitHub always sends (docs/reference/running.md):
 * each is refused at the edge with 400 and a message naming the field, never a 500 with the
 * app's internal error text, and nothing is read from or written to GitHub.
 */

type Example = { action?: string; installation?: unknown; [key: string]: unknown };
const examples = createRequire(import.meta.url)("@octokit/webhooks-examples") as Array<{ name: string; examples: Example[] }>;

const NOW = new Date("2026-11-23T12:00:00Z");
const OWNER = "acme";
const REPO = "shop";

let sandbox: Sandbox;
let envelope: WebhookPayload;

beforeEach(async () => {
  sandbox = await startSandbox({ appFn: createApp({ now: () => NOW }) });
  sandbox.fake.createRepository({ owner: OWNER, repo: REPO });
  // The sandbox's repository, installation and sender, so a payload reaches this app's installation.
  const { event } = sandbox.fake.openPullRequest({ owner: OWNER, repo: REPO, head: "feature/x", user: "dev", files: { "a.txt": "a" } });
  const { repository, installation, sender } = event.payload;
  envelope = { repository, installation, sender };
  sandbox.fake.resetRecording();
});

afterEach(async () => {
  expect(sandbox.fake.violations).toEqual([]);
  await sandbox.stop();
});

/** GitHub's example payload for the event, addressed to the sandbox's repository and installation. */
function example(name: string, action: string | undefined): WebhookPayload {
  // GitHub's examples have no pull_request.edited: an opened one, edited as a base change is.
  const edited = name === "pull_request" && action === "edited";
  const found = examples.find((e) => e.name === name)?.examples.find((e) => e.action === (edited ? "opened" : action));
  if (!found) throw new Error(`no example for ${name}.${action}`);
  return { ...structuredClone(found), ...structuredClone(envelope), ...(edited ? { action, changes: { base: { ref: { from: "main" } } } } : {}) };
}

type Break = (payload: WebhookPayload) => void;
const at = (payload: WebhookPayload, path: string[]): WebhookPayload => path.reduce((o, key) => o[key] as WebhookPayload, payload);
const drop = (...path: string[]): Break => (p) => { delete at(p, path.slice(0, -1))[path.at(-1)!]; };
const set = (value: unknown, ...path: string[]): Break => (p) => { at(p, path.slice(0, -1))[path.at(-1)!] = value; };

const envelopeBreaks: Record<string, Break> = {
  "no repository": drop("repository"),
  "repository null": set(null, "repository"),
  "repository without owner": drop("repository", "owner"),
  "no installation": drop("installation"),
};

const cases: Array<{ name: string; action?: string; plainIssue?: boolean; breaks: Record<string, Break> }> = [
  ...["opened", "synchronize", "labeled", "unlabeled", "reopened", "ready_for_review", "closed"].map((action) => ({
    name: "pull_request",
    action,
    breaks: {
      "no pull_request": drop("pull_request"),
      "pull_request null": set(null, "pull_request"),
      "pull_request a string": set("2", "pull_request"),
      "pull_request.number a string": set("2", "pull_request", "number"),
      "pull_request.head null": set(null, "pull_request", "head"),
      "pull_request.labels null": set(null, "pull_request", "labels"),
      ...envelopeBreaks,
    },
  })),
  {
    name: "pull_request",
    action: "edited",
    breaks: { "pull_request null": set(null, "pull_request"), "changes a string": set("base", "changes"), ...envelopeBreaks },
  },
  {
    name: "check_run",
    action: "rerequested",
    breaks: {
      "no check_run": drop("check_run"),
      "check_run null": set(null, "check_run"),
      "check_run.pull_requests null": set(null, "check_run", "pull_requests"),
      "check_run.head_sha a number": set(5, "check_run", "head_sha"),
      ...envelopeBreaks,
    },
  },
  {
    name: "check_suite",
    action: "rerequested",
    breaks: {
      "no check_suite": drop("check_suite"),
      "check_suite.pull_requests a string": set("1", "check_suite", "pull_requests"),
      ...envelopeBreaks,
    },
  },
  {
    name: "merge_group",
    action: "checks_requested",
    breaks: { "merge_group null": set(null, "merge_group"), "no merge_group.head_ref": drop("merge_group", "head_ref"), ...envelopeBreaks },
  },
  {
    name: "push",
    breaks: {
      "commits null": set(null, "commits"),
      "no ref": drop("ref"),
      "a commit null": (p) => { (p.commits as unknown[])[0] = null; },
      "repository without default_branch": drop("repository", "default_branch"),
      ...envelopeBreaks,
    },
  },
  ...["opened", "edited"].map((action) => ({
    name: "issues",
    action,
    breaks: {
      "no issue": drop("issue"),
      "issue null": set(null, "issue"),
      "issue.number a string": set("1", "issue", "number"),
      "issue.title null": set(null, "issue", "title"),
      "issue.created_at missing": drop("issue", "created_at"),
      "issue.labels a string": set("bug", "issue", "labels"),
      ...envelopeBreaks,
    },
  })),
  {
    // A comment on a plain issue goes to the sensor, with a schema of its own.
    name: "issue_comment",
    action: "created",
    plainIssue: true,
    breaks: {
      "issue.title null": set(null, "issue", "title"),
      "issue.created_at missing": drop("issue", "created_at"),
      "comment null": set(null, "comment"),
      "comment.body null": set(null, "comment", "body"),
      ...envelopeBreaks,
    },
  },
  {
    name: "issue_comment",
    action: "created",
    breaks: {
      "no issue": drop("issue"),
      "issue null": set(null, "issue"),
      "issue.number null": set(null, "issue", "number"),
      "comment null": set(null, "comment"),
      "comment.body null": set(null, "comment", "body"),
      "comment.id a string": set("1", "comment", "id"),
      ...envelopeBreaks,
    },
  },
];

describe("signed payloads missing what GitHub sends are refused at the edge", () => {
  for (const { name, action, breaks, plainIssue } of cases) {
    it(`${name}${action ? `.${action}` : ""}${plainIssue ? " on a plain issue" : ""}: 400 naming the field, no internals, no request to GitHub`, async () => {
      for (const [label, breakIt] of Object.entries(breaks)) {
        const payload = example(name, action);
        if (name === "issue_comment" && !plainIssue) (payload.issue as WebhookPayload).pull_request = { url: "https://example.invalid/pulls/1" };
        if (plainIssue) delete (payload.issue as WebhookPayload).pull_request;
        breakIt(payload);
        const response = await sandbox.deliver({ name, payload });
        expect({ label, status: response.status }).toEqual({ label, status: 400 });
        expect(response.body, label).toMatch(/does not have the shape GitHub sends/);
        expect(response.body, label).not.toMatch(/Cannot read|TypeError|undefined|\.(ts|js):\d+/);
        const calls = sandbox.fake.requests.filter((r) => r.operationId !== "apps/create-installation-access-token");
        expect(calls.map((r) => `${r.method} ${r.path}`), label).toEqual([]);
      }
    });
  }
});

describe("a deployment protection rule request missing what GitHub sends is refused at the edge", () => {
  // GitHub's examples have none of these; the stand-in's request matches GitHub's published schema (test/e2e/deployment-gate.test.ts).
  const breaks: Record<string, Break> = {
    "no environment": drop("environment"),
    "environment a number": set(5, "environment"),
    "no deployment_callback_url": drop("deployment_callback_url"),
    "deployment_callback_url not a run's": set("https://example.invalid/elsewhere", "deployment_callback_url"),
    "deployment.sha a number": set(5, "deployment", "sha"),
    ...envelopeBreaks,
  };
  it("400 naming the field, no internals, nothing written", async () => {
    for (const [label, breakIt] of Object.entries(breaks)) {
      const { deployment, event } = requestDeployment(sandbox.fake, { owner: OWNER, repo: REPO, environment: "production", user: "dev" });
      const payload = { ...structuredClone(event.payload), ...structuredClone(envelope) } as WebhookPayload;
      breakIt(payload);
      sandbox.fake.resetRecording();
      const response = await sandbox.deliver({ name: event.name, payload });
      expect({ label, status: response.status }).toEqual({ label, status: 400 });
      expect(response.body, label).toMatch(/does not have the shape GitHub sends/);
      expect(response.body, label).not.toMatch(/Cannot read|TypeError|undefined|\.(ts|js):\d+/);
      expect(sandbox.fake.writes().map((r) => `${r.method} ${r.path}`), label).toEqual([]);
      expect(deployment.reviews, label).toEqual([]);
    }
  });
});

