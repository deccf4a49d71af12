import { fitWithinLimit } from "../domain/markdown/limit.js";
import { formatProblem } from "../domain/source/problems.js";
import { loadReleaseInputs } from "../github/release-inputs.js";
import { upsertDraftRelease } from "../github/releases.js";
import { combineAudiences } from "../rendering/release-notes.js";
import { buildReport } from "./build-report.js";
import { loadPullRequest } from "./load-pull-request.js";
import { publishTarget, serialised, type PullRequestScope } from "./pull-request-scope.js";

/** GitHub's limit for a release body. */
const RELEASE_BODY_LIMIT = 125_000;

/**
 * docs/reference/release-notes.md: a merged release PR's notes for every audience, as a draft GitHub release (unless
 * `notes.publish: none`), updated rather than duplicated on redelivery.
 */
export function publishDraftRelease(pr: PullRequestScope): Promise<void> {
  const { octokit, repo } = pr;
  return serialised(pr, async (scope) => {
    const loaded = await loadPullRequest(scope, { needPullRequest: true });
    if (loaded.kind !== "release" || loaded.policy.notes.publish === "none") return;
    const inputs = await loadReleaseInputs(octokit, repo, loaded.pr, loaded.changes);
    const built = await buildReport(scope, { loaded, inputs, state: loaded.state });
    const titled = built.verdict.releases.flatMap((r) => (r.verdict ? [r.verdict] : []));
    if (titled.length === 0) return; // the PR only deleted manifests
    const marker = `<!-- release-readiness:pr=${loaded.pr.number} -->`;
    const problems = built.notes.problems.length > 0
      ? `\n\n---\nSome notes were left out because of these problems:\n${built.notes.problems.map((p) => `- ${formatProblem(p)}`).join("\n")}`
      : "";
    await publishTarget(scope).beforeWrite?.();
    await upsertDraftRelease(octokit, repo, {
      marker,
      tagName: titled.length === 1 ? `${titled[0]!.release}-pr${loaded.pr.number}` : `releases-pr${loaded.pr.number}`,
      name: titled.map((v) => `${v.title} (${v.status})`).join(", "),
      body: fitWithinLimit(`${marker}\n${combineAudiences(built.notes)}${problems}`, `The notes are in the PR's Release notes check (#${loaded.pr.number}).`, RELEASE_BODY_LIMIT),
      targetCommitish: loaded.pr.mergeCommitSha ?? loaded.pr.head.sha,
    });
  });
}
