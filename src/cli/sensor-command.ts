import { escapeMarkdown } from "../domain/markdown/escape.js";
import { POLICY_PATH } from "../domain/policy/resolve.js";
import { classifyTicket } from "../domain/sensor/classify.js";
import { createDetector } from "../domain/sensor/detect.js";
import { choiceOption, EXIT, stringOption, UsageError, type CliCommand } from "./command.js";
import { inputFailure, loadReleases, loadSensorPolicy, loadTickets } from "./sensor-inputs.js";
import type { TicketProblem } from "./sensor-tickets.js";

const FORMATS = ["json", "markdown"] as const;

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

    const policy = await loadSensorPolicy(stringOption(values, "policy"), io);
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
