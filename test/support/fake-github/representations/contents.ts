/** Files and commits: the contents API's entries, git commits, and the commits of a pull request. */
import type { RestEndpointMethodTypes } from "@octokit/rest";
import { blobSha } from "../git.js";
import { fullName, type FakeCommit, type FakeGitHubState, type FakeRepoKey, type FakeRepository } from "../state.js";
import { userJson } from "./accounts.js";
import type { CheckSuiteJson } from "./checks.js";
import { nodeId, type SandboxUrls } from "./common.js";

export type ContentFileJson = RestEndpointMethodTypes["repos"]["getContent"]["response"]["data"];

/** A file as the contents API returns it: base64 content wrapped at 60 columns like GitHub's. */
export function contentFileJson(repository: FakeRepository, path: string, content: string, ref: string, urls: SandboxUrls): ContentFileJson {
  const base64 = Buffer.from(content, "utf8").toString("base64").replace(/(.{60})/g, "$1\n");
  return { ...contentEntryJson(repository, path, content, ref, "file", urls), type: "file", content: base64, encoding: "base64" };
}

export function downloadUrl(repository: FakeRepository, path: string, ref: string, urls: SandboxUrls): string {
  return `${urls.web}/raw/${fullName(repository)}/${encodeURIComponent(ref)}/${path.split("/").map(encodeURIComponent).join("/")}`;
}

/** One entry of a directory listing (and the fields a file shares with it). */
export function contentEntryJson<Kind extends "file" | "dir">(repository: FakeRepository, path: string, content: string, ref: string, type: Kind, urls: SandboxUrls) {
  const api = `${urls.api}/repos/${fullName(repository)}`;
  const web = `${urls.web}/${fullName(repository)}`;
  const encodedPath = path.split("/").map(encodeURIComponent).join("/");
  const sha = type === "file" ? blobSha(content) : blobSha(`tree:${path}@${ref}`);
  const links = {
    self: `${api}/contents/${encodedPath}?ref=${encodeURIComponent(ref)}`,
    git: `${api}/git/${type === "file" ? "blobs" : "trees"}/${sha}`,
    html: `${web}/${type === "file" ? "blob" : "tree"}/${encodeURIComponent(ref)}/${encodedPath}`,
  };
  return {
    type,
    name: path.split("/").at(-1) ?? path,
    path,
    sha,
    size: type === "file" ? Buffer.byteLength(content) : 0,
    url: links.self,
    git_url: links.git,
    html_url: links.html,
    download_url: type === "file" ? downloadUrl(repository, path, ref, urls) : null,
    _links: links,
  };
}

export type FileCommitJson = RestEndpointMethodTypes["repos"]["createOrUpdateFileContents"]["response"]["data"];

export type GitCommitJson = FileCommitJson["commit"];

export function gitCommitJson(repo: FakeRepoKey, commit: FakeCommit, urls: SandboxUrls): GitCommitJson {
  const api = `${urls.api}/repos/${fullName(repo)}`;
  return {
    sha: commit.sha,
    node_id: nodeId("Commit", commit.sha),
    url: `${api}/git/commits/${commit.sha}`,
    html_url: `${urls.web}/${fullName(repo)}/commit/${commit.sha}`,
    author: commit.author,
    committer: commit.committer,
    message: commit.message,
    tree: { url: `${api}/git/trees/${treeSha(commit)}`, sha: treeSha(commit) },
    parents: commit.parents.map((sha) => ({ url: `${api}/git/commits/${sha}`, html_url: `${urls.web}/${fullName(repo)}/commit/${sha}`, sha })),
    verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
  };
}

/** A stable tree hash for a commit's tree (sandbox trees are not real git trees). */
export function treeSha(commit: FakeCommit | undefined): string {
  if (!commit) return "0".repeat(40);
  return blobSha(JSON.stringify(Object.entries(commit.tree).sort(([a], [b]) => (a < b ? -1 : 1)).map(([p, c]) => [p, blobSha(c)])));
}

/** The `head_commit` shape used by check suites, merge groups and push events. */
export function simpleCommitJson(commit: FakeCommit | undefined, sha: string): CheckSuiteJson["head_commit"] {
  return {
    id: sha,
    tree_id: treeSha(commit),
    message: commit?.message ?? "",
    timestamp: commit?.committer.date ?? "1970-01-01T00:00:00Z",
    author: { name: commit?.author.name ?? "unknown", email: commit?.author.email ?? "unknown@example.com" },
    committer: { name: commit?.committer.name ?? "unknown", email: commit?.committer.email ?? "unknown@example.com" },
  };
}

export type PullRequestCommitJson = RestEndpointMethodTypes["pulls"]["listCommits"]["response"]["data"][number];

/** One entry of `GET /repos/{owner}/{repo}/pulls/{pull_number}/commits`. */
export function pullRequestCommitJson(state: FakeGitHubState, repo: FakeRepoKey, sha: string, urls: SandboxUrls): PullRequestCommitJson {
  const commit = state.commits[sha];
  if (!commit) throw new Error(`sandbox: no commit ${sha}`);
  const api = `${urls.api}/repos/${fullName(repo)}`;
  const user = commit.authorLogin ? userJson(state, commit.authorLogin, urls) : null;
  return {
    url: `${api}/commits/${sha}`,
    sha,
    node_id: nodeId("Commit", sha),
    html_url: `${urls.web}/${fullName(repo)}/commit/${sha}`,
    comments_url: `${api}/commits/${sha}/comments`,
    commit: {
      url: `${api}/git/commits/${sha}`,
      author: commit.author,
      committer: commit.committer,
      message: commit.message,
      comment_count: 0,
      tree: { url: `${api}/git/trees/${treeSha(commit)}`, sha: treeSha(commit) },
    },
    author: user,
    committer: user,
    parents: commit.parents.map((parent) => ({ url: `${api}/commits/${parent}`, sha: parent, html_url: `${urls.web}/${fullName(repo)}/commit/${parent}` })),
  };
}
