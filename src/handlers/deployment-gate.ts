import type { Context } from "probot";
import { reviewDeployment } from "../app/deployment-gate.js";
import type { AppServices } from "../app/services.js";
import { runIdFromCallbackUrl } from "../github/deployments.js";

/**
 * docs/reference/deployment-gate.md: GitHub asks the app, as a custom deployment protection rule,
 * whether a deployment may go ahead. The commit judged is the deployment's, and the answer goes
 * to the workflow run named in the callback URL.
 */
export async function onDeploymentProtectionRule(services: AppServices, context: Context<"deployment_protection_rule.requested">): Promise<void> {
  const { environment, deployment_callback_url: callbackUrl, deployment } = context.payload;
  const runId = callbackUrl ? runIdFromCallbackUrl(callbackUrl) : undefined;
  if (!environment || runId === undefined) {
    // Nothing can be answered without an environment and a run: say so loudly, GitHub will not ask again.
    throw new Error(`deployment_protection_rule without ${environment ? "a usable deployment_callback_url" : "an environment"}: cannot answer it`);
  }
  await reviewDeployment(
    { services, octokit: context.octokit, repo: context.repo() },
    { environment, runId, ...(deployment ? { sha: deployment.sha, deploymentId: deployment.id } : {}) },
  );
}
