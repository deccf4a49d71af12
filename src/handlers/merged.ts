import type { Context } from "probot";
import { formatProblem } from "../domain/source/problems.js";
import { fitWithinLimit } from "../domain/markdown/limit.js";
import { loadReleaseInputs } from "../github/release-inputs.js";
import { upsertDraftRelease } from "../github/releases.js";
import { combineAudiences } from "../rendering/release-notes.js";
import { buildReport, loadPullRequest, queueKey } from "./evaluate-pull-request.js";
import type { AppServices } from "./services.js";

/** GitHub's limit for a release body. */
const RELEASE_BODY_LIMIT = 125_000;

/**
 * SPEC §2.5: when a release PR merges, its notes for every audience are published as a draft
 * GitHub release (unless `notes.publish: none`), updated rather than duplicated on redelivery.
 */
export async function onPullRequestClosed(services: AppServices, context: Context<"pull_request.closed">): Promise<void> {
  const { pull_request: payloadPr } = context.payload;
  if (!payloadPr.merged) return;
  const repo = context.repo();
  await services.queue.run(queueKey(repo, payloadPr.number), async () => {
    const loaded = await loadPullRequest(services, context.octokit, repo, payloadPr.number, { needPullRequest: true });
    if (loaded.kind !== "release" || loaded.policy.notes.publish === "none") return;
    const inputs = await loadReleaseInputs(context.octokit, repo, loaded.pr, loaded.changes);
    const built = await buildReport(services, context.octokit, repo, loaded, inputs, loaded.state);
    const titled = built.verdict.releases.flatMap((r) => (r.verdict ? [r.verdict] : []));
    if (titled.length === 0) return; // the PR only deleted manifests
    const marker = `<!-- release-readiness:pr=${loaded.pr.number} -->`;
    const problems = built.notes.problems.length > 0
      ? `\n\n---\nSome notes were left out because of these problems:\n${built.notes.problems.map((p) => `- ${formatProblem(p)}`).join("\n")}`
      : "";
    await upsertDraftRelease(context.octokit, repo, {
      marker,
      tagName: titled.length === 1 ? `${titled[0]!.release}-pr${loaded.pr.number}` : `releases-pr${loaded.pr.number}`,
      name: titled.map((v) => `${v.title} (${v.status})`).join(", "),
      body: fitWithinLimit(`${marker}\n${combineAudiences(built.notes)}${problems}`, `The notes are in the PR's Release notes check (#${loaded.pr.number}).`, RELEASE_BODY_LIMIT),
      targetCommitish: loaded.pr.mergeCommitSha ?? loaded.pr.head.sha,
    });
  });
}
