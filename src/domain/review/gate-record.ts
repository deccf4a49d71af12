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
