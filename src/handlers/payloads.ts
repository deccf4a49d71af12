import { z } from "zod";
import { runIdFromCallbackUrl } from "../github/deployments.js";

/**
 * The shape of every webhook payload the app reads, one small schema per event, checked at the
 * edge (`webhookHandler` in ./delivery.ts) before a handler sees it. Each schema names only the
 * fields the app uses, so GitHub adding fields changes nothing; extra fields are dropped from the
 * typed data the handler gets. A payload that lacks one of these is not something GitHub sends
 * (the signature proves who sent it, not that it is well formed) and is refused without reading
 * or writing anything (docs/reference/running.md).
 */

const account = z.object({ login: z.string().min(1) });
const positiveInteger = z.number().int().positive();
const sha = z.string().regex(/^[0-9a-f]{40}$/i, "expected a 40-character commit sha");

/** `repository` and `sender`, which every event the app handles carries. */
const envelope = {
  repository: z.object({ name: z.string().min(1), owner: account }),
  sender: account,
  // Absent in GitHub Actions event payloads; the hosted app requires it (see ./delivery.ts).
  installation: z.object({ id: positiveInteger }).optional(),
};

const pullRequestNumbers = z.array(z.object({ number: positiveInteger }));

export const pullRequestPayload = z.object({
  ...envelope,
  action: z.string(),
  pull_request: z.object({
    number: positiveInteger,
    head: z.object({ sha }),
    labels: z.array(z.object({ name: z.string() })),
    merged: z.boolean().nullable().optional(),
  }),
  label: z.object({ name: z.string() }).nullable().optional(),
  before: sha.optional(),
  changes: z.record(z.string(), z.unknown()).optional(),
});

export const checkRunPayload = z.object({
  ...envelope,
  action: z.string(),
  check_run: z.object({ head_sha: sha, pull_requests: pullRequestNumbers }),
});

export const checkSuitePayload = z.object({
  ...envelope,
  action: z.string(),
  check_suite: z.object({ head_sha: sha, pull_requests: pullRequestNumbers }),
});

export const mergeGroupPayload = z.object({
  ...envelope,
  action: z.string(),
  merge_group: z.object({
    head_ref: z.string().min(1),
    head_sha: sha,
    head_commit: z.object({ message: z.string() }).nullable().optional(),
  }),
});

const paths = z.array(z.string()).optional();

export const pushPayload = z.object({
  ...envelope,
  repository: envelope.repository.extend({ default_branch: z.string().min(1) }),
  ref: z.string().min(1),
  commits: z.array(z.object({ added: paths, modified: paths, removed: paths })),
});

export const issueCommentPayload = z.object({
  ...envelope,
  action: z.string(),
  issue: z.object({
    number: positiveInteger,
    // Present (an object) only when the issue is a pull request.
    pull_request: z.object({}).nullable().optional(),
  }),
  comment: z.object({
    id: positiveInteger,
    body: z.string(),
    created_at: z.string(),
    updated_at: z.string(),
    html_url: z.string(),
    // null for a deleted account ("ghost").
    user: z.object({ login: z.string(), id: z.number().int(), type: z.string() }).nullable(),
  }),
});

/** The issue as the sensor reads it (docs/reference/sensor.md#on-github); a pull request carries `pull_request`. */
const sensedIssue = z.object({
  number: positiveInteger,
  title: z.string(),
  // null for an issue opened without a description.
  body: z.string().nullable().optional(),
  created_at: z.string(),
  labels: z.array(z.object({ name: z.string() })).optional(),
  pull_request: z.object({}).nullable().optional(),
});

export const issuePayload = z.object({
  ...envelope,
  sender: account.extend({ type: z.string().optional() }),
  action: z.string(),
  issue: sensedIssue,
});

export const sensorCommentPayload = issueCommentPayload.extend({ issue: sensedIssue });

/** docs/reference/deployment-gate.md: what GitHub asks a custom deployment protection rule. */
export const deploymentProtectionRulePayload = z.object({
  ...envelope,
  action: z.string(),
  environment: z.string().min(1),
  // The answer goes to the workflow run this URL names (read here, once); without one nothing can be answered.
  deployment_callback_url: z.string().transform((url, context) => {
    const runId = runIdFromCallbackUrl(url);
    if (runId !== undefined) return { url, runId };
    context.addIssue({ code: "custom", message: "expected a workflow run's deployment_protection_rule URL" });
    return z.NEVER;
  }),
  deployment: z.object({ id: positiveInteger, sha }).nullable().optional(),
});

export type PullRequestPayload = z.infer<typeof pullRequestPayload>;
export type IssueCommentPayload = z.infer<typeof issueCommentPayload>;
export type IssuePayload = z.infer<typeof issuePayload>;
export type SensorCommentPayload = z.infer<typeof sensorCommentPayload>;
export type DeploymentProtectionRulePayload = z.infer<typeof deploymentProtectionRulePayload>;
