import type { ApplicationFunction, ApplicationFunctionOptions, Probot } from "probot";
import { createIdentityResolver } from "./github/identity.js";
import { onDeploymentProtectionRule } from "./handlers/deployment-gate.js";
import { onIssueComment } from "./handlers/issue-comment.js";
import { onMergeGroup } from "./handlers/merge-group.js";
import { onPullRequestClosed } from "./handlers/merged.js";
import { feedRoute } from "./handlers/feed-route.js";
import { onPush } from "./handlers/policy-push.js";
import { onPullRequest, PULL_REQUEST_EVENTS } from "./handlers/pull-request.js";
import { onCheckRunRerequested, onCheckSuiteRerequested } from "./handlers/rerun.js";
import { createServices, type AppServices } from "./app/services.js";
import { handleEachDeliveryOnce } from "./app/deliveries.js";
import { periodOf } from "./coordination/index.js";
import { onSensorComment, onSensorIssue } from "./handlers/sensor.js";
import { sweepAllInstallations, type SweepLimits, type SweepReport } from "./handlers/sweep.js";
import { reviewAllInstallations, reviewRepository, type ReviewRunReport } from "./handlers/weekly-review.js";
import type { WrittenReview } from "./app/weekly-review.js";
import type { RepoRef } from "./github/client.js";
import type { IsoWeek } from "./domain/review/iso-week.js";

export interface AppOptions {
  /** Re-evaluate open release PRs this often (expired waivers turn red); 0 turns the timer off. */
  sweepEveryMinutes?: number;
  /** Receives a function that runs one sweep now (the CLI's `readiness sweep`, the end-to-end tests on the stand-in). */
  onSweeper?: (sweep: (limits?: SweepLimits) => Promise<SweepReport>) => void;
  /** Look for weekly promise reviews that are due this often (docs/reference/promise-review.md#the-hosted-app); 0 turns the timer off. */
  reviewEveryMinutes?: number;
  /** Receives the review runs: every due review now (what a timer tick does), or one repository's for a week (`readiness digest`). */
  onReviewer?: (reviewer: Reviewer) => void;
  /** `REDIS_URL`: coordinate with other replicas through it (docs/reference/running.md#scaling); unset: one replica. */
  redisUrl?: string | undefined;
  /** `READINESS_FEED_TOKENS` (docs/reference/feed.md); the process environment's when left out. */
  feedTokens?: string;
}

export interface Reviewer {
  due: () => Promise<ReviewRunReport>;
  repository: (repo: RepoRef, options: { week?: IsoWeek; token?: boolean }) => Promise<WrittenReview>;
}

/** Wires handlers to events (and the sweep to a timer); nothing else lives here. */
export function createApp(overrides: Partial<AppServices> = {}, options: AppOptions = {}): ApplicationFunction {
  return (app: Probot, probotOptions?: ApplicationFunctionOptions) => {
    const services = createServices(app.log, { identity: createIdentityResolver(app), ...overrides }, { redisUrl: options.redisUrl });
    handleEachDeliveryOnce(app, services.coordinator);
    addFeedRoute(app, services, probotOptions, "feedTokens" in options ? options.feedTokens : process.env.READINESS_FEED_TOKENS);
    app.on([...PULL_REQUEST_EVENTS], (context) => onPullRequest(services, context));
    app.on("pull_request.closed", (context) => onPullRequestClosed(services, context));
    app.on("check_run.rerequested", (context) => onCheckRunRerequested(services, context));
    app.on("check_suite.rerequested", (context) => onCheckSuiteRerequested(services, context));
    app.on("merge_group.checks_requested", (context) => onMergeGroup(services, context));
    app.on("push", (context) => onPush(services, context));
    // Comments on plain issues go to the sensor (docs/reference/sensor.md); on pull requests, to the commands.
    app.on("issue_comment", (context) => (context.payload.issue && !context.payload.issue.pull_request ? onSensorComment : onIssueComment)(services, context));
    app.on("issues.opened", (context) => onSensorIssue(services, context));
    app.on("issues.edited", (context) => onSensorIssue(services, context));
    app.on("deployment_protection_rule.requested", (context) => onDeploymentProtectionRule(services, context));

    options.onSweeper?.((limits) => sweepAllInstallations(app, services, limits));
    const minutes = options.sweepEveryMinutes ?? 0;
    if (minutes > 0) {
      // Once per period across replicas: the first replica whose timer fires in it sweeps.
      const timer = setInterval(() => {
        services.coordinator.runOnce("waiver-sweep", periodOf(new Date(), minutes * 60_000), () => sweepAllInstallations(app, services))
          .then((result) => result.ran && app.log.info({ sweep: result.value }, "swept open release PRs"))
          .catch((error: unknown) => app.log.error({ err: error }, "sweep failed"));
      }, minutes * 60_000);
      timer.unref();
    }

    options.onReviewer?.({ due: () => reviewAllInstallations(app, services), repository: (repo, o) => reviewRepository(app, services, repo, o) });
    const reviewMinutes = options.reviewEveryMinutes ?? 0;
    if (reviewMinutes > 0) {
      // Each repository's review is written once per week across replicas (runOnce inside), on the services' clock.
      setInterval(() => {
        reviewAllInstallations(app, services)
          .then((report) => report.written.length > 0 && app.log.info({ reviews: report }, "wrote weekly promise reviews"))
          .catch((error: unknown) => app.log.error({ err: error }, "weekly promise review failed"));
      }, reviewMinutes * 60_000).unref();
    }
  };
}

/** The feed route needs an HTTP server; run as an Action or by `probot receive` there is none, and nothing to serve. */
function addFeedRoute(app: Probot, services: AppServices, probotOptions: ApplicationFunctionOptions | undefined, tokens: string | undefined): void {
  try {
    probotOptions?.addHandler(feedRoute(app, services, tokens));
  } catch (error) {
    if (!(error instanceof Error && error.message === "No server instance")) throw error;
  }
}

/** The hosted app (`npm start`), sweeping and looking for due reviews hourly unless SWEEP_INTERVAL_MINUTES / REVIEW_INTERVAL_MINUTES say otherwise, on Redis when REDIS_URL is set. */
export default createApp({}, {
  sweepEveryMinutes: Number(process.env.SWEEP_INTERVAL_MINUTES ?? 60),
  reviewEveryMinutes: Number(process.env.REVIEW_INTERVAL_MINUTES ?? 60),
  redisUrl: process.env.REDIS_URL,
});

