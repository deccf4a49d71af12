import { findReleaseFiles, isReleasePullRequest, type ChangedFile, type ReleaseFileChanges } from "../domain/evaluation/release-files.js";
import { decodeCheckState, type CheckState } from "../domain/ledger/check-state.js";
import { EMPTY_LEDGER } from "../domain/ledger/ledger.js";
import { defaultPolicy } from "../domain/policy/resolve.js";
import type { Policy } from "../domain/policy/schema.js";
import { CHECK_NAMES } from "../domain/report/checks.js";
import type { Problem } from "../domain/source/problems.js";
import { isPreviousHead, loadCarriedState } from "../github/carried-state.js";
import { listOwnCheckRuns, type ExistingCheckRun } from "../github/check-runs.js";
import { loadPolicy } from "../github/policy-loader.js";
import { getLivePullRequest, listChangedFiles, type LivePullRequest } from "../github/pull-request.js";
import type { PullRequestScope } from "./pull-request-scope.js";

/** A release PR with what the app needs to judge it: the live PR, the policy, its state. */
export interface LoadedReleasePullRequest {
  kind: "release";
  pr: LivePullRequest;
  policy: Policy;
  changes: ReleaseFileChanges;
  /** The PR's file list, with each file's blob SHA where GitHub gave one. */
  files?: readonly ChangedFile[];
  existing: Map<string, ExistingCheckRun>;
  state: CheckState;
  /** The earlier commit the state was carried from, when the head has no report yet. */
  carriedFrom?: string;
}

export type LoadedPullRequest =
  | { kind: "non-release"; pr?: LivePullRequest; policy?: Policy }
  | { kind: "policy-invalid"; pr: LivePullRequest; problems: Problem[] }
  | LoadedReleasePullRequest;

export interface LoadOptions {
  /** The PR's previous head (a synchronize event's `before`), where the carried ledger is. */
  previousHeadSha?: string;
  /** The head SHA the event was about: its check runs are listed while the live PR is read. */
  headShaHint?: string;
  /** Read the live PR even when it is not a release PR. */
  needPullRequest?: boolean;
}

/**
 * Reads what every decision starts from: the policy (cached), the PR's files (every page), and for
 * a release PR the live PR, the app's check runs at its head and the state they carry (or the
 * state carried from the previous head).
 */
export async function loadPullRequest(scope: PullRequestScope, options: LoadOptions = {}): Promise<LoadedPullRequest> {
  const { services, octokit, repo, number } = scope;
  const policyResult = await loadPolicy(octokit, repo, services.policyCache);
  const files = await listChangedFiles(octokit, repo, number);
  if (!policyResult.ok) {
    // A broken policy fails every PR that touches the default manifest globs or the registries (never a laxer default).
    if (!isReleasePullRequest(findReleaseFiles(files, defaultPolicy()))) return { kind: "non-release" };
    return { kind: "policy-invalid", pr: await getLivePullRequest(octokit, repo, number), problems: policyResult.problems };
  }
  const policy = policyResult.policy;
  const changes = findReleaseFiles(files, policy);
  if (!isReleasePullRequest(changes)) {
    const wanted = policy.report_non_release || options.needPullRequest;
    return { kind: "non-release", policy, pr: wanted ? await getLivePullRequest(octokit, repo, number) : undefined };
  }
  // The live PR decides which commit is judged; the event's head and previous head are almost
  // always still it and the one before, so their check runs are listed meanwhile, not after it.
  const { appId } = await services.identity();
  const hint = options.headShaHint;
  const previous = isPreviousHead(options.previousHeadSha, hint) ? options.previousHeadSha : undefined;
  const [pr, runsAtHint, runsAtPrevious] = await Promise.all([
    getLivePullRequest(octokit, repo, number),
    hint ? listOwnCheckRuns(octokit, repo, hint, appId) : undefined,
    previous ? listOwnCheckRuns(octokit, repo, previous, appId) : undefined,
  ]);
  const existing = runsAtHint && hint === pr.head.sha ? runsAtHint : await listOwnCheckRuns(octokit, repo, pr.head.sha, appId);
  const reported = existing.get(CHECK_NAMES.readiness);
  const own = decodeCheckState(reported?.text);
  const carried = own || reported
    ? undefined
    : await loadCarriedState(octokit, repo, { number, headSha: pr.head.sha }, appId, options.previousHeadSha, runsAtPrevious);
  const state = own ?? carried?.state ?? { ledger: EMPTY_LEDGER };
  return { kind: "release", pr, policy, changes, files, existing, state, carriedFrom: carried?.fromSha };
}
