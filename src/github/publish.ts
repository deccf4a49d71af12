import { decodeCheckState, encodeCheckState, shortHash, type CheckState } from "../domain/ledger/check-state.js";
import type { LabelChanges } from "../domain/labels/label-changes.js";
import type { CheckReport } from "../domain/report/checks.js";
import { CHECK_NAMES } from "../domain/report/checks.js";
import { checkRunExternalId, isCurrentRun, listOwnCheckRuns, upsertCheckRun, type ExistingCheckRun } from "./check-runs.js";
import type { GitHubClient, RepoRef } from "./client.js";
import { applyLabelChanges, type KnownLabels } from "./labels.js";
import { upsertSummaryComment } from "./summary-comment.js";

/** Where reports are written, and what writing them needs besides the client. */
export interface PublishTarget {
  octokit: GitHubClient;
  repo: RepoRef;
  /** The app's clock: a check run's `completed_at`. */
  now: () => Date;
  knownLabels: KnownLabels;
  /**
   * Called right before each write (labels, the summary comment, each check): under a per-PR lock
   * it confirms the lock is still held and throws when it is not (docs/reference/running.md#scaling).
   */
  beforeWrite?: () => Promise<void>;
}

export interface Publication {
  /** The check reports to show at the head commit. */
  checks: CheckReport[];
  /** Hash of the inputs that produced them; stored so a redelivery can stop early. */
  inputsHash: string;
  /** State carried in the `Release readiness` run (ledger, summary comment id). */
  state: CheckState;
  labels?: LabelChanges;
  summaryComment?: string;
}

export interface PublishResult {
  writes: number;
  summaryCommentId?: number;
}

/**
 * Writes a PR's outcome to GitHub, each piece only when it changed: labels first (so the checks
 * describe the labels as they now are), then the summary comment, then the checks, the
 * `Release readiness` run last, carrying the state.
 */
export async function publishOutcome(
  target: PublishTarget,
  pr: { number: number; headSha: string },
  existingRuns: Map<string, ExistingCheckRun>,
  publication: Publication,
): Promise<PublishResult> {
  const { octokit, repo } = target;
  let writes = 0;
  if (publication.labels && (publication.labels.add.length > 0 || publication.labels.remove.length > 0)) {
    await target.beforeWrite?.();
    await applyLabelChanges(octokit, repo, pr.number, publication.labels, target.knownLabels);
    writes += publication.labels.remove.length + (publication.labels.add.length > 0 ? 1 : 0);
  }

  const state: CheckState = { ...publication.state };
  if (publication.summaryComment !== undefined) {
    const hash = shortHash(publication.summaryComment);
    const known = state.summaryCommentId ? { id: state.summaryCommentId, bodyHashMatches: state.summaryHash === hash } : undefined;
    await target.beforeWrite?.();
    const result = await upsertSummaryComment(octokit, repo, pr.number, publication.summaryComment, known);
    if (result.written) writes++;
    state.summaryCommentId = result.id;
    state.summaryHash = hash;
  }

  const readinessLast = [...publication.checks].sort((a, b) => Number(a.name === CHECK_NAMES.readiness) - Number(b.name === CHECK_NAMES.readiness));
  writes += await publishChecks(target, pr.headSha, readinessLast, { existing: existingRuns, inputsHash: publication.inputsHash, state, lastAfterTheRest: true });
  return { writes, summaryCommentId: state.summaryCommentId };
}

/**
 * Writes check reports at a commit, in the order given, each only when it changed; the
 * `Release readiness` run carries `state` when one is given. With `lastAfterTheRest`, all but the
 * last are written side by side and the last after them: publishOutcome puts `Release readiness`
 * last because a redelivery stops early on what it shows, so it must not show a report whose other
 * runs failed to be written. Returns how many runs were written.
 */
export async function publishChecks(
  target: Pick<PublishTarget, "octokit" | "repo" | "now" | "beforeWrite">,
  sha: string,
  reports: readonly CheckReport[],
  options: { inputsHash: string; existing?: Map<string, ExistingCheckRun>; appId?: number; state?: CheckState; lastAfterTheRest?: boolean },
): Promise<number> {
  const { octokit, repo } = target;
  const existing = options.existing ?? await listOwnCheckRuns(octokit, repo, sha, options.appId);
  const write = async (report: CheckReport): Promise<number> => {
    const hiddenText = report.name === CHECK_NAMES.readiness && options.state ? encodeCheckState(options.state) : undefined;
    const externalId = checkRunExternalId(options.inputsHash, report, hiddenText);
    const run = existing.get(report.name);
    if (run && isCurrentRun(run, externalId)) return 0;
    await target.beforeWrite?.();
    const result = await upsertCheckRun(octokit, repo, sha, run, report, { externalId, hiddenText, completedAt: target.now() });
    return result.written ? 1 : 0;
  };
  let writes = 0;
  if (options.lastAfterTheRest && reports.length > 1) {
    for (const n of await Promise.all(reports.slice(0, -1).map(write))) writes += n;
    return writes + await write(reports[reports.length - 1]!);
  }
  for (const report of reports) writes += await write(report);
  return writes;
}

/**
 * Fail closed without destroying (docs/reference/guarantees.md): both checks fail and say why; labels stay as they are,
 * and the ledger the `Release readiness` run carried is carried on.
 */
export async function publishUndetermined(
  target: Pick<PublishTarget, "octokit" | "repo" | "now" | "beforeWrite">,
  headSha: string,
  checks: CheckReport[],
  appId: number | undefined,
): Promise<void> {
  const existing = await listOwnCheckRuns(target.octokit, target.repo, headSha, appId);
  const state = decodeCheckState(existing.get(CHECK_NAMES.readiness)?.text);
  await publishChecks(target, headSha, checks, { existing, inputsHash: "undetermined", state });
}
