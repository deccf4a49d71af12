import {
  forkStatusReply, manifestNotFoundReply, manifestUnreadableReply, statusCommitFailedReply, statusCommitMessage,
  statusCommittedReply, statusEditRefusedReply, stillLacksSentence, type StatusChange,
} from "../domain/commands/replies.js";
import { evaluateRelease } from "../domain/evaluation/release.js";
import { parseManifest } from "../domain/manifest/parse.js";
import { setManifestStatus } from "../domain/manifest/set-status.js";
import type { ReleaseStatus } from "../domain/vocabulary.js";
import { describeError } from "../github/client.js";
import { commitFile } from "../github/contents.js";
import { readAtPullRequestHead } from "../github/release-inputs.js";
import type { ReportSubject } from "./build-report.js";
import type { CommentFacts } from "./comment-commands.js";
import type { PullRequestScope } from "./pull-request-scope.js";

export interface StatusRequest {
  /** The PR the command was given on, as judged for the command. */
  subject: ReportSubject;
  release: string;
  to: ReleaseStatus;
  /** The comment that asked: linked from the commit, its author the commit's co-author. */
  comment: Pick<CommentFacts, "htmlUrl" | "author">;
}

/**
 * `/readiness status <status>`: commits the new status to the PR's branch, keeping the YAML's
 * comments and layout, with the commenter as co-author. For a fork the app cannot push, so the
 * reply gives the exact change to make. Either way the reply lists what the new status still lacks.
 */
export async function changeStatus(scope: PullRequestScope, request: StatusRequest): Promise<string> {
  const { subject: { loaded, inputs }, release, to } = request;
  const versions = inputs.manifests.find((m) => m.head?.ok && m.head.manifest.release === release);
  if (!versions?.head?.ok) return manifestNotFoundReply(release);
  const path = versions.change.path;
  const change: StatusChange = { release, to, path };
  const headRepo = loaded.pr.head.repo ?? scope.repo;
  const read = await readAtPullRequestHead(scope.octokit, scope.repo, loaded.pr, path);
  if (read.kind !== "text") return manifestUnreadableReply(path);
  const edited = setManifestStatus(read.text, to, path);
  if (!edited.ok) return statusEditRefusedReply(path, edited.problem);

  const baseStatus = versions.base?.ok ? versions.base.manifest.status : undefined;
  const lacks = stillLacking(request.subject, { text: edited.text, path, baseStatus }, scope.services.now());
  const line = edited.text.split("\n").findIndex((l, i) => l !== read.text.split("\n")[i]) + 1;
  if (loaded.pr.head.fork) return forkStatusReply(change, line, edited.text.split("\n")[line - 1], lacks);
  try {
    const sha = await commitFile(scope.octokit, headRepo, {
      path,
      branch: loaded.pr.head.ref,
      text: edited.text,
      blobSha: read.sha,
      message: statusCommitMessage(change, request.comment),
    });
    return statusCommittedReply(change, sha, lacks);
  } catch (error) {
    return statusCommitFailedReply(change, loaded.pr.head.ref, describeError(error), line);
  }
}

/** What the release would still lack at the new status, judged with the PR's ledger as it now is. */
function stillLacking(
  subject: ReportSubject,
  manifest: { text: string; path: string; baseStatus: ReleaseStatus | undefined },
  now: Date,
): string {
  const parsed = parseManifest(manifest.text, manifest.path);
  if (!parsed.ok) return "";
  const { baseStatus } = manifest;
  const verdict = evaluateRelease(parsed.manifest, subject.loaded.policy, subject.state.ledger, now, { baseStatus, itemProblems: parsed.itemProblems });
  return stillLacksSentence(verdict);
}
