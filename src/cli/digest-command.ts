import { basename } from "node:path";
import { PROMISES_PATH } from "../domain/registry/parse.js";
import { promiseVersionsOf, statusChangesOf } from "../domain/review/history.js";
import type { ReviewInputs, ReviewIssue, ReviewPromiseVersion, ReviewStatusChange } from "../domain/review/inputs.js";
import { isoWeekDates, lastCompleteIsoWeek, parseIsoWeek, previousIsoWeek, type IsoWeek } from "../domain/review/iso-week.js";
import { buildReviewViewModel } from "../domain/review/view-model.js";
import { classifyTicket } from "../domain/sensor/classify.js";
import { createDetector } from "../domain/sensor/detect.js";
import { renderReview } from "../rendering/review-renderer.js";
import { choiceOption, EXIT, stringOption, UsageError, type CliCommand, type CliIo } from "./command.js";
import { displayPath, findManifestFiles, findRegistryFile } from "./files.js";
import { gitFileRevisions } from "./git-history.js";
import { inputFailure, loadReleases, loadSensorPolicy, loadTickets } from "./sensor-inputs.js";

const FORMATS = ["markdown", "json"] as const;

/** Said in every offline review: what exported tickets and local files cannot tell. */
const OFFLINE_LIMITS = [
  "written offline from exported tickets: tickets carry no comments or reactions, so the stories are the week's first mismatches",
  "campaign decisions and waivers live on GitHub (labels and check runs) and are not in an offline review",
];

