import { hashInputs } from "../domain/evaluation/inputs-hash.js";
import { CHECK_NAMES, renderNonReleaseCheck, renderPolicyProblemChecks, type CheckReport } from "../domain/report/checks.js";
import { inputsHashOf, type ExistingCheckRun } from "../github/check-runs.js";
import type { Publication } from "../github/publish.js";
import type { LivePullRequest } from "../github/pull-request.js";
import { dismissChangedSignoffs, loadReleaseInputs } from "../github/release-inputs.js";
import { buildReport } from "./build-report.js";
import { loadPullRequest } from "./load-pull-request.js";
import type { PullRequestScope } from "./pull-request-scope.js";

/** Everything the app would write for a PR, worked out without writing anything. */
export type Assessment =
  | { kind: "non-release"; pr?: LivePullRequest; checks: CheckReport[] }
  | { kind: "policy-invalid"; pr: LivePullRequest; checks: CheckReport[] }
  | { kind: "unchanged"; pr: LivePullRequest; checks: [] }
  | { kind: "release"; pr: LivePullRequest; checks: CheckReport[]; existing: Map<string, ExistingCheckRun>; publication: Publication };

export interface AssessOptions {
  /** Re-evaluate even when the inputs match what was last reported. */
  force?: boolean;
  /** The PR's previous head (a synchronize event's `before`), where the carried ledger is. */
  previousHeadSha?: string;
  /** The head SHA the event was about (./load-pull-request.ts). */
  headShaHint?: string;
}

/**
 * Load and evaluate. With `force` unset, stops early when the inputs match what the
 * `Release readiness` run at the head already reports (a redelivery costs reads, no writes).
 */
export async function assessPullRequest(scope: PullRequestScope, options: AssessOptions = {}): Promise<Assessment> {
  const loaded = await loadPullRequest(scope, { previousHeadSha: options.previousHeadSha, headShaHint: options.headShaHint });
  if (loaded.kind === "policy-invalid") return { kind: "policy-invalid", pr: loaded.pr, checks: renderPolicyProblemChecks(loaded.problems) };
  if (loaded.kind === "non-release") {
    return { kind: "non-release", pr: loaded.pr, checks: loaded.policy?.report_non_release ? [renderNonReleaseCheck()] : [] };
  }
  const { octokit, repo } = scope;
  const inputsHash = hashInputs({ pr: loaded.pr, policy: loaded.policy, state: loaded.state, now: scope.services.now(), manifests: loaded.changes.manifests });
  if (!options.force && inputsHashOf(loaded.existing.get(CHECK_NAMES.readiness)?.externalId) === inputsHash) {
    return { kind: "unchanged", pr: loaded.pr, checks: [] };
  }
  const inputs = await loadReleaseInputs(octokit, repo, loaded.pr, loaded.changes, loaded.files && { cache: scope.services.blobCache, listed: loaded.files });
  const state = await dismissChangedSignoffs(octokit, repo, loaded.pr, loaded.policy, inputs, loaded.state, loaded.carriedFrom);
  const built = await buildReport(scope, { loaded, inputs, state });
  return { kind: "release", pr: loaded.pr, checks: built.checks, existing: loaded.existing, publication: built.publication };
}
