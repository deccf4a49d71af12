import { appendFile, readFile } from "node:fs/promises";
import { Probot, ProbotOctokit } from "probot";
import { createApp } from "../index.js";
import { describeError, httpStatusOf, type GitHubClient, type RepoRef } from "../github/client.js";
import { AppOctokit } from "../github/octokit.js";
import { getLivePullRequest } from "../github/pull-request.js";
import { pullRequestScope } from "../app/pull-request-scope.js";
import { reportReadiness } from "../app/report-readiness.js";
import { createServices, type AppServices } from "../app/services.js";
import type { SweepReport } from "../handlers/sweep.js";
import { readActionEnvironment, type ActionEnvironment } from "./environment.js";
import { planEvent, type EventPlan } from "./events.js";
import { actionIdentity } from "./identity.js";
import { judgePullRequest } from "./judge.js";
import {
  adviceFor, describeWrite, exitCodeFor, failureText, overallResult, releasesOf, renderJobSummary, resultOf,
  type PullRequestJudgement, type RunOutcome, type SensedIssue, type WriteFailure,
} from "./outcome.js";
import { sweepRepository } from "./sweep-repository.js";
import { formatOutput, workflowCommand } from "./workflow-commands.js";

export interface ActionIo {
  env: Readonly<Record<string, string | undefined>>;
  /** Where the log and workflow commands go (the runner reads stdout). */
  stdout: { write(text: string): unknown };
  /** Probot's Octokit, replaced in tests (retries and throttling off). */
  Octokit?: typeof ProbotOctokit;
}

/**
 * The GitHub Action (docs/action.md): one run handles the event that started the workflow with the same
 * handlers as the hosted app, or sweeps the repository's open release PRs, then writes the
 * `result` and `releases` outputs and the job summary. Every read of the environment, every file
 * written and every error handled is here. Returns the exit code.
 */
export async function runAction(io: ActionIo): Promise<number> {
  const log = (line: string) => io.stdout.write(`${line}\n`);
  const fail = (message: string) => {
    io.stdout.write(workflowCommand("error", message));
    return 1;
  };
  const read = readActionEnvironment(io.env);
  if (!read.ok) {
    for (const problem of read.problems) fail(problem);
    return 1;
  }
  const environment = read.environment;
  let payload: unknown;
  try {
    payload = JSON.parse(await readFile(environment.eventPath, "utf8"));
  } catch (error) {
    return fail(`cannot read the event payload at ${environment.eventPath}: ${describeError(error)}`);
  }
  const plan = planEvent(environment.eventName, payload);
  if (plan.kind === "unsupported") return fail(plan.reason);

  try {
    const outcome = await execute(environment, plan, payload, io, log);
    report(outcome, plan, log, io);
    await publish(environment, outcome);
    return exitCodeFor(outcome, environment.failOnNotReady);
  } catch (error) {
    return fail(`Release readiness failed: ${describeError(error)}`);
  }
}

/** The app as one run of the Action has it: Probot with the workflow's token, and what it observed. */
interface ActionApp {
  services: AppServices;
  octokit: GitHubClient;
  probot: Probot;
  /** The report worked out for each PR the handlers evaluated, by number. */
  reports: Map<number, PullRequestJudgement>;
  /** Writes GitHub refused (a fork's read-only token, missing permissions). */
  writeFailures: WriteFailure[];
  /** What the support sensor did with the issue of an `issues` or `issue_comment` event. */
  sensed: SensedIssue[];
}

async function startApp(environment: ActionEnvironment, io: ActionIo): Promise<ActionApp> {
  const probot = new Probot({
    githubToken: environment.token,
    baseUrl: environment.apiUrl,
    logLevel: environment.logLevel,
    Octokit: io.Octokit ?? octokitFor(environment.apiUrl),
  });
  // With a token, every event's client is this one Octokit, so one hook sees every refused write.
  const octokit: GitHubClient = await probot.auth();
  const writeFailures: WriteFailure[] = [];
  octokit.hook.error("request", (error, options) => {
    const method = String(options.method ?? "GET").toUpperCase();
    if (method !== "GET" && method !== "HEAD") writeFailures.push(writeFailureOf(error, method, String(options.url ?? ""), environment.apiUrl));
    throw error;
  });

  const reports = new Map<number, PullRequestJudgement>();
  const sensed: SensedIssue[] = [];
  const identity = actionIdentity();
  const services: AppServices = createServices(probot.log, {
    identity: async () => identity,
    onReport: ({ pr, report }) => reports.set(pr.number, { number: pr.number, kind: "report", pr, report }),
    onSensed: ({ issue, outcome }) => sensed.push({ issue, outcome }),
  });
  // The handlers get these very services (caches, queue, observer), so what they report is seen here.
  await probot.load(createApp(services));
  return { services, octokit, probot, reports, writeFailures, sensed };
}

