import type { GateDecision } from "../domain/deployment/decision.js";
import type { GitHubClient, RepoRef } from "./client.js";

/**
 * How many of an environment's newest deployments are searched for its last successful one. Past
 * that the environment counts as never deployed, so every manifest is judged: stricter, never laxer.
 */
const DEPLOYMENTS_SEARCHED = 30;

export interface PastDeployment {
  id: number;
  sha: string;
}

/**
 * The environment's newest deployment (other than `exceptId`, the one waiting now) that has a
 * `success` status. A deployment a newer one replaced is marked `inactive` after its `success`, so
 * any `success` among its statuses counts, not only the latest status.
 */
export async function findLastSuccessfulDeployment(
  octokit: GitHubClient,
  repo: RepoRef,
  environment: string,
  exceptId?: number,
): Promise<PastDeployment | undefined> {
  const { data: deployments } = await octokit.rest.repos.listDeployments({ ...repo, environment, per_page: DEPLOYMENTS_SEARCHED });
  for (const deployment of deployments) {
    if (deployment.id === exceptId) continue;
    const statuses = await octokit.paginate(octokit.rest.repos.listDeploymentStatuses, { ...repo, deployment_id: deployment.id, per_page: 100 });
    if (statuses.some((status) => status.state === "success")) return { id: deployment.id, sha: deployment.sha };
  }
  return undefined;
}

/**
 * The workflow run a protection rule request belongs to, from its `deployment_callback_url`
 * (`…/repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule`).
 */
export function runIdFromCallbackUrl(callbackUrl: string): number | undefined {
  const match = /\/actions\/runs\/(\d+)\/deployment_protection_rule\/?(?:[?#].*)?$/.exec(callbackUrl);
  const id = match ? Number(match[1]) : Number.NaN;
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/** Approves or rejects the deployment to one environment through GitHub's callback for custom gates. */
export async function answerProtectionRule(
  octokit: GitHubClient,
  repo: RepoRef,
  request: { runId: number; environment: string },
  decision: GateDecision,
): Promise<void> {
  await octokit.rest.actions.reviewCustomGatesForRun({
    ...repo,
    run_id: request.runId,
    environment_name: request.environment,
    state: decision.state,
    comment: decision.comment,
  });
}
