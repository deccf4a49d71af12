/**
 * Labels: the repository's, and those on a pull request or plain issue. Adding and removing emit
 * GitHub's `pull_request.labeled` / `unlabeled` events (`issues.labeled` / `unlabeled` for a plain
 * issue); a new name is created in the repository on first use.
 */
import { notFound, paginate, validationFailed, type ApiRequest, type BodyOf, type Reply, type Routes } from "../http.js";
import { findLabel, labelJson, type LabelJson } from "../representations/repos.js";
import type { FakeIssue, FakeLabel, FakePullRequest } from "../state.js";
import { issuesEvent, pullRequestEvent } from "../webhooks.js";
import type { FakeWorld } from "../world.js";
import { actorLogin, plainIssueFromParams, pullFromParams, repoFromParams } from "./params.js";

const labelTarget = (world: FakeWorld, request: ApiRequest) =>
  plainIssueFromParams(world, request.params) ?? pullFromParams(world, request.params, "issue_number");

function labelEvent(world: FakeWorld, target: FakePullRequest | FakeIssue, action: "labeled" | "unlabeled", sender: string, label: FakeLabel) {
  return "head" in target
    ? pullRequestEvent(world.payloadSource, target, action, { sender, label })
    : issuesEvent(world.payloadSource, target, action, { sender, label });
}

/** The labels on a pull request or issue, in the order they were added. */
function labelsOn(world: FakeWorld, pr: FakePullRequest | FakeIssue): LabelJson[] {
  const repository = world.repository(pr.repo);
  return pr.labels.flatMap((name) => {
    const label = findLabel(repository, name);
    return label ? [labelJson(repository, label, world.urls)] : [];
  });
}

function addLabels(world: FakeWorld, request: ApiRequest): Reply {
  const pr = labelTarget(world, request);
  const body = request.body as { labels?: (string | { name: string })[] } | undefined;
  const names = (body?.labels ?? []).map((label) => (typeof label === "string" ? label : label.name));
  const added = world.applyLabels(pr, names);
  const actor = actorLogin(world, request);
  for (const label of added) world.emit(labelEvent(world, pr, "labeled", actor, label));
  return { status: 200, json: labelsOn(world, pr) };
}

function removeLabel(world: FakeWorld, request: ApiRequest): Reply {
  const pr = labelTarget(world, request);
  const label = world.unapplyLabel(pr, request.params.name ?? "");
  world.emit(labelEvent(world, pr, "unlabeled", actorLogin(world, request), label));
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
  "issues/list-labels-on-issue": (world, request) => paginate(request, labelsOn(world, labelTarget(world, request))),
  "issues/add-labels": addLabels,
  "issues/remove-label": removeLabel,
  "issues/list-labels-for-repo": (world, request) => {
    const repository = repoFromParams(world, request.params);
    return paginate(request, repository.labels.map((label) => labelJson(repository, label, world.urls)));
  },
  "issues/get-label": getLabel,
  "issues/create-label": createLabel,
};
