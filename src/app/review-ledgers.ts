import { isStatusLabel } from "../domain/evaluation/pull-request.js";
import { decodeCheckState } from "../domain/ledger/check-state.js";
import type { Ledger, WaiverEntry } from "../domain/ledger/ledger.js";
import type { Manifest } from "../domain/manifest/schema.js";
import { CHECK_NAMES } from "../domain/report/checks.js";
import type { ReviewCampaignDecision, ReviewWaiver } from "../domain/review/inputs.js";
import { STATUSES, type ReleaseStatus } from "../domain/vocabulary.js";
import { loadCarriedState } from "../github/carried-state.js";
import { listOwnCheckRuns } from "../github/check-runs.js";
import type { GitHubClient, RepoRef } from "../github/client.js";
import { lastCommitTouching, pullRequestsForCommit } from "../github/commits.js";
import { listOpenPullRequests } from "../github/pull-request.js";
import { campaignDecisionsOf } from "./review-campaigns.js";
import type { ReviewReadLimits } from "./review-issues.js";

export interface LedgerFindings {
  waivers: ReviewWaiver[];
  campaigns: ReviewCampaignDecision[];
  limits: string[];
}

interface ReleasePullRequest {
  number: number;
  headSha: string;
  /** The status its `release:<status>` label names, when it has exactly one. */
  labelStatus?: ReleaseStatus;
  /** The manifest it brought, when known (the PR that last changed it on the default branch). */
  path?: string;
}

/**
 * Waivers and campaign decisions from the app's own check runs (docs/reference/promise-review.md#what-the-hosted-review-reads):
 * the `Release readiness` run carries the accepted ledger, the `Campaign gate` run the decision
 * for each campaign label. Read at the head of each open release PR, and of the PR that brought
 * each manifest on the default branch (whose waivers still count for the shipped release); the
 * gate's decisions also at the PR's earlier commits since `since` (`gateHistory`).
 */
export async function gatherLedgers(
  octokit: GitHubClient,
  repo: RepoRef,
  history: { branch: string; manifests: Map<string, Manifest>; isManifest: (path: string) => boolean },
  appId: number | undefined,
  limits: ReviewReadLimits,
  since: Date,
): Promise<LedgerFindings> {
  const prs = await releasePullRequests(octokit, repo, history, limits.maxPullRequests);
  const findings: LedgerFindings = { waivers: [], campaigns: [], limits: [] };
  if (prs.truncated) findings.limits.push(`only ${limits.maxPullRequests} release pull requests were read for waivers and campaign decisions`);
  const bySlug = new Map([...history.manifests.values()].map((m) => [m.release, m]));
  const seen = new Set<string>();
  let walkedShort = 0;
  for (const pr of prs.list) {
    const runs = await listOwnCheckRuns(octokit, repo, pr.headSha, appId);
    const readiness = runs.get(CHECK_NAMES.readiness);
    const ledger = decodeCheckState(readiness?.text)?.ledger
      ?? (await loadCarriedState(octokit, repo, { number: pr.number, headSha: pr.headSha }, appId))?.state.ledger;
    const url = readiness?.htmlUrl ?? undefined;
    for (const waiver of latestWaivers(ledger)) {
      const manifest = bySlug.get(waiver.release);
      const key = `${waiver.release}\u0000${waiver.item}\u0000${waiver.until}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.waivers.push({
        release: waiver.release,
        title: manifest?.title ?? waiver.release,
        status: pr.labelStatus ?? manifest?.status ?? "experiment",
        item: waiver.item,
        until: waiver.until,
        ...(url ? { url } : {}),
      });
    }
    const gate = await campaignDecisionsOf(octokit, repo, pr, runs.get(CHECK_NAMES.gate), {
      since, appId, maxCommits: limits.maxGateCommits, history, ledgerReleases: ledger?.entries.map((e) => e.release) ?? [],
    });
    if (gate.truncated) walkedShort++;
    findings.campaigns.push(...gate.decisions);
  }
  if (walkedShort > 0) {
    findings.limits.push(`${walkedShort} release pull request${walkedShort === 1 ? "" : "s"} had more than ${limits.maxGateCommits} commits in the two weeks; campaign decisions on their earlier commits are not listed`);
  }
  return findings;
}

/** Per release and item, the waiver that ends last: a renewed waiver replaces the one before. */
function latestWaivers(ledger: Ledger | undefined): WaiverEntry[] {
  const latest = new Map<string, WaiverEntry>();
  for (const entry of ledger?.entries ?? []) {
    if (entry.kind !== "waiver") continue;
    const key = `${entry.release}\u0000${entry.item}`;
    const known = latest.get(key);
    if (!known || Date.parse(entry.until) > Date.parse(known.until)) latest.set(key, entry);
  }
  return [...latest.values()];
}

/** Open PRs with a `release:<status>` label, then the PR that brought each manifest; each PR once. */
async function releasePullRequests(
  octokit: GitHubClient,
  repo: RepoRef,
  history: { branch: string; manifests: Map<string, Manifest> },
  max: number,
): Promise<{ list: ReleasePullRequest[]; truncated: boolean }> {
  const list: ReleasePullRequest[] = [];
  const numbers = new Set<number>();
  for (const pr of await listOpenPullRequests(octokit, repo)) {
    if (!pr.labels.some(isStatusLabel)) continue;
    if (list.length >= max) return { list, truncated: true };
    const statuses = STATUSES.filter((status) => pr.labels.some((label) => label.toLowerCase() === `release:${status}`));
    numbers.add(pr.number);
    list.push({ number: pr.number, headSha: pr.headSha, ...(statuses.length === 1 ? { labelStatus: statuses[0]! } : {}) });
  }
  for (const path of history.manifests.keys()) {
    if (list.length >= max) return { list, truncated: true };
    const commit = await lastCommitTouching(octokit, repo, path, history.branch);
    const merged = commit ? (await pullRequestsForCommit(octokit, repo, commit)).filter((pr) => pr.merged) : [];
    const pr = merged.sort((a, b) => (b.mergedAt ?? "").localeCompare(a.mergedAt ?? ""))[0];
    if (!pr || numbers.has(pr.number)) continue;
    numbers.add(pr.number);
    list.push({ number: pr.number, headSha: pr.headSha, path });
  }
  return { list, truncated: false };
}
