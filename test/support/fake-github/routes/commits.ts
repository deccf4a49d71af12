/** Commits: the history of a ref, optionally of one path and between dates, and a commit's tree. */
import { GitHubError, notFound, paginate, type ApiRequest, type Reply, type Routes } from "../http.js";
import { blobSha } from "../git.js";
import { pullRequestCommitJson, treeSha } from "../representations/contents.js";
import { fullName, type FakeGitHubState } from "../state.js";
import type { FakeWorld } from "../world.js";
import { repoFromParams } from "./params.js";

/**
 * The commits reachable from `sha`, nearest first, with git's default history simplification for
 * a path: a merge whose version of the path equals one parent's is followed through that parent
 * only and not listed; any other commit is listed when the path differs from its parent's.
 */
function historyOf(state: FakeGitHubState, start: string, path: string | null): string[] {
  const listed: string[] = [];
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    const sha = queue.shift()!;
    if (seen.has(sha)) continue;
    seen.add(sha);
    const commit = state.commits[sha];
    if (!commit) continue;
    if (path === null) {
      listed.push(sha);
      queue.push(...commit.parents);
      continue;
    }
    const content = commit.tree[path];
    const sameAs = commit.parents.find((parent) => state.commits[parent]?.tree[path] === content);
    if (sameAs !== undefined) {
      queue.push(sameAs);
      continue;
    }
    if (content !== undefined || commit.parents.length > 0) listed.push(sha);
    queue.push(...commit.parents);
  }
  return listed;
}

function listCommits(world: FakeWorld, request: ApiRequest): Reply {
  const repository = repoFromParams(world, request.params);
  const ref = request.query.get("sha") ?? repository.defaultBranch;
  const sha = world.resolveRef(repository, ref);
  if (!sha) throw notFound(`No commit found for SHA: ${ref}`);
  // GitHub's `since` and `until` compare the commit's (committer) date, both ends inclusive.
  const since = request.query.get("since");
  const until = request.query.get("until");
  const dated = (commitSha: string) => Date.parse(world.state.commits[commitSha]?.committer.date ?? "");
  const shas = historyOf(world.state, sha, request.query.get("path"))
    .filter((commitSha) => (!since || dated(commitSha) >= Date.parse(since)) && (!until || dated(commitSha) <= Date.parse(until)));
  return paginate(request, shas.map((commitSha) => pullRequestCommitJson(world.state, repository, commitSha, world.urls)));
}

/** A commit's files as one recursive tree (the stand-in keeps flat trees, so `recursive` is the only form served). */
function getTree(world: FakeWorld, request: ApiRequest): Reply {
  const repository = repoFromParams(world, request.params);
  const wanted = request.params.tree_sha ?? "";
  const sha = world.resolveRef(repository, wanted)
    ?? Object.keys(world.state.commits).find((candidate) => treeSha(world.state.commits[candidate]) === wanted);
  const commit = sha ? world.state.commits[sha] : undefined;
  if (!commit) throw notFound();
  if (!request.query.has("recursive")) throw new GitHubError(422, "The sandbox serves only recursive trees; pass recursive=true");
  const api = `${world.urls.api}/repos/${fullName(repository)}`;
  const tree = Object.keys(commit.tree).sort().map((path) => {
    const blob = blobSha(commit.tree[path] ?? "");
    return { path, mode: "100644", type: "blob", sha: blob, size: Buffer.byteLength(commit.tree[path] ?? ""), url: `${api}/git/blobs/${blob}` };
  });
  return { status: 200, json: { sha: treeSha(commit), url: `${api}/git/trees/${treeSha(commit)}`, truncated: false, tree } };
}

export const commitRoutes: Routes = {
  "repos/list-commits": listCommits,
  "git/get-tree": getTree,
};
