/** Deployments and their statuses. */
import type { RestEndpointMethodTypes } from "@octokit/rest";
import { fullName, type FakeDeployment, type FakeDeploymentStatus, type FakeGitHubState } from "../state.js";
import { userJson } from "./accounts.js";
import { nodeId, type SandboxUrls } from "./common.js";

export type DeploymentJson = RestEndpointMethodTypes["repos"]["getDeployment"]["response"]["data"];
export type DeploymentStatusJson = RestEndpointMethodTypes["repos"]["getDeploymentStatus"]["response"]["data"];

export function deploymentJson(state: FakeGitHubState, deployment: FakeDeployment, urls: SandboxUrls): DeploymentJson {
  const api = `${urls.api}/repos/${fullName(deployment.repo)}`;
  return {
    url: `${api}/deployments/${deployment.id}`,
    id: deployment.id,
    node_id: nodeId("Deployment", deployment.id),
    sha: deployment.sha,
    ref: deployment.ref,
    task: "deploy",
    payload: {},
    original_environment: deployment.environment,
    environment: deployment.environment,
    description: null,
    creator: userJson(state, deployment.creator, urls),
    created_at: deployment.createdAt,
    updated_at: deployment.updatedAt,
    statuses_url: `${api}/deployments/${deployment.id}/statuses`,
    repository_url: api,
    transient_environment: false,
    production_environment: deployment.environment.toLowerCase() === "production",
  };
}

export function deploymentStatusJson(state: FakeGitHubState, deployment: FakeDeployment, status: FakeDeploymentStatus, urls: SandboxUrls): DeploymentStatusJson {
  const api = `${urls.api}/repos/${fullName(deployment.repo)}`;
  return {
    url: `${api}/deployments/${deployment.id}/statuses/${status.id}`,
    id: status.id,
    node_id: nodeId("DeploymentStatus", status.id),
    state: status.state,
    creator: userJson(state, status.creator, urls),
    description: "",
    environment: deployment.environment,
    target_url: `${urls.web}/${fullName(deployment.repo)}/actions/runs/${deployment.runId}`,
    log_url: `${urls.web}/${fullName(deployment.repo)}/actions/runs/${deployment.runId}`,
    created_at: status.createdAt,
    updated_at: status.createdAt,
    deployment_url: `${api}/deployments/${deployment.id}`,
    repository_url: api,
  };
}
