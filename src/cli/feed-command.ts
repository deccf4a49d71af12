import { execFile } from "node:child_process";
import { mkdir, stat, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { promisify } from "node:util";
import { checkLocalFiles, type LocalSource } from "../domain/evaluation/local-check.js";
import { buildFeed, renderFeed, type FeedManifest, type ManifestRevisions } from "../domain/feed/build.js";
import type { Feed } from "../domain/feed/schema.js";
import { parseManifest } from "../domain/manifest/parse.js";
import { defaultPolicy, parsePolicy, POLICY_PATH } from "../domain/policy/resolve.js";
import type { Policy } from "../domain/policy/schema.js";
import { EVENTS_PATH, parseEventCatalog, parsePromiseRegistry, PROMISES_PATH, strictestPromises } from "../domain/registry/parse.js";
import { formatProblem } from "../domain/source/problems.js";
import { renderBoard } from "../rendering/board.js";
import { EXIT, stringOption, type CliCommand, type CliIo } from "./command.js";
import { displayPath } from "./files.js";
import { gitFileRevisions, gitIsShallow } from "./git-history.js";
import { parseNow, readLocalInputs } from "./local-inputs.js";

const run = promisify(execFile);

export const FEED_FILE = "feed.json";
export const BOARD_FILE = "index.html";
export const DEFAULT_FEED_DIR = "readiness-feed";

export const feedCommand: CliCommand = {
  name: "feed",
  summary: `write the readiness feed (${FEED_FILE}) for marketing and support (exit 0 written, 2 invalid)`,
  usage: `Usage: readiness feed [<file|directory|glob>...] [--out DIR] [options]

Writes DIR/${FEED_FILE} and the readiness board DIR/${BOARD_FILE} beside it: the true state of every release manifest for marketing and support
(status, who has it, the promise wording allowed now, the channels open for it, readiness,
limitations and the dates that matter). Manifests are found as \`readiness check\` finds them.
The same input gives the same bytes, so the file diffs cleanly. \`ready\` counts no waivers or
sign-offs here (there is no pull request to read them from), and the document says so.

When each manifest last changed, and the status changes on the calendar, come from \`git log\` in a
git repository (the manifest's committed revisions); outside git the date is the file's
modification time and no status change is shown. The document says which.

Options:
  --out DIR            folder to write to (default: ${DEFAULT_FEED_DIR})
  --policy FILE        policy to apply (default: ${POLICY_PATH} if present, else the built-in defaults)
  --promises FILE      promise registry (default: the nearest promises.yml, else ${PROMISES_PATH})
  --events FILE        event catalog (default: the nearest events.yml, else ${EVENTS_PATH})
  --now ISO            work the feed out as of this day, e.g. 2026-11-20
  -h, --help           show this help

Exit codes: 0 the feed was written (a release that is not ready is data, not an error);
2 input it could not read (printed as file:line:column: key: message) or a usage error.`,
  options: {
    out: { type: "string" },
    policy: { type: "string" },
    promises: { type: "string" },
    events: { type: "string" },
    now: { type: "string" },
  },
  positionals: { min: 0, max: Number.POSITIVE_INFINITY },
  async run({ values, positionals }, io) {
    const now = parseNow(stringOption(values, "now"), io);
    const inputs = await readLocalInputs({
      positionals,
      policy: stringOption(values, "policy"),
      promises: stringOption(values, "promises"),
      events: stringOption(values, "events"),
    }, io);
    // The same reading and the same verdicts as `readiness check`: a feed is never built from input that check refuses.
    const report = checkLocalFiles({ policy: inputs.policy, manifests: inputs.manifests, labels: [], now, inputProblems: inputs.inputProblems });
    const errors = report.problems.filter((p) => p.severity === "error");
    if (errors.length > 0 || report.releases.length === 0) {
      const lines = errors.length > 0 ? errors.map(formatProblem) : ["no release manifests to put in the feed"];
      io.stderr.write(`readiness feed: nothing written, the input could not be read:\n${lines.map((l) => `  ${l}\n`).join("")}`);
      return EXIT.invalid;
    }
    const changes = await manifestHistories(inputs.paths, io.cwd);
    const feed = buildFeed({
      manifests: inputs.manifests.map((input, index) => feedManifestOf(input.source, input.promises, input.events, changes.entries[index] ?? { changed: null })),
      policy: policyOf(inputs.policy),
      now,
      source: { repository: null, changed_from: changes.from, status_history: { from: changes.from === "git" ? "git" : null, depth: null } },
      waiversCounted: false,
    });
    const out = resolveOut(stringOption(values, "out"), io);
    await writeFeedFolder(out, feed);
    io.stdout.write(`${summary(feed)}\nwrote ${displayPath(io.cwd, join(out, FEED_FILE))} and the board ${displayPath(io.cwd, join(out, BOARD_FILE))}\n`);
    return EXIT.ok;
  },
};

function resolveOut(option: string | undefined, io: CliIo): string {
  const out = option ?? DEFAULT_FEED_DIR;
  return isAbsolute(out) ? out : resolve(io.cwd, out);
}

/** Writes the feed's files into `dir` (made if missing). */
export async function writeFeedFolder(dir: string, feed: Feed): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, FEED_FILE), renderFeed(feed));
  await writeFile(join(dir, BOARD_FILE), renderBoard(feed));
}

