import { decideDeployment, notGuardedDecision, undeterminedDecision, type GateDecision } from "../domain/deployment/decision.js";
import { judgeShippedRelease } from "../domain/deployment/judge.js";
import { isGuardedEnvironment, shippedManifests } from "../domain/deployment/shipped.js";
import { POLICY_PATH } from "../domain/policy/resolve.js";
import { formatProblem } from "../domain/source/problems.js";
import { describeError } from "../github/client.js";
import { answerProtectionRule, findLastSuccessfulDeployment } from "../github/deployments.js";
import { listFilesAt } from "../github/git-trees.js";
import { loadPolicy } from "../github/policy-loader.js";
import { withRetries } from "../github/retry.js";
import type { RepoScope } from "./pull-request-scope.js";
import { loadRegistriesAt, loadShippedManifests } from "./shipped-releases.js";

/** Back-off before the second and third try of a check GitHub failed (each request is retried by Probot's Octokit too). */
const DEFAULT_RETRY_DELAYS_MS = [2_000, 6_000] as const;

/** What GitHub asks about: a deployment of `sha` to `environment`, answered through workflow run `runId`. */
export interface DeploymentRequest {
  environment: string;
  /** The commit being deployed; absent when GitHub sent no deployment, which cannot be judged. */
  sha?: string;
  runId: number;
  /** The deployment waiting now (left out when looking for the last successful one). */
  deploymentId?: number;
}

/**
 * docs/reference/deployment-gate.md: decides, then answers, and always answers. A check GitHub
 * keeps failing ends in a rejection that gives the reason; the answer itself is retried the same
 * way, and only if it cannot be delivered at all does the error reach Probot's log.
 */
export async function reviewDeployment(scope: RepoScope, request: DeploymentRequest): Promise<GateDecision> {
  const { services, octokit, repo } = scope;
  const delays = services.gateRetryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const retried = (what: string) => (error: unknown, attempt: number) =>
    services.log.warn({ err: error, attempt, environment: request.environment }, `deployment gate: ${what} failed, retrying`);
  let decision: GateDecision;
  try {
    decision = await withRetries(() => judgeDeployment(scope, request), delays, retried("the readiness check"));
  } catch (error) {
    services.log.error({ err: error, environment: request.environment }, "deployment gate: readiness could not be determined");
    decision = undeterminedDecision(request.environment, describeError(error));
  }
  await withRetries(() => answerProtectionRule(octokit, repo, request, decision), delays, retried("answering GitHub"));
  services.log.info({ environment: request.environment, sha: request.sha, state: decision.state }, "deployment gate answered");
  return decision;
}

/** Load → decide: the policy, what the deployment ships, each release at the deployed commit with its PR's ledger. */
async function judgeDeployment(scope: RepoScope, request: DeploymentRequest): Promise<GateDecision> {
  const { services, octokit, repo } = scope;
  const sha = request.sha;
  if (!sha) return undeterminedDecision(request.environment, "GitHub sent no deployment, so there is no commit to judge");
  const loaded = await loadPolicy(octokit, repo, services.policyCache);
  if (!loaded.ok) {
    // Never a laxer default: with a broken policy nobody can say which environments are guarded.
    const problems = loaded.problems.slice(0, 3).map(formatProblem).join("; ");
    return undeterminedDecision(request.environment, `the policy ${POLICY_PATH} is invalid (${problems})`);
  }
  const policy = loaded.policy;
  if (!isGuardedEnvironment(request.environment, policy)) return notGuardedDecision(request.environment, policy.deployment_gate.environments);

  const previous = await findLastSuccessfulDeployment(octokit, repo, request.environment, request.deploymentId);
  const [deployed, before] = await Promise.all([
    listFilesAt(octokit, repo, sha),
    previous ? listFilesAt(octokit, repo, previous.sha) : undefined,
  ]);
  const shipped = await loadShippedManifests(scope, sha, shippedManifests(deployed, before, policy));
  const registries = await loadRegistriesAt(scope, sha, shipped);
  const now = services.now();
  const judgements = shipped.map((manifest) => judgeShippedRelease(manifest, { policy, now, registries }));
  return decideDeployment({ environment: request.environment, sha, ...(previous ? { previousSha: previous.sha } : {}) }, judgements);
}
