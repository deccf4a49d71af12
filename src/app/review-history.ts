import { parseManifest } from "../domain/manifest/parse.js";
import type { Manifest } from "../domain/manifest/schema.js";
import type { Policy } from "../domain/policy/schema.js";
import { PROMISES_PATH } from "../domain/registry/parse.js";
import { promiseVersionsOf, statusChangesOf, type FileRevision } from "../domain/review/history.js";
import type { ReviewPromiseVersion, ReviewStatusChange } from "../domain/review/inputs.js";
import { compileGlobs } from "../domain/source/path-glob.js";
import type { GitHubClient, RepoRef } from "../github/client.js";
import { commitsTouching } from "../github/commits.js";
import { readFileAt } from "../github/contents.js";
import { listFilesAt } from "../github/git-trees.js";
import type { ReviewReadLimits } from "./review-issues.js";

export interface ReleaseHistory {
  branch: string;
  /** Each manifest on the default branch now, by path. */
  manifests: Map<string, Manifest>;
  /** Whether a path is a release manifest under the policy's `manifests` globs. */
  isManifest: (path: string) => boolean;
  statusChanges: ReviewStatusChange[];
  promiseVersions: ReviewPromiseVersion[];
  limits: string[];
}

/**
 * Status changes and promise versions from the default branch's history of the manifests and the
 * promise registry (docs/reference/promise-review.md#what-the-hosted-review-reads): one commit
 * listing per file since `since`, and only for a file that changed then, its revisions' text and
 * the one before (where its history starts). A manifest deleted before today is not seen.
 */
export async function gatherReleaseHistory(
  octokit: GitHubClient,
  repo: RepoRef,
  policy: Policy,
  since: Date,
  limits: ReviewReadLimits,
): Promise<ReleaseHistory> {
  const { data: repository } = await octokit.rest.repos.get({ ...repo });
  const branch = repository.default_branch;
  const files = await listFilesAt(octokit, repo, branch);
  const isManifest = compileGlobs(policy.manifests);
  const paths = [...files.keys()].filter(isManifest).sort();
  const history: ReleaseHistory = { branch, manifests: new Map(), isManifest, statusChanges: [], promiseVersions: [], limits: [] };
  if (paths.length > limits.maxManifests) {
    history.limits.push(`only ${limits.maxManifests} of ${paths.length} release manifests were read; status changes of the others are not listed`);
  }
  let cut = 0;
  for (const path of paths.slice(0, limits.maxManifests)) {
    const read = await revisionsOf(octokit, repo, path, branch, since, limits.maxRevisionsPerFile);
    if (read.truncated) cut++;
    const latest = read.revisions.at(-1)?.text ?? (await currentText(octokit, repo, path, branch));
    const parsed = latest === null ? undefined : parseManifest(latest, path);
    if (parsed?.ok) history.manifests.set(path, parsed.manifest);
    history.statusChanges.push(...statusChangesOf(path, read.revisions));
  }
  if (files.has(PROMISES_PATH)) {
    const read = await revisionsOf(octokit, repo, PROMISES_PATH, branch, since, limits.maxRevisionsPerFile);
    if (read.truncated) cut++;
    history.promiseVersions.push(...promiseVersionsOf(PROMISES_PATH, read.revisions));
  }
  if (cut > 0) history.limits.push(`${cut} file${cut === 1 ? "" : "s"} changed more than ${limits.maxRevisionsPerFile} times in the two weeks; only the latest changes were read`);
  return history;
}

/** Oldest first; empty when the file did not change since `since` (nothing to report, nothing read). */
async function revisionsOf(
  octokit: GitHubClient,
  repo: RepoRef,
  path: string,
  branch: string,
  since: Date,
  max: number,
): Promise<{ revisions: FileRevision[]; truncated: boolean }> {
  const recent = await commitsTouching(octokit, repo, path, { sha: branch, since, max });
  if (recent.commits.length === 0) return { revisions: [], truncated: false };
  const before = await commitsTouching(octokit, repo, path, { sha: branch, until: since, max: 1 });
  const commits = [...recent.commits].reverse();
  // The revision before the window is where the history starts; without it a new file is a change from nothing.
  const start = recent.truncated ? [] : before.commits.filter((c) => !commits.some((known) => known.sha === c.sha));
  const revisions: FileRevision[] = [];
  for (const commit of [...start, ...commits]) revisions.push({ commit: commit.sha, at: commit.at ?? new Date(0).toISOString(), text: await currentText(octokit, repo, path, commit.sha) });
  // With no revision before the window, the file is new in it: its first revision is a change from nothing.
  if (start.length === 0 && !recent.truncated) revisions.unshift({ commit: "", at: new Date(0).toISOString(), text: null });
  return { revisions, truncated: recent.truncated };
}

async function currentText(octokit: GitHubClient, repo: RepoRef, path: string, ref: string): Promise<string | null> {
  const read = await readFileAt(octokit, repo, path, ref);
  return read.kind === "text" ? read.text : null;
}
