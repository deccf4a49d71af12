/**
 * Probot's server for the hosted app: Probot's own `run` (every Probot variable, `.env`, the setup
 * flow without credentials, webhooks at `/api/github/webhooks`, `/ping`) with one difference,
 * REDIS_URL (docs/reference/running.md#scaling). Left to Probot, REDIS_URL gives its rate limiting a
 * Redis client that waits without bound while Redis is away, so every GitHub request hangs and the
 * app cannot even fail its checks saying why. Here Probot is started without it; the app
 * coordinates through its own client (src/coordination), and Probot's rate limiting is shared
 * through `createSharedThrottle`, which falls back to per-replica limits while Redis is away.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseEnv } from "node:util";
import { ProbotOctokit, run, type ApplicationFunction } from "probot";
import { AppOctokit } from "./octokit.js";
import type { CoordinationLog } from "../coordination/coordinator.js";
import { createSharedThrottle, type SharedThrottle } from "../coordination/shared-throttle.js";

type OctokitOptions = NonNullable<ConstructorParameters<typeof ProbotOctokit>[0]>;

/** What Probot's own start does with `.env` first: its values are put into the environment. */
function applyDotEnv(): void {
  try {
    Object.assign(process.env, parseEnv(readFileSync(join(process.cwd(), ".env"), "utf8")));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

/**
 * The app's Octokit (./octokit.ts) with its rate limiting shared through Redis. The throttle is made with the
 * first client, from the logger Probot gives every client (its pino logger), because Octokit's
 * throttling plugin sets up its limiters once per process, from the first client.
 */
export function sharedThrottleOctokit(redisUrl: string): typeof ProbotOctokit {
  let shared: SharedThrottle | undefined;
  return AppOctokit.defaults((options: OctokitOptions) => {
    shared ??= createSharedThrottle({ redisUrl, log: (options.log ?? console) as unknown as CoordinationLog });
    return { ...options, throttle: { ...options.throttle, ...shared.throttle } };
  });
}

async function loadApp(path: string): Promise<ApplicationFunction> {
  const loaded = (await import(pathToFileURL(resolve(path)).href)) as { default?: unknown };
  if (typeof loaded.default !== "function") throw new Error(`${path} has no default export that is a Probot app function`);
  return loaded.default as ApplicationFunction;
}

/** Starts the server for the app module at `args[0]`, as `probot run` does (see src/probot-run.ts). */
export async function runProbotServer(args: readonly string[]): Promise<void> {
  const [appPath] = args;
  if (!appPath) {
    console.error("Usage: node dist/probot-run.js <app>   (for example ./dist/index.js)");
    process.exitCode = 2;
    return;
  }
  applyDotEnv();
  const redisUrl = process.env.REDIS_URL?.trim();
  // Imported after `.env` is applied: the app reads REDIS_URL and SWEEP_INTERVAL_MINUTES as it loads.
  const app = await loadApp(appPath);
  await run(app, {
    env: { ...process.env, REDIS_URL: "" },
    // The app's Octokit retries rate limits as GitHub asks; Probot's own only logs secondary ones.
    Octokit: redisUrl ? sharedThrottleOctokit(redisUrl) : AppOctokit,
  });
}
