/**
 * What a person on GitHub would see of a pull request, as terminal text: the checks with their
 * summaries, the labels, the summary comment (collapsed sections stay collapsed), the
 * conversation, and the draft release. Pure formatting of a snapshot of the stand-in's state; the
 * Markdown the app wrote is shown the way GitHub renders it (no escapes, no hidden comments).
 */
import { Lexer, type Token, type Tokens } from "marked";
import type { Palette } from "../src/cli/format.js";
import { CHECK_NAMES } from "../src/domain/report/checks.js";
import { SUMMARY_MARKER } from "../src/domain/report/summary-comment.js";
import type { FakeCheckRun, FakeIssueComment, FakeRelease } from "../test/support/fake-github/state.js";

/** One pull request as GitHub shows it at a moment, copied out of the stand-in's state. */
export interface PullRequestSnapshot {
  /** `owner/name`. */
  repository: string;
  number: number;
  title: string;
  author: string;
  state: "open" | "closed";
  merged: boolean;
  headRef: string;
  headSha: string;
  /** The head commit's author (login when known) and first line of its message. */
  headCommit: { author: string; subject: string };
  baseRef: string;
  labels: string[];
  /** The newest run of each check name on the head commit, in the app's order of check names. */
  checks: FakeCheckRun[];
  /** The app's summary comment, if there is one. */
  summaryComment: FakeIssueComment | null;
  /** How many summary comments the PR has (the app keeps exactly one). */
  summaryCommentCount: number;
  /** Every other comment on the PR, oldest first. */
  conversation: FakeIssueComment[];
  /** The repository's releases. */
  releases: FakeRelease[];
}

const lexer = () => new Lexer({ gfm: true });

// ---------------------------------------------------------------------------------------------
// Markdown as GitHub shows it, for a terminal

const ENTITIES: Record<string, string> = { "&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"', "&#39;": "'" };
/** The app puts a zero-width space after `@` so text never pings; a terminal needs no such care. */
const NO_PING = /\u200b/g;
// eslint-disable-next-line no-control-regex -- ANSI escapes are what is being measured around
const ANSI = /\u001b\[[0-9;]*m/g;
const WIDE = /[\p{Emoji_Presentation}\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60\uffe0-\uffe6]/u;

function decode(text: string): string {
  return text.replace(/&(?:lt|gt|amp|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity).replace(NO_PING, "");
}

/** Columns a string takes in a terminal (emoji take two, colour codes none). */
export function visibleWidth(text: string): number {
  const characters = [...text.replace(ANSI, "")];
  let width = 0;
  characters.forEach((character, index) => {
    if (/^(?:\u200b|\u200c|\u200d|\ufe0e|\ufe0f)$/.test(character)) return;
    // A text symbol followed by the emoji variation selector (✍️, ⚠️) is drawn as an emoji.
    width += WIDE.test(character) || characters[index + 1] === "\ufe0f" ? 2 : 1;
  });
  return width;
}

function inline(tokens: readonly Token[] | undefined, paint: Palette): string {
  let out = "";
  for (const token of tokens ?? []) {
    switch (token.type) {
      case "text": {
        const text = token as Tokens.Text;
        out += text.tokens ? inline(text.tokens, paint) : decode(text.text);
        break;
      }
      case "escape":
        out += (token as Tokens.Escape).text;
        break;
      case "strong":
        out += paint.bold(inline((token as Tokens.Strong).tokens, paint));
        break;
      case "em":
      case "del":
        out += inline((token as Tokens.Em | Tokens.Del).tokens, paint);
        break;
      case "codespan":
        out += paint.yellow(decode((token as Tokens.Codespan).text));
        break;
      case "link": {
        const link = token as Tokens.Link;
        const label = inline(link.tokens, paint);
        out += label === link.href ? label : `${label} ${paint.dim(`(${link.href})`)}`;
        break;
      }
      case "image":
        out += (token as Tokens.Image).text;
        break;
      case "br":
        out += "\n";
        break;
      case "html":
        // Inline tags (`<sub>`, `<br>`) change looks only; comments are hidden on GitHub.
        if (/^<br\s*\/?>$/i.test(token.raw.trim())) out += "\n";
        break;
      default:
        out += decode(token.raw);
    }
  }
  return out;
}

function table(token: Tokens.Table, paint: Palette): string[] {
  const header = token.header.map((cell) => inline(cell.tokens, paint));
  const rows = token.rows.map((row) => row.map((cell) => inline(cell.tokens, paint).replace(/\n/g, " ")));
  const all = header.some((cell) => cell.trim() !== "") ? [header.map((cell) => paint.bold(cell)), ...rows] : rows;
  const widths = header.map((_, column) => Math.max(...all.map((row) => visibleWidth(row[column] ?? ""))));
  return all.map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell + " ".repeat((widths[column] ?? 0) - visibleWidth(cell))))
      .join("  ")
      .trimEnd(),
  );
}

