/**
 * Deployment scenarios: a workflow deploying a commit to an environment whose protection rules
 * include the app (GitHub creates the deployment, waiting, and asks the app), and a deployment
 * that finished, so that it counts as the environment's last successful one.
 */
import { account, nextId, type DeploymentState, type FakeDeployment } from "./state.js";
import { deploymentProtectionRuleEvent, type SandboxWebhookEvent } from "./webhooks.js";
import type { FakeWorld } from "./world.js";

export interface DeploymentOptions {
  owner: string;
  repo: string;
  environment: string;
  /** Branch, sha or ref to deploy; the default branch when omitted. */
  ref?: string;
  /** Who started the workflow. */
  user: string;
}

function createDeployment(world: FakeWorld, options: DeploymentOptions, statuses: DeploymentState[]): FakeDeployment {
  const repository = world.repository({ owner: options.owner, name: options.repo });
  const ref = options.ref ?? repository.defaultBranch;
  const sha = world.resolveRef(repository, ref);
  if (!sha) throw new Error(`sandbox: cannot resolve ${ref}`);
  const now = world.now();
  const creator = account(world.state, "github-actions[bot]", "Bot").login;
  account(world.state, options.user);
  const deployment: FakeDeployment = {
    id: nextId(world.state),
    repo: { owner: repository.owner, name: repository.name },
    sha,
    ref: ref === sha ? sha : ref.replace(/^refs\/heads\//, ""),
    environment: options.environment,
    creator,
    createdAt: now,
    updatedAt: now,
    statuses: statuses.map((state) => ({ id: nextId(world.state), state, creator, createdAt: now })),
    runId: nextId(world.state),
    reviews: [],
  };
  world.state.deployments.push(deployment);
  return deployment;
}

/** A workflow job waits on the environment: the deployment is created and the app is asked. */
export function requestDeployment(world: FakeWorld, options: DeploymentOptions): { deployment: FakeDeployment; event: SandboxWebhookEvent } {
  // Waiting on its protection rules: no status yet.
  const deployment = createDeployment(world, options, []);
  return { deployment, event: deploymentProtectionRuleEvent(world.payloadSource, deployment, { sender: options.user }) };
}

/** A deployment that already went out (queued, in progress, success), as an earlier run left it. */
export function recordSuccessfulDeployment(world: FakeWorld, options: DeploymentOptions): FakeDeployment {
  return createDeployment(world, options, ["queued", "in_progress", "success"]);
}
