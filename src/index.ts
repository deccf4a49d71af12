import type { ApplicationFunction, Probot } from "probot";
import { createIdentityResolver } from "./github/identity.js";
import { onDeploymentProtectionRule } from "./handlers/deployment-gate.js";
import { onIssueComment } from "./handlers/issue-comment.js";
import { onMergeGroup } from "./handlers/merge-group.js";
import { onPullRequestClosed } from "./handlers/merged.js";
import { onPush } from "./handlers/policy-push.js";
import { onPullRequest, PULL_REQUEST_EVENTS } from "./handlers/pull-request.js";
import { onCheckRunRerequested, onCheckSuiteRerequested } from "./handlers/rerun.js";
import { createServices, type AppServices } from "./app/services.js";
import { sweepAllInstallations, type SweepLimits, type SweepReport } from "./handlers/sweep.js";

export interface AppOptions {
  /** Re-evaluate open release PRs this often (expired waivers turn red); 0 turns the timer off. */
  sweepEveryMinutes?: number;
  /** Receives a function that runs one sweep now (the CLI's `readiness sweep`, the end-to-end tests on the stand-in). */
  onSweeper?: (sweep: (limits?: SweepLimits) => Promise<SweepReport>) => void;
}

/** Wires handlers to events (and the sweep to a timer); nothing else lives here. */
export function createApp(overrides: Partial<AppServices> = {}, options: AppOptions = {}): ApplicationFunction {
  return (app: Probot) => {
    const services = createServices(app.log, { identity: createIdentityResolver(app), ...overrides });
    app.on([...PULL_REQUEST_EVENTS], (context) => onPullRequest(services, context));
    app.on("pull_request.closed", (context) => onPullRequestClosed(services, context));
    app.on("check_run.rerequested", (context) => onCheckRunRerequested(services, context));
    app.on("check_suite.rerequested", (context) => onCheckSuiteRerequested(services, context));
    app.on("merge_group.checks_requested", (context) => onMergeGroup(services, context));
    app.on("push", (context) => onPush(services, context));
    app.on("issue_comment", (context) => onIssueComment(services, context));
    app.on("deployment_protection_rule.requested", (context) => onDeploymentProtectionRule(services, context));

    options.onSweeper?.((limits) => sweepAllInstallations(app, services, limits));
    const minutes = options.sweepEveryMinutes ?? 0;
    if (minutes > 0) {
      const timer = setInterval(() => {
        sweepAllInstallations(app, services)
          .then((report) => app.log.info({ sweep: report }, "swept open release PRs"))
          .catch((error: unknown) => app.log.error({ err: error }, "sweep failed"));
      }, minutes * 60_000);
      timer.unref();
    }
  };
}

/** `probot run ./dist/index.js`: the hosted app, sweeping hourly unless SWEEP_INTERVAL_MINUTES says otherwise. */
export default createApp({}, { sweepEveryMinutes: Number(process.env.SWEEP_INTERVAL_MINUTES ?? 60) });
