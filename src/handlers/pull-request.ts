import type { Context } from "probot";
import { labelMatches } from "../domain/labels/label-match.js";
import { isStatusLabel } from "../domain/evaluation/pull-request.js";
import { loadPolicy } from "../github/policy-loader.js";
import { reportReadiness } from "../app/report-readiness.js";
import type { AppServices } from "../app/services.js";
import { webhookHandler, type Handled } from "./delivery.js";
import { pullRequestPayload, type PullRequestPayload } from "./payloads.js";

export const PULL_REQUEST_EVENTS = [
  "pull_request.opened",
  "pull_request.reopened",
  "pull_request.synchronize",
  "pull_request.edited",
  "pull_request.labeled",
  "pull_request.unlabeled",
  "pull_request.ready_for_review",
] as const;

type PullRequestContext = Context<(typeof PULL_REQUEST_EVENTS)[number]>;

/**
 * Evaluates a PR when something that can change its verdict happens. Label events for labels that
 * decide nothing, title and body edits, and the app's own label changes cost nothing.
 */
export const onPullRequest = webhookHandler(pullRequestPayload, async (services: AppServices, context: PullRequestContext, payload: PullRequestPayload): Promise<Handled> => {
  const repo = { owner: payload.repository.owner.login, repo: payload.repository.name };
  if (payload.action === "edited" && !(payload.changes && "base" in payload.changes)) return { outcome: "ignored: title or body edit" };
  if (payload.action === "labeled" || payload.action === "unlabeled") {
    const label = payload.label?.name;
    if (!label) return { outcome: "ignored: no label" };
    const { botLogin } = await services.identity();
    if (botLogin && payload.sender.login === botLogin) return { outcome: "ignored: the app's own label change" };
    const policy = await loadPolicy(context.octokit, repo, services.policyCache);
    const decides = isStatusLabel(label) || (policy.ok ? labelMatches(label, policy.policy.campaign_labels) : true);
    if (!decides) return { outcome: "ignored: a label that decides nothing" };
  }
  const result = await reportReadiness({ services, octokit: context.octokit, repo, number: payload.pull_request.number }, {
    headShaHint: payload.pull_request.head.sha,
    previousHeadSha: payload.action === "synchronize" ? payload.before : undefined,
    payloadLabels: payload.pull_request.labels.map((label) => label.name),
  });
  return { outcome: `${result.kind}: ${result.writes} writes` };
});
