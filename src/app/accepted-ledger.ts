import { decodeCheckState } from "../domain/ledger/check-state.js";
import { EMPTY_LEDGER, type Ledger } from "../domain/ledger/ledger.js";
import { CHECK_NAMES } from "../domain/report/checks.js";
import { loadCarriedState } from "../github/carried-state.js";
import { listOwnCheckRuns } from "../github/check-runs.js";
import { pullRequestsForCommit, type CommitPullRequest } from "../github/commits.js";
import type { RepoScope } from "./pull-request-scope.js";

/**
 * docs/reference/deployment-gate.md: what a release shipped with is judged with the waivers and
 * sign-offs accepted on the PR that brought its manifest. The deployment gate and the hosted
 * readiness feed (docs/reference/feed.md#what-ready-counts) both read them here.
 */
export interface BroughtLedger {
  ledger: Ledger;
  /** The PR that brought the commit; absent when none did (a direct push). */
  pullRequest?: number;
}

/**
 * The PR that brought a commit: the one that merged it (the latest, if several did), else an
 * open one it belongs to (a deployment of a PR's branch).
 */
function broughtBy(prs: readonly CommitPullRequest[]): CommitPullRequest | undefined {
  const merged = prs.filter((pr) => pr.merged).sort((a, b) => (b.mergedAt ?? "").localeCompare(a.mergedAt ?? ""));
  return merged[0] ?? prs[0];
}

/**
 * The waivers and sign-offs the app accepted on a PR are in its `Release readiness` run at the
 * PR's head (where only the app writes), or carried from the newest earlier commit of the PR
 * that has one.
 */
async function acceptedLedger(scope: RepoScope, pr: CommitPullRequest, appId: number | undefined): Promise<Ledger> {
  const runs = await listOwnCheckRuns(scope.octokit, scope.repo, pr.headSha, appId);
  const own = decodeCheckState(runs.get(CHECK_NAMES.readiness)?.text);
  if (own) return own.ledger;
  const carried = await loadCarriedState(scope.octokit, scope.repo, { number: pr.number, headSha: pr.headSha }, appId);
  return carried?.state.ledger ?? EMPTY_LEDGER;
}

/**
 * A reader of "the ledger of the PR that brought this commit" for one piece of work: each
 * commit's PRs and each PR's ledger are read once however many manifests they brought, also
 * when asked for several at once. No commit (a file GitHub has no history for) is no PR.
 */
export function broughtLedgers(scope: RepoScope): (commit: string | undefined) => Promise<BroughtLedger> {
  const prsByCommit = new Map<string, Promise<CommitPullRequest | undefined>>();
  const ledgers = new Map<number, Promise<Ledger>>();
  let appId: Promise<number | undefined> | undefined;
  return async (commit) => {
    if (!commit) return { ledger: EMPTY_LEDGER };
    if (!prsByCommit.has(commit)) prsByCommit.set(commit, pullRequestsForCommit(scope.octokit, scope.repo, commit).then(broughtBy));
    const pr = await prsByCommit.get(commit);
    if (!pr) return { ledger: EMPTY_LEDGER };
    appId ??= scope.services.identity().then((identity) => identity.appId);
    if (!ledgers.has(pr.number)) ledgers.set(pr.number, appId.then((id) => acceptedLedger(scope, pr, id)));
    return { ledger: await ledgers.get(pr.number)!, pullRequest: pr.number };
  };
}
