import type { Context } from "probot";
import { publishDraftRelease } from "../app/draft-release.js";
import type { AppServices } from "../app/services.js";
import { webhookHandler, type Handled } from "./delivery.js";
import { pullRequestPayload, type PullRequestPayload } from "./payloads.js";

/** docs/reference/release-notes.md: when a release PR merges, its notes are published as a draft GitHub release. */
export const onPullRequestClosed = webhookHandler(pullRequestPayload, async (services: AppServices, context: Context<"pull_request.closed">, payload: PullRequestPayload): Promise<Handled> => {
  if (!payload.pull_request.merged) return { outcome: "ignored: closed without merging" };
  const repo = { owner: payload.repository.owner.login, repo: payload.repository.name };
  await publishDraftRelease({ services, octokit: context.octokit, repo, number: payload.pull_request.number });
  return { outcome: "merged" };
});
