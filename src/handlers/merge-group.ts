import type { Context } from "probot";
import { CHECK_NAMES, type CheckReport } from "../domain/report/checks.js";
import { publishChecks } from "../github/publish.js";
import { describeError } from "../github/client.js";
import { assessPullRequest } from "./evaluate-pull-request.js";
import type { AppServices } from "./services.js";

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

/**
 * SPEC §2.6, merge queues: every PR in the group is evaluated at its own head with its own ledger,
 * and the group's checks pass only if each PR's would. Both checks are always reported on the
 * group's commit, so required checks never wait for a report that never comes.
 */
export async function onMergeGroup(services: AppServices, context: Context<"merge_group.checks_requested">): Promise<void> {
  const group = context.payload.merge_group;
  const repo = context.repo();
  const numbers = pullRequestsInMergeGroup(group.head_ref, group.head_commit?.message);
  const lines: string[] = [];
  let readinessOk = true;
  let gateOk = true;
  if (numbers.length === 0) {
    readinessOk = gateOk = false;
    lines.push(`- could not tell which pull requests are in ${group.head_ref}`);
  }
  for (const number of numbers) {
    try {
      const assessment = await assessPullRequest(services, context.octokit, repo, number, { force: true });
      const readiness = assessment.checks.find((c) => c.name === CHECK_NAMES.readiness);
      const gate = assessment.checks.find((c) => c.name === CHECK_NAMES.gate);
      if (readiness?.conclusion === "failure") readinessOk = false;
      if (gate?.conclusion === "failure") gateOk = false;
      lines.push(`- #${number}: ${readiness ? `${readiness.conclusion} — ${readiness.title}` : "no release manifest"}${gate ? `; campaign gate ${gate.conclusion}` : ""}`);
    } catch (error) {
      readinessOk = gateOk = false;
      lines.push(`- #${number}: readiness could not be determined (${describeError(error)})`);
    }
  }
  const summary = lines.join("\n");
  const reports: CheckReport[] = [
    { name: CHECK_NAMES.readiness, conclusion: readinessOk ? "success" : "failure", title: readinessOk ? "Every PR in the merge group is ready" : "A PR in the merge group is not ready", summary, annotations: [] },
    { name: CHECK_NAMES.gate, conclusion: gateOk ? "success" : "failure", title: gateOk ? "No blocked campaign labels in the merge group" : "A PR in the merge group has a blocked campaign label", summary, annotations: [] },
  ];
  await publishChecks(context.octokit, repo, group.head_sha, reports, { inputsHash: "merge-group", appId: (await services.identity()).appId });
}
