/**
 * Deployments: an environment's deployments and their statuses, and the callback a custom
 * deployment protection rule answers through.
 */
import { GitHubError, notFound, paginate, type ApiRequest, type BodyOf, type Reply, type Routes } from "../http.js";
import { deploymentJson, deploymentStatusJson } from "../representations/deployments.js";
import { sameName, sameRepo } from "../state.js";
import type { FakeWorld } from "../world.js";
import { actorLogin, repoFromParams } from "./params.js";

/** Newest first, filtered by `sha`, `ref`, `task` and `environment` as GitHub filters them. */
function listDeployments(world: FakeWorld, request: ApiRequest): Reply {
  const repository = repoFromParams(world, request.params);
  const sha = request.query.get("sha");
  const ref = request.query.get("ref");
  const task = request.query.get("task");
  const environment = request.query.get("environment");
  const deployments = world.state.deployments
    .filter((d) => sameRepo(d.repo, repository))
    .filter((d) => !sha || d.sha === sha)
    .filter((d) => !ref || d.ref === ref)
    .filter(() => !task || task === "deploy")
    .filter((d) => !environment || sameName(d.environment, environment))
    .sort((a, b) => b.id - a.id);
  return paginate(request, deployments.map((d) => deploymentJson(world.state, d, world.urls)));
}

/** Newest first. */
function listDeploymentStatuses(world: FakeWorld, request: ApiRequest): Reply {
  const repository = repoFromParams(world, request.params);
  const deployment = world.state.deployments.find((d) => sameRepo(d.repo, repository) && d.id === Number(request.params.deployment_id));
  if (!deployment) throw notFound();
  const statuses = [...deployment.statuses].reverse();
  return paginate(request, statuses.map((status) => deploymentStatusJson(world.state, deployment, status, world.urls)));
}

/**
 * An app's answer to the protection rule of a waiting run. GitHub accepts it only from an app, for
 * a run waiting on the environment, and only once per environment (later answers are refused).
 */
function reviewCustomGatesForRun(world: FakeWorld, request: ApiRequest): Reply {
  const repository = repoFromParams(world, request.params);
  const deployment = world.state.deployments.find((d) => sameRepo(d.repo, repository) && d.runId === Number(request.params.run_id));
  if (!deployment) throw notFound();
  if (request.caller.kind !== "installation") throw new GitHubError(403, "Only a GitHub App can review a custom deployment protection rule");
  const body = request.body as BodyOf<"actions", "reviewCustomGatesForRun">;
  if (!sameName(body.environment_name, deployment.environment)) {
    throw new GitHubError(422, `No pending deployment protection rule for environment ${body.environment_name}`);
  }
  if (deployment.reviews.some((review) => review.state !== null)) {
    throw new GitHubError(422, "The deployment protection rule was already reviewed");
  }
  deployment.reviews.push({
    environment: body.environment_name,
    state: (body as { state?: "approved" | "rejected" }).state ?? null,
    comment: body.comment ?? null,
    by: actorLogin(world, request),
  });
  return { status: 204 };
}

export const deploymentRoutes: Routes = {
  "repos/list-deployments": listDeployments,
  "repos/list-deployment-statuses": listDeploymentStatuses,
  "actions/review-custom-gates-for-run": reviewCustomGatesForRun,
};
