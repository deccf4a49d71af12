import type { Context } from "probot";
import { reportMergeGroup } from "../app/merge-group.js";
import type { AppServices } from "../app/services.js";

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
export async function onMergeGroup(services: AppServices, context: Context<"merge_group.checks_requested">): Promise<void> {
  const group = context.payload.merge_group;
  await reportMergeGroup({ services, octokit: context.octokit, repo: context.repo() }, {
    headRef: group.head_ref,
    headSha: group.head_sha,
    numbers: pullRequestsInMergeGroup(group.head_ref, group.head_commit?.message),
  });
}
