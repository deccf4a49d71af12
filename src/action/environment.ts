import type { RepoRef } from "../github/client.js";

/** What a run of the Action is told by GitHub: the event, the repository, the inputs, where outputs go. */
export interface ActionEnvironment {
  /** `GITHUB_EVENT_NAME` as Actions spells it (`pull_request_target`, `schedule`, …). */
  eventName: string;
  /** `GITHUB_EVENT_PATH`: the event's payload, a JSON file. */
  eventPath: string;
  repository: RepoRef;
  /** `GITHUB_API_URL`: the REST base (`https://api.github.com`, or `https://HOST/api/v3` on GitHub Enterprise Server). */
  apiUrl: string;
  /** The `github-token` input, else `GITHUB_TOKEN`. */
  token: string;
  failOnNotReady: boolean;
  /** `GITHUB_RUN_ID`, used as the delivery id Probot logs. */
  runId: string;
  /** `GITHUB_OUTPUT` and `GITHUB_STEP_SUMMARY`, absent outside a runner. */
  outputPath?: string;
  summaryPath?: string;
  logLevel: "trace" | "debug" | "info" | "warn" | "error" | "fatal";
}

export type EnvironmentResult = { ok: true; environment: ActionEnvironment } | { ok: false; problems: string[] };

const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"] as const;

/**
 * An input as the runner passes it: `INPUT_<NAME>` with the name upper-cased and spaces turned into
 * underscores (hyphens stay: `github-token` arrives as `INPUT_GITHUB-TOKEN`), trimmed like
 * `@actions/core` does.
 */
export function actionInput(env: Readonly<Record<string, string | undefined>>, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim();
}

/** A boolean input in the YAML 1.2 core spellings `@actions/core` accepts; empty means the default. */
export function booleanInput(value: string, fallback: boolean): boolean | undefined {
  if (value === "") return fallback;
  if (["true", "True", "TRUE"].includes(value)) return true;
  if (["false", "False", "FALSE"].includes(value)) return false;
  return undefined;
}

/** Reads and checks the environment GitHub sets for a JavaScript action; every problem is named at once. */
export function readActionEnvironment(env: Readonly<Record<string, string | undefined>>): EnvironmentResult {
  const problems: string[] = [];
  const eventName = env.GITHUB_EVENT_NAME ?? "";
  const eventPath = env.GITHUB_EVENT_PATH ?? "";
  if (!eventName) problems.push("GITHUB_EVENT_NAME is not set: run this as a step of a GitHub Actions workflow");
  if (!eventPath) problems.push("GITHUB_EVENT_PATH is not set: run this as a step of a GitHub Actions workflow");

  const [owner, repo, ...rest] = (env.GITHUB_REPOSITORY ?? "").split("/");
  if (!owner || !repo || rest.length > 0) problems.push(`GITHUB_REPOSITORY must be owner/name, not "${env.GITHUB_REPOSITORY ?? ""}"`);

  const token = actionInput(env, "github-token") || (env.GITHUB_TOKEN ?? "").trim();
  if (!token) problems.push("no token: the github-token input is empty and GITHUB_TOKEN is not set");

  const failText = actionInput(env, "fail-on-not-ready");
  const failOnNotReady = booleanInput(failText, true);
  if (failOnNotReady === undefined) problems.push(`fail-on-not-ready must be true or false, not "${failText}"`);

  const apiUrl = (env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, "");
  if (!/^https?:\/\/[^/]+/.test(apiUrl)) problems.push(`GITHUB_API_URL must be an http(s) URL, not "${apiUrl}"`);

  const requestedLevel = (env.LOG_LEVEL ?? "").toLowerCase();
  const logLevel = env.RUNNER_DEBUG === "1"
    ? "debug"
    : (LOG_LEVELS as readonly string[]).includes(requestedLevel) ? (requestedLevel as ActionEnvironment["logLevel"]) : "info";

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    environment: {
      eventName,
      eventPath,
      repository: { owner: owner!, repo: repo! },
      apiUrl,
      token,
      failOnNotReady: failOnNotReady!,
      runId: env.GITHUB_RUN_ID || `local-${Date.now()}`,
      ...(env.GITHUB_OUTPUT ? { outputPath: env.GITHUB_OUTPUT } : {}),
      ...(env.GITHUB_STEP_SUMMARY ? { summaryPath: env.GITHUB_STEP_SUMMARY } : {}),
      logLevel,
    },
  };
}