function blocks(tokens: readonly Token[], paint: Palette, lines: string[], collapsed: { depth: number }): void {
  for (const token of tokens) {
    if (token.type === "html") {
      const raw = token.raw;
      const summary = /<summary>([\s\S]*?)<\/summary>/i.exec(raw);
      if (summary && collapsed.depth === 0) lines.push(`▸ ${decode(summary[1] ?? "")} ${paint.dim("(collapsed)")}`);
      collapsed.depth += (raw.match(/<details>/gi) ?? []).length - (raw.match(/<\/details>/gi) ?? []).length;
      if (collapsed.depth < 0) collapsed.depth = 0;
      if (summary || /^\s*<\/?details>|^\s*<!--/i.test(raw)) continue;
      const text = decode(raw.replace(/<!--[\s\S]*?-->/g, "").replace(/<[^>]+>/g, "")).trim();
      if (text && collapsed.depth === 0) lines.push(...text.split("\n"));
      continue;
    }
    if (collapsed.depth > 0) continue;
    switch (token.type) {
      case "space":
        if (lines.length > 0 && lines.at(-1) !== "") lines.push("");
        break;
      case "heading": {
        if (lines.length > 0 && lines.at(-1) !== "") lines.push("");
        // Without colour, size is all that tells a top heading from the rest: capitals stand in for it.
        const heading = token as Tokens.Heading;
        const text = inline(heading.tokens, paint);
        lines.push(paint.bold(heading.depth === 1 ? text.toUpperCase() : text));
        break;
      }
      case "paragraph":
        lines.push(...inline((token as Tokens.Paragraph).tokens, paint).split("\n"));
        break;
      case "text": {
        const text = token as Tokens.Text;
        lines.push(...(text.tokens ? inline(text.tokens, paint) : decode(text.text)).split("\n"));
        break;
      }
      case "list": {
        const list = token as Tokens.List;
        list.items.forEach((item, index) => {
          const marker = list.ordered ? `${Number(list.start || 1) + index}. ` : "• ";
          const inner: string[] = [];
          blocks(item.tokens, paint, inner, { depth: 0 });
          const content = inner.filter((line, i) => line !== "" || (i > 0 && i < inner.length - 1));
          content.forEach((line, i) => lines.push(i === 0 ? marker + line : " ".repeat(marker.length) + line));
        });
        break;
      }
      case "table":
        lines.push(...table(token as Tokens.Table, paint));
        break;
      case "blockquote": {
        const inner: string[] = [];
        blocks((token as Tokens.Blockquote).tokens, paint, inner, { depth: 0 });
        lines.push(...inner.map((line) => paint.dim(`┃ ${line}`)));
        break;
      }
      case "code":
        lines.push(...(token as Tokens.Code).text.split("\n").map((line) => `    ${line}`));
        break;
      case "hr":
        lines.push("───");
        break;
      default:
        lines.push(decode(token.raw.trim()));
    }
  }
}

/**
 * Markdown the app wrote, as lines of terminal text the way GitHub renders it: escapes resolved,
 * HTML comments hidden, `<details>` sections shown collapsed (their summary line only).
 */
