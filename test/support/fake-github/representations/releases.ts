/** Releases. */
import type { RestEndpointMethodTypes } from "@octokit/rest";
import { fullName, type FakeGitHubState, type FakeRelease } from "../state.js";
import { userJson } from "./accounts.js";
import { nodeId, type SandboxUrls } from "./common.js";

export type ReleaseJson = RestEndpointMethodTypes["repos"]["getRelease"]["response"]["data"];

export function releaseJson(state: FakeGitHubState, release: FakeRelease, urls: SandboxUrls): ReleaseJson {
  const api = `${urls.api}/repos/${fullName(release.repo)}`;
  const web = `${urls.web}/${fullName(release.repo)}`;
  return {
    url: `${api}/releases/${release.id}`,
    html_url: release.draft ? `${web}/releases/tag/untagged-${release.id}` : `${web}/releases/tag/${encodeURIComponent(release.tagName)}`,
    assets_url: `${api}/releases/${release.id}/assets`,
    upload_url: `${urls.web}/uploads/repos/${fullName(release.repo)}/releases/${release.id}/assets{?name,label}`,
    tarball_url: `${api}/tarball/${encodeURIComponent(release.tagName)}`,
    zipball_url: `${api}/zipball/${encodeURIComponent(release.tagName)}`,
    id: release.id,
    node_id: nodeId("Release", release.id),
    tag_name: release.tagName,
    target_commitish: release.targetCommitish,
    name: release.name,
    body: release.body,
    draft: release.draft,
    prerelease: release.prerelease,
    immutable: false,
    created_at: release.createdAt,
    published_at: release.publishedAt,
    updated_at: release.updatedAt,
    author: userJson(state, release.author, urls),
    assets: [],
  };
}
