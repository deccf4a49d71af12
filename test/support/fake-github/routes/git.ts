/** Git data and history: a commit's whole tree (`GET /repos/{owner}/{repo}/git/trees/{tree_sha}`) and the commits that touched a path. */
import type { RestEndpointMethodTypes } from "@octokit/rest";
import { blobSha, diffTrees } from "../git.js";
import { notFound, paginate, type ApiRequest, type Reply, type Routes } from "../http.js";
import { pullRequestCommitJson, treeSha } from "../representations/contents.js";
import { fullName } from "../state.js";
import type { FakeWorld } from "../world.js";
import { repoFromParams } from "./params.js";

type TreeJson = RestEndpointMethodTypes["git"]["getTree"]["response"]["data"];

/** The stand-in resolves a branch name or commit sha (GitHub also takes a tree sha); `recursive` lists every file, as GitHub does. */
function getTree(world: FakeWorld, request: ApiRequest): Reply {
  const repository = repoFromParams(world, request.params);
  const sha = world.resolveRef(repository, request.params.tree_sha ?? "");
  const commit = sha ? world.state.commits[sha] : undefined;
  if (!commit) throw notFound();
  const recursive = request.query.has("recursive");
  const api = `${world.urls.api}/repos/${fullName(repository)}/git`;
  const files = Object.entries(commit.tree).sort(([a], [b]) => (a < b ? -1 : 1));
  const directories = [...new Set(files.flatMap(([path]) => path.split("/").slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join("/"))))].sort();
  const entries: TreeJson["tree"] = [
    ...directories.map((path) => ({ path, mode: "040000", type: "tree", sha: blobSha(`tree:${path}`), url: `${api}/trees/${blobSha(`tree:${path}`)}` })),
    ...files.map(([path, content]) => ({ path, mode: "100644", type: "blob", sha: blobSha(content), size: Buffer.byteLength(content), url: `${api}/blobs/${blobSha(content)}` })),
  ].filter((entry) => recursive || !entry.path.includes("/"));
  const json: TreeJson = { sha: treeSha(commit), url: `${api}/trees/${treeSha(commit)}`, tree: entries, truncated: false };
  return { status: 200, json };
}

/** `GET /repos/{owner}/{repo}/commits`: newest first from `sha` (default branch), only commits that changed `path` when given. */
function listCommits(world: FakeWorld, request: ApiRequest): Reply {
  const repository = repoFromParams(world, request.params);
  const start = world.resolveRef(repository, request.query.get("sha") ?? repository.defaultBranch);
  if (!start) throw notFound();
  const path = request.query.get("path");
  const history: string[] = [];
  for (let sha: string | undefined = start; sha; sha = world.state.commits[sha]?.parents[0]) history.push(sha);
  const touched = history.filter((sha) => {
    if (!path) return true;
    const commit = world.state.commits[sha];
    const parent = commit?.parents[0] ? world.state.commits[commit.parents[0]] : undefined;
    return diffTrees(parent?.tree ?? {}, commit?.tree ?? {}).some((change) => change.filename === path || change.previousFilename === path);
  });
  return paginate(request, touched.map((sha) => pullRequestCommitJson(world.state, repository, sha, world.urls)));
}

export const gitRoutes: Routes = {
  "git/get-tree": getTree,
  "repos/list-commits": listCommits,
};
