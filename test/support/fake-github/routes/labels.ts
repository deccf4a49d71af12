/**
 * Labels: the repository's, and those on a pull request. Adding and removing emit GitHub's
 * `pull_request.labeled` / `unlabeled` events; a new name is created in the repository on first use.
 */
import { notFound, paginate, validationFailed, type ApiRequest, type BodyOf, type Reply, type Routes } from "../http.js";
import { findLabel, labelJson, type LabelJson } from "../representations/repos.js";
import type { FakePullRequest } from "../state.js";
import { pullRequestEvent } from "../webhooks.js";
import type { FakeWorld } from "../world.js";
import { actorLogin, pullFromParams, repoFromParams } from "./params.js";

/** The labels on a pull request, in the order they were added. */
function labelsOn(world: FakeWorld, pr: FakePullRequest): LabelJson[] {
  const repository = world.repository(pr.repo);
  return pr.labels.flatMap((name) => {
    const label = findLabel(repository, name);
    return label ? [labelJson(repository, label, world.urls)] : [];
  });
}

function addLabels(world: FakeWorld, request: ApiRequest): Reply {
  const pr = pullFromParams(world, request.params, "issue_number");
  const body = request.body as { labels?: (string | { name: string })[] } | undefined;
  const names = (body?.labels ?? []).map((label) => (typeof label === "string" ? label : label.name));
  const added = world.applyLabels(pr, names);
  const actor = actorLogin(world, request);
  for (const label of added) world.emit(pullRequestEvent(world.payloadSource, pr, "labeled", { sender: actor, label }));
  return { status: 200, json: labelsOn(world, pr) };
}

function removeLabel(world: FakeWorld, request: ApiRequest): Reply {
  const pr = pullFromParams(world, request.params, "issue_number");
  const label = world.unapplyLabel(pr, request.params.name ?? "");
  world.emit(pullRequestEvent(world.payloadSource, pr, "unlabeled", { sender: actorLogin(world, request), label }));
  return { status: 200, json: labelsOn(world, pr) };
}

function getLabel(world: FakeWorld, request: ApiRequest): Reply {
  const repository = repoFromParams(world, request.params);
  const label = findLabel(repository, request.params.name ?? "");
  if (!label) throw notFound();
  return { status: 200, json: labelJson(repository, label, world.urls) };
}

function createLabel(world: FakeWorld, request: ApiRequest): Reply {
  const repository = repoFromParams(world, request.params);
  const body = request.body as BodyOf<"issues", "createLabel">;
  if (findLabel(repository, body.name)) throw validationFailed("Label", "already_exists", "name");
  const label = world.createLabel({ owner: repository.owner, repo: repository.name, name: body.name, color: (body.color ?? "ededed").replace(/^#/, ""), description: body.description ?? null });
  return { status: 201, json: labelJson(repository, label, world.urls) };
}

export const labelRoutes: Routes = {
  "issues/list-labels-on-issue": (world, request) => paginate(request, labelsOn(world, pullFromParams(world, request.params, "issue_number"))),
  "issues/add-labels": addLabels,
  "issues/remove-label": removeLabel,
  "issues/list-labels-for-repo": (world, request) => {
    const repository = repoFromParams(world, request.params);
    return paginate(request, repository.labels.map((label) => labelJson(repository, label, world.urls)));
  },
  "issues/get-label": getLabel,
  "issues/create-label": createLabel,
};
