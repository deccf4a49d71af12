import { execFile } from "node:child_process";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import { promisify } from "node:util";
import { parseManifest } from "../domain/manifest/parse.js";
import { escapeMarkdown } from "../domain/markdown/escape.js";
import { defaultPolicy, parsePolicy, POLICY_PATH } from "../domain/policy/resolve.js";
import type { Policy } from "../domain/policy/schema.js";
import { parsePromiseRegistry, PROMISES_PATH } from "../domain/registry/parse.js";
import { sensorRelease, type SensorPromise, type SensorRelease } from "../domain/sensor/candidates.js";
import { classifyTicket } from "../domain/sensor/classify.js";
import { createDetector } from "../domain/sensor/detect.js";
import { choiceOption, EXIT, stringOption, UsageError, type CliCommand, type CliIo } from "./command.js";
import { displayPath, findManifestFiles, findRegistryFile, readLocalFile } from "./files.js";
import { readTicketFile, type TicketFile, type TicketProblem } from "./sensor-tickets.js";

const FORMATS = ["json", "markdown"] as const;
/** Ticket exports are bigger than manifests; this still refuses a runaway file before reading it. */
const MAX_TICKETS_BYTES = 256 * 1024 * 1024;

export const sensorCommand: CliCommand = {
  name: "sensor",
  summary: "find expectation mismatches in exported support tickets and name the releases (exit 0 ran, 2 unreadable)",
  usage: `Usage: readiness sensor --tickets FILE [--manifests DIR] [--format json|markdown] [--policy FILE]

Classifies exported help-desk tickets as the app classifies issues: whether each is an
expectation mismatch, where the expectation came from (landing, email, sales, interface, partner,
docs, unknown), and the releases, promises and campaigns it most likely concerns, most likely first.

Options:
  --tickets FILE    CSV with a header row, or JSON; columns id, created_at, subject, body, optional tags
  --manifests DIR   the folder the release manifests are in (default: the policy's manifests globs).
                    In a git repository a release counts as changed at its manifest's last commit,
                    and only releases changed within sensor.window_days before a ticket are named;
                    outside one every release is a candidate.
  --format FORMAT   json (default) or markdown
  --policy FILE     policy to apply (default: ${POLICY_PATH} if present, else the built-in defaults)
  -h, --help        show this help

Exit codes: 0 it ran (bad rows are listed under "problems" with their line); 2 the tickets,
manifests or policy could not be read at all.`,
  options: { tickets: { type: "string" }, manifests: { type: "string" }, format: { type: "string" }, policy: { type: "string" } },
  positionals: { min: 0, max: 0 },
  async run({ values }, io) {
    const format = choiceOption(values, "format", FORMATS, "json");
    const ticketsOption = stringOption(values, "tickets");
    if (ticketsOption === undefined) throw new UsageError("--tickets FILE is required");
    const fail = inputFailure(io);

    const policy = await loadPolicy(stringOption(values, "policy"), io);
    if ("error" in policy) return fail(policy.file, policy.line, policy.error);
    const file = await loadTickets(ticketsOption, io);
    if ("error" in file) return fail(file.file, file.line, file.error);

    const catalogue = await loadReleases(stringOption(values, "manifests"), policy.policy, io);
    if ("error" in catalogue) return fail(catalogue.file, catalogue.line, catalogue.error);

    const detector = createDetector(policy.policy.sensor.phrases);
    const windowDays = policy.policy.sensor.window_days;
    const tickets = file.tickets.map((ticket) => {
      const verdict = classifyTicket(detector, ticket, { ...catalogue, windowDays });
      const { found: _found, ...exact } = verdict;
      return { id: ticket.id, ...exact, subject: ticket.subject };
    });
    if (format === "json") {
      const document = { version: 1, tickets: tickets.map(({ subject: _s, ...t }) => t), problems: file.problems };
      io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    } else {
      io.stdout.write(markdown(tickets, file.problems));
    }
    return EXIT.ok;
  },
};

export type Loaded<T> = T | { error: string; file: string; line: number };

/** Prints `file:line: message` for input that cannot be read, and gives exit code 2. */
export function inputFailure(io: CliIo): (file: string, line: number, message: string) => number {
  return (file, line, message) => {
    io.stderr.write(`${displayPath(io.cwd, file)}:${line}: ${message}\n`);
    return EXIT.invalid;
  };
}