export function markdownToTerminal(markdown: string, paint: Palette): string[] {
  const lines: string[] = [];
  blocks(lexer().lex(markdown), paint, lines, { depth: 0 });
  while (lines.at(-1) === "") lines.pop();
  while (lines[0] === "") lines.shift();
  return lines;
}

/**
 * Each audience's notes in the Release notes check (`# Audience` sections) with their opening line:
 * the first paragraph, or the first item when the notes open with a list.
 */
export function notesLeads(notesMarkdown: string, paint: Palette): { audience: string; lead: string }[] {
  const leads: { audience: string; lead: string }[] = [];
  let current: { audience: string; lead: string } | undefined;
  for (const token of lexer().lex(notesMarkdown)) {
    if (token.type === "heading" && (token as Tokens.Heading).depth === 1) {
      current = { audience: inline((token as Tokens.Heading).tokens, paint), lead: "" };
      leads.push(current);
    } else if (current && current.lead === "" && (token.type === "paragraph" || token.type === "list")) {
      const lines: string[] = [];
      blocks(token.type === "list" ? ((token as Tokens.List).items[0]?.tokens ?? []) : [token], paint, lines, { depth: 0 });
      current.lead = lines.filter((line) => line !== "").join(" ");
    }
  }
  return leads;
}

// ---------------------------------------------------------------------------------------------
// A pull request as a person sees it

const CHECK_ORDER: readonly string[] = [CHECK_NAMES.readiness, CHECK_NAMES.gate, CHECK_NAMES.notes];

/** Sort check runs the way the app names them: readiness, gate, notes, then anything else. */
export function inCheckOrder(runs: readonly FakeCheckRun[]): FakeCheckRun[] {
  const rank = (name: string) => (CHECK_ORDER.includes(name) ? CHECK_ORDER.indexOf(name) : CHECK_ORDER.length);
  return [...runs].sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
}

/** `✗ Release readiness: failure — 1 of 1 release not ready`: one line a test can find by name. */
export function checkHeadline(run: FakeCheckRun, paint: Palette): string {
  const outcome = run.conclusion ?? run.status;
  const icon =
    outcome === "success" ? paint.green("✓") : outcome === "failure" ? paint.red("✗") : outcome === "neutral" ? paint.dim("○") : paint.yellow("•");
  const painted = outcome === "success" ? paint.green(outcome) : outcome === "failure" ? paint.red(outcome) : outcome;
  return `${icon} ${paint.bold(run.name)}: ${painted} — ${run.output.title ?? ""}`;
}

export function labelsLine(labels: readonly string[], paint: Palette): string {
  return `Labels: ${labels.length > 0 ? labels.map((label) => paint.yellow(label)).join(", ") : paint.dim("(none)")}`;
}

const REACTION_EMOJI: Record<string, string> = { "+1": "👍", "-1": "👎", laugh: "😄", confused: "😕", heart: "❤️", hooray: "🎉", rocket: "🚀", eyes: "👀" };

function indent(lines: readonly string[], prefix: string): string[] {
  return lines.map((line) => (line === "" ? prefix.trimEnd() : prefix + line));
}

function checkDetails(run: FakeCheckRun, paint: Palette): string[] {
  const lines = markdownToTerminal(run.output.summary ?? "", paint);
  if (run.name === CHECK_NAMES.notes) {
    for (const { audience, lead } of notesLeads(run.output.text ?? "", paint)) lines.push(`${paint.bold(audience)}: ${lead}`);
  } else if (run.output.text) {
    lines.push("", ...markdownToTerminal(run.output.text, paint));
  }
  return lines;
}

export interface RenderOptions {
  paint: Palette;
  /** The same PR at the previous step: unchanged parts say so instead of repeating themselves. */
  previous?: PullRequestSnapshot;
}

