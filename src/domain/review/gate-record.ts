/**
 * Campaign decisions read back from the app's own `Campaign gate` check run (docs/reference/
 * promise-review.md#what-the-hosted-review-reads): its summary lists one line per campaign label,
 * as `describeDecision` (src/domain/report/checks.ts) writes it:
 * `- ✅ \`campaign:x\`: reasons` or `- ⛔ \`campaign:x\`: reasons. To allow it: remedy`.
 */
export interface GateRecordLine {
  label: string;
  allowed: boolean;
  reason: string;
}

const LINE = /^- (✅|⛔) `([^`]+)`: (.*)$/u;

export function parseGateSummary(summary: string | null | undefined): GateRecordLine[] {
  if (!summary) return [];
  return summary.split("\n").flatMap((line) => {
    const match = LINE.exec(line.trim());
    if (!match) return [];
    const reason = unescapeMarkdown(match[3]!.replace(/ — removed from the PR$/u, "").replace(/\. To allow it: .*$/u, ""));
    return [{ label: match[2]!, allowed: match[1] === "✅", reason }];
  });
}

/** The summary escapes Markdown in the reasons; the review escapes them again when it renders. */
function unescapeMarkdown(text: string): string {
  return text.replace(/\\([\\`*_{}[\]()#+\-.!|<>~&])/g, "$1");
}

/** One `Campaign gate` run read back: when it was written, and its decisions. */
export interface GateRecord {
  /** ISO instant the run completed. */
  at: string;
  lines: readonly GateRecordLine[];
}

export interface GateDecisionChange extends GateRecordLine {
  at: string;
  /** The label was on the PR at the run before and is not at this one: no decision holds now. */
  withdrawn: boolean;
}

/**
 * The decisions a PR's gate runs saw, oldest run first (docs/reference/promise-review.md#what-the-hosted-review-reads):
 * a label's decision when it first appears, and again when it turns from allowed to blocked or
 * back, or is blocked for another reason; a label gone from a later run is withdrawn there. The
 * same decision on the next commit is not a new one.
 */
export function decisionChanges(records: readonly GateRecord[]): GateDecisionChange[] {
  const held = new Map<string, GateRecordLine>();
  const changes: GateDecisionChange[] = [];
  for (const record of records) {
    const present = new Set<string>();
    for (const line of record.lines) {
      const key = line.label.toLowerCase();
      present.add(key);
      const before = held.get(key);
      const same = before && before.allowed === line.allowed && (line.allowed || before.reason === line.reason);
      if (!same) changes.push({ ...line, at: record.at, withdrawn: false });
      held.set(key, line);
    }
    for (const [key, line] of held) {
      if (present.has(key)) continue;
      changes.push({ label: line.label, allowed: false, reason: "", at: record.at, withdrawn: true });
      held.delete(key);
    }
  }
  return changes;
}
