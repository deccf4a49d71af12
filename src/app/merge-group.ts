import { CHECK_NAMES, type CheckReport } from "../domain/report/checks.js";
import { describeError } from "../github/client.js";
import { publishChecks } from "../github/publish.js";
import { assessPullRequest } from "./assess-pull-request.js";
import { publishTarget, pullRequestScope, type RepoScope } from "./pull-request-scope.js";

export interface MergeGroup {
  headRef: string;
  headSha: string;
  /** The pull requests in the group, from its branch name and head commit. */
  numbers: readonly number[];
}

/**
 * docs/reference/cases.md, merge queues: every PR in the group is evaluated at its own head with its own ledger,
 * and the group's checks pass only if each PR's would. Both checks are always reported on the
 * group's commit, so required checks never wait for a report that never comes.
 */
export async function reportMergeGroup(scope: RepoScope, group: MergeGroup): Promise<void> {
  const lines: string[] = [];
  let readinessOk = true;
  let gateOk = true;
  if (group.numbers.length === 0) {
    readinessOk = gateOk = false;
    lines.push(`- could not tell which pull requests are in ${group.headRef}`);
  }
  for (const number of group.numbers) {
    try {
      const assessment = await assessPullRequest(pullRequestScope(scope, number), { force: true });
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
  await publishChecks(publishTarget(scope), group.headSha, reports, { inputsHash: "merge-group", appId: (await scope.services.identity()).appId });
}
