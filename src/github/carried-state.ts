import { decodeCheckState, type CheckState } from "../domain/ledger/check-state.js";
import { CHECK_NAMES } from "../domain/report/checks.js";
import { listOwnCheckRuns, type ExistingCheckRun } from "./check-runs.js";
import type { GitHubClient, RepoRef } from "./client.js";

/** How many earlier commits of a PR are searched for the state the app last wrote. */
const MAX_COMMITS_SEARCHED = 10;

/** A synchronize event's `before` that names an earlier commit of the PR (not the head, not a new branch's zeros). */
export function isPreviousHead(previousHeadSha: string | undefined, headSha: string | undefined): previousHeadSha is string {
  return Boolean(previousHeadSha) && previousHeadSha !== headSha && !/^0+$/.test(previousHeadSha!);
}

/**
 * docs/reference/commands.md: the ledger carries over to new commits. At a head the app has not reported yet, the
 * state comes from the `Release readiness` run at the previous head (`before` of a synchronize
 * event), or else from the newest earlier commit of the PR that has one. `previousRuns` is the
 * app's runs at the previous head when the caller has listed them already.
 */
export async function loadCarriedState(
  octokit: GitHubClient,
  repo: RepoRef,
  pr: { number: number; headSha: string },
  appId: number | undefined,
  previousHeadSha?: string,
  previousRuns?: Map<string, ExistingCheckRun>,
): Promise<{ state: CheckState; fromSha: string } | undefined> {
  const stateAt = async (sha: string) => {
    const runs = sha === previousHeadSha && previousRuns ? previousRuns : await listOwnCheckRuns(octokit, repo, sha, appId);
    const state = decodeCheckState(runs.get(CHECK_NAMES.readiness)?.text);
    return state ? { state, fromSha: sha } : undefined;
  };
  if (isPreviousHead(previousHeadSha, pr.headSha)) {
    const found = await stateAt(previousHeadSha);
    if (found) return found;
  }
  const commits = await octokit.paginate(octokit.rest.pulls.listCommits, { ...repo, pull_number: pr.number, per_page: 100 });
  const earlier = commits.map((c) => c.sha).filter((sha) => sha !== pr.headSha && sha !== previousHeadSha).reverse().slice(0, MAX_COMMITS_SEARCHED);
  for (const sha of earlier) {
    const found = await stateAt(sha);
    if (found) return found;
  }
  return undefined;
}
