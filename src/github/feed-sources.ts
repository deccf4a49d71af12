import type { Policy } from "../domain/policy/schema.js";
import { EVENTS_PATH, PROMISES_PATH } from "../domain/registry/parse.js";
import { compileGlobs } from "../domain/source/path-glob.js";
import type { GitHubClient, RepoRef } from "./client.js";
import { readFileAt, type FileRead } from "./contents.js";

/** What the readiness feed is built from, as read from the default branch (docs/reference/feed.md#the-hosted-route). */
export interface FeedSources {
  /** The commit the files were read at, so every file comes from one state of the branch. */
  sha: string;
  manifests: Array<{ path: string; read: FileRead; changed: string | null }>;
  promises: FileRead;
  events: FileRead;
}

/** GitHub lists at most this many tree entries; beyond that a manifest could hide in what it leaves out. */
export class TruncatedTreeError extends Error {
  override name = "TruncatedTreeError";
}

/**
 * Reads the default branch: its head commit, the files in its tree that match the policy's
 * `manifests` globs, each manifest's text and last commit date, and the two registries. Costs
 * 1 request for the head + 1 for the tree + 2 per manifest + 2 for the registries.
 */
export async function loadFeedSources(octokit: GitHubClient, repo: RepoRef, defaultBranch: string, policy: Policy): Promise<FeedSources> {
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
        octokit.rest.repos.listCommits({ ...repo, sha, path, per_page: 1 }),
      ]);
      const last = commits.data[0]?.commit.committer?.date ?? null;
      return { path, read, changed: last === null ? null : new Date(last).toISOString() };
    })),
    readFileAt(octokit, repo, PROMISES_PATH, sha),
    readFileAt(octokit, repo, EVENTS_PATH, sha),
  ]);
  return { sha, manifests, promises, events };
}
