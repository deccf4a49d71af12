import type { Context } from "probot";
import { publishDraftRelease } from "../app/draft-release.js";
import type { AppServices } from "../app/services.js";

/** docs/reference/release-notes.md: when a release PR merges, its notes are published as a draft GitHub release. */
export async function onPullRequestClosed(services: AppServices, context: Context<"pull_request.closed">): Promise<void> {
  const { pull_request: payloadPr } = context.payload;
  if (!payloadPr.merged) return;
  await publishDraftRelease({ services, octokit: context.octokit, repo: context.repo(), number: payloadPr.number });
}
