import type { SweepReport } from "../handlers/sweep.js";
import { EXIT, stringOption, UsageError, type CliCommand } from "./command.js";

const USAGE = `Usage: readiness sweep [--max-prs N]

Re-evaluates every open release PR in every installation of the GitHub App, so a waiver that has
expired turns Release readiness red without anyone touching the PR. For serverless and GitHub
Action deployments, run it on a schedule; the hosted app does it hourly by itself.

It talks to GitHub with the App's credentials, read from the environment like the server:
  APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, and GHE_HOST / GHE_PROTOCOL for GitHub Enterprise.

Options:
  --max-prs N   re-evaluate at most N PRs in this run (default 500)
  -h, --help    show this help

Exit codes: 0 swept, 1 some PRs could not be evaluated, 2 missing credentials or a usage error.
`;

export const sweepCommand: CliCommand = {
  name: "sweep",
  summary: "re-evaluate open release PRs on GitHub (expired waivers turn red)",
  usage: USAGE,
  options: { "max-prs": { type: "string" } },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const maxText = stringOption(args.values, "max-prs");
    const maxPullRequests = maxText === undefined ? 500 : Number(maxText);
    if (!Number.isInteger(maxPullRequests) || maxPullRequests < 1) throw new UsageError(`--max-prs must be a whole number above 0, not "${maxText}"`);
    if (!io.env.APP_ID || !(io.env.PRIVATE_KEY || io.env.PRIVATE_KEY_PATH)) {
      io.stderr.write("readiness sweep: set APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH) to the GitHub App's credentials\n");
      return EXIT.invalid;
    }
    const env = Object.fromEntries(Object.entries(io.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
    // Loaded here, not at the top: Probot and the whole app take longer to load than
    // `readiness check` takes on a repository's manifests, and only this command needs them.
    const [{ createProbot }, { createApp }, { AppOctokit }] = await Promise.all([import("probot"), import("../index.js"), import("../github/octokit.js")]);
    const probot = createProbot({ env: { LOG_LEVEL: "warn", ...env }, overrides: { Octokit: AppOctokit } });
    let sweep: ((limits?: { maxPullRequests: number }) => Promise<SweepReport>) | undefined;
    await probot.load(createApp({}, { onSweeper: (run) => { sweep = run; } }));
    if (!sweep) throw new Error("the app did not offer a sweep");
    const report = await sweep({ maxPullRequests });
    io.stdout.write(
      `Swept ${report.repositories} repositor${report.repositories === 1 ? "y" : "ies"}: re-evaluated ${report.evaluated} release PR${report.evaluated === 1 ? "" : "s"}, ${report.writes} write${report.writes === 1 ? "" : "s"}.\n`
      + (report.truncated ? `Stopped at --max-prs ${maxPullRequests}; run again for the rest.\n` : "")
      + (report.rateLimited ? `Left ${report.rateLimited} installation${report.rateLimited === 1 ? "" : "s"} early: fewer than 500 requests were left of the hourly rate limit.\n` : "")
      + report.failures.map((f) => `  ${f.repo}#${f.number}: ${f.error}\n`).join(""),
    );
    return report.failures.length > 0 ? EXIT.notReady : EXIT.ok;
  },
};
