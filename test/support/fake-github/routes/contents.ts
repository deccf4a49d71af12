/** Repository contents: reading files and directories at a ref, and committing a file through the API. */
import type { RestEndpointMethodTypes } from "@octokit/rest";
import { GitHubError, notFound, type ApiRequest, type BodyOf, type Reply, type Routes } from "../http.js";
import { contentEntryJson, contentFileJson, downloadUrl, gitCommitJson } from "../representations/contents.js";
import { blobSha } from "../git.js";
import type { FakeWorld } from "../world.js";
import { actorLogin, repoFromParams } from "./params.js";

/** A file (JSON, or raw text with `Accept: application/vnd.github.raw`) or a directory listing. */
function getContent(world: FakeWorld, request: ApiRequest): Reply {
  const repository = repoFromParams(world, request.params);
  const ref = request.query.get("ref") ?? repository.defaultBranch;
  const sha = world.resolveRef(repository, ref);
  if (!sha) throw notFound(`No commit found for the ref ${ref}`);
  const tree = world.state.commits[sha]?.tree ?? {};
  const path = (request.params.path ?? "").replace(/^\/+|\/+$/g, "");
  const content = tree[path];
  const raw = /application\/vnd\.github(\.v3)?\.raw/.test(request.accept);
  if (content !== undefined) {
    if (raw) return { status: 200, text: content };
    return { status: 200, json: contentFileJson(repository, path, content, ref, world.urls) };
  }
  const prefix = path === "" ? "" : `${path}/`;
  const children = new Map<string, "file" | "dir">();
  for (const filePath of Object.keys(tree)) {
    if (!filePath.startsWith(prefix)) continue;
    const [first, ...rest] = filePath.slice(prefix.length).split("/");
    if (first) children.set(first, rest.length > 0 ? "dir" : "file");
  }
  if (children.size === 0) throw notFound();
  const entries = [...children.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, type]) => {
    const childPath = `${prefix}${name}`;
    return type === "file"
      ? contentEntryJson(repository, childPath, tree[childPath] ?? "", ref, "file", world.urls)
      : contentEntryJson(repository, childPath, "", ref, "dir", world.urls);
  });
  return { status: 200, json: entries };
}

/** Commit one file to a branch; updating an existing file needs its blob sha, as on GitHub. */
function createOrUpdateFileContents(world: FakeWorld, request: ApiRequest): Reply {
  const repository = repoFromParams(world, request.params);
  const body = request.body as BodyOf<"repos", "createOrUpdateFileContents">;
  const branch = body.branch ?? repository.defaultBranch;
  const path = request.params.path ?? "";
  const parentSha = repository.branches[branch];
  if (!parentSha) throw notFound(`Branch ${branch} not found`);
  const existing = world.state.commits[parentSha]?.tree[path];
  if (existing !== undefined) {
    if (body.sha === undefined) throw new GitHubError(422, `Invalid request.\n\n"sha" wasn't supplied.`);
    if (body.sha !== blobSha(existing)) throw new GitHubError(409, `${path} does not match ${body.sha}`);
  }
  const content = Buffer.from(body.content, "base64").toString("utf8");
  const actor = actorLogin(world, request);
  const commit = world.writeCommit(repository, branch, { [path]: content }, {
    message: body.message,
    author: actor,
    ...(body.author ? { authorIdentity: body.author } : {}),
    ...(body.committer ? { committerIdentity: body.committer } : {}),
  });
  for (const event of world.pushEvents(repository, branch, parentSha, [commit], actor)) world.emit(event);
  return {
    status: existing === undefined ? 201 : 200,
    json: {
      content: { ...contentEntryJson(repository, path, content, branch, "file", world.urls), download_url: downloadUrl(repository, path, branch, world.urls) },
      commit: gitCommitJson(repository, commit, world.urls),
    } satisfies RestEndpointMethodTypes["repos"]["createOrUpdateFileContents"]["response"]["data"],
  };
}

export const contentRoutes: Routes = {
  "repos/get-content": getContent,
  "repos/create-or-update-file-contents": createOrUpdateFileContents,
};
