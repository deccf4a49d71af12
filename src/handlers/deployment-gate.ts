import type { Context } from "probot";
import { reviewDeployment } from "../app/deployment-gate.js";
import type { AppServices } from "../app/services.js";
import { webhookHandler, type Handled } from "./delivery.js";
import { deploymentProtectionRulePayload, type DeploymentProtectionRulePayload } from "./payloads.js";

/**
 * docs/reference/deployment-gate.md: GitHub asks the app, as a custom deployment protection rule,
 * whether a deployment may go ahead. The commit judged is the deployment's, and the answer goes
 * to the workflow run named in the callback URL (the payload's schema makes sure it names one).
 */
export const onDeploymentProtectionRule = webhookHandler(
  deploymentProtectionRulePayload,
  async (services: AppServices, context: Context<"deployment_protection_rule.requested">, payload: DeploymentProtectionRulePayload): Promise<Handled> => {
    const { environment, deployment_callback_url: callback, deployment } = payload;
    const decision = await reviewDeployment(
      { services, octokit: context.octokit, repo: context.repo() },
      { environment, runId: callback.runId, ...(deployment ? { sha: deployment.sha, deploymentId: deployment.id } : {}) },
    );
    return { outcome: `deployment to ${environment}: ${decision.state}` };
  },
);