async function execute(
  environment: ActionEnvironment,
  plan: Exclude<EventPlan, { kind: "unsupported" }>,
  payload: unknown,
  io: ActionIo,
  log: (line: string) => void,
): Promise<RunOutcome> {
  const app = await startApp(environment, io);
  return plan.kind === "sweep" ? sweep(environment, app) : handleEvent(environment, plan, payload, app, log);
}

/** `schedule` and `workflow_dispatch`: the repository's open release PRs, as the hosted app's sweep. */
async function sweep(environment: ActionEnvironment, app: ActionApp): Promise<RunOutcome> {
  const errors: string[] = [];
  let report: SweepReport | undefined;
  try {
    report = await sweepRepository(app.services, app.octokit, environment.repository);
  } catch (error) {
    errors.push(...errorMessages(error));
  }
  return {
    eventName: environment.eventName,
    repository: environment.repository,
    sweep: report ?? { repositories: 0, evaluated: 0, writes: 0, failures: [], truncated: false, rateLimited: 0 },
    judgements: [...app.reports.values()],
    writeFailures: app.writeFailures,
    writeAdvice: adviceFor(app.writeFailures, environment.eventName, false),
    errors,
  };
}

/** A webhook-like event: the app's handlers run on it, then every PR it concerns is judged. */
async function handleEvent(
  environment: ActionEnvironment,
  plan: Extract<EventPlan, { kind: "webhook" }>,
  payload: unknown,
  app: ActionApp,
  log: (line: string) => void,
): Promise<RunOutcome> {
  const { services, octokit, reports, writeFailures } = app;
  const repo = environment.repository;
  const errors: string[] = [];
  const keep = (error: unknown) => errors.push(...errorMessages(error));

  log(`Release readiness: handling ${environment.eventName}${environment.eventName !== plan.name ? ` as ${plan.name}` : ""} for ${repo.owner}/${repo.repo}`);
  if (plan.fromFork && environment.eventName === "pull_request") {
    log("The pull request comes from a fork: GitHub gives such pull_request runs a read-only token, so writes may be refused; the verdict still goes to the job summary and the exit code.");
  }
  try {
    await app.probot.receive({ id: environment.runId, name: plan.name, payload } as Parameters<Probot["receive"]>[0]);
  } catch (error) {
    // Writes GitHub refused are reported with the outcome, not as errors: the verdict is known.
    keep(withoutWriteErrors(error));
  }
  if (plan.name === "issues" || (plan.name === "issue_comment" && plan.pullRequests.length === 0)) {
    // The support sensor's: what it could not write (its labels, comment, a correction) fails the run.
    if (writeFailures.length > 0) errors.push("the sensor's labels, comment or correction could not be written: GitHub refused writes (listed above)");
  } else if (plan.name === "issue_comment" && writeFailures.length > 0) {
    // A command whose writes were refused is not recorded: the verdict is read back from GitHub
    // as it stands, and the run fails, so the commenter can tell.
    errors.push("the comment's commands could not be recorded: GitHub refused writes (listed above)");
    reports.clear();
  } else if (plan.name === "issue_comment") {
    for (const number of plan.pullRequests) {
      try {
        await evaluateNewHead(services, octokit, repo, number, reports.get(number), log);
      } catch (error) {
        keep(withoutWriteErrors(error));
      }
    }
  }
  const judgements: PullRequestJudgement[] = [];
  for (const number of plan.pullRequests) judgements.push(reports.get(number) ?? (await judgePullRequest(services, octokit, repo, number)));
  if (plan.name === "merge_group" && plan.pullRequests.length === 0) {
    judgements.push({ number: 0, kind: "undetermined", error: "could not tell which pull requests are in the merge group" });
  }
  return {
    eventName: environment.eventName,
    repository: repo,
    judgements,
    writeFailures,
    writeAdvice: adviceFor(writeFailures, environment.eventName, plan.fromFork),
    errors,
    gates: plan.gates,
    ...(app.sensed.length > 0 ? { sensed: app.sensed } : {}),
  };
}

/**
 * A push made with `GITHUB_TOKEN` starts no workflow, so after a `/readiness status` command
 * committed to the PR's branch, this run evaluates the new head itself (what the hosted app does
 * on the `synchronize` event that push causes), carrying the ledger from the head it came from.
 */
async function evaluateNewHead(
  services: AppServices,
  octokit: GitHubClient,
  repo: RepoRef,
  number: number,
  seen: PullRequestJudgement | undefined,
  log: (line: string) => void,
): Promise<void> {
  if (seen?.kind !== "report") return;
  const live = await getLivePullRequest(octokit, repo, number);
  if (live.head.sha === seen.pr.head.sha) return;
  log(`#${number} has a new head ${live.head.sha.slice(0, 7)} (its push starts no workflow): evaluating it in this run`);
  await reportReadiness(pullRequestScope({ services, octokit, repo }, number), {
    previousHeadSha: seen.pr.head.sha,
    headShaHint: live.head.sha,
    payloadLabels: live.labels,
  });
}