function summary(feed: Feed): string {
  const ready = feed.releases.filter((r) => r.ready).length;
  return `${feed.releases.length} release${feed.releases.length === 1 ? "" : "s"}, ${ready} ready (as of ${feed.as_of}; no waivers counted)`;
}

/** Input `checkLocalFiles` accepted without an error, read again as the builder takes it. */
function feedManifestOf(source: LocalSource, promises: LocalSource | null, events: LocalSource | null, when: ManifestWhen): FeedManifest {
  const text = (s: LocalSource) => ("text" in s ? s.text : "");
  const parsed = parseManifest(text(source), source.file);
  if (!parsed.ok) throw new Error(`${source.file} was accepted by the check but does not parse`);
  const registry = promises ? parsePromiseRegistry(text(promises), promises.file) : null;
  const catalog = events ? parseEventCatalog(text(events), events.file) : null;
  return {
    manifest: parsed.manifest,
    itemProblems: parsed.itemProblems,
    promises: registry?.ok ? strictestPromises(undefined, registry.data) : null,
    catalog: catalog?.ok ? catalog.data : null,
    changed: when.changed,
    ...(when.history ? { history: when.history } : {}),
  };
}

function policyOf(source: LocalSource | null): Policy {
  if (source === null || !("text" in source)) return defaultPolicy();
  const parsed = parsePolicy(source.text, source.file);
  return parsed.ok ? parsed.policy : defaultPolicy();
}

interface ManifestWhen {
  changed: string | null;
  history?: ManifestRevisions;
}

/**
 * When each manifest last changed and its committed revisions, when the files are in a git
 * repository: the committer date of its last commit (null for a file not committed yet). In a
 * shallow clone the oldest commit there is not the file's first, so it starts no status change.
 * Outside git: the file's modification time, and no history.
 */
async function manifestHistories(paths: readonly string[], cwd: string): Promise<{ from: "git" | "mtime"; entries: ManifestWhen[] }> {
  const inGit = await run("git", ["rev-parse", "--is-inside-work-tree"], { cwd: paths[0] ? dirname(paths[0]) : cwd })
    .then((r) => r.stdout.trim() === "true", () => false);
  if (inGit) {
    const fromStart = paths[0] ? !gitIsShallow(paths[0]) : true;
    const entries = paths.map((path): ManifestWhen => {
      const revisions = gitFileRevisions(path, new Date(0)) ?? [];
      return { changed: revisions.at(-1)?.at ?? null, history: { revisions, fromStart } };
    });
    return { from: "git", entries };
  }
  const entries = await Promise.all(paths.map(async (path) => ({ changed: (await stat(path)).mtime.toISOString() })));
  return { from: "mtime", entries };
}
