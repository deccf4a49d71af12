import { parseManifest } from "../domain/manifest/parse.js";
import type { Manifest } from "../domain/manifest/schema.js";
import { CHECK_NAMES } from "../domain/report/checks.js";
import { decisionChanges, parseGateSummary, type GateDecisionChange, type GateRecord } from "../domain/review/gate-record.js";
import type { ReviewCampaignDecision } from "../domain/review/inputs.js";
import { listOwnCheckRuns, type ExistingCheckRun } from "../github/check-runs.js";
import type { GitHubClient, RepoRef } from "../github/client.js";
import { readFileAt } from "../github/contents.js";
import { listChangedFiles, TooManyFilesError } from "../github/pull-request.js";

export interface CampaignContext {
  since: Date;
  appId: number | undefined;
  maxCommits: number;
  history: { manifests: Map<string, Manifest>; isManifest: (path: string) => boolean };
  /** The releases the PR's accepted ledger names. */
  ledgerReleases: readonly string[];
}

/**
 * A release PR's campaign decisions since `since` (`gateHistory`), each tied to its release and to
 * the holdout and exposure event its manifest declares for the label: the manifest the PR brought
 * to the default branch, or the one manifest an open PR changes (read at its head, only when it
 * has decisions to tell); else a manifest it changes or on the default branch declaring the label;
 * else the one release its ledger names; else the PR's number.
 */
export async function campaignDecisionsOf(
  octokit: GitHubClient,
  repo: RepoRef,
  pr: { number: number; headSha: string; path?: string },
  head: ExistingCheckRun | undefined,
  context: CampaignContext,
): Promise<{ decisions: ReviewCampaignDecision[]; truncated: boolean }> {
  const gate = await gateHistory(octokit, repo, pr, head, context.since, context.appId, context.maxCommits);
  if (gate.changes.length === 0) return { decisions: [], truncated: gate.truncated };
  const { manifests } = context.history;
  const atHead = pr.path ? [] : await manifestsAtHead(octokit, repo, pr, context.history.isManifest);
  const own = pr.path ? manifests.get(pr.path) : atHead.length === 1 ? atHead[0] : undefined;
  const candidates = [...atHead, ...manifests.values()];
  const named = [...new Set(context.ledgerReleases)];
  const decisions = gate.changes.map((change): ReviewCampaignDecision => {
    const declares = (m: Manifest) => m.campaigns?.some((c) => c.label.toLowerCase() === change.label.toLowerCase());
    const manifest = own ?? candidates.find(declares);
    const entry = manifest?.campaigns?.find((c) => c.label.toLowerCase() === change.label.toLowerCase());
    return {
      label: change.label,
      release: manifest?.release ?? (named.length === 1 ? named[0]! : `#${pr.number}`),
      allowed: change.allowed,
      ...(change.allowed || change.withdrawn ? {} : { reason: change.reason }),
      at: change.at,
      ...(entry?.holdout_percent !== undefined ? { holdoutPercent: entry.holdout_percent } : {}),
      ...(entry?.exposure_event !== undefined ? { exposureEvent: entry.exposure_event } : {}),
      ...(change.withdrawn ? { withdrawn: true } : {}),
    };
  });
  return { decisions, truncated: gate.truncated };
}

/** The manifests an open PR changes, as they are at its head; none when GitHub cannot list all its files. */
async function manifestsAtHead(octokit: GitHubClient, repo: RepoRef, pr: { number: number; headSha: string }, isManifest: (path: string) => boolean): Promise<Manifest[]> {
  let files;
  try {
    files = await listChangedFiles(octokit, repo, pr.number);
  } catch (error) {
    if (error instanceof TooManyFilesError) return [];
    throw error;
  }
  const paths = files.filter((f) => f.status !== "removed" && isManifest(f.filename)).map((f) => f.filename);
  const reads = await Promise.all(paths.map((path) => readFileAt(octokit, repo, path, pr.headSha)));
  return reads.flatMap((read, i) => {
    const parsed = read.kind === "text" ? parseManifest(read.text, paths[i]!) : undefined;
    return parsed?.ok ? [parsed.manifest] : [];
  });
}

export interface GateHistory {
  changes: GateDecisionChange[];
  /** The walk back stopped at its bound before it reached a run older than `since`. */
  truncated: boolean;
}

/**
 * The campaign decisions a release PR's `Campaign gate` runs saw since `since`
 * (docs/reference/promise-review.md#what-the-hosted-review-reads). The app keeps one run per
 * commit and rewrites it while the commit is the head, so each earlier commit holds the last
 * decision made at it: the walk goes back from the head, commit by commit, to the first run that
 * completed before `since` (the decisions that held when the window began), reading at most
 * `maxCommits` commits besides the head. A head whose run completed before `since` saw nothing
 * new, and costs no further request.
 */
export async function gateHistory(
  octokit: GitHubClient,
  repo: RepoRef,
  pr: { number: number; headSha: string },
  head: ExistingCheckRun | undefined,
  since: Date,
  appId: number | undefined,
  maxCommits: number,
): Promise<GateHistory> {
  const records: GateRecord[] = [];
  const record = (run: ExistingCheckRun) => ({ at: run.completedAt ?? new Date(0).toISOString(), lines: parseGateSummary(run.summary) });
  if (head) records.push(record(head));
  const before = (run: ExistingCheckRun) => Date.parse(run.completedAt ?? "") < since.getTime();
  let truncated = false;
  if (head && !before(head)) {
    const commits = await octokit.paginate(octokit.rest.pulls.listCommits, { ...repo, pull_number: pr.number, per_page: 100 });
    const earlier = commits.map((c) => c.sha).filter((sha) => sha !== pr.headSha).reverse();
    truncated = earlier.length > maxCommits;
    for (const sha of earlier.slice(0, maxCommits)) {
      const run = (await listOwnCheckRuns(octokit, repo, sha, appId)).get(CHECK_NAMES.gate);
      if (!run) continue;
      records.unshift(record(run));
      if (before(run)) {
        truncated = false;
        break;
      }
    }
  }
  return { changes: decisionChanges(records), truncated };
}
