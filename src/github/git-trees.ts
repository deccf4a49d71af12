import type { FileTree } from "../domain/deployment/shipped.js";
import type { GitHubClient, RepoRef } from "./client.js";

/** GitHub cut the listing short (over 100,000 entries or 7 MB): a manifest could be among the rest. */
export class TruncatedTreeError extends Error {
  constructor(sha: string) {
    super(`GitHub listed only part of the files at ${sha.slice(0, 7)}; a release manifest could be among the rest`);
  }
}

/** Every file at a commit with its blob sha, from one recursive tree listing. */
export async function listFilesAt(octokit: GitHubClient, repo: RepoRef, sha: string): Promise<FileTree> {
  const { data } = await octokit.rest.git.getTree({ ...repo, tree_sha: sha, recursive: "true" });
  if (data.truncated) throw new TruncatedTreeError(sha);
  const files = new Map<string, string>();
  for (const entry of data.tree) {
    if (entry.type === "blob" && entry.path !== undefined && entry.sha !== undefined) files.set(entry.path, entry.sha);
  }
  return files;
}
