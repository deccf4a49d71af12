/**
 * The app's Octokit: Probot's, with rate limits retried as GitHub asks (docs/reference/guarantees.md#retries).
 *
 * Probot 14 hands every client throttle handlers of its own, and its `onSecondaryRateLimit` only
 * logs: a 403 or 429 "secondary rate limit" is never retried, so a delivery that meets one fails.
 * Here Octokit's throttling plugin does the waiting (it reads `retry-after`, or the reset time of
 * a primary limit) and these handlers only decide whether to wait: at most
 * `RATE_LIMIT_RETRIES` times, each wait at most `RATE_LIMIT_MAX_WAIT_SECONDS`; past either the
 * request fails, is logged, and the evaluation fails closed saying so. A 429 is left to the
 * throttle alone: Octokit's retry plugin would otherwise try it again on its own clock, sooner
 * than GitHub asked.
 */
import { ProbotOctokit } from "probot";

type OctokitOptions = NonNullable<ConstructorParameters<typeof ProbotOctokit>[0]>;

/** Retries of one request after a rate limit, before it fails. */
export const RATE_LIMIT_RETRIES = 2;
/** The longest wait (seconds) the app accepts; GitHub's secondary limits usually ask for 60. */
export const RATE_LIMIT_MAX_WAIT_SECONDS = 60;

/** Octokit's retry plugin's default, plus 429 (the throttle's to retry, after `retry-after`). */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];

interface RequestOptions {
  method: string;
  url: string;
}

interface OctokitWithLog {
  log: { warn(obj: object, msg?: string): void; error(obj: object, msg?: string): void };
}

type LimitKind = "secondary" | "primary";

/** Whether to wait `retryAfter` seconds and try again; says in the log either way. */
export function shouldRetryRateLimit(kind: LimitKind, retryAfter: number, options: RequestOptions, octokit: OctokitWithLog, retryCount: number): boolean {
  const facts = { method: options.method, url: options.url, retryAfter, attempt: retryCount + 1, limit: kind };
  if (retryCount < RATE_LIMIT_RETRIES && retryAfter <= RATE_LIMIT_MAX_WAIT_SECONDS) {
    octokit.log.warn(facts, `GitHub ${kind} rate limit: retrying in ${retryAfter} s`);
    return true;
  }
  const why = retryCount >= RATE_LIMIT_RETRIES ? `after ${retryCount} retries` : `GitHub asked to wait ${retryAfter} s, more than ${RATE_LIMIT_MAX_WAIT_SECONDS} s`;
  octokit.log.error(facts, `GitHub ${kind} rate limit: giving up (${why})`);
  return false;
}

type LimitHandler = (retryAfter: number, options: RequestOptions, octokit: OctokitWithLog, retryCount: number) => boolean;
const handlerFor = (kind: LimitKind): LimitHandler => (retryAfter, request, octokit, retryCount) => shouldRetryRateLimit(kind, retryAfter, request, octokit, retryCount);

/** The throttle and retry options the app runs with, over whatever Probot or a caller set. */
export function appRateLimitOptions(options: OctokitOptions): OctokitOptions {
  return {
    ...options,
    retry: { ...(options.retry as object | undefined), doNotRetry: DO_NOT_RETRY },
    throttle: { ...(options.throttle as object | undefined), onSecondaryRateLimit: handlerFor("secondary"), onRateLimit: handlerFor("primary") },
  };
}

/** Probot's Octokit with the app's rate-limit handling: the one the server, the sweep and the Action use. */
export const AppOctokit: typeof ProbotOctokit = ProbotOctokit.defaults(appRateLimitOptions);
