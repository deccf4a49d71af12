import type { Policy } from "../domain/policy/schema.js";
import type { FileRevision } from "../domain/review/history.js";
import { EVENTS_PATH, PROMISES_PATH } from "../domain/registry/parse.js";
import { compileGlobs } from "../domain/source/path-glob.js";
import type { GitHubClient, RepoRef } from "./client.js";
import { commitsTouching, type TouchingCommit } from "./commits.js";
import { readFileAt, type FileRead } from "./contents.js";

/** How many of each manifest's latest revisions are read for its status changes (docs/reference/feed.md#the-hosted-route). */
export const FEED_HISTORY_DEPTH = 10;

/** A manifest's latest revisions, oldest first, and whether they reach back to the file's first commit. */
export interface ManifestHistory {
  /** The commit that last changed the manifest (null when GitHub lists none). */
  lastCommit: string | null;
  revisions: FileRevision[];
  fromStart: boolean;
}

/** What the readiness feed is built from, as read from the default branch (docs/reference/feed.md#the-hosted-route). */
export interface FeedSources {
  /** The commit the files were read at, so every file comes from one state of the branch. */
  sha: string;
  manifests: Array<{ path: string; read: FileRead; changed: string | null; history: ManifestHistory }>;
  promises: FileRead;
  events: FileRead;
}

/** GitHub lists at most this many tree entries; beyond that a manifest could hide in what it leaves out. */
export class TruncatedTreeError extends Error {
  override name = "TruncatedTreeError";
}

/**
 * Reads the default branch: its head commit, the files in its tree that match the policy's
 * `manifests` globs, each manifest's text and its latest commits (for when it last changed and
 * how its status moved), and the two registries. Costs 1 request for the head + 1 for the tree +
 * 2 per manifest + 1 per earlier revision read (at most `historyDepth` - 1) + 2 for the registries.
 */
export async function loadFeedSources(
  octokit: GitHubClient,
  repo: RepoRef,
  defaultBranch: string,
  policy: Policy,
  historyDepth = FEED_HISTORY_DEPTH,
): Promise<FeedSources> {
  const { data: head } = await octokit.rest.repos.listCommits({ ...repo, sha: defaultBranch, per_page: 1 });
  const sha = head[0]?.sha;
  if (!sha) throw new Error(`${repo.owner}/${repo.repo} has no commit on ${defaultBranch}`);
  const { data: tree } = await octokit.rest.git.getTree({ ...repo, tree_sha: sha, recursive: "true" });
  if (tree.truncated) throw new TruncatedTreeError(`the tree of ${repo.owner}/${repo.repo} at ${sha} is too large for GitHub to list in full`);
  const isManifest = compileGlobs(policy.manifests);
  const paths = tree.tree.flatMap((entry) => (entry.type === "blob" && entry.path && isManifest(entry.path) ? [entry.path] : [])).sort();
  const [manifests, promises, events] = await Promise.all([
    Promise.all(paths.map(async (path) => {
      const [read, commits] = await Promise.all([
        readFileAt(octokit, repo, path, sha),
        commitsTouching(octokit, repo, path, { sha, max: historyDepth }).then((found) => found.commits),
      ]);
      const history = await historyOf(octokit, repo, path, read, commits, historyDepth);
      return { path, read, changed: commits[0]?.at ?? null, history };
    })),
    readFileAt(octokit, repo, PROMISES_PATH, sha),
    readFileAt(octokit, repo, EVENTS_PATH, sha),
  ]);
  return { sha, manifests, promises, events };
}

/**
 * The manifest at each of its latest commits, oldest first. The newest one is the file as read at
 * the head (no later commit changed it); a revision too large or not text to read is left out.
 */
async function historyOf(
  octokit: GitHubClient,
  repo: RepoRef,
  path: string,
  head: FileRead,
  commits: readonly TouchingCommit[],
  depth: number,
): Promise<ManifestHistory> {
  const reads = await Promise.all(commits.map((commit, index) => (index === 0 ? head : readFileAt(octokit, repo, path, commit.sha))));
  const revisions = commits.flatMap((commit, index): FileRevision[] => {
    const read = reads[index]!;
    if (commit.at === null || (read.kind !== "text" && read.kind !== "missing")) return [];
    return [{ commit: commit.sha, at: commit.at, text: read.kind === "text" ? read.text : null }];
  }).reverse();
  return { lastCommit: commits[0]?.sha ?? null, revisions, fromStart: commits.length < depth };
}
