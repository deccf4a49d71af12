/** Releases: the app drafts one with the release notes when a release PR merges. */
import { notFound, paginate, validationFailed, type ApiRequest, type BodyOf, type Reply, type Routes } from "../http.js";
import { releaseJson } from "../representations/releases.js";
import { nextId, sameRepo, type FakeRelease } from "../state.js";
import type { FakeWorld } from "../world.js";
import { actorLogin, releaseFromParams, repoFromParams } from "./params.js";

function listReleases(world: FakeWorld, request: ApiRequest): Reply {
  const repository = repoFromParams(world, request.params);
  const releases = world.state.releases.filter((r) => sameRepo(r.repo, repository)).sort((a, b) => b.id - a.id);
  return paginate(request, releases.map((release) => releaseJson(world.state, release, world.urls)));
}

/** Drafts have no tag yet as far as this endpoint is concerned, as on GitHub. */
function getReleaseByTag(world: FakeWorld, request: ApiRequest): Reply {
  const repository = repoFromParams(world, request.params);
  const release = world.state.releases.find((r) => sameRepo(r.repo, repository) && !r.draft && r.tagName === request.params.tag);
  if (!release) throw notFound();
  return { status: 200, json: releaseJson(world.state, release, world.urls) };
}

function createRelease(world: FakeWorld, request: ApiRequest): Reply {
  const repository = repoFromParams(world, request.params);
  const body = request.body as BodyOf<"repos", "createRelease">;
  if (world.state.releases.some((r) => sameRepo(r.repo, repository) && r.tagName === body.tag_name)) {
    throw validationFailed("Release", "already_exists", "tag_name");
  }
  const now = world.now();
  const release: FakeRelease = {
    id: nextId(world.state),
    repo: { owner: repository.owner, name: repository.name },
    tagName: body.tag_name,
    targetCommitish: body.target_commitish ?? repository.defaultBranch,
    name: body.name ?? null,
    body: body.body ?? null,
    draft: body.draft ?? false,
    prerelease: body.prerelease ?? false,
    author: actorLogin(world, request),
    createdAt: now,
    publishedAt: body.draft ? null : now,
    updatedAt: now,
  };
  world.state.releases.push(release);
  return { status: 201, json: releaseJson(world.state, release, world.urls) };
}

/** Publishing a draft (`draft: false`) sets its publication time. */
function updateRelease(world: FakeWorld, request: ApiRequest): Reply {
  const release = releaseFromParams(world, request.params);
  const body = request.body as BodyOf<"repos", "updateRelease">;
  const now = world.now();
  if (body.tag_name !== undefined) release.tagName = body.tag_name;
  if (body.target_commitish !== undefined) release.targetCommitish = body.target_commitish;
  if (body.name !== undefined) release.name = body.name;
  if (body.body !== undefined) release.body = body.body;
  if (body.prerelease !== undefined) release.prerelease = body.prerelease;
  if (body.draft !== undefined) {
    if (release.draft && !body.draft) release.publishedAt = now;
    release.draft = body.draft;
  }
  release.updatedAt = now;
  return { status: 200, json: releaseJson(world.state, release, world.urls) };
}

function deleteRelease(world: FakeWorld, request: ApiRequest): Reply {
  const release = releaseFromParams(world, request.params);
  world.state.releases.splice(world.state.releases.indexOf(release), 1);
  return { status: 204 };
}

export const releaseRoutes: Routes = {
  "repos/list-releases": listReleases,
  "repos/get-release": (world, request) => ({ status: 200, json: releaseJson(world.state, releaseFromParams(world, request.params), world.urls) }),
  "repos/get-release-by-tag": getReleaseByTag,
  "repos/create-release": createRelease,
  "repos/update-release": updateRelease,
  "repos/delete-release": deleteRelease,
};
