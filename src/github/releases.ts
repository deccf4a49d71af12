import type { GitHubClient, RepoRef } from "./client.js";

export interface DraftRelease {
  /** Hidden marker in the body that identifies the release this draft is for. */
  marker: string;
  tagName: string;
  name: string;
  body: string;
  targetCommitish: string;
}

/**
 * Creates the draft GitHub release for a merged release PR, or updates the one made before (found
 * by the hidden marker in its body, reading every page), so a redelivery never duplicates it. A
 * release someone has already published is left alone.
 */
export async function upsertDraftRelease(octokit: GitHubClient, repo: RepoRef, draft: DraftRelease): Promise<{ id: number; written: boolean }> {
  const releases = await octokit.paginate(octokit.rest.repos.listReleases, { ...repo, per_page: 100 });
  const existing = releases.find((r) => (r.body ?? "").includes(draft.marker));
  if (existing) {
    if (!existing.draft || (existing.body === draft.body && existing.name === draft.name)) return { id: existing.id, written: false };
    await octokit.rest.repos.updateRelease({ ...repo, release_id: existing.id, name: draft.name, body: draft.body });
    return { id: existing.id, written: true };
  }
  const { data } = await octokit.rest.repos.createRelease({
    ...repo,
    tag_name: draft.tagName,
    target_commitish: draft.targetCommitish,
    name: draft.name,
    body: draft.body,
    draft: true,
  });
  return { id: data.id, written: true };
}
