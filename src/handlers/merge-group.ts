import type { Context } from "probot";
import { reportMergeGroup } from "../app/merge-group.js";
import type { AppServices } from "../app/services.js";
import { webhookHandler, type Handled } from "./delivery.js";
import { mergeGroupPayload } from "./payloads.js";

/**
 * PR numbers in a merge group: from its branch name (`gh-readonly-queue/<base>/pr-<N>-<sha>`) and
 * the `#N` references in its head commit's message ("Merge pull request #N …").
 */
export function pullRequestsInMergeGroup(headRef: string, headCommitMessage: string | undefined): number[] {
  const numbers = new Set<number>();
  const fromRef = /\/pr-((?:\d+-)+)[0-9a-f]{7,40}$/.exec(headRef);
  for (const part of fromRef?.[1]?.split("-") ?? []) if (part) numbers.add(Number(part));
  for (const match of (headCommitMessage ?? "").matchAll(/#(\d+)\b/g)) numbers.add(Number(match[1]));
  return [...numbers].sort((a, b) => a - b);
}

/** docs/reference/cases.md, merge queues: the group's checks pass only if each of its PRs' would. */
export const onMergeGroup = webhookHandler(mergeGroupPayload, async (services: AppServices, context: Context<"merge_group.checks_requested">, payload): Promise<Handled> => {
  const group = payload.merge_group;
  const numbers = pullRequestsInMergeGroup(group.head_ref, group.head_commit?.message);
  const repo = { owner: payload.repository.owner.login, repo: payload.repository.name };
  await reportMergeGroup({ services, octokit: context.octokit, repo }, { headRef: group.head_ref, headSha: group.head_sha, numbers });
  return { outcome: "merge group reported", pr: numbers };
});