/** The whole PR as a person would see it now; parts unchanged since `previous` are shortened. */
export function renderPullRequest(snapshot: PullRequestSnapshot, options: RenderOptions): string[] {
  const { paint, previous } = options;
  const state = snapshot.merged ? paint.green("merged") : snapshot.state;
  const lines: string[] = [
    `${paint.bold(`${snapshot.repository}#${snapshot.number}`)} "${snapshot.title}" by ${snapshot.author} · ${state} · ${snapshot.headRef} @ ${snapshot.headSha.slice(0, 7)} → ${snapshot.baseRef}`,
    labelsLine(snapshot.labels, paint),
    ...(previous?.headSha === snapshot.headSha ? [] : [`Head commit ${snapshot.headSha.slice(0, 7)} by ${snapshot.headCommit.author}: ${snapshot.headCommit.subject}`]),
    "",
    `Checks on ${snapshot.headSha.slice(0, 7)}:`,
  ];
  if (snapshot.checks.length === 0) lines.push(paint.dim("  (none)"));
  for (const run of snapshot.checks) {
    lines.push(`  ${checkHeadline(run, paint)}`);
    const details = checkDetails(run, paint);
    const before = previous?.checks.find((candidate) => candidate.name === run.name);
    const same = before !== undefined && checkDetails(before, paint).join("\n") === details.join("\n");
    lines.push(...(same ? [paint.dim("      (details unchanged)")] : indent(details, "      ")));
  }

  lines.push("");
  const summary = snapshot.summaryComment;
  if (!summary) {
    lines.push(`Summary comment: ${paint.dim("(none)")}`);
  } else {
    const unchanged = previous?.summaryComment?.id === summary.id && previous.summaryComment.body === summary.body;
    const how = previous?.summaryComment?.id === summary.id ? (unchanged ? "unchanged" : "edited in place") : "posted";
    const count = snapshot.summaryCommentCount === 1 ? "the PR's only summary comment" : `${snapshot.summaryCommentCount} summary comments on the PR`;
    if (unchanged) {
      lines.push(`Summary comment by ${summary.user}: ${paint.dim(`unchanged (${count})`)}`);
    } else {
      lines.push(`Summary comment by ${summary.user}, ${how} (${count}):`);
      lines.push(...indent(markdownToTerminal(summary.body, paint), "  │ "));
    }
  }

  const before = new Map((previous?.conversation ?? []).map((comment) => [comment.id, comment]));
  const reactionsOf = (comment: FakeIssueComment) =>
    comment.reactions.map((reaction) => `${REACTION_EMOJI[reaction.content] ?? reaction.content} ${reaction.content} from ${reaction.user}`);
  const changed = snapshot.conversation.filter((comment) => {
    const earlier = before.get(comment.id);
    return !earlier || earlier.body !== comment.body || reactionsOf(earlier).join() !== reactionsOf(comment).join();
  });
  if (changed.length > 0) {
    lines.push("", previous ? "Conversation (new or changed since the last look):" : "Conversation:");
    for (const comment of changed) {
      const reactions = reactionsOf(comment);
      lines.push(`  ${paint.bold(comment.user)}:${reactions.length > 0 ? `  ${paint.dim(`[${reactions.join(", ")}]`)}` : ""}`);
      lines.push(...indent(markdownToTerminal(comment.body, paint), "  │ "));
    }
  }

  for (const release of snapshot.releases) {
    const before = previous?.releases.find((candidate) => candidate.id === release.id);
    const kind = release.draft ? "Draft release" : "Release";
    lines.push("", `${kind} "${release.name ?? release.tagName}" · tag ${release.tagName} · target ${/^[0-9a-f]{40}$/.test(release.targetCommitish) ? release.targetCommitish.slice(0, 7) : release.targetCommitish} · by ${release.author}${release.prerelease ? " · pre-release" : ""}`);
    if (before?.body === release.body) lines.push(paint.dim("  (notes unchanged)"));
    else lines.push(...indent(markdownToTerminal(release.body ?? "", paint), "  │ "));
  }
  return lines;
}

/** True when a comment is the app's summary comment: written by an app, starting with its marker. */
export function isSummaryComment(comment: FakeIssueComment): boolean {
  return comment.viaAppId !== null && comment.body.startsWith(SUMMARY_MARKER);
}
