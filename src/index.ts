import type { ApplicationFunction, Probot } from "probot";
import { createIdentityResolver } from "./github/identity.js";
import { onMergeGroup } from "./handlers/merge-group.js";
import { onPush } from "./handlers/policy-push.js";
import { onPullRequest, PULL_REQUEST_EVENTS } from "./handlers/pull-request.js";
import { onCheckRunRerequested, onCheckSuiteRerequested } from "./handlers/rerun.js";
import { createServices, type AppServices } from "./handlers/services.js";

/** Wires handlers to events; nothing else lives here. */
export function createApp(overrides: Partial<AppServices> = {}): ApplicationFunction {
  return (app: Probot) => {
    const services = createServices(app.log, { identity: createIdentityResolver(app), ...overrides });
    app.on([...PULL_REQUEST_EVENTS], (context) => onPullRequest(services, context));
    app.on("check_run.rerequested", (context) => onCheckRunRerequested(services, context));
    app.on("check_suite.rerequested", (context) => onCheckSuiteRerequested(services, context));
    app.on("merge_group.checks_requested", (context) => onMergeGroup(services, context));
    app.on("push", (context) => onPush(services, context));
  };
}

export default createApp();
