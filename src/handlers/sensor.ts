import type { Context } from "probot";
import { pullRequestScope, type PullRequestScope } from "../app/pull-request-scope.js";
import { correctIssue, refuseUnderBrokenPolicy, senseIssue, type SensorIssue } from "../app/sensor.js";
import type { AppServices } from "../app/services.js";
import { DEFAULT_COMMAND_PREFIX, type Policy } from "../domain/policy/schema.js";
import { parseMismatchCommand } from "../domain/sensor/correction.js";
import { isSensorComment } from "../domain/sensor/finding-record.js";
import type { Problem } from "../domain/source/problems.js";
import type { GitHubClient } from "../github/client.js";
import { loadPolicy } from "../github/policy-loader.js";
import { webhookHandler, type Handled } from "./delivery.js";
import { issuePayload, sensorCommentPayload, type IssuePayload } from "./payloads.js";

/**
 * docs/reference/sensor.md#on-github: issues (not pull requests) and their new comments, read for
 * expectation mismatches where the policy has `sensor.enabled`, and `/readiness mismatch …`
 * corrections. The app's own comments never count.
 */

const sensorIssue = (issue: IssuePayload["issue"]): SensorIssue => ({
  number: issue.number,
  title: issue.title,
  body: issue.body ?? "",
  createdAt: issue.created_at,
  labels: (issue.labels ?? []).map((label) => label.name),
});

/** The policy when the sensor is on; otherwise why the delivery is ignored, with a broken policy's problems. */
async function sensorPolicy(services: AppServices, octokit: GitHubClient, scope: { owner: string; repo: string }): Promise<{ policy: Policy } | { ignored: string; problems?: readonly Problem[] }> {
  const loaded = await loadPolicy(octokit, scope, services.policyCache);
  if (!loaded.ok) return { ignored: "ignored: the policy is invalid", problems: loaded.problems };
  return loaded.policy.sensor.enabled ? { policy: loaded.policy } : { ignored: "ignored: the sensor is off" };
}

const scopeOf = (services: AppServices, octokit: GitHubClient, payload: IssuePayload): PullRequestScope =>
  pullRequestScope({ services, octokit, repo: { owner: payload.repository.owner.login, repo: payload.repository.name } }, payload.issue.number);

/** The outcome, told to whoever watches (the Action's job summary) as well as the delivery's log line. */
function told(services: AppServices, payload: IssuePayload, outcome: string): Handled {
  services.onSensed?.({ repo: { owner: payload.repository.owner.login, repo: payload.repository.name }, issue: payload.issue.number, outcome });
  return { outcome };
}

export const onSensorIssue = webhookHandler(issuePayload, async (services: AppServices, context: Context<"issues.opened" | "issues.edited">, payload): Promise<Handled> => {
  if (payload.issue.pull_request) return { outcome: "ignored: a pull request" };
  if (payload.action !== "opened" && payload.action !== "edited") return { outcome: `ignored: issue ${payload.action}` };
  const { botLogin } = await services.identity();
  if (botLogin && payload.sender.login === botLogin) return told(services, payload, "ignored: the app's own change");
  const scope = scopeOf(services, context.octokit, payload);
  const chosen = await sensorPolicy(services, context.octokit, scope.repo);
  if ("ignored" in chosen) return told(services, payload, chosen.ignored);
  return told(services, payload, await senseIssue(scope, chosen.policy, sensorIssue(payload.issue), { kind: payload.action }));
});

/** `issue_comment` on a plain issue; comments on pull requests go to ./issue-comment.ts. */
export const onSensorComment = webhookHandler(sensorCommentPayload, async (services: AppServices, context: Context<"issue_comment">, payload): Promise<Handled> => {
  if (payload.issue.pull_request) return { outcome: "ignored: a pull request" };
  // An edited comment is no new evidence, and an edited command counts as first posted (docs/reference/commands.md).
  if (payload.action !== "created") return { outcome: `ignored: comment ${payload.action}` };
  const { botLogin } = await services.identity();
  const author = { login: payload.comment.user?.login ?? "ghost", type: payload.comment.user?.type ?? "User" };
  if ((botLogin && author.login === botLogin) || isSensorComment(payload.comment.body)) return told(services, payload, "ignored: the app's own comment");
  const scope = scopeOf(services, context.octokit, payload);
  const chosen = await sensorPolicy(services, context.octokit, scope.repo);
  const comment = { id: payload.comment.id, body: payload.comment.body, ...author };
  if ("ignored" in chosen) {
    // Whoever asks the app is told the policy is broken; any other comment is not read.
    if (chosen.problems && parseMismatchCommand(payload.comment.body, DEFAULT_COMMAND_PREFIX)) {
      return told(services, payload, await refuseUnderBrokenPolicy(scope, comment, chosen.problems));
    }
    return told(services, payload, chosen.ignored);
  }
  const { policy } = chosen;
  const issue = sensorIssue(payload.issue);
  const command = parseMismatchCommand(payload.comment.body, policy.commands.prefix);
  if (command) return told(services, payload, await correctIssue(scope, policy, { issue, comment, command }));
  return told(services, payload, await senseIssue(scope, policy, issue, { kind: "comment", body: payload.comment.body }));
});