/** The log: one line per PR, an annotation per refused write, the advice, the errors. */
function report(outcome: RunOutcome, plan: EventPlan, log: (line: string) => void, io: ActionIo): void {
  for (const judgement of outcome.judgements) {
    const title = judgement.kind === "report" ? ` ${judgement.pr.title}` : "";
    const detail = judgement.kind === "undetermined" ? `: ${judgement.error}` : "";
    log(`Release readiness for #${judgement.number}${title}: ${resultOf(judgement)}${detail}`);
  }
  if (outcome.sweep) {
    const s = outcome.sweep;
    log(`Swept ${s.evaluated} open release PR${s.evaluated === 1 ? "" : "s"} (${s.writes} write${s.writes === 1 ? "" : "s"})${s.truncated ? ", stopped at the limit" : ""}${s.rateLimited ? ", stopped early: the rate limit ran low" : ""}`);
    for (const failure of s.failures) io.stdout.write(workflowCommand("error", `#${failure.number} could not be evaluated: ${failure.error}`));
  } else if (plan.kind === "webhook") {
    for (const { issue, outcome: did } of outcome.sensed ?? []) log(`Support sensor on #${issue}: ${did}`);
    log(`result: ${overallResult(outcome)}`);
  }
  for (const failure of outcome.writeFailures) {
    io.stdout.write(workflowCommand("warning", `Could not write ${describeWrite(failure.path)} (${failure.method} ${failure.path}): ${failureText(failure)}`));
  }
  if (outcome.writeAdvice) io.stdout.write(workflowCommand("warning", outcome.writeAdvice));
  for (const error of outcome.errors) io.stdout.write(workflowCommand("error", error));
}

/** The `result` and `releases` outputs and the job summary, where the runner reads them. */
async function publish(environment: ActionEnvironment, outcome: RunOutcome): Promise<void> {
  if (environment.outputPath) {
    await appendFile(environment.outputPath, formatOutput("result", overallResult(outcome)) + formatOutput("releases", JSON.stringify(releasesOf(outcome.judgements))));
  }
  if (environment.summaryPath) await appendFile(environment.summaryPath, renderJobSummary(outcome));
}

type ProbotOctokitOptions = NonNullable<ConstructorParameters<typeof ProbotOctokit>[0]>;

/**
 * The app's Octokit (src/github/octokit.ts), which spaces writes about a second apart for GitHub's
 * secondary rate limits and retries them after `retry-after`. A REST API on this machine (the
 * local stand-in) has none, so there writes are not spaced.
 */
export function octokitFor(apiUrl: string): typeof ProbotOctokit {
  let host = "";
  try {
    host = new URL(apiUrl).hostname;
  } catch {
    // not a URL: readActionEnvironment refuses it before this is asked
  }
  if (!["127.0.0.1", "localhost", "[::1]"].includes(host)) return AppOctokit;
  return AppOctokit.defaults((options: ProbotOctokitOptions) => ({ ...options, throttle: { enabled: false } }));
}

function writeFailureOf(error: unknown, method: string, url: string, apiUrl: string): WriteFailure {
  const requestUrl = typeof error === "object" && error !== null && "request" in error
    ? String((error as { request?: { url?: unknown } }).request?.url ?? url)
    : url;
  let path = requestUrl;
  try {
    const parsed = new URL(requestUrl, apiUrl);
    const prefix = new URL(apiUrl).pathname.replace(/\/+$/, "");
    path = parsed.pathname.startsWith(`${prefix}/`) ? parsed.pathname.slice(prefix.length) : parsed.pathname;
  } catch {
    // keep the URL as given
  }
  const message = (error instanceof Error ? error.message : String(error)).split("\n")[0]!.replace(/ - https:\/\/docs\.github\.com\S*$/, "");
  const status = httpStatusOf(error);
  return { method, path, ...(status ? { status } : {}), message };
}

const isWriteError = (error: unknown): boolean => {
  if (httpStatusOf(error) === undefined) return false;
  const method = (error as { request?: { method?: unknown } }).request?.method;
  return typeof method === "string" && method !== "GET" && method !== "HEAD";
};

/** Drops the HTTP errors of writes (the hook has them) from what a handler threw. */
function withoutWriteErrors(error: unknown): unknown[] {
  const errors = error instanceof AggregateError ? error.errors : [error];
  return errors.filter((e) => !isWriteError(e));
}

function errorMessages(errors: unknown): string[] {
  const list = Array.isArray(errors) ? errors : [errors];
  return list.flatMap((e) => (e instanceof AggregateError ? e.errors : [e])).map(describeError);
}
