import { isSpace, skipSpaces, visibleLines } from "../commands/visible-lines.js";
import { slug } from "../manifest/schema.js";
import { EXPECTATION_SOURCES, type ExpectationSource } from "./sources.js";
import type { SensorCatalogueData } from "./catalogue.js";
import type { SensorFinding } from "./finding-record.js";

/**
 * `/readiness mismatch <release|promise|none> [source]` (docs/reference/sensor.md#correcting-it):
 * support says what a flagged issue is really about, or that it is no mismatch. The command is
 * read like every slash-command (a visible line starting with the policy's prefix; quotes and code
 * are not read), and its decision is pure: the corrected finding, or why it cannot be taken.
 */

export type MismatchCommand =
  | { kind: "mismatch"; target: string; source?: ExpectationSource; line: number }
  | { kind: "invalid"; problem: string; line: number };

/** The synopsis, with the policy's prefix. */
export const mismatchUsage = (prefix: string) => `${prefix} mismatch <release|promise|none> [source]`;

/** Longest command line read; a longer one is not a correction anyone typed. */
const MAX_LINE = 300;

/** The first `mismatch` command in a comment, if it holds one. */
export function parseMismatchCommand(body: string, prefix: string): MismatchCommand | undefined {
  const lowerPrefix = prefix.toLowerCase();
  for (const visible of visibleLines(body.slice(0, 65_536))) {
    const at = visible.indent;
    const line = visible.text;
    if (line.slice(at, at + prefix.length).toLowerCase() !== lowerPrefix) continue;
    const after = at + prefix.length;
    if (after < line.length && !isSpace(line.charCodeAt(after))) continue;
    const words = line.slice(skipSpaces(line, after), at + MAX_LINE).trim().split(/\s+/).filter(Boolean);
    if (words[0]?.toLowerCase() !== "mismatch") continue;
    return readArguments(words.slice(1), visible.line);
  }
  return undefined;
}

function readArguments(args: string[], line: number): MismatchCommand {
  const [target, source, extra] = args.map((word) => word.toLowerCase());
  if (!target) return { kind: "invalid", problem: "name the release or promise the issue is about, or none", line };
  if (target !== "none" && !slug.safeParse(target).success) {
    return { kind: "invalid", problem: `"${target.slice(0, 60)}" is not a release or promise name (lowercase letters, digits, ".", "_" and "-")`, line };
  }
  if (source !== undefined && !(EXPECTATION_SOURCES as readonly string[]).includes(source)) {
    return { kind: "invalid", problem: `"${source.slice(0, 60)}" is not a source; expected one of: ${EXPECTATION_SOURCES.join(", ")}`, line };
  }
  if (extra !== undefined) return { kind: "invalid", problem: `unexpected words after "${source}"`, line };
  return { kind: "mismatch", target, ...(source ? { source: source as ExpectationSource } : {}), line };
}

export type CorrectionOutcome = { ok: true; finding: SensorFinding } | { ok: false; problem: string };

/**
 * The finding after a correction. A name is a release first, then a promise (a promise brings the
 * releases that carry it). The source is the one named, else the one found before, else `unknown`.
 */
export function correctFinding(
  command: Extract<MismatchCommand, { kind: "mismatch" }>,
  catalogue: SensorCatalogueData,
  previous: SensorFinding | undefined,
  correction: { by: string; at: string },
): CorrectionOutcome {
  const source = command.source ?? previous?.source ?? "unknown";
  if (command.target === "none") {
    return { ok: true, finding: { mismatch: false, source, releases: [], promises: [], campaigns: [], correction } };
  }
  const campaignsOf = (releases: typeof catalogue.releases) => [...new Set(releases.flatMap((release) =>
    [...release.campaigns].sort((a, b) => Number(b.channel === source) - Number(a.channel === source)).map((c) => c.label)))];
  const release = catalogue.releases.find((candidate) => candidate.slug === command.target);
  if (release) {
    return { ok: true, finding: { mismatch: true, source, releases: [release.slug], promises: [...release.promises], campaigns: campaignsOf([release]), correction } };
  }
  if (catalogue.promises.has(command.target)) {
    const ranked = previous?.releases ?? [];
    const carrying = catalogue.releases
      .filter((candidate) => candidate.promises.includes(command.target))
      .sort((a, b) => rank(ranked, a.slug) - rank(ranked, b.slug) || a.slug.localeCompare(b.slug));
    return { ok: true, finding: { mismatch: true, source, releases: carrying.map((r) => r.slug), promises: [command.target], campaigns: campaignsOf(carrying), correction } };
  }
  return { ok: false, problem: `"${command.target}" is neither a release nor a promise in ${catalogue.repository}` };
}

const rank = (ranked: readonly string[], slugName: string) => {
  const index = ranked.indexOf(slugName);
  return index < 0 ? ranked.length : index;
};