export const digestCommand: CliCommand = {
  name: "digest",
  summary: "write the weekly promise review: on GitHub with the App's credentials, or offline from exported tickets",
  usage: `Usage: readiness digest [--repo OWNER/NAME] [--week YYYY-Www]
       readiness digest --tickets FILE [--manifests DIR] [--week YYYY-Www] [--format markdown|json] [--policy FILE]

Without --tickets: opens or updates the repository's issue "Promise review YYYY-Www" (label
promise-review, in the policy's digest.repository) as the hosted app does on digest.weekday, for
serverless and GitHub Action deployments that run it on a schedule. It talks to GitHub with the
App's credentials, read from the environment like the server (APP_ID, PRIVATE_KEY or
PRIVATE_KEY_PATH, GHE_HOST / GHE_PROTOCOL), or with GITHUB_TOKEN in a workflow. The repository is
--repo, else GITHUB_REPOSITORY. Exit codes: 0 written (or already up to date), 1 GitHub refused or
failed, 2 missing credentials or a usage error.

With --tickets: writes the weekly promise review (docs/reference/promise-review.md) for a team
without the hosted app: the unfulfilled-promise rate (expectation mismatches among the week's tickets, found as
\`readiness sensor\` finds them) overall and per release, promise, campaign and source, against the
week before; the week's first mismatch stories; and, when DIR is in a git repository, the releases
that changed status and the promises whose version rose, from the files' history.

Options:
  --repo OWNER/NAME the repository to review on GitHub (default: GITHUB_REPOSITORY)
  --tickets FILE    CSV with a header row, or JSON; columns id, created_at, subject, body, optional tags
  --manifests DIR   the folder the release manifests are in (default: the policy's manifests globs)
  --week YYYY-Www   the ISO week to review (default: the last complete week in the policy's timezone)
  --format FORMAT   markdown (default) or json (the review's view-model)
  --policy FILE     policy to apply (default: .github/release-readiness.yml if present, else the defaults)
  -h, --help        show this help

Exit codes: 0 the review was written; 2 the tickets, manifests, policy or week could not be read.`,
  options: { repo: { type: "string" }, tickets: { type: "string" }, manifests: { type: "string" }, week: { type: "string" }, format: { type: "string" }, policy: { type: "string" } },
  positionals: { min: 0, max: 0 },
  async run({ values }, io) {
    const format = choiceOption(values, "format", FORMATS, "markdown");
    const ticketsOption = stringOption(values, "tickets");
    const weekWord = stringOption(values, "week");
    const parsedWeek = weekWord === undefined ? undefined : parseIsoWeek(weekWord);
    if (parsedWeek && !parsedWeek.ok) throw new UsageError(`--week: ${parsedWeek.message}`);
    if (ticketsOption === undefined) {
      for (const offline of ["manifests", "format", "policy"]) {
        if (stringOption(values, offline) !== undefined) throw new UsageError(`--${offline} works with --tickets FILE only; without it the review is written on GitHub`);
      }
      // Probot and the whole app load only for the hosted review, as for `readiness sweep`.
      const { runHostedDigest } = await import("./digest-hosted.js");
      return runHostedDigest({ repository: stringOption(values, "repo"), week: parsedWeek?.week }, io);
    }
    if (stringOption(values, "repo") !== undefined) throw new UsageError("--repo names a repository on GitHub; with --tickets FILE the review is written offline");
    const fail = inputFailure(io);

    const policy = await loadSensorPolicy(stringOption(values, "policy"), io);
    if ("error" in policy) return fail(policy.file, policy.line, policy.error);
    const week = parsedWeek?.week ?? lastCompleteIsoWeek(io.now(), policy.policy.timezone);

    const tickets = await loadTickets(ticketsOption, io);
    if ("error" in tickets) return fail(tickets.file, tickets.line, tickets.error);
    const manifestsDir = stringOption(values, "manifests");
    const catalogue = await loadReleases(manifestsDir, policy.policy, io);
    if ("error" in catalogue) return fail(catalogue.file, catalogue.line, catalogue.error);

    const detector = createDetector(policy.policy.sensor.phrases);
    const issues: ReviewIssue[] = tickets.tickets.map((ticket) => {
      const verdict = classifyTicket(detector, ticket, { ...catalogue, windowDays: policy.policy.sensor.window_days });
      return {
        id: ticket.id,
        title: ticket.subject,
        createdAt: ticket.createdAt.toISOString(),
        comments: 0,
        reactions: 0,
        ...(verdict.mismatch && verdict.source
          ? { mismatch: { source: verdict.source, releases: verdict.releases, promises: verdict.promises, campaigns: verdict.campaigns } }
          : {}),
      };
    });
    const history = await readHistory(manifestsDir, week, policy.policy.manifests, io);
    const limits = [
      ...OFFLINE_LIMITS,
      ...tickets.problems.map((p) => `${displayPath(io.cwd, tickets.path)} line ${p.line} was not read: ${p.message}`),
      ...(history.inGit ? [] : ["the manifests are not in a git repository, so status changes and promise versions are not known"]),
    ];
    const inputs: ReviewInputs = {
      week,
      timeZone: policy.policy.timezone,
      now: io.now(),
      locale: policy.policy.notes.locale,
      issues,
      statusChanges: history.statusChanges,
      campaigns: [],
      promiseVersions: history.promiseVersions,
      waivers: [],
      limits,
    };
    const model = buildReviewViewModel(inputs);
    if (format === "json") {
      io.stdout.write(`${JSON.stringify(model, null, 2)}\n`);
      return EXIT.ok;
    }
    const rendered = renderReview(model);
    if (!rendered.ok) return fail(rendered.problems[0]!.file, rendered.problems[0]!.line, rendered.problems[0]!.message);
    io.stdout.write(rendered.markdown);
    return EXIT.ok;
  },
};

interface History {
  inGit: boolean;
  statusChanges: ReviewStatusChange[];
  promiseVersions: ReviewPromiseVersion[];
}

/** Status changes and promise versions from git, from the start of the week before the reviewed one. */
async function readHistory(dir: string | undefined, week: IsoWeek, globs: readonly string[], io: CliIo): Promise<History> {
  const since = new Date(`${isoWeekDates(previousIsoWeek(week)).first}T00:00:00Z`);
  const found = await findManifestFiles(dir === undefined ? [] : [dir], io.cwd, globs);
  const history: History = { inGit: found.files.length > 0, statusChanges: [], promiseVersions: [] };
  const registries = new Set<string>();
  for (const path of found.files) {
    const revisions = gitFileRevisions(path, since);
    if (revisions === undefined) {
      history.inGit = false;
      continue;
    }
    history.statusChanges.push(...statusChangesOf(displayPath(io.cwd, path), revisions));
    const registry = await findRegistryFile(path, basename(PROMISES_PATH), io.cwd);
    if (registry !== undefined && !registries.has(registry)) {
      registries.add(registry);
      history.promiseVersions.push(...promiseVersionsOf(displayPath(io.cwd, registry), gitFileRevisions(registry, since) ?? []));
    }
  }
  return history;
}
