/** Pull requests: one, a filtered list, their files and commits, and those a commit belongs to. */
import { GitHubError, paginate, type ApiRequest, type Reply, type Routes } from "../http.js";
import { pullRequestCommitJson } from "../representations/contents.js";
import { diffEntryJson, pullRequestChanges, pullRequestJson } from "../representations/pulls.js";
import { ancestors } from "../git.js";
import { sameRepo, type FakePullRequest } from "../state.js";
import type { FakeWorld } from "../world.js";
import { pullFromParams, repoFromParams } from "./params.js";

function listPullRequests(world: FakeWorld, request: ApiRequest): Reply {
  const repository = repoFromParams(world, request.params);
  const wantedState = request.query.get("state") ?? "open";
  const head = request.query.get("head");
  const base = request.query.get("base");
  const sort = request.query.get("sort") ?? "created";
  const direction = request.query.get("direction") ?? (sort === "created" ? "desc" : "asc");
  const prs = world.state.pullRequests
    .filter((pr) => sameRepo(pr.repo, repository))
    .filter((pr) => wantedState === "all" || pr.state === wantedState)
    .filter((pr) => !head || `${pr.head.repo.owner}:${pr.head.ref}`.toLowerCase() === head.toLowerCase())
    .filter((pr) => !base || pr.base.ref === base)
    .sort((a, b) => {
      const key = (pr: FakePullRequest) => (sort === "updated" ? pr.updatedAt : pr.createdAt) + String(pr.number).padStart(9, "0");
      return (key(a) < key(b) ? -1 : 1) * (direction === "desc" ? -1 : 1);
    });
  return paginate(request, prs.map((pr) => pullRequestJson(world.state, pr, world.urls)));
}

function listFiles(world: FakeWorld, request: ApiRequest): Reply {
  const pr = pullFromParams(world, request.params, "pull_number");
  // GitHub lists at most 3000 files for a pull request.
  const changes = pullRequestChanges(world.state, pr).slice(0, 3000);
  return paginate(request, changes.map((change) => diffEntryJson(pr.repo, pr.head.sha, change, world.urls)));
}

function listCommits(world: FakeWorld, request: ApiRequest): Reply {
  const pr = pullFromParams(world, request.params, "pull_number");
  const onBase = new Set(ancestors(world.state, pr.base.sha));
  // Oldest first, as GitHub lists them; at most 250.
  const shas = ancestors(world.state, pr.head.sha).filter((sha) => !onBase.has(sha)).reverse().slice(0, 250);
  return paginate(request, shas.map((sha) => pullRequestCommitJson(world.state, pr.repo, sha, world.urls)));
}

/** Pull requests whose own commits include the commit, or that it merged. */
function listPullRequestsAssociatedWithCommit(world: FakeWorld, request: ApiRequest): Reply {
  const repository = repoFromParams(world, request.params);
  const sha = world.resolveRef(repository, request.params.commit_sha ?? "");
  if (!sha) throw new GitHubError(422, `No commit found for SHA: ${request.params.commit_sha ?? ""}`);
  const prs = world.state.pullRequests.filter((pr) => {
    if (!sameRepo(pr.repo, repository)) return false;
    if (pr.mergeCommitSha === sha) return true;
    const baseAncestors = new Set(ancestors(world.state, pr.base.sha));
    return ancestors(world.state, pr.head.sha).some((candidate) => candidate === sha && !baseAncestors.has(candidate));
  });
  return paginate(request, prs.map((pr) => pullRequestJson(world.state, pr, world.urls)));
}

export const pullRoutes: Routes = {
  "pulls/get": (world, request) => ({ status: 200, json: pullRequestJson(world.state, pullFromParams(world, request.params, "pull_number"), world.urls) }),
  "pulls/list": listPullRequests,
  "pulls/list-files": listFiles,
  "pulls/list-commits": listCommits,
  "repos/list-pull-requests-associated-with-commit": listPullRequestsAssociatedWithCommit,
};
