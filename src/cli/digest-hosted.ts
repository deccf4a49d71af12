import { createProbot } from "probot";
import { actionIdentity } from "../action/identity.js";
import type { IsoWeek } from "../domain/review/iso-week.js";
import { describeError, repoOfFullName } from "../github/client.js";
import { createApp, type Reviewer } from "../index.js";
import { EXIT, UsageError, type CliIo } from "./command.js";

const REPOSITORY = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9._-]{1,100}$/;

/**
 * `readiness digest` without `--tickets` (docs/reference/promise-review.md#serverless-and-action-mode-readiness-digest):
 * the hosted app's review of one repository, written now, with the App's credentials from the
 * environment as `readiness sweep` reads them, or an Action's `GITHUB_TOKEN`.
 */
export async function runHostedDigest(options: { repository: string | undefined; week: IsoWeek | undefined }, io: CliIo): Promise<number> {
  const repository = options.repository ?? io.env.GITHUB_REPOSITORY;
  if (!repository) throw new UsageError("name the repository with --repo owner/name (or set GITHUB_REPOSITORY), or pass --tickets FILE for the offline review");
  if (!REPOSITORY.test(repository)) throw new UsageError(`--repo must be owner/name, not "${repository}"`);
  const { owner, repo } = repoOfFullName(repository);
  const appCredentials = Boolean(io.env.APP_ID && (io.env.PRIVATE_KEY || io.env.PRIVATE_KEY_PATH));
  const token = io.env.GITHUB_TOKEN || io.env.INPUT_GITHUB_TOKEN;
  if (!appCredentials && !token) {
    io.stderr.write("readiness digest: set APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH) to the GitHub App's credentials, or GITHUB_TOKEN in a workflow\n");
    return EXIT.invalid;
  }
  const env = Object.fromEntries(Object.entries(io.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const probot = createProbot({ env: { LOG_LEVEL: "warn", ...env }, ...(appCredentials ? {} : { overrides: { githubToken: token } }) });
  let reviewer: Reviewer | undefined;
  // With a token there is no App JWT to ask GitHub who the app is (GET /app): the Action's identity.
  const identity = appCredentials ? {} : { identity: async () => actionIdentity() };
  await probot.load(createApp({ now: io.now, ...identity }, { onReviewer: (r) => { reviewer = r; } }));
  if (!reviewer) throw new Error("the app did not offer a reviewer");
  try {
    const written = await reviewer.repository({ owner, repo }, { ...(options.week ? { week: options.week } : {}), token: !appCredentials });
    const said = { created: "opened", updated: "updated", unchanged: "already up to date:" }[written.action];
    io.stdout.write(`Promise review ${written.week}: ${said} ${written.target}#${written.number}\n`);
    return EXIT.ok;
  } catch (error) {
    io.stderr.write(`readiness digest: the review of ${repository} could not be written: ${describeError(error)}\n`);
    return EXIT.notReady;
  }
}