/** The exported tickets of `--tickets FILE` (`readiness sensor`, `readiness digest`): bad rows are problems, the rest is read. */
export async function loadTickets(option: string, io: CliIo): Promise<Loaded<Extract<TicketFile, { ok: true }> & { path: string }>> {
  const path = isAbsolute(option) ? option : resolve(io.cwd, option);
  const read = await readLocalFile(path, MAX_TICKETS_BYTES);
  if (read.kind !== "text") return { error: read.kind === "missing" ? "no such file" : read.kind === "too_large" ? "the file is too large" : read.message, file: path, line: 1 };
  const file = readTicketFile(read.text, option);
  return file.ok ? { ...file, path } : { error: file.message, file: path, line: file.line };
}

export async function loadPolicy(option: string | undefined, io: CliIo): Promise<Loaded<{ policy: Policy }>> {
  const path = option !== undefined ? (isAbsolute(option) ? option : resolve(io.cwd, option)) : join(io.cwd, POLICY_PATH);
  const read = await readLocalFile(path);
  if (read.kind === "missing" && option === undefined) return { policy: defaultPolicy() };
  if (read.kind !== "text") return { error: read.kind === "missing" ? "no such file" : "cannot read the policy", file: path, line: 1 };
  const parsed = parsePolicy(read.text, displayPath(io.cwd, path));
  if (parsed.ok) return { policy: parsed.policy };
  const first = parsed.problems[0]!;
  return { error: `${first.key ? `${first.key}: ` : ""}${first.message}`, file: path, line: first.line };
}

/** Every readable manifest with its promises; a broken manifest is left out, as it names no release. */
export async function loadReleases(dir: string | undefined, policy: Policy, io: CliIo): Promise<Loaded<{ releases: SensorRelease[]; promises: Map<string, SensorPromise> }>> {
  const found = await findManifestFiles(dir === undefined ? [] : [dir], io.cwd, policy.manifests);
  if (found.files.length === 0 && found.problems[0]) return { error: found.problems[0].message, file: resolve(io.cwd, found.problems[0].file), line: 1 };
  const releases: SensorRelease[] = [];
  const promises = new Map<string, SensorPromise>();
  const registries = new Set<string>();
  for (const path of found.files) {
    const read = await readLocalFile(path);
    if (read.kind !== "text") continue;
    const parsed = parseManifest(read.text, displayPath(io.cwd, path));
    if (!parsed.ok) continue;
    releases.push(sensorRelease(parsed.manifest, policy, await lastCommitDate(path)));
    const registry = await findRegistryFile(path, basename(PROMISES_PATH), io.cwd);
    if (registry !== undefined && !registries.has(registry)) {
      registries.add(registry);
      const text = await readLocalFile(registry);
      const list = text.kind === "text" ? parsePromiseRegistry(text.text, registry) : undefined;
      if (list?.ok) for (const promise of list.data.promises) promises.set(promise.id, promise);
    }
  }
  return { releases, promises };
}

const run = promisify(execFile);

/** The manifest's last commit date, or undefined outside a git repository (or for an uncommitted file). */
async function lastCommitDate(path: string): Promise<string | undefined> {
  try {
    const { stdout } = await run("git", ["log", "-1", "--format=%cI", "--", basename(path)], { cwd: dirname(path) });
    const date = stdout.trim();
    return date === "" ? undefined : date;
  } catch {
    return undefined;
  }
}

interface Row {
  id: string;
  subject: string;
  mismatch: boolean;
  source: string | null;
  releases: string[];
  promises: string[];
  campaigns: string[];
}

function markdown(rows: readonly Row[], problems: readonly TicketProblem[]): string {
  const mismatches = rows.filter((row) => row.mismatch);
  const cell = (text: string) => escapeMarkdown(text).replace(/\|/g, "\\|").replace(/\s+/g, " ");
  const list = (items: readonly string[]) => (items.length ? items.map((i) => `\`${i}\``).join(", ") : "—");
  const lines = [
    "# Expectation mismatches",
    "",
    `${mismatches.length} of ${rows.length} tickets are expectation mismatches.`,
    "",
  ];
  if (mismatches.length) {
    lines.push("| ticket | subject | source | releases | promises | campaigns |", "|---|---|---|---|---|---|");
    for (const row of mismatches) {
      lines.push(`| ${cell(row.id)} | ${cell(row.subject)} | ${row.source} | ${list(row.releases)} | ${list(row.promises)} | ${list(row.campaigns)} |`);
    }
    lines.push("");
  }
  if (problems.length) {
    lines.push("## Rows not read", "", ...problems.map((p) => `- line ${p.line}: ${cell(p.message)}`), "");
  }
  return lines.join("\n");
}
